package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Figure 6 of the IPGD paper (Section 7, eqs. (126)–(127)): for each run, log(‖x_T⊥‖/‖x_{t₀}⊥‖) against
 * η·(r̄_T − r̄_{t₀}) at {@value #POINTS_PER_RUN} values of T spaced uniformly over the trajectory (t₀ = the first
 * trace row with x⊥ ≠ 0), and the slope of y on x fitted by least squares — through the origin (the form of
 * eq. (127), y ≈ x/3; eq. (126) bounds it by 1/2) and with an intercept — with 95% confidence intervals. The
 * points of one trajectory are not independent (they share its path), so pooled and per-problem intervals are
 * cluster-robust with the trajectories as clusters: the CR1 sandwich variance
 * (G/(G−1))·(XᵀX)⁻¹(Σ_g X_gᵀe_ge_gᵀX_g)(XᵀX)⁻¹ with t quantiles on G − 1 degrees of freedom (G trajectories).
 * A single trajectory's fit keeps the classical t-interval (its points are then all there is).
 */
public final class Fig6 {
    /** Values of T taken from each trajectory, as in the paper. */
    public static final int POINTS_PER_RUN = 20;

    private Fig6() {}

    /**
     * One point of the figure.
     *
     * @param neglectedTerm the second term of bound (126), (ηρ̂/2)·Σ_{t₀≤t&lt;T}‖x_t⊥‖ with ρ̂ the largest estimate
     *                      of ρ along the run (trace columns {@code cumulativeResidualNorm} and
     *                      {@code hessianLipschitz}); NaN when the run recorded neither
     */
    public record Point(String run, String problem, int iteration, double etaCumulativeDeviationRate,
                        double residualGrowthLog, double neglectedTerm) {
        /** A point without the neglected term. */
        public Point(String run, String problem, int iteration, double etaCumulativeDeviationRate,
                     double residualGrowthLog) {
            this(run, problem, iteration, etaCumulativeDeviationRate, residualGrowthLog, Double.NaN);
        }

        /** The right-hand side of bound (126): (η/2)·r̄_T + the neglected term (NaN without it). */
        public double bound() { return 0.5 * etaCumulativeDeviationRate + neglectedTerm; }
    }

    /**
     * A least-squares line y = slope·x (+ intercept) with 95% t-intervals; intercept and its interval are 0 for
     * the fit through the origin, and intervals are NaN when there are too few points.
     */
    public record LineFit(double slope, double slopeLow, double slopeHigh, double intercept, double interceptLow,
                          double interceptHigh, int n) {}

    /** Points and fits: pooled through the origin and with an intercept, then through the origin per problem type. */
    public record Result(List<Point> points, LineFit throughOrigin, LineFit withIntercept,
                         Map<String, LineFit> perProblem, Map<String, LineFit> perRun) {}

    /** Reads the runs' directories (spec.json and trace.csv with the deviation-rate columns) and fits. */
    public static Result analyse(List<Path> runDirectories) {
        List<Point> points = new ArrayList<>();
        for (Path dir : runDirectories) points.addAll(points(dir));
        return fit(points);
    }

    /** Fits the given points (pooled, per problem and per run). */
    public static Result fit(List<Point> points) {
        Map<String, List<Point>> byProblem = new LinkedHashMap<>(), byRun = new LinkedHashMap<>();
        for (Point p : points) {
            byProblem.computeIfAbsent(p.problem(), k -> new ArrayList<>()).add(p);
            byRun.computeIfAbsent(p.run(), k -> new ArrayList<>()).add(p);
        }
        Map<String, LineFit> perProblem = new LinkedHashMap<>(), perRun = new LinkedHashMap<>();
        byProblem.forEach((k, v) -> perProblem.put(k, throughOrigin(xs(v), ys(v), clusters(v))));
        byRun.forEach((k, v) -> perRun.put(k, throughOrigin(xs(v), ys(v))));
        int[] all = clusters(points);
        return new Result(List.copyOf(points), throughOrigin(xs(points), ys(points), all),
                withIntercept(xs(points), ys(points), all), perProblem, perRun);
    }

