package org.irlab.completion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import org.irlab.linalg.Randoms;

/**
 * Alternating least squares for explicit ratings with a fixed rank k (the Spark ALS model; Zhou et al. 2008):
 * minimises Σ_Ω (y_ui − x_uᵀ w_i)² + λ(Σ_u c_u‖x_u‖² + Σ_i c_i‖w_i‖²), where y is the data minus the
 * {@link Centering}, and c_u = n_u, c_i = n_i (weighted-λ regularisation, as Spark does) or c = 1 (plain ridge).
 * Each half-step solves every row's k×k normal equations exactly, so the objective never increases. Rank and λ are
 * chosen on validation RMSE over a grid; every grid point of one rank starts from the same random factors (Spark's
 * initialisation: unit-norm Gaussian rows), so no point depends on the order in which the grid is visited.
 */
public final class AlternatingLeastSquares implements CompletionModel {
    /** How the ridge penalty of a row is weighted. */
    public enum Regularization {
        /** λ·n_u‖x_u‖² (ALS-WR, Spark's explicit-feedback default). */
        WEIGHTED,
        /** λ·‖x_u‖². */
        PLAIN
    }

    /**
     * The grid and stopping rule.
     *
     * @param ranks         ranks tried
     * @param lambdas       ridge values tried
     * @param maxIterations most sweeps (one sweep = users then items) per grid point
     * @param tolerance     stop when the objective decreases by less than this fraction in a sweep
     */
    public record Settings(int[] ranks, double[] lambdas, Regularization regularization, Centering centering,
                           int maxIterations, double tolerance) {
        public Settings {
            ranks = ranks.clone();
            lambdas = lambdas.clone();
            if (ranks.length == 0 || lambdas.length == 0) throw new IllegalArgumentException("empty grid");
            for (int r : ranks) if (r < 1) throw new IllegalArgumentException("rank must be ≥ 1, got " + r);
            for (double l : lambdas) if (!(l > 0)) throw new IllegalArgumentException("λ must be > 0, got " + l);
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1");
        }

        /** Ranks {5, 10, 20, 40}, λ {0.05, 0.1, 0.15, 0.2, 0.3}, weighted λ, bias centering, 20 sweeps, 1e-4. */
        public static Settings defaults() {
            return new Settings(new int[] {5, 10, 20, 40}, new double[] {0.05, 0.1, 0.15, 0.2, 0.3},
                    Regularization.WEIGHTED, Centering.BIASES, 20, 1e-4);
        }

        public Settings withCentering(Centering c) {
            return new Settings(ranks, lambdas, regularization, c, maxIterations, tolerance);
        }

        public Settings withGrid(int[] newRanks, double[] newLambdas) {
            return new Settings(newRanks, newLambdas, regularization, centering, maxIterations, tolerance);
        }
    }

    private final Settings settings;
    private final FitProgress progress;

    public AlternatingLeastSquares(Settings settings) { this(settings, FitProgress.NONE); }

