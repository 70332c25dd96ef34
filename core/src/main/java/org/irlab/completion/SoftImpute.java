package org.irlab.completion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Soft-Impute (Mazumder, Hastie &amp; Tibshirani 2010): nuclear-norm regularised completion
 * min_Z ½‖P_Ω(Y − Z)‖_F² + λ‖Z‖_*, Y the data minus the {@link Centering}, solved on a decreasing path
 * λ_k = λ_max·ρ^k (λ_max = σ_1(P_Ω(Y)), where Z = 0 stops being optimal) with warm starts; λ is chosen on validation
 * RMSE, and the path stops once validation RMSE has not improved for {@code patience} values or the rank reaches
 * {@code maxRank}.
 */
public final class SoftImpute implements CompletionModel {
    /**
     * The path and the stopping rules.
     *
     * @param pathLength        number of λ values after λ_max
     * @param smallestFraction  λ_last / λ_max (ρ = smallestFraction^(1/pathLength))
     * @param maxRank           cap on rank(Z)
     * @param tolerance         stop a λ when ‖Z_new − Z_old‖_F/‖Z_old‖_F ≤ tolerance
     * @param maxIterations     most Soft-Impute steps per λ
     * @param oversampling      extra subspace-iteration vectors beyond the rank
     * @param patience          λ values without validation improvement before the path stops
     */
    public record Settings(int pathLength, double smallestFraction, int maxRank, double tolerance, int maxIterations,
                           int oversampling, int patience, Centering centering) {
        public Settings {
            if (pathLength < 1) throw new IllegalArgumentException("pathLength must be ≥ 1");
            if (!(smallestFraction > 0 && smallestFraction < 1)) {
                throw new IllegalArgumentException("smallestFraction must be in (0, 1)");
            }
            if (maxRank < 1) throw new IllegalArgumentException("maxRank must be ≥ 1");
            if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1");
            if (patience < 1) throw new IllegalArgumentException("patience must be ≥ 1");
        }

        /** 30 λ values down to λ_max/1000, rank ≤ 100, tolerance 1e-3, 100 steps, oversampling 10, patience 2. */
        public static Settings defaults() {
            return new Settings(30, 1e-3, 100, 1e-3, 100, 10, 2, Centering.BIASES);
        }

        public Settings withCentering(Centering c) {
            return new Settings(pathLength, smallestFraction, maxRank, tolerance, maxIterations, oversampling, patience,
                    c);
        }

        public Settings withMaxRank(int rank) {
            return new Settings(pathLength, smallestFraction, rank, tolerance, maxIterations, oversampling, patience,
                    centering);
        }
    }

    private final Settings settings;
    private final FitProgress progress;

    public SoftImpute(Settings settings) { this(settings, FitProgress.NONE); }

