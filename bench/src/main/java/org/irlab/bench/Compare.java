package org.irlab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.irlab.experiment.Problems;
import org.irlab.experiment.SpecException;
import org.irlab.experiment.SpecNode;
import org.irlab.diagnostics.DeviationRate;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.irlab.problem.FactorizedObjective;
import org.irlab.problem.GradientRoute;
import org.irlab.problem.Objective;
import org.irlab.problem.Problem;
import org.irlab.problem.SensingLoss;
import org.irlab.problem.SymmetricFactorModel;
import org.irlab.problem.SymmetricSensingObjective;
import org.irlab.region.LowRankRegion;

/**
 * The IRLab side of {@code bench/compare}: times the comparison workloads in this JVM and prints one JSON object
 * (rows with median/min/max seconds, flop and byte counts, correctness values for the NumPy side to check) on
 * stdout. It also writes the sensing instance to {@code --data DIR} so that NumPy runs on the same numbers.
 *
 * <p>Usage: {@code Compare --data DIR [--only a,b,c,d,f,triad] [--repeats K] [--quick]}
 */
public final class Compare {
    // Paper size (Section 7 of the IPGD paper): n = 20, r = 3, r' = 20, Σ* = diag(10, 5, 1); N = 600 = 10·n·r.
    static final int N_SIZE = 20, RANK = 3, SEARCH_RANK = 20, MEASUREMENTS = 600;
    static final double[] SINGULAR_VALUES = {10, 5, 1};
    static final int IPGD_ITERATIONS = 1000;
    // Large symmetric completion: n = 20,000, r' = 20, |Ω| = 4·10⁶ (p = 0.01).
    static final int COMPLETION_N = 20_000;
    static final long COMPLETION_OBSERVED = 4_000_000L;

    private final Path data;
    private final int repeats;
    private final boolean quick;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ArrayNode rows = JsonNodeFactory.instance.arrayNode();
    private double[] sensingPoint, sensingOperator, sensingObservations, sensingStart;
    private Objective sensingObjective;
    /** GD steps per timed operation of the steady-step rows (f), and their step size. */
    static final int STEADY_STEPS = 1000;
    static final double STEADY_STEP_SIZE = 0.05;
    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    private Compare(Path data, int repeats, boolean quick) {
        this.data = data;
        this.repeats = repeats;
        this.quick = quick;
    }