    /** A model that reports each grid point's sweeps and validation RMSE to {@code progress}. */
    public AlternatingLeastSquares(Settings settings, FitProgress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    @Override public String name() { return "als"; }

    @Override public LowRankCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        if (validation.size() == 0) throw new IllegalArgumentException("tuning rank and λ needs validation entries");
        AdditiveCompletion offset = settings.centering().fit(train, validation, rng);
        SparseRatings data = train.withValues(offset.residuals(train));
        double[] lambdas = settings.lambdas();
        List<Map<String, Object>> grid = new ArrayList<>();
        LowRankCompletion best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        for (int rank : settings.ranks()) {
            SplittableRandom rankRng = rng.split();
            double[] initial = initialColumns(train.columns(), rank, rankRng);
            for (double lambda : lambdas) {
                double[] x = new double[train.rows() * rank], w = initial.clone();
                String point = "rank " + rank + ", λ = " + lambda;
                int[] sweeps = {0};
                Result result = solve(data, rank, lambda, settings.regularization(), x, w, settings.maxIterations(),
                        settings.tolerance(), objective -> progress.update(point, ++sweeps[0], Double.NaN));
                Map<String, Object> hyper = new LinkedHashMap<>();
                hyper.put("rank", rank);
                hyper.put("lambda", lambda);
                hyper.put("regularization", settings.regularization().name().toLowerCase(java.util.Locale.ROOT));
                hyper.put("centering", settings.centering().label());
                if (!offset.hyperParameters().isEmpty()) hyper.put("centeringParameters", offset.hyperParameters());
                Map<String, Object> diagnostics = new LinkedHashMap<>();
                diagnostics.put("sweeps", result.sweeps());
                diagnostics.put("objective", result.objective());
                LowRankCompletion c = new LowRankCompletion(offset, x, w, rank, hyper, diagnostics);
                double rmse = Errors.of(c, validation).rmse();
                progress.update(point, result.sweeps(), rmse);
                Map<String, Object> gridPoint = new LinkedHashMap<>();
                gridPoint.put("rank", rank);
                gridPoint.put("lambda", lambda);
                gridPoint.put("sweeps", result.sweeps());
                gridPoint.put("validationRmse", rmse);
                grid.add(gridPoint);
                if (rmse < bestRmse) {
                    bestRmse = rmse;
                    best = c;
                }
            }
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>(best.diagnostics());
        diagnostics.put("validationGrid", grid);
        return new LowRankCompletion(best.offset(), best.left(), best.right(), best.rank(), best.hyperParameters(),
                diagnostics);
    }

    /** ALS at the tuned rank and λ on all entries, from a fresh Spark-style start; the centering refitted too. */
    @Override public LowRankCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        LowRankCompletion chosen = (LowRankCompletion) tuned;
        int rank = chosen.rank();
        double lambda = ((Number) chosen.hyperParameters().get("lambda")).doubleValue();
        AdditiveCompletion offset = settings.centering().refit(all, chosen.offset());
        SparseRatings data = all.withValues(offset.residuals(all));
        double[] x = new double[all.rows() * rank], w = initialColumns(all.columns(), rank, rng.split());
        Result result = solve(data, rank, lambda, settings.regularization(), x, w, settings.maxIterations(),
                settings.tolerance(), null);
        Map<String, Object> hyper = new LinkedHashMap<>(chosen.hyperParameters());
        if (!offset.hyperParameters().isEmpty()) hyper.put("centeringParameters", offset.hyperParameters());
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("sweeps", result.sweeps());
        diagnostics.put("objective", result.objective());
        return new LowRankCompletion(offset, x, w, rank, hyper, diagnostics);
    }

    /** Outcome of {@link #solve}: sweeps made and the final objective. */
    public record Result(int sweeps, double objective) {}

    /**
     * Runs ALS sweeps from the given factors (updated in place): x (rows×k) is solved first, then w (columns×k).
     *
     * @param trace receives the objective after every sweep (may be null)
     */
    public static Result solve(SparseRatings data, int rank, double lambda, Regularization regularization, double[] x,
                               double[] w, int maxIterations, double tolerance, DoubleConsumer trace) {
        if (x.length != data.rows() * rank || w.length != data.columns() * rank) {
            throw new IllegalArgumentException("factor sizes do not match rank " + rank);
        }
        Workspace rows = new Workspace(data.rows(), rank), columns = new Workspace(data.columns(), rank);
        double previous = objective(data, rank, lambda, regularization, x, w);
        int sweep = 0;
        while (sweep < maxIterations) {
            sweep++;
            rows.run(data, true, rank, lambda, regularization, w, x);
            columns.run(data, false, rank, lambda, regularization, x, w);
            double current = objective(data, rank, lambda, regularization, x, w);
            if (trace != null) trace.accept(current);
            boolean done = previous - current <= tolerance * Math.abs(previous);
            previous = current;
            if (done) break;
        }
        return new Result(sweep, previous);
    }

