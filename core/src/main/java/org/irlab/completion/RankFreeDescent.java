package org.irlab.completion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.linalg.MatrixMeasures;
import org.irlab.linalg.Randoms;
import org.irlab.optim.Adaptive;
import org.irlab.optim.BallPerturbation;
import org.irlab.optim.Curvature;
import org.irlab.optim.DecreaseTest;
import org.irlab.optim.Descent;
import org.irlab.optim.DescentState;
import org.irlab.optim.Episode;
import org.irlab.optim.GradientOracle;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.OscillationDetector;
import org.irlab.optim.Phase;
import org.irlab.optim.RowScaling;
import org.irlab.optim.SafeguardedStep;
import org.irlab.optim.Status;
import org.irlab.optim.StoppingRule;
import org.irlab.problem.BalanceRegularizer;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.CompletionTerm;
import org.irlab.problem.FactorSpectrum;
import org.irlab.problem.Objective;
import org.irlab.problem.SumObjective;

/**
 * IRLab's rank-free completion ({@code irlab}): gradient descent on the over-parameterised factorisation
 * t ≈ XYᵀ (+ b1ᵀ + 1cᵀ) of the centred training values with a large search rank r' and no rank penalty
 * ({@link CompletionObjective} with bias blocks, (1/|Ω|)Σ_Ω(⟨X_i, Y_j⟩ + b_i + c_j − t_ij)², plus the balancing term
 * w‖XᵀX − YᵀY‖² of {@link BalanceRegularizer} on the factor block), started from a small
 * random point (scale α) or from zero with IPGD's infinitesimal perturbation (Algorithm 1, then GD as in IPGD+,
 * Algorithm 2). The rank is not chosen: from a small start the singular directions grow at rates set by their
 * singular values, the larger first, and keeping the iterate of least validation RMSE keeps the directions the data
 * supports — implicit, early-stopped spectral shrinkage. α is chosen from a small grid on validation RMSE. At the
 * chosen α, {@code members} − 1 more descents from independent starts follow, and the model is their average
 * (1/K)Σ X^kY^kᵀ — itself a factorization of rank ≤ K·r' — which removes the variance an early-stopped fit inherits
 * from its random start (MovieLens-small, seed 1: validation RMSE 0.8791 for one descent, 0.8772 for three).
 *
 * <p>Each descent is a composition on the engine ({@link Descent}) with one state reused by every descent of a fit.
 * Step size ({@link SafeguardedStep}): every {@code chunk} GD steps the local Lipschitz constant L̂ is re-estimated
 * by warm-started power iterations on Hessian-vector products ({@link Curvature}) and η = shrink·c/max(L̂, L̂(x₀)).
 * A chunk that diverged, ended in a period-2 oscillation or ends with a larger loss than it started with is undone
 * and retried with shrink halved: the loss at chunk boundaries never increases and no run diverges. The start from
 * zero is one IPGD phase (its first chunk) before the GD phase. Early stopping (a stopping rule at accepted chunk
 * boundaries): the validation RMSE (predictions clipped to the training range) is computed every
 * {@code validationEvery} steps; the run ends once it has not improved for max(patience, patienceFraction·t_best)
 * steps (counted from the first improvement, so a plateau at the start does not end it) and returns the best iterate.
 */