    /** Cluster labels 0, 1, … by run, in order of first appearance. */
    private static int[] clusters(List<Point> ps) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] c = new int[ps.size()];
        for (int i = 0; i < c.length; i++) c[i] = ids.computeIfAbsent(ps.get(i).run(), k -> ids.size());
        return c;
    }

    /**
     * Least squares through the origin with a cluster-robust interval: slope = Σxy/Σx², variance
     * (G/(G−1))·Σ_g(Σ_{i∈g} xᵢeᵢ)²/(Σx²)², interval slope ± t_{0.975, G−1}·se; one cluster: the classical interval.
     */
    public static LineFit throughOrigin(double[] x, double[] y, int[] cluster) {
        LineFit plain = throughOrigin(x, y);
        int g = count(cluster);
        if (!Double.isFinite(plain.slope()) || g < 2) return plain; // one trajectory: all there is
        double b = plain.slope(), sxx = 0;
        double[] score = new double[g];
        for (int i = 0; i < x.length; i++) {
            sxx += x[i] * x[i];
            score[cluster[i]] += x[i] * (y[i] - b * x[i]);
        }
        double meat = 0;
        for (double u : score) meat += u * u;
        double se = Math.sqrt((double) g / (g - 1) * meat) / sxx;
        double h = tQuantile(0.975, g - 1) * se;
        return new LineFit(b, b - h, b + h, 0, 0, 0, x.length);
    }

    /**
     * y = a + bx by least squares with cluster-robust intervals for a and b: the CR1 sandwich with the 2×2 bread
     * (XᵀX)⁻¹ and t_{0.975, G−1}; one cluster: the classical intervals.
     */
    public static LineFit withIntercept(double[] x, double[] y, int[] cluster) {
        LineFit plain = withIntercept(x, y);
        int g = count(cluster), n = x.length;
        if (!Double.isFinite(plain.slope()) || g < 2) return plain;
        double a = plain.intercept(), b = plain.slope();
        double s1 = n, sx = 0, sxx = 0;
        double[] u0 = new double[g], u1 = new double[g];
        for (int i = 0; i < n; i++) {
            sx += x[i];
            sxx += x[i] * x[i];
            double e = y[i] - a - b * x[i];
            u0[cluster[i]] += e;
            u1[cluster[i]] += x[i] * e;
        }
        double m00 = 0, m01 = 0, m11 = 0;
        for (int c = 0; c < g; c++) { m00 += u0[c] * u0[c]; m01 += u0[c] * u1[c]; m11 += u1[c] * u1[c]; }
        double det = s1 * sxx - sx * sx; // bread (XᵀX)⁻¹ = [[sxx, −sx], [−sx, n]]/det
        double i00 = sxx / det, i01 = -sx / det, i11 = s1 / det;
        double f = (double) g / (g - 1);
        // V = B M B with B symmetric: V00 = B0·M·B0, V11 = B1·M·B1 (B0, B1 the rows of B)
        double v00 = f * (i00 * (i00 * m00 + i01 * m01) + i01 * (i00 * m01 + i01 * m11));
        double v11 = f * (i01 * (i01 * m00 + i11 * m01) + i11 * (i01 * m01 + i11 * m11));
        double t = tQuantile(0.975, g - 1);
        double hb = t * Math.sqrt(v11), ha = t * Math.sqrt(v00);
        return new LineFit(b, b - hb, b + hb, a, a - ha, a + ha, n);
    }

    private static int count(int[] cluster) {
        int max = -1;
        for (int c : cluster) max = Math.max(max, c);
        return max + 1;
    }

    /** The {@value #POINTS_PER_RUN} points of one run directory. */
    public static List<Point> points(Path dir) {
        JsonNode spec = Json.read(dir.resolve("spec.json"));
        JsonNode stepSize = spec.path("algorithm").path("stepSize");
        if (!stepSize.isNumber()) throw new SpecException(dir + "/spec.json: algorithm.stepSize missing");
        double eta = stepSize.asDouble();
        String problem = spec.path("problem").path("type").asText("unknown");
        String run = spec.path("name").asText(dir.getFileName().toString());
        Trace trace = Trace.read(dir.resolve("trace.csv"));
        int t0 = -1;
        for (int i = 0; i < trace.size(); i++) {
            if (trace.residual[i] > 0 && !Double.isNaN(trace.cumulative[i])) { t0 = i; break; }
        }
        List<Point> out = new ArrayList<>();
        if (t0 < 0 || t0 == trace.size() - 1) return out;
        double rho = Double.NaN;
        for (double v : trace.rho) if (v >= 0) rho = Double.isNaN(rho) ? v : Math.max(rho, v);
        int start = trace.iteration[t0], end = trace.iteration[trace.size() - 1];
        int previous = t0;
        for (int i = 1; i <= POINTS_PER_RUN; i++) {
            double target = start + (double) i * (end - start) / POINTS_PER_RUN;
            int row = nearestRow(trace.iteration, target, previous + 1);
            if (row < 0) break;
            previous = row;
            if (!(trace.residual[row] > 0) || Double.isNaN(trace.cumulative[row])) continue;
            // a decaying step: Σ_t η_t r(x_t) (the trace's sum), else η·(r̄_T − r̄_{t₀})
            double x = trace.stepWeighted != null ? trace.stepWeighted[row] - trace.stepWeighted[t0]
                    : eta * (trace.cumulative[row] - trace.cumulative[t0]);
            out.add(new Point(run, problem, trace.iteration[row], x,
                    Math.log(trace.residual[row] / trace.residual[t0]),
                    0.5 * eta * rho * (trace.residualSum[row] - trace.residualSum[t0])));
        }
        return out;
    }

    /** The row at or after {@code from} whose iteration is nearest to the target (−1 if none is left). */
    private static int nearestRow(int[] iterations, double target, int from) {
        if (from >= iterations.length) return -1;
        int best = from;
        for (int i = from; i < iterations.length; i++) {
            if (Math.abs(iterations[i] - target) < Math.abs(iterations[best] - target)) best = i;
            if (iterations[i] > target) break;
        }
        return best;
    }

    /** Least squares through the origin: slope = Σxy/Σx², interval slope ± t_{0.975, n−1}·s/√Σx². */
    public static LineFit throughOrigin(double[] x, double[] y) {
        int n = x.length;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sxx += x[i] * x[i]; sxy += x[i] * y[i]; }
        if (n == 0 || sxx == 0) return new LineFit(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, n);
        double b = sxy / sxx;
        if (n < 2) return new LineFit(b, Double.NaN, Double.NaN, 0, 0, 0, n);
        double sse = 0;
        for (int i = 0; i < n; i++) { double e = y[i] - b * x[i]; sse += e * e; }
        double se = Math.sqrt(sse / (n - 1) / sxx);
        double h = tQuantile(0.975, n - 1) * se;
        return new LineFit(b, b - h, b + h, 0, 0, 0, n);
    }

    /** Ordinary least squares y = a + bx with t_{0.975, n−2} intervals for both. */
    public static LineFit withIntercept(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) return new LineFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, n);
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
        if (sxx == 0) return new LineFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, n);
        double b = sxy / sxx, a = my - b * mx;
        if (n < 3) return new LineFit(b, Double.NaN, Double.NaN, a, Double.NaN, Double.NaN, n);
        double sse = 0;
        for (int i = 0; i < n; i++) { double e = y[i] - a - b * x[i]; sse += e * e; }
        double s2 = sse / (n - 2);
        double t = tQuantile(0.975, n - 2);
        double seB = Math.sqrt(s2 / sxx), seA = Math.sqrt(s2 * (1.0 / n + mx * mx / sxx));
        return new LineFit(b, b - t * seB, b + t * seB, a, a - t * seA, a + t * seA, n);
    }

    /** Writes {@code fig6.csv} (the points) and {@code fig6.json} (the fits) into the directory. */
    public static void write(Result r, Path dir) {
        StringBuilder csv = new StringBuilder(
                "run,problem,iteration,etaCumulativeDeviationRate,residualGrowthLog,neglectedTerm\n");
        for (Point p : r.points()) {
            csv.append(p.run()).append(',').append(p.problem()).append(',').append(p.iteration()).append(',')
                    .append(p.etaCumulativeDeviationRate()).append(',').append(p.residualGrowthLog()).append(',')
                    .append(Double.isNaN(p.neglectedTerm()) ? "" : Double.toString(p.neglectedTerm())).append('\n');
        }
        AtomicFiles.write(dir.resolve("fig6.csv"), csv.toString());
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("x", "eta * (cumulativeDeviationRate(T) - cumulativeDeviationRate(t0)); with a decaying step (column cumulativeStepDeviationRate) the sum of eta_t * r(x_t) from t0 to T");
        json.put("y", "log(residualNorm(T) / residualNorm(t0))");
        json.put("pointsPerRun", POINTS_PER_RUN);
        json.put("confidence", 0.95);
        json.put("intervals", "pooled and per problem: cluster-robust by trajectory (CR1, t on G - 1 df); per run: classical t");
        json.put("paperSlope", 1.0 / 3);
        json.put("boundSlope", 0.5);
        json.set("throughOrigin", fitJson(r.throughOrigin(), false));
        json.set("withIntercept", fitJson(r.withIntercept(), true));
        ObjectNode per = json.putObject("perProblem");
        r.perProblem().forEach((k, v) -> per.set(k, fitJson(v, false)));
        ObjectNode runs = json.putObject("perRun");
        r.perRun().forEach((k, v) -> runs.set(k, fitJson(v, false)));
        AtomicFiles.write(dir.resolve("fig6.json"), Json.write(json));
    }

    private static ObjectNode fitJson(LineFit f, boolean intercept) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Json.put(o, "slope", f.slope());
        ArrayNode ci = o.putArray("slopeInterval");
        ci.add(nullable(f.slopeLow()));
        ci.add(nullable(f.slopeHigh()));
        if (intercept) {
            Json.put(o, "intercept", f.intercept());
            ArrayNode ai = o.putArray("interceptInterval");
            ai.add(nullable(f.interceptLow()));
            ai.add(nullable(f.interceptHigh()));
        }
        o.put("n", f.n());
        return o;
    }

    private static JsonNode nullable(double v) {
        return Double.isFinite(v) ? JsonNodeFactory.instance.numberNode(v) : JsonNodeFactory.instance.nullNode();
    }

    /** A one-line description of a fit, e.g. for the CLI. */
    public static String describe(LineFit f) {
        return String.format(Locale.ROOT, "slope %.4f, 95%% CI [%.4f, %.4f], n = %d", f.slope(), f.slopeLow(),
                f.slopeHigh(), f.n());
    }

    private static double[] xs(List<Point> ps) {
        double[] x = new double[ps.size()];
        for (int i = 0; i < x.length; i++) x[i] = ps.get(i).etaCumulativeDeviationRate();
        return x;
    }

    private static double[] ys(List<Point> ps) {
        double[] y = new double[ps.size()];
        for (int i = 0; i < y.length; i++) y[i] = ps.get(i).residualGrowthLog();
        return y;
    }


    private static final class Trace {
        final int[] iteration;
        final double[] residual, cumulative, residualSum, rho;
        /** Σ η_s r(x_s) when the run's step varies (column {@code cumulativeStepDeviationRate}), else null. */
        final double[] stepWeighted;

        private Trace(int[] iteration, double[] residual, double[] cumulative, double[] residualSum, double[] rho,
                      double[] stepWeighted) {
            this.iteration = iteration;
            this.stepWeighted = stepWeighted;
            this.residual = residual;
            this.cumulative = cumulative;
            this.residualSum = residualSum;
            this.rho = rho;
        }

        int size() { return iteration.length; }

        static Trace read(Path file) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new SpecException("cannot read " + file + " (" + e.getMessage() + ")");
            }
            if (lines.isEmpty()) throw new SpecException(file + ": empty");
            List<String> header = Arrays.asList(lines.get(0).split(",", -1));
            int it = column(header, "iteration", file), res = column(header, "residualNorm", file);
            int cum = column(header, "cumulativeDeviationRate", file);
            int sum = header.indexOf("cumulativeResidualNorm"), lip = header.indexOf("hessianLipschitz");
            int weighted = header.indexOf("cumulativeStepDeviationRate");
            int n = lines.size() - 1;
            int[] iteration = new int[n];
            double[] stepWeighted = weighted < 0 ? null : new double[n];
            double[] residual = new double[n], cumulative = new double[n], residualSum = new double[n], rho = new double[n];
            int rows = 0;
            for (int i = 1; i <= n; i++) {
                String line = lines.get(i);
                if (line.isEmpty()) continue;
                String[] cells = line.split(",", -1);
                try {
                    iteration[rows] = Integer.parseInt(cells[it]);
                    residual[rows] = cell(cells[res]);
                    cumulative[rows] = cell(cells[cum]);
                    residualSum[rows] = sum < 0 ? Double.NaN : cell(cells[sum]);
                    rho[rows] = lip < 0 ? Double.NaN : cell(cells[lip]);
                    if (stepWeighted != null) stepWeighted[rows] = cell(cells[weighted]);
                } catch (RuntimeException e) {
                    throw new SpecException(file + " line " + (i + 1) + ": unreadable (" + e.getMessage() + ")");
                }
                rows++;
            }
            return new Trace(Arrays.copyOf(iteration, rows), Arrays.copyOf(residual, rows), Arrays.copyOf(cumulative, rows),
                    Arrays.copyOf(residualSum, rows), Arrays.copyOf(rho, rows),
                    stepWeighted == null ? null : Arrays.copyOf(stepWeighted, rows));
        }

        private static double cell(String s) { return s.isEmpty() ? Double.NaN : Double.parseDouble(s); }

        private static int column(List<String> header, String name, Path file) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new SpecException(file + ": no " + name + " column"
                        + (name.equals("cumulativeDeviationRate") ? " (the run had record.deviationRate off)" : ""));
            }
            return i;
        }
    }

    /** The p-quantile of Student's t-distribution with ν degrees of freedom (Hipparchus, solved to 1e-14). */
    static double tQuantile(double p, double nu) {
        return new TDistribution(nu, 1e-14).inverseCumulativeProbability(p);
    }
}