    /** The ALS objective Σ_Ω (y − x_uᵀw_i)² + λ(Σ c_u‖x_u‖² + Σ c_i‖w_i‖²). */
    public static double objective(SparseRatings data, int rank, double lambda, Regularization regularization,
                                   double[] x, double[] w) {
        int[] r = data.entryRow(), c = data.entryColumn();
        double[] y = data.values();
        double loss = 0;
        for (int k = 0; k < data.size(); k++) {
            double d = y[k] - dot(x, r[k] * rank, w, c[k] * rank, rank);
            loss += d * d;
        }
        double penalty = 0;
        for (int i = 0; i < data.rows(); i++) {
            double weight = regularization == Regularization.WEIGHTED ? data.rowCount(i) : 1;
            penalty += weight * dot(x, i * rank, x, i * rank, rank);
        }
        for (int j = 0; j < data.columns(); j++) {
            double weight = regularization == Regularization.WEIGHTED ? data.columnCount(j) : 1;
            penalty += weight * dot(w, j * rank, w, j * rank, rank);
        }
        return loss + lambda * penalty;
    }

    /** Unit-norm Gaussian rows, as Spark initialises its factors. */
    static double[] initialColumns(int columns, int rank, SplittableRandom rng) {
        double[] w = new double[columns * rank];
        for (int j = 0; j < columns; j++) {
            double s = 0;
            for (int p = 0; p < rank; p++) {
                double g = Randoms.gaussian(rng);
                w[j * rank + p] = g;
                s += g * g;
            }
            double inv = 1 / Math.sqrt(s);
            for (int p = 0; p < rank; p++) w[j * rank + p] *= inv;
        }
        return w;
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s = 0;
        for (int p = 0; p < n; p++) s += a[ao + p] * b[bo + p];
        return s;
    }

    /**
     * Buffers for one half-sweep, split into fixed blocks of rows solved in parallel; each row's solve is independent
     * and sequential, so the result is the same on any number of threads.
     */
    private static final class Workspace {
        private static final int BLOCKS = 32;
        private final int count, blocks;
        private final double[][] gram, rhs;

        Workspace(int count, int rank) {
            this.count = count;
            this.blocks = Math.max(1, Math.min(BLOCKS, count));
            this.gram = new double[blocks][rank * rank];
            this.rhs = new double[blocks][rank];
        }

        /** Solves every row (byRow) or column of the unknown factor {@code out} given the fixed factor. */
        void run(SparseRatings data, boolean byRow, int rank, double lambda, Regularization regularization,
                 double[] fixed, double[] out) {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = (int) ((long) count * b / blocks), to = (int) ((long) count * (b + 1) / blocks);
                for (int u = from; u < to; u++) solveOne(data, byRow, u, rank, lambda, regularization, fixed, out,
                        gram[b], rhs[b]);
            });
        }

        private static void solveOne(SparseRatings data, boolean byRow, int u, int rank, double lambda,
                                     Regularization regularization, double[] fixed, double[] out, double[] g,
                                     double[] h) {
            int from, to;
            if (byRow) {
                from = data.rowStart()[u];
                to = data.rowStart()[u + 1];
            } else {
                from = data.columnStart()[u];
                to = data.columnStart()[u + 1];
            }
            int n = to - from;
            int o = u * rank;
            if (n == 0) {
                Arrays.fill(out, o, o + rank, 0.0);
                return;
            }
            Arrays.fill(g, 0.0);
            Arrays.fill(h, 0.0);
            int[] partner = byRow ? data.entryColumn() : data.entryRow();
            int[] order = data.columnOrder();
            double[] y = data.values();
            for (int p = from; p < to; p++) {
                int k = byRow ? p : order[p];
                int f = partner[k] * rank;
                double v = y[k];
                for (int a = 0; a < rank; a++) {
                    double fa = fixed[f + a];
                    h[a] += v * fa;
                    int ra = a * rank;
                    for (int c = 0; c <= a; c++) g[ra + c] += fa * fixed[f + c];
                }
            }
            double ridge = lambda * (regularization == Regularization.WEIGHTED ? n : 1);
            for (int a = 0; a < rank; a++) g[a * rank + a] += ridge;
            if (!SmallDense.cholesky(g, rank)) throw new ArithmeticException("ALS normal equations not positive definite");
            SmallDense.choleskySolve(g, rank, h, 0);
            System.arraycopy(h, 0, out, o, rank);
        }
    }
}