public final class RankFreeDescent implements CompletionModel {
    /** How the descent starts. */
    public enum Start {
        /** GD from X₀ = α√σ̂·G/√n₁, Y₀ = α√σ̂·G'/√n₂ (G, G' iid standard normal, σ̂ ≈ σ₁ of the target). */
        SMALL_RANDOM,
        /** IPGD (Algorithm 1) from x = 0 with perturbation radius γ, then GD refinement (IPGD+, Algorithm 2). */
        IPGD_ZERO;

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /**
     * The model and the descent.
     *
     * @param searchRank      r' (0: the default of {@link #searchRank})
     * @param balance         λ: the balancing weight is w = λ/(n₁n₂), matching the data term's 1/|Ω| ≈ 1/(p·n₁n₂)
     * @param centering       offset fitted first and subtracted (tuned on validation where it has a parameter)
     * @param jointBiases     learn b, c jointly with the factors (from 0, by the same descent)
     * @param countExponent   γ ∈ [0, 1]: GD is preconditioned by (n_i/n̄)^(−γ) on row i of X and likewise on Y
     *                        (n_i the row's training count, n̄ the mean); 0 is plain GD
     * @param start           small random initialisation or IPGD from zero
     * @param initScales      α values tried (SMALL_RANDOM); the one with the least validation RMSE is kept
     * @param radius          γ, IPGD's perturbation radius (IPGD_ZERO)
     * @param escapeSteps     T_escape (IPGD_ZERO)
     * @param stepFraction    c in η = c/L̂ (0 &lt; c &lt; 2)
     * @param maxIterations   most GD steps per run
     * @param chunk           GD steps between step-size checks
     * @param validationEvery steps between validation evaluations
     * @param patience        stop when validation RMSE has not improved for max(patience, patienceFraction·t_best)
     *                        steps
     * @param patienceFraction see patience
     * @param powerSteps      power iterations per re-estimate of L̂ ({@value #INITIAL_POWER_STEPS} at the start)
     * @param members         independent descents averaged at the chosen α (1 = a single run)
     */
    public record Settings(int searchRank, double balance, Centering centering, boolean jointBiases,
                           double countExponent, Start start, double[] initScales, double radius, int escapeSteps,
                           double stepFraction, int maxIterations, int chunk, int validationEvery, int patience,
                           double patienceFraction, int powerSteps, int members) {
        public Settings {
            if (members < 1) throw new IllegalArgumentException("members must be ≥ 1");
            initScales = initScales.clone();
            if (searchRank < 0) throw new IllegalArgumentException("searchRank must be ≥ 0 (0 = default)");
            if (!(balance >= 0) || !Double.isFinite(balance)) throw new IllegalArgumentException("balance must be ≥ 0");
            if (!(countExponent >= 0 && countExponent <= 1)) {
                throw new IllegalArgumentException("countExponent must be in [0, 1]");
            }
            if (initScales.length == 0) throw new IllegalArgumentException("no init scales");
            for (double a : initScales) if (!(a > 0) || !Double.isFinite(a)) {
                throw new IllegalArgumentException("init scale must be > 0, got " + a);
            }
            if (!(radius > 0)) throw new IllegalArgumentException("radius must be > 0");
            if (escapeSteps < 1) throw new IllegalArgumentException("escapeSteps must be ≥ 1");
            if (!(stepFraction > 0 && stepFraction < 2)) throw new IllegalArgumentException("stepFraction in (0, 2)");
            if (maxIterations < 1 || chunk < 1 || validationEvery < 1 || patience < 1 || powerSteps < 1) {
                throw new IllegalArgumentException("iteration counts must be ≥ 1");
            }
            if (!(patienceFraction >= 0)) throw new IllegalArgumentException("patienceFraction must be ≥ 0");
        }

        /** Defaults: see docs/completion.md. */
        public static Settings defaults() {
            return new Settings(0, 0, Centering.BIASES, false, 0, Start.SMALL_RANDOM,
                    new double[] {1e-3, 1e-2, 3e-2, 1e-1}, 1e-15, 200, DEFAULT_STEP_FRACTION, 5000, 25, 1, 25, 0.25, 1,
                    DEFAULT_MEMBERS);
        }

        @Override public double[] initScales() { return initScales.clone(); }

        public Settings withSearchRank(int r) {
            return new Settings(r, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withBalance(double lambda) {
            return new Settings(searchRank, lambda, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withCentering(Centering c) {
            return new Settings(searchRank, balance, c, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withJointBiases(boolean b) {
            return new Settings(searchRank, balance, centering, b, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withCountExponent(double gamma) {
            return new Settings(searchRank, balance, centering, jointBiases, gamma, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withStart(Start s) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, s, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withInitScales(double... alphas) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, alphas, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withRadius(double gamma) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, gamma,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members);
        }

        public Settings withStepFraction(double c) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, c, maxIterations, chunk, validationEvery, patience, patienceFraction, powerSteps,
                    members);
        }

        public Settings withMaxIterations(int n) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, n, chunk, validationEvery, patience, patienceFraction, powerSteps,
                    members);
        }

        public Settings withPatience(int steps, double fraction) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, steps, fraction, powerSteps,
                    members);
        }

        public Settings withSchedule(int newChunk, int newValidationEvery, int newPowerSteps) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, newChunk, newValidationEvery, patience,
                    patienceFraction, newPowerSteps, members);
        }

        public Settings withMembers(int k) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, k);
        }
    }

    /** Why a descent stopped. */
    public enum StopReason {
        /** The iteration budget ran out. */
        ITERATION_LIMIT("iteration-limit"),
        /** Validation RMSE had not improved for the patience. */
        EARLY_STOPPING("early-stopping"),
        /**
         * A start scale of the grid, dropped: for the patience it was behind the best scale so far at equal training
         * loss, and it had not beaten that scale's best validation RMSE.
         */
        BEHIND_RIVAL("behind-rival"),
        /** Chunks were rejected so often that η became negligible. */
        STEP_SIZE_UNDERFLOW("step-size-underflow"),
        /** ∇²f vanished at the start (nothing to fit: the target is 0 on Ω and x₀ = 0). */
        ZERO_CURVATURE("zero-curvature"),
        /** The gradient vanished exactly. */
        STATIONARY("stationary"),
        /** The start from zero: IPGD's escape test returned its candidate. */
        IPGD_RETURNED_CANDIDATE("ipgd-returned-candidate"),
        /** The start from zero: IPGD's escape test returned the initial point. */
        IPGD_RETURNED_INITIAL_POINT("ipgd-returned-initial-point");

        private final String label;

        StopReason(String label) { this.label = label; }

        public String label() { return label; }
    }

    /** One start scale α of the grid: skipped, or its best iteration, iterations, best validation RMSE and stop. */
    public record GridPoint(double initScale, boolean skipped, int bestIteration, int iterations,
                            double validationRmse, StopReason stopped) {}

    /** One decision of the step-size controller: the chunk's start, L̂, η and whether the chunk was kept. */
    public record StepDecision(int iteration, double curvature, double stepSize, boolean accepted) {}

    /** The validation RMSE (and f) at the scored iterates of a descent, kept as primitive columns. */
    public static final class ValidationCurve {
        private int size;
        private int[] iteration = new int[64];
        private double[] loss = new double[64], rmse = new double[64];

        void add(int t, double f, double r) {
            if (size == iteration.length) {
                iteration = Arrays.copyOf(iteration, 2 * size);
                loss = Arrays.copyOf(loss, 2 * size);
                rmse = Arrays.copyOf(rmse, 2 * size);
            }
            iteration[size] = t;
            loss[size] = f;
            rmse[size++] = r;
        }

        /** Drops the points after iteration t. */
        void truncateAfter(int t) {
            while (size > 0 && iteration[size - 1] > t) size--;
        }

        int lastIteration() { return size == 0 ? Integer.MIN_VALUE : iteration[size - 1]; }

        /** The validation RMSE at the first scored iterate whose f is at most {@code f}, or NaN when none is. */
        double rmseAtLoss(double f) {
            for (int k = 0; k < size; k++) if (loss[k] <= f) return rmse[k];
            return Double.NaN;
        }

        public int size() { return size; }

        public int iteration(int k) { return iteration[k]; }

        public double loss(int k) { return loss[k]; }

        public double validationRmse(int k) { return rmse[k]; }
    }

    /**
     * What a fit chose and how it went, for the report (written out by the application): the settings, the chosen α
     * (NaN for the start from zero), r' per member, the members, the centering's own parameters, the singular values
     * of the model's product and its effective rank, and of the first member (the α winner) its best and last
     * iteration, stop, rejected chunks, final loss, IPGD's status and perturbations (start from zero), the balance
     * imbalance ‖XᵀX − YᵀY‖ and training MSE at its best iterate, its step decisions and validation curve; the
     * validation RMSE is the average's when there are several members.
     */
    public record Report(Settings settings, double initScale, int searchRank, int members,
                         Map<String, Object> centeringParameters, double[] singularValues, double effectiveRank,
                         int bestIteration, int iterations, StopReason stopped, double validationRmse,
                         double[] memberValidationRmse, int[] memberBestIterations, int rejectedChunks,
                         double finalLoss, Status ipgdStatus, int ipgdPerturbations, double sigmaHat,
                         double balanceWeight, double imbalance, double trainMse, List<GridPoint> grid,
                         List<StepDecision> stepSizes, ValidationCurve validationCurve) {}

    /** The fitted model (predictions) with its {@link Report}. */
    public static final class Fit implements Completion {
        private final LowRankCompletion model;
        private final Report report;

        Fit(LowRankCompletion model, Report report) {
            this.model = model;
            this.report = report;
        }

        @Override public double predict(int row, int column) { return model.predict(row, column); }

        /** The low-rank model: offset + L·Rᵀ. */
        public LowRankCompletion model() { return model; }

        public Report report() { return report; }
    }

    /**
     * Default c in η = c/L̂ (0.5 until issue 15): about 1.6× fewer steps on the synthetic tests and images; c = 1
     * halves them on camera.png but stops some descents early on the synthetic tests, where the curvature grows
     * within a chunk of 25 steps to past 2/η (docs/completion.md).
     */
    public static final double DEFAULT_STEP_FRACTION = 0.75;

    /** Default number of averaged descents (see {@link Settings#members}). */
    public static final int DEFAULT_MEMBERS = 3;

    /** Largest n₁·n₂ for which the spectrum of an average is taken through the Gram route (doubles held). */
    static final long GRAM_SPECTRUM_MAX_ENTRIES = 50_000_000L;

    /** Default cap on r'. */
    public static final int DEFAULT_SEARCH_RANK = 500;
    /**
     * Default cap on the number of factor entries (n₁ + n₂)·r': the descent holds about a dozen arrays of that size,
     * so 3.3·10⁷ (0.26 GB each) keeps a MovieLens-20M-sized problem (r' = 200) within a 6 GiB heap.
     */
    public static final long DEFAULT_FACTOR_BUDGET = 33_000_000L;
    /** Rejected chunks in a row after which a run gives up (the step would be 2⁻³⁰ of the estimate). */
    static final int MAX_REJECTIONS = 30;
    /** Power iterations for the first estimate of L̂ (later ones are warm-started). */
    static final int INITIAL_POWER_STEPS = 4;
    /** Recorded step-size decisions per run (the rest are counted, not listed). */
    static final int MAX_RECORDED_STEPS = 1000;
    /** IPGD's G and F (Algorithm 1) for the start from zero, on the 1/|Ω|-scaled loss. */
    static final double IPGD_GRADIENT_THRESHOLD = 1e-7, IPGD_DECREASE_THRESHOLD = 1e-10;

    private final Settings settings;
    private final FitProgress progress;
    private final CompletionTerm.Factory terms;

    public RankFreeDescent(Settings settings) { this(settings, FitProgress.NONE, CompletionTerm.LOCAL); }

    /**
     * A model that reports every scored step to {@code progress} and evaluates its data term where {@code terms}
     * makes it: {@link CompletionTerm#LOCAL} (this JVM) or a distributed one (the spark module's), with the same
     * centring, α grid, early stopping and members either way.
     */
    public RankFreeDescent(Settings settings, FitProgress progress, CompletionTerm.Factory terms) {
        this.settings = settings;
        this.progress = progress;
        this.terms = terms;
    }

    public Settings settings() { return settings; }

    @Override public String name() { return "irlab"; }

    @Override public Fit fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        if (train.size() == 0) throw new IllegalArgumentException("no training entries");
        if (validation.size() == 0) throw new IllegalArgumentException("early stopping needs validation entries");
        AdditiveCompletion offset = settings.centering().fit(train, validation, rng);
        SparseRatings target = train.withValues(offset.residuals(train));
        int rank = searchRank(settings.searchRank(), train.rows(), train.columns());
        try (Loss p = loss(target, rank)) {
            Validation check = new Validation(p.data, offset, validation, train.min(), train.max());
            double sigmaHat = leadingSingularValue(target, rng.split());
            return tune(p.data, p.objective, p.preconditioner, check, offset, sigmaHat, p.weight, rank, rng);
        }
    }

    /** What a descent minimises on {@code target}: the data term, with the balancing term, and the preconditioner. */
    private record Loss(CompletionTerm data, Objective objective, RowScaling preconditioner, double weight)
            implements AutoCloseable {
        @Override public void close() { data.close(); }
    }

    /** The {@link Loss} on the centred ratings {@code target} at search rank r'. */
    private Loss loss(SparseRatings target, int rank) {
        double weight = settings.balance() / ((double) target.rows() * target.columns());
        double gamma = settings.countExponent();
        CompletionTerm data = terms.create(target.pattern(), target.values(), rank, 1.0 / target.size(),
                settings.jointBiases());
        RowScaling preconditioner = gamma > 0
                ? new RowScaling(countFactors(target.rowStart(), target.columnStart(), gamma), rank) : null;
        return new Loss(data, withBalance(data, weight), preconditioner, weight);
    }

    /**
     * Refits on {@code all} with what {@code tuned} chose: the centring with its λ, then each of the tuned fit's
     * members again from a fresh start at the chosen α for the number of steps at which its validation RMSE was best
     * (the loss is scaled by 1/|Ω|, so the count transfers), with the same step-size safeguard and no early stopping;
     * the model is their average as in {@link #fit}. The report's validation numbers are NaN (nothing is held out).
     */
    @Override public Fit refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        if (!(tuned instanceof Fit chosen)) throw new IllegalArgumentException("not a fit of this model");
        Report r = chosen.report();
        AdditiveCompletion offset = settings.centering().refit(all, chosen.model().offset());
        SparseRatings target = all.withValues(offset.residuals(all));
        int rank = r.searchRank();
        try (Loss p = loss(target, rank)) {
            CompletionTerm data = p.data;
            double sigmaHat = leadingSingularValue(target, rng.split());
            List<Run> members = new ArrayList<>();
            int[] steps = r.memberBestIterations();
            for (int k = 0; k < steps.length; k++) {
                Machinery machinery = new Machinery(data, p.objective, p.preconditioner, Math.max(1, steps[k]));
                Run member = new Run(machinery, null, r.initScale(), sigmaHat, rng.split(),
                        "refit, descent " + (k + 1) + " of " + steps.length);
                member.descend();
                members.add(member);
            }
            return completion(data, offset, members, null, r.grid(), rank, p.weight, sigmaHat);
        }
    }

    /** The data term with the balancing term w‖XᵀX − YᵀY‖² on its factor block when w > 0. */
    private static Objective withBalance(CompletionTerm data, double weight) {
        return weight > 0
                ? new SumObjective(data.dimension(), List.of(SumObjective.block(data, 0), SumObjective.block(
                        new BalanceRegularizer(data.rows(), data.columns(), data.searchRank(), weight), 0)))
                : data;
    }

    /** The α grid, then the members at the chosen α, each descent stopped early on validation. */
    private Fit tune(CompletionTerm data, Objective objective, RowScaling preconditioner, Validation check,
                     AdditiveCompletion offset, double sigmaHat, double weight, int rank, SplittableRandom rng) {
        int rows = data.rows(), columns = data.columns();

        double[] scales = settings.start() == Start.SMALL_RANDOM ? settings.initScales() : new double[] {Double.NaN};
        Arrays.sort(scales);
        SplittableRandom[] pointRngs = new SplittableRandom[scales.length];
        for (int k = 0; k < scales.length; k++) pointRngs[k] = rng.split(); // by grid position, not visiting order
        // The grid is searched upwards from its smallest α for as long as validation RMSE keeps improving (it was
        // unimodal in α on every data set we tried); each scale races the best one before it (Run.rival) and is
        // dropped once it is behind at equal training loss. The smallest α wins on images and the synthetic tests,
        // where its descent is the longest, so there the search costs the winner plus the first chunks of one loser;
        // MovieLens' descents take ~50 steps whatever α, so trying 1e-3 there first costs one short descent.
        Run[] runs = new Run[scales.length];
        Machinery machinery = new Machinery(data, objective, preconditioner, settings.maxIterations());
        java.util.function.IntConsumer run = k -> {
            runs[k] = new Run(machinery, check, scales[k], sigmaHat, pointRngs[k], settings.start() == Start.IPGD_ZERO
                    ? "IPGD from zero" : "α = " + scales[k]);
            runs[k].rival = k > 0 ? runs[k - 1] : null;
            runs[k].descend();
        };
        run.accept(0);
        for (int k = 1; k < scales.length; k++) {
            run.accept(k);
            if (!(runs[k].bestRmse < runs[k - 1].bestRmse)) break;
        }
        Run best = null;
        for (Run r : runs) if (r != null && (best == null || r.bestRmse < best.bestRmse)) best = r;
        // More descents at the chosen α from independent starts, averaged: each stops early on its own, and their
        // mean (1/K)Σ X^k Y^kᵀ is itself a factorization [X¹…X^K][Y¹…Y^K]ᵀ/K, so nothing else changes
        for (Run r : runs) if (r != null && r != best) r.best = null; // only the winner's iterate is used
        List<Run> members = new ArrayList<>(List.of(best));
        int memberCount = members(settings.members(), (long) (rows + columns) * rank);
        for (int k = 1; k < memberCount; k++) {
            Run member = new Run(machinery, check, best.alpha, sigmaHat, rng.split(), (settings.start()
                    == Start.IPGD_ZERO ? "IPGD from zero" : "α = " + best.alpha) + ", descent " + (k + 1) + " of "
                    + memberCount);
            member.descend();
            members.add(member);
        }
        List<GridPoint> grid = new ArrayList<>();
        for (int k = 0; k < scales.length; k++) {
            Run r = runs[k];
            grid.add(r == null ? new GridPoint(scales[k], true, -1, -1, Double.NaN, null)
                    : new GridPoint(scales[k], false, r.bestIteration, r.iteration, r.bestRmse, r.stopReason));
        }
        return completion(data, offset, members, check, grid, rank, weight, sigmaHat);
    }

    /**
     * How many descents to average: the requested number, fewer when their (n₁+n₂)·r' factors together would pass
     * {@value #DEFAULT_FACTOR_BUDGET} doubles (the budget one descent's r' is sized by), at least 1: MovieLens-small
     * keeps 3 members of r' = 500, MovieLens-20M's shape one of r' = 200.
     */
    static int members(int requested, long factorSize) {
        return (int) Math.max(1, Math.min(requested, DEFAULT_FACTOR_BUDGET / Math.max(1L, factorSize)));
    }

    /**
     * r' for an n₁×n₂ matrix: the requested value (0 = default) capped by min(n₁, n₂); the default is
     * min(n₁, n₂, {@value #DEFAULT_SEARCH_RANK}, ⌊{@value #DEFAULT_FACTOR_BUDGET}/(n₁ + n₂)⌋), at least 1.
     */
    public static int searchRank(int requested, int rows, int columns) {
        int cap = Math.max(1, Math.min(rows, columns));
        if (requested > 0) return Math.min(requested, cap);
        long budget = DEFAULT_FACTOR_BUDGET / Math.max(1L, (long) rows + columns);
        return (int) Math.max(1, Math.min(Math.min(cap, DEFAULT_SEARCH_RANK), budget));
    }

    /**
     * The count preconditioner's factors p = (max(n_i, 1)/n̄)^(−γ) for the rows of X, then of Y, from the CSR and CSC
     * start offsets (n_i the row's training count, n̄ the mean): GD along P·∇f, which for γ = 1 equalises the
     * curvature of heavy and light rows.
     */
    static double[] countFactors(int[] rowStart, int[] columnStart, double gamma) {
        int n1 = rowStart.length - 1, n2 = columnStart.length - 1;
        double[] p = new double[n1 + n2];
        countFactors(rowStart, gamma, p, 0);
        countFactors(columnStart, gamma, p, n1);
        return p;
    }

    private static void countFactors(int[] start, double gamma, double[] out, int at) {
        int n = start.length - 1;
        double mean = Math.max(1, (double) start[n] / n);
        for (int i = 0; i < n; i++) out[at + i] = Math.pow(Math.max(1, start[i + 1] - start[i]) / mean, -gamma);
    }

    /** σ₁ of the target on Ω (zeros off Ω) by power iteration on AᵀA. */
    static double leadingSingularValue(SparseRatings a, SplittableRandom rng) {
        double[] v = new double[a.columns()], u = new double[a.rows()];
        Randoms.gaussian(rng, 1.0, v);
        double sigma = 0;
        for (int s = 0; s < 100; s++) {
            double nv = org.irlab.linalg.Kernels.norm(v);
            if (!(nv > 0)) return 0;
            org.irlab.linalg.Kernels.scale(1 / nv, v);
            a.multiply(v, u);
            double next = org.irlab.linalg.Kernels.norm(u);
            a.multiplyTranspose(u, v);
            if (Math.abs(next - sigma) <= 1e-6 * next) return next;
            sigma = next;
        }
        return sigma;
    }

    /**
     * What every descent of one fit shares: the state (iterate, gradient, previous iterate), the step-size
     * controller with its checkpoint, the curvature estimate's vectors, the buffer of the pending best iterate and,
     * for the start from zero, IPGD's perturbation and escape test. Allocated once per fit.
     */
    private final class Machinery implements SafeguardedStep.Log {
        final CompletionTerm data;
        final Objective objective;
        final RowScaling preconditioner;
        final int budget;
        final DescentState state;
        final OscillationDetector watch;
        final Curvature curvature;
        final SafeguardedStep controller;
        final double[] pending;
        final BallPerturbation perturbation;
        final DecreaseTest escapeTest;
        Run current;
        long perturbationSeed;

        /** @param budget the steps a descent may take (the settings' limit, or a refit's fixed count) */
        Machinery(CompletionTerm data, Objective objective, RowScaling preconditioner, int budget) {
            this.data = data;
            this.objective = objective;
            this.preconditioner = preconditioner;
            this.budget = budget;
            int d = objective.dimension();
            this.watch = new OscillationDetector(d, OscillationDetector.WINDOW, 0);
            this.state = new DescentState(GradientOracle.of(objective), new double[d], preconditioner != null, watch,
                    null);
            this.curvature = new Curvature(objective, new SplittableRandom(0), 2);
            this.controller = new SafeguardedStep(curvature, preconditioner, d, settings.stepFraction(), settings.chunk(),
                    settings.powerSteps(), MAX_REJECTIONS, budget, this);
            this.pending = new double[d];
            if (settings.start() == Start.IPGD_ZERO) {
                Episode episode = new Episode(d, settings.escapeSteps());
                perturbation = new BallPerturbation(settings.radius(), IPGD_GRADIENT_THRESHOLD, episode,
                        () -> perturbationSeed + controller.rejections());
                escapeTest = new DecreaseTest(episode, IPGD_DECREASE_THRESHOLD, false, settings.radius(),
                        settings.escapeSteps(), Adaptive.NONE, null);
            } else {
                perturbation = null;
                escapeTest = null;
            }
        }

        /** The phase with the count preconditioner, if any. */
        Phase phase(Phase p) {
            return preconditioner == null ? p : p.preconditioned(preconditioner);
        }

        @Override public void decision(int iteration, double curvature, double stepSize, boolean accepted) {
            if (accepted) current.commit();
            if (current.steps.size() < MAX_RECORDED_STEPS) {
                current.steps.add(new StepDecision(iteration, curvature, stepSize, accepted));
            }
        }
    }

    /**
     * One descent from one starting point, with early stopping (the validation observer and the composition), or —
     * without a validation part (a refit) — for the machinery's budget of steps, returning the last iterate.
     */
    private final class Run implements IterationObserver {
        final Machinery machinery;
        final Validation check; // null: a refit, no early stopping
        final String label;
        final double alpha;
        final long perturbationSeed;
        final SplittableRandom initRng, curvatureRng;
        final double sigmaHat;
        double[] best; // dropped (null) for grid runs that lost, before the other members descend
        final ValidationCurve curve = new ValidationCurve();
        final List<StepDecision> steps = new ArrayList<>();
        // the grid's best scale so far (null: none, a member, a refit) and since when this one has been behind it
        Run rival;
        int behindSince = -1;
        boolean behind;
        int iteration, bestIteration, pendingIteration = -1, rejections, ipgdPerturbations = -1;
        double bestRmse = Double.POSITIVE_INFINITY, pendingRmse = Double.POSITIVE_INFINITY;
        double finalLoss = Double.NaN;
        StopReason stopReason = StopReason.ITERATION_LIMIT;
        Status ipgdStatus;
        boolean stop;

        Run(Machinery machinery, Validation check, double alpha, double sigmaHat, SplittableRandom rng, String label) {
            this.machinery = machinery;
            this.check = check;
            this.label = label;
            this.alpha = alpha;
            this.sigmaHat = sigmaHat;
            this.best = new double[machinery.objective.dimension()];
            this.initRng = rng.split();
            this.curvatureRng = rng.split();
            this.perturbationSeed = rng.nextLong();
        }

        /**
         * Writes x₀ into the state: small random (X₀ = α√σ̂·G/√n₁, Y₀ = α√σ̂·G'/√n₂, each row times √p_i with the
         * count preconditioner, which makes it the same start in the preconditioned coordinates) or zero.
         */
        private void start(double[] x) {
            java.util.Arrays.fill(x, 0.0);
            CompletionTerm data = machinery.data;
            if (settings.start() == Start.SMALL_RANDOM && sigmaHat > 0) {
                int split = data.rightOffset(), r = data.searchRank();
                double left = alpha * Math.sqrt(sigmaHat / data.rows());
                double right = alpha * Math.sqrt(sigmaHat / data.columns());
                for (int i = 0; i < split; i++) x[i] = left * Randoms.gaussian(initRng);
                for (int i = split; i < split + data.columns() * r; i++) x[i] = right * Randoms.gaussian(initRng);
                RowScaling p = machinery.preconditioner;
                if (p != null) {
                    for (int i = 0; i < data.rows() + data.columns(); i++) {
                        double u = Math.sqrt(p.factor(i));
                        for (int a = i * r; a < i * r + r; a++) x[a] *= u;
                    }
                }
            }
        }

        void descend() {
            Machinery m = machinery;
            DescentState state = m.state;
            SafeguardedStep controller = m.controller;
            m.current = this;
            m.perturbationSeed = perturbationSeed;
            start(state.x());
            state.restart(this);
            m.curvature.restart(curvatureRng);
            double[] x = state.x();
            double ceiling = controller.begin(x, INITIAL_POWER_STEPS);
            validate(0, x, m.objective.value(x));
            commit();
            if (!(ceiling > 0) || !Double.isFinite(ceiling)) { // nothing to fit: the target is 0 on Ω and x₀ = 0
                stopReason = StopReason.ZERO_CURVATURE;
                return;
            }
            Status status = Status.ITERATION_LIMIT;
            if (settings.start() == Start.IPGD_ZERO) {
                m.watch.setFloor(IPGD_GRADIENT_THRESHOLD);
                int budget = Math.max(Math.min(settings.chunk(), settings.maxIterations()), settings.escapeSteps() + 1);
                status = Descent.run(state, m.phase(Phase.gradientDescent(controller.wholePhase(true),
                        StoppingRule.phaseIterations(budget)).perturbed(m.perturbation, m.escapeTest)));
                if (status != Status.STEP_SIZE_UNDERFLOW) {
                    ipgdStatus = status;
                    ipgdPerturbations = m.perturbation.perturbations();
                }
            }
            if (status == Status.ITERATION_LIMIT && !stop && state.iteration() < m.budget) {
                m.watch.setFloor(0);
                StoppingRule patience = s -> stop ? Status.EARLY_STOPPED : null;
                status = Descent.run(state, m.phase(Phase.gradientDescent(controller.wholePhase(false),
                        controller.atAcceptedBoundary().and(patience)
                                .or(StoppingRule.iterations(m.budget))
                                .or(StoppingRule.gradientTolerance(0)))));
            }
            rejections = controller.rejections();
            iteration = state.iteration();
            stopReason = switch (status) {
                case RETURNED_CANDIDATE -> StopReason.IPGD_RETURNED_CANDIDATE;
                case RETURNED_INITIAL_POINT -> StopReason.IPGD_RETURNED_INITIAL_POINT;
                case STEP_SIZE_UNDERFLOW -> StopReason.STEP_SIZE_UNDERFLOW;
                case CONVERGED -> StopReason.STATIONARY;
                default -> StopReason.ITERATION_LIMIT;
            };
            if (stop) stopReason = behind ? StopReason.BEHIND_RIVAL : StopReason.EARLY_STOPPING;
            Descent.finish(state);
            finalLoss = state.loss();
            if (check == null) { // a refit: the model is where the budget ends
                System.arraycopy(x, 0, best, 0, best.length);
                bestIteration = iteration;
                bestRmse = Double.NaN;
                progress.update(label, iteration, Double.NaN);
            } else if (iteration % settings.validationEvery() != 0) {
                validate(iteration, x, m.objective.value(x));
                commit();
            }
        }

        @Override public void onIterate(int t, double[] point, double loss, double[] gradient, double gradientNorm,
                                        boolean last) {
            if (check == null) {
                if (!last) progress.update(label, t, Double.NaN);
            } else if (!last && t % settings.validationEvery() == 0) {
                validate(t, point, loss);
            }
        }

        /** A rejected chunk: its iterates leave no trace. */
        @Override public void onRollBack(int t) {
            curve.truncateAfter(t);
            pendingIteration = -1;
            pendingRmse = Double.POSITIVE_INFINITY;
            stop = false;
            behind = false;
            behindSince = -1;
        }

        /** Scores an iterate; a new best is held as pending until its chunk is accepted. */
        void validate(int global, double[] point, double loss) {
            if (check == null || curve.lastIteration() >= global) return;
            double rmse = check.rmse(point);
            curve.add(global, loss, rmse);
            progress.update(label, global, rmse);
            if (rmse < bestRmse && rmse < pendingRmse) {
                pendingRmse = rmse;
                pendingIteration = global;
                System.arraycopy(point, 0, machinery.pending, 0, point.length);
            }
            // the patience clock starts at the first improvement: before it the iterate may sit on a plateau (IPGD's
            // perturbation growing from 1e-15, a tiny α) where the validation RMSE does not move at all
            int leader = Math.max(bestIteration, pendingIteration);
            stop = leader > 0 && global - leader >= Math.max(settings.patience(), settings.patienceFraction() * leader);
            if (rival != null) {
                // behind: a worse validation RMSE than the rival's at the first of its iterates that fitted the training
                // part as well (f at most this f). From small starts the singular directions grow at rates set by their
                // singular values and α sets how far apart in time they arrive, so at equal f the better-separated
                // descent has fitted more signal and less noise; a scale behind for the whole patience, and not yet
                // better than the rival's best, is dropped instead of being descended to its own optimum
                boolean now = rmse > rival.curve.rmseAtLoss(loss);
                behindSince = now ? (behindSince < 0 ? global : behindSince) : -1;
                behind = now && global - behindSince >= settings.patience()
                        && Math.min(bestRmse, pendingRmse) >= rival.bestRmse;
                stop |= behind;
            }
        }

        /** The pending best becomes the best (its chunk was accepted). */
        void commit() {
            if (pendingIteration < 0) return;
            bestRmse = pendingRmse;
            bestIteration = pendingIteration;
            System.arraycopy(machinery.pending, 0, best, 0, best.length);
            pendingIteration = -1;
            pendingRmse = Double.POSITIVE_INFINITY;
        }
    }

    /** Validation RMSE of an iterate: offset + model, clipped to the training range. */
    private static final class Validation {
        final CompletionTerm objective;
        final int[] row, column;
        final double[] value, offset, prediction;
        final double low, high;

        Validation(CompletionTerm objective, AdditiveCompletion centering, SparseRatings validation, double low,
                   double high) {
            this.objective = objective;
            this.row = validation.entryRow();
            this.column = validation.entryColumn();
            this.value = validation.values();
            this.offset = new double[validation.size()];
            this.prediction = new double[validation.size()];
            for (int k = 0; k < offset.length; k++) offset[k] = centering.predict(row[k], column[k]);
            this.low = low;
            this.high = high;
        }

        double rmse(double[] x) {
            objective.predict(x, row, column, prediction);
            double s = 0;
            for (int k = 0; k < value.length; k++) {
                double d = Errors.clip(offset[k] + prediction[k], low, high) - value[k];
                s += d * d;
            }
            return Math.sqrt(s / value.length);
        }

        /** The same for a fitted completion (its own offset included). */
        double rmse(Completion fitted) {
            double s = 0;
            for (int k = 0; k < value.length; k++) {
                double d = Errors.clip(fitted.predict(row[k], column[k]), low, high) - value[k];
                s += d * d;
            }
            return Math.sqrt(s / value.length);
        }
    }

    private Fit completion(CompletionTerm objective, AdditiveCompletion offset, List<Run> members,
                           Validation check, List<GridPoint> grid, int memberRank, double weight, double sigmaHat) {
        Run run = members.get(0);
        int n1 = objective.rows(), n2 = objective.columns(), count = members.size();
        int rank = count * memberRank;
        double share = 1 / Math.sqrt(count);
        double[] left = new double[n1 * rank], right = new double[n2 * rank];
        for (int k = 0; k < count; k++) {
            double[] x = members.get(k).best;
            int column = k * memberRank, yOff = objective.rightOffset();
            for (int i = 0; i < n1; i++) {
                for (int a = 0; a < memberRank; a++) left[i * rank + column + a] = share * x[i * memberRank + a];
            }
            for (int j = 0; j < n2; j++) {
                for (int a = 0; a < memberRank; a++) right[j * rank + column + a] = share * x[yOff + j * memberRank + a];
            }
        }
        AdditiveCompletion base = offset;
        if (objective.hasBiases()) {
            double[] b = offset.rowBias(), c = offset.columnBias();
            for (Run member : members) {
                double[] x = member.best;
                for (int i = 0; i < n1; i++) b[i] += x[objective.rowBiasOffset() + i] / count;
                for (int j = 0; j < n2; j++) c[j] += x[objective.columnBiasOffset() + j] / count;
            }
            base = new AdditiveCompletion(offset.mean(), b, c, offset.hyperParameters(), offset.diagnostics());
        }
        double[] x = run.best;
        // K·r' columns of an average: the QR route costs (n₁+n₂)(K·r')² flops, the Gram route n₁n₂K·r' + m²·max(n₁, n₂)
        // and n₁n₂ doubles; take the cheaper one that fits (both end in an eigen- or singular value problem of size
        // ≤ m, left out of the comparison). One descent keeps the QR route, accurate to round-off.
        long m = Math.min(n1, n2), n = Math.max(n1, n2), p = rank;
        double qr = (double) (n1 + n2) * p * p, gram = (double) n1 * n2 * p + (double) m * m * n;
        double[] sv;
        if (count > 1 && (long) n1 * n2 <= GRAM_SPECTRUM_MAX_ENTRIES && gram < qr) {
            sv = FactorSpectrum.singularValuesThroughGram(left, right, n1, n2, rank);
        } else {
            FactorSpectrum spectrum = new FactorSpectrum(n1, n2, rank);
            sv = new double[spectrum.count()];
            double[] factors = Arrays.copyOf(left, (n1 + n2) * rank);
            System.arraycopy(right, 0, factors, n1 * rank, n2 * rank);
            spectrum.singularValues(factors, sv);
        }
        LowRankCompletion model = new LowRankCompletion(base, left, right, rank, Map.of(), Map.of());
        double[] memberRmse = new double[count];
        int[] memberStops = new int[count];
        for (int k = 0; k < count; k++) {
            memberRmse[k] = members.get(k).bestRmse;
            memberStops[k] = members.get(k).bestIteration;
        }
        Report report = new Report(settings, settings.start() == Start.SMALL_RANDOM ? run.alpha : Double.NaN,
                memberRank, count, offset.hyperParameters(), sv, MatrixMeasures.effectiveRank(sv), run.bestIteration,
                run.iteration, run.stopReason, check == null ? Double.NaN : count > 1 ? check.rmse(model) : run.bestRmse,
                memberRmse,
                memberStops, run.rejections, run.finalLoss, run.ipgdStatus, run.ipgdPerturbations, sigmaHat, weight,
                new BalanceRegularizer(n1, n2, memberRank, weight).imbalanceNorm(x), objective.value(x), grid,
                List.copyOf(run.steps), run.curve);
        return new Fit(model, report);
    }
}