    /** A model that reports each λ of the path with its validation RMSE to {@code progress}. */
    public SoftImpute(Settings settings, FitProgress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    @Override public String name() { return "softimpute"; }

    @Override public LowRankCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        if (validation.size() == 0) throw new IllegalArgumentException("choosing λ needs validation entries");
        AdditiveCompletion offset = settings.centering().fit(train, validation, rng);
        SparseRatings data = train.withValues(offset.residuals(train));
        boolean transposed = data.rows() > data.columns();
        if (transposed) data = data.transpose();
        SoftImputeSolver solver = new SoftImputeSolver(data, settings.maxRank(), settings.oversampling(), rng.split());
        double lambdaMax = solver.lambdaMax(50);
        double ratio = Math.pow(settings.smallestFraction(), 1.0 / settings.pathLength());
        List<Map<String, Object>> path = new ArrayList<>();
        LowRankCompletion best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        int sinceBest = 0, totalIterations = 0;
        for (int k = 1; k <= settings.pathLength(); k++) {
            double lambda = lambdaMax * Math.pow(ratio, k);
            SoftImputeSolver.Outcome outcome = solver.solve(lambda, settings.tolerance(), settings.maxIterations());
            totalIterations += outcome.iterations();
            LowRankCompletion c = completion(offset, solver, transposed, lambda, lambdaMax, outcome);
            double rmse = Errors.of(c, validation).rmse();
            progress.update(String.format(java.util.Locale.ROOT, "λ = %.3g λmax, rank %d", lambda / lambdaMax,
                    solver.rank()), k, rmse);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("lambda", lambda);
            point.put("lambdaFraction", lambda / lambdaMax);
            point.put("rank", solver.rank());
            point.put("iterations", outcome.iterations());
            point.put("converged", outcome.converged());
            point.put("validationRmse", rmse);
            path.add(point);
            if (rmse < bestRmse) {
                bestRmse = rmse;
                best = c;
                sinceBest = 0;
            } else if (++sinceBest >= settings.patience()) {
                break;
            }
            if (solver.capped()) break;
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>(best.diagnostics());
        diagnostics.put("lambdaMax", lambdaMax);
        diagnostics.put("totalIterations", totalIterations);
        diagnostics.put("path", path);
        return new LowRankCompletion(best.offset(), best.left(), best.right(), best.rank(), best.hyperParameters(),
                diagnostics);
    }

    /**
     * The path on all entries from its own λ_max down to the tuned fraction λ/λ_max (the same number of warm-started
     * steps), the centering refitted too.
     */
    @Override public LowRankCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        LowRankCompletion chosen = (LowRankCompletion) tuned;
        double fraction = ((Number) chosen.hyperParameters().get("lambdaFraction")).doubleValue();
        double ratio = Math.pow(settings.smallestFraction(), 1.0 / settings.pathLength());
        int steps = (int) Math.max(1, Math.round(Math.log(fraction) / Math.log(ratio)));
        AdditiveCompletion offset = settings.centering().refit(all, chosen.offset());
        SparseRatings data = all.withValues(offset.residuals(all));
        boolean transposed = data.rows() > data.columns();
        if (transposed) data = data.transpose();
        SoftImputeSolver solver = new SoftImputeSolver(data, settings.maxRank(), settings.oversampling(), rng.split());
        double lambdaMax = solver.lambdaMax(50);
        SoftImputeSolver.Outcome outcome = null;
        int totalIterations = 0;
        for (int k = 1; k <= steps; k++) {
            outcome = solver.solve(lambdaMax * Math.pow(ratio, k), settings.tolerance(), settings.maxIterations());
            totalIterations += outcome.iterations();
            if (solver.capped()) break;
        }
        LowRankCompletion c = completion(offset, solver, transposed, lambdaMax * Math.pow(ratio, steps), lambdaMax,
                outcome);
        Map<String, Object> diagnostics = new LinkedHashMap<>(c.diagnostics());
        diagnostics.put("lambdaMax", lambdaMax);
        diagnostics.put("totalIterations", totalIterations);
        return new LowRankCompletion(c.offset(), c.left(), c.right(), c.rank(), c.hyperParameters(), diagnostics);
    }

    private LowRankCompletion completion(AdditiveCompletion offset, SoftImputeSolver solver, boolean transposed,
                                         double lambda,
                                         double lambdaMax, SoftImputeSolver.Outcome outcome) {
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("lambda", lambda);
        hyper.put("lambdaFraction", lambda / lambdaMax);
        hyper.put("rank", solver.rank());
        hyper.put("maxRank", settings.maxRank());
        hyper.put("centering", settings.centering().label());
        if (!offset.hyperParameters().isEmpty()) hyper.put("centeringParameters", offset.hyperParameters());
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("iterations", outcome.iterations());
        diagnostics.put("converged", outcome.converged());
        diagnostics.put("lastRelativeChange", outcome.change());
        diagnostics.put("rankCapped", solver.capped());
        double[] d = solver.d();
        double[] shown = Arrays.copyOf(d, Math.min(d.length, 20));
        List<Double> singular = new ArrayList<>();
        for (double x : shown) singular.add(x);
        diagnostics.put("singularValues", singular);
        int r = solver.rank();
        double[] left = transposed ? solver.v() : solver.u(), right = transposed ? solver.u() : solver.v();
        for (int i = 0; i < left.length; i++) left[i] *= d[i % r];
        return new LowRankCompletion(offset, left, right, r, hyper, diagnostics);
    }
}