    public static void main(String[] args) throws IOException {
        Path data = null;
        Set<String> only = new HashSet<>(List.of("a", "b", "c", "d", "triad"));
        int repeats = 11;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--only" -> only = new HashSet<>(Arrays.asList(args[++i].split(",")));
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                default -> {
                    System.err.println("usage: Compare --data DIR [--only a,b,c,d,f,triad] [--repeats K] [--quick]");
                    System.exit(2);
                }
            }
        }
        if (data == null) {
            System.err.println("Compare: --data DIR is required");
            System.exit(2);
        }
        Files.createDirectories(data);
        Compare c = new Compare(data, repeats, quick);
        c.machine();
        if (only.contains("a") || only.contains("b") || only.contains("d") || only.contains("f")) {
            c.sensing(only.contains("a"), only.contains("b"));
        }
        if (only.contains("f")) c.steadyStep();
        if (only.contains("c")) c.completion();
        if (only.contains("d")) c.deviationRate(c.sensingPoint, c.sensingObjective);
        if (only.contains("triad")) c.triad();
        c.root.set("rows", c.rows);
        if (c.root.has("sensing")) Files.writeString(data.resolve("sensing_meta.json"), c.mapper.writeValueAsString(c.root.get("sensing")));
        System.out.println(c.mapper.writeValueAsString(c.root));
    }

    private void machine() {
        ObjectNode m = root.putObject("irlab");
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("threads", Parallel.threads());
        m.put("kernel", MeasurementKernels.selected().name());
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    }

    // ---------------------------------------------------------------------------------------------- (a), (b)

    /** The paper-size sensing instance, generated here and written to the data directory for NumPy. */
    private void sensing(boolean gradient, boolean descent) throws IOException {
        int n = N_SIZE, k = SEARCH_RANK, N = MEASUREMENTS, p = n * n;
        SplittableRandom rng = new SplittableRandom(20240607L);
        double[] u = Randoms.orthonormalColumns(rng.split(), n, RANK);
        double[] truth = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int q = 0; q < RANK; q++) truth[i * n + j] += u[i * RANK + q] * SINGULAR_VALUES[q] * u[j * RANK + q];
        double[] operator = new double[N * p];
        Randoms.gaussian(rng.split(), 1.0, operator);
        double[] y = new double[N];
        Kernels.multiplyVector(operator, truth, y, N, p);
        double[] point = new double[n * k];
        Randoms.gaussian(rng.split(), 0.3, point);
        double[] start = new double[n * k];
        Randoms.gaussian(rng.split(), 0.1, start);
        double scale = 1.0 / (4.0 * N);
        write("sensing_operator.bin", operator);
        write("sensing_observations.bin", y);
        write("sensing_point.bin", point);
        write("sensing_start.bin", start);
        ObjectNode meta = root.putObject("sensing");
        meta.put("n", n).put("searchRank", k).put("measurements", N).put("scale", scale);

        Objective fast = new SymmetricSensingObjective(n, k, operator, y, scale);
        sensingOperator = operator;
        sensingObservations = y;
        sensingStart = start;
        meta.put("steadySteps", STEADY_STEPS).put("steadyStepSize", STEADY_STEP_SIZE);
        sensingPoint = point;
        sensingObjective = fast;
        Objective generic = new FactorizedObjective(new SymmetricFactorModel(n, k), new SensingLoss(n, n, operator, y, scale));
        Objective before = new FactorizedObjective(new SymmetricFactorModel(n, k),
                new LegacySensingLoss(n, n, operator, y, scale));
        // Flops actually executed by each path for one value+gradient (multiply-add = 2 flops).
        int packed = n * (n + 1) / 2;
        double fastFlops = 2.0 * (2.0 * N * packed + packed * k + n * n * k);
        double genericFlops = 2.0 * (2.0 * N * p + n * n * k + n * n * k);
        if (gradient) {
            double[] g = new double[n * k];
            double loss = fast.valueAndGradient(point, g);
            write("sensing_gradient.bin", g);
            meta.put("loss", loss);
            meta.put("gradientNorm", Kernels.norm(g));
            Timing.Result t = Timing.time(() -> fast.valueAndGradient(point, g), quick ? 1.0 : 2.0, 0.05, repeats);
            row("a", "sensing gradient (n=20, r'=20, N=600)", t, fastFlops, 8.0 * N * packed,
                    "packed operator, kernel " + MeasurementKernels.selected().name() + ", "
                            + Parallel.threads() + " thread(s) available");
            if (!MeasurementKernels.selected().name().equals("scalar")) {
                Objective scalar = new SymmetricSensingObjective(n, k, SymmetricSensingObjective.pack(n, operator, N),
                        y, scale, MeasurementKernels.scalar());
                double[] g3 = new double[n * k];
                scalar.valueAndGradient(point, g3);
                if (!Arrays.equals(g3, g)) throw new IllegalStateException("scalar and SIMD kernels disagree");
                Timing.Result t3 = Timing.time(() -> scalar.valueAndGradient(point, g3), quick ? 1.0 : 2.0, 0.05, repeats);
                row("a-scalar", "sensing gradient, packed, scalar kernel", t3, fastFlops, 8.0 * N * packed,
                        "same bits as (a); what runs without -Dirlab.simd=true");
            }
            double[] g2 = new double[n * k];
            generic.valueAndGradient(point, g2);
            meta.put("genericRelativeDifference", Kernels.distance(g, g2) / Kernels.norm(g2));
            Timing.Result t2 = Timing.time(() -> generic.valueAndGradient(point, g2), quick ? 1.0 : 2.0, 0.05, repeats);
            row("a-dense", "sensing gradient, dense composition", t2, genericFlops / 2 + 2.0 * N * p, 8.0 * N * p,
                    "FactorizedObjective(SymmetricFactorModel, SensingLoss): unpacked operator, fused kernel");
            double[] g4 = new double[n * k];
            before.valueAndGradient(point, g4);
            meta.put("beforeRelativeDifference", Kernels.distance(g, g4) / Kernels.norm(g4));
            Timing.Result t4 = Timing.time(() -> before.valueAndGradient(point, g4), quick ? 1.0 : 2.0, 0.05, repeats);
            row("a-before", "sensing gradient, before this work", t4, genericFlops, 8.0 * N * p * 2,
                    "the dense two-pass scalar loss symmetric sensing used before (bench/LegacySensingLoss)");
        }
        if (descent) {
            DescentSettings s = new DescentSettings(Algorithm.IPGD_PLUS, 0.05, IPGD_ITERATIONS, 1e-15, 1e-7, 200,
                    1e-10, 5000, 0, 2);
            DescentResult r = PerturbedDescent.run(fast, start, s, IterationObserver.NONE);
            ObjectNode b = meta.putObject("ipgd");
            b.put("stepSize", s.stepSize()).put("maxIterations", s.maxIterations()).put("radius", s.radius())
                    .put("gradientThreshold", s.gradientThreshold()).put("escapeSteps", s.escapeSteps())
                    .put("decreaseThreshold", s.decreaseThreshold()).put("refineSteps", s.refineSteps());
            b.put("status", r.status().toString()).put("iterations", r.iterations())
                    .put("gradientEvaluations", r.gradientEvaluations()).put("perturbations", r.perturbations())
                    .put("finalLoss", r.finalLoss()).put("finalGradientNorm", r.finalGradientNorm());
            write("sensing_ipgd_final.bin", r.x());
            meta.put("ipgdFinalLoss", r.finalLoss());
            Timing.Result t = Timing.time(() -> PerturbedDescent.run(fast, start, s, IterationObserver.NONE),
                    quick ? 1.0 : 2.0, 0.1, Math.max(3, repeats / 2));
            row("b", "1,000 IPGD+ iterations of (a)", t, fastFlops * r.gradientEvaluations(),
                    8.0 * N * packed * r.gradientEvaluations(), r.gradientEvaluations() + " gradient evaluations, "
                            + r.perturbations() + " perturbations, no trace");
            Timing.Result t2 = Timing.time(() -> PerturbedDescent.run(before, start, s, IterationObserver.NONE),
                    quick ? 1.0 : 2.0, 0.1, Math.max(3, repeats / 2));
            row("b-before", "1,000 IPGD+ iterations, before this work", t2, genericFlops * r.gradientEvaluations(),
                    8.0 * N * p * 2 * r.gradientEvaluations(), "bench/LegacySensingLoss");
        }
    }

    // ---------------------------------------------------------------------------------------------- (f)

    /**
     * The steady GD step at paper size (x ← x − η∇f(x), {@link #STEADY_STEPS} steps from the start point per
     * operation) on the Gram route with the SIMD and the scalar kernel and on the direct route; bench/gram_step.c
     * times the same steps in C (the packed-Gram limit). Checks that the routes end at the same loss.
     */
    private void steadyStep() {
        int n = N_SIZE, k = SEARCH_RANK, N = MEASUREMENTS, packed = n * (n + 1) / 2;
        double scale = 1.0 / (4.0 * N);
        double[] packedOperator = SymmetricSensingObjective.pack(n, sensingOperator, N);
        Optional<MeasurementKernel> simd = MeasurementKernels.simd();
        record Variant(String id, String name, MeasurementKernel kernel, GradientRoute route, String note) {}
        List<Variant> variants = new java.util.ArrayList<>();
        simd.ifPresent(kernel -> variants.add(new Variant("f", "steady GD step, Gram route (n=20, r'=20, N=600)",
                kernel, GradientRoute.GRAM, "kernel " + kernel.name())));
        variants.add(new Variant(simd.isPresent() ? "f-scalar" : "f", "steady GD step, Gram route, scalar kernel",
                MeasurementKernels.scalar(), GradientRoute.GRAM, "kernel scalar"));
        variants.add(new Variant("f-direct", "steady GD step, direct route", simd.orElse(MeasurementKernels.scalar()),
                GradientRoute.DIRECT, "one fused pass over the packed operator per step"));
        ObjectNode meta = (ObjectNode) root.get("sensing");
        double gramFlops = 2.0 * (packed * (double) packed + packed * k + n * n * k);
        double directFlops = 2.0 * (2.0 * N * packed + packed * k + n * n * k);
        for (Variant v : variants) {
            Objective f = new SymmetricSensingObjective(n, k, packedOperator, sensingObservations, scale, v.kernel(),
                    v.route());
            double[] x = new double[n * k], g = new double[n * k];
            Runnable steps = () -> {
                System.arraycopy(sensingStart, 0, x, 0, x.length);
                for (int t = 0; t < STEADY_STEPS; t++) {
                    f.valueAndGradient(x, g);
                    for (int i = 0; i < x.length; i++) x[i] -= STEADY_STEP_SIZE * g[i];
                }
            };
            steps.run();
            meta.put("steadyFinalLoss-" + v.id(), f.value(x));
            Timing.Result t = Timing.time(steps, quick ? 1.0 : 2.0, 0.05, repeats);
            Timing.Result perStep = new Timing.Result(t.median() / STEADY_STEPS, t.min() / STEADY_STEPS,
                    t.max() / STEADY_STEPS, t.repeats(), t.batch() * STEADY_STEPS);
            row(v.id(), v.name(), perStep, v.route() == GradientRoute.GRAM ? gramFlops : directFlops,
                    v.route() == GradientRoute.GRAM ? 8.0 * packed * packed : 8.0 * N * packed, v.note());
        }
    }

    // ---------------------------------------------------------------------------------------------- (c)

    /** The completion spec this build would run; its keys follow the catalogue issue (type symmetric-completion). */
    static ObjectNode completionSpec() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("type", "symmetric-completion").put("n", COMPLETION_N).put("rank", RANK).put("searchRank", SEARCH_RANK)
                .put("probability", COMPLETION_OBSERVED / ((double) COMPLETION_N * COMPLETION_N)).put("seed", 1);
        p.putArray("singularValues").add(10).add(5).add(1);
        return p;
    }

    private Problem completionProblem;
    private String completionFailure;

    /** The large completion problem from its spec (built once, shared by (c) and (d)); null with a reason if not. */
    private Problem completionProblem() {
        if (completionProblem != null || completionFailure != null) return completionProblem;
        if (!Problems.types().contains("symmetric-completion")) {
            completionFailure = "not available in this build: no 'symmetric-completion' problem type (catalogue issue)";
            return null;
        }
        try {
            Supplier<Problem> supplier = Problems.read(new SpecNode("problem", completionSpec(),
                    JsonNodeFactory.instance.objectNode()));
            completionProblem = supplier.get();
        } catch (SpecException | OutOfMemoryError | IllegalArgumentException e) {
            completionFailure = "symmetric-completion exists but this spec failed: " + e
                    + " (update Compare.completionSpec)";
        }
        return completionProblem;
    }

    /** (c): one fused value+gradient of the completion objective at a random point. */
    private void completion() {
        String id = "c", name = "completion gradient (n=20,000, r'=20, |Ω|=4e6)";
        Problem problem = completionProblem();
        if (problem == null) {
            unavailable(id, name, completionFailure);
            return;
        }
        Objective f = problem.objective();
        double[] x = new double[f.dimension()], g = new double[f.dimension()];
        Randoms.gaussian(new SplittableRandom(5), 0.01, x);
        Timing.Result t = Timing.time(() -> f.valueAndGradient(x, g), quick ? 1 : 3, 0.2, Math.max(3, repeats / 2));
        // Minimum traffic of a fused row pass: a 4-byte column index and an 8-byte observed value per entry.
        row(id, name, t, 4.0 * COMPLETION_OBSERVED * SEARCH_RANK, 12.0 * COMPLETION_OBSERVED,
                "objective " + f.getClass().getSimpleName() + " from the spec " + completionSpec());
    }

    // ---------------------------------------------------------------------------------------------- (d)

    /**
     * (d): one deviation-rate evaluation (Definition 5) with {@link DeviationRate}: dense (Hessian from d products,
     * then eigenvalues) on the sensing instance of (a) at its gradient point, and Lanczos capped at 20 steps (the
     * tolerance set so that all 20 run, as on the NumPy side) on the completion problem of (c).
     */
    private void deviationRate(double[] sensingPoint, Objective sensing) {
        String dense = "deviation rate, dense (d=400)", lanczos = "deviation rate, Lanczos 20 steps (d=400,000)";
        DeviationRate denseRate = new DeviationRate(sensing, new LowRankRegion(N_SIZE, SEARCH_RANK, RANK),
                DeviationRate.Method.DENSE);
        DeviationRate.Measurement dm = new DeviationRate.Measurement();
        denseRate.evaluate(sensingPoint, dm);
        ObjectNode values = root.with("sensing").putObject("deviationRate");
        values.put("rate", dm.rate()).put("rateMinus", dm.minus()).put("ratePlus", dm.plus())
                .put("hessianProducts", dm.hessianProducts());
        Timing.Result td = Timing.time(() -> denseRate.evaluate(sensingPoint, dm), quick ? 1.0 : 2.0, 0.2,
                Math.max(3, repeats / 2));
        row("d-dense", dense, td, Double.NaN, Double.NaN, dm.hessianProducts()
                + " Hessian-vector products + EJML tridiagonal eigensolver; rate " + dm.rate());
        Problem problem = completionProblem();
        if (problem == null) {
            unavailable("d-lanczos", lanczos, completionFailure);
            return;
        }
        Objective f = problem.objective();
        double[] x = new double[f.dimension()];
        Randoms.gaussian(new SplittableRandom(6), 0.1, x);
        DeviationRate rate = new DeviationRate(f, problem.region(), DeviationRate.Method.LANCZOS, 20, 1e-300);
        DeviationRate.Measurement m = new DeviationRate.Measurement();
        Timing.Result t = Timing.time(() -> rate.evaluate(x, m), 0, 0, quick ? 1 : 3);
        row("d-lanczos", lanczos, t, Double.NaN, Double.NaN, m.lanczosSteps() + " Lanczos steps, "
                + m.hessianProducts() + " Hessian-vector products; rate " + m.rate());
    }

    // ---------------------------------------------------------------------------------------------- triad

    /** STREAM triad a = b + s·c over three 128 MiB arrays, with one thread and with the Parallel pool. */
    private void triad() {
        int n = 1 << 24;
        double[] a = new double[n], b = new double[n], c = new double[n];
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 2.0);
        ObjectNode t = root.putObject("triad");
        t.put("bytesPerPass", 24.0 * n);
        for (int threads : new int[] {1, Math.max(1, Parallel.threads())}) {
            int chunk = (n + threads - 1) / threads;
            double best = Double.MAX_VALUE;
            double[] times = new double[quick ? 5 : 10];
            for (int r = 0; r < times.length; r++) {
                long t0 = System.nanoTime();
                Parallel.forEachChunk(n, chunk, Long.MAX_VALUE, (ch, from, to) -> {
                    for (int i = from; i < to; i++) a[i] = b[i] + 3.0 * c[i];
                });
                times[r] = (System.nanoTime() - t0) / 1e9;
                best = Math.min(best, times[r]);
            }
            Arrays.sort(times);
            ObjectNode o = t.putObject("threads" + threads);
            o.put("threads", threads);
            o.put("bestGBs", 24.0 * n / best / 1e9);
            o.put("medianGBs", 24.0 * n / Timing.median(times) / 1e9);
        }
        if (a[n - 1] != 7.0) throw new IllegalStateException("triad computed " + a[n - 1]);
    }

    // ---------------------------------------------------------------------------------------------- output

    private void row(String id, String name, Timing.Result t, double flops, double bytes, String note) {
        ObjectNode r = rows.addObject();
        r.put("id", id).put("name", name).put("available", true);
        r.put("seconds", t.median()).put("min", t.min()).put("max", t.max()).put("repeats", t.repeats())
                .put("batch", t.batch());
        if (Double.isFinite(flops)) r.put("flops", flops); else r.putNull("flops");
        if (Double.isFinite(bytes)) r.put("bytes", bytes); else r.putNull("bytes");
        r.put("note", note);
    }

    private void unavailable(String id, String name, String why) {
        ObjectNode r = rows.addObject();
        r.put("id", id).put("name", name).put("available", false).put("note", why);
    }

    private void write(String file, double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        try (FileChannel ch = FileChannel.open(data.resolve(file), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (buf.hasRemaining()) ch.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
