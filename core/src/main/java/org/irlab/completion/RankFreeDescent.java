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
 * supports — implicit, early-stopped spectral shrinkage. α is chosen from a small grid on validation RMSE, searched
 * upwards from its smallest value as a race: a scale that has been behind the best one before it at equal training
 * loss for the patience, without beating its best, is dropped ({@link StopReason#BEHIND_RIVAL}). At the
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
 * steps (counted from the first improvement, so a plateau at the start does not end it; {@link Patience}, which also
 * has a plateau-aware rule) and returns the best iterate.
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
     * @param patienceRule    how the patience counts ({@link Patience.Rule#STEPS}, the default: every step since the
     *                        best; {@link Patience.Rule#PLATEAU_AWARE}: docs/completion.md, "Stopping on a plateau")
     */
    public record Settings(int searchRank, double balance, Centering centering, boolean jointBiases,
                           double countExponent, Start start, double[] initScales, double radius, int escapeSteps,
                           double stepFraction, int maxIterations, int chunk, int validationEvery, int patience,
                           double patienceFraction, int powerSteps, int members, Patience.Rule patienceRule) {
        public Settings {
            if (patienceRule == null) throw new IllegalArgumentException("no patience rule");
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
                    DEFAULT_MEMBERS, Patience.Rule.STEPS);
        }

        /** The same settings with another patience rule. */
        public Settings withPatienceRule(Patience.Rule rule) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, rule);
        }

        @Override public double[] initScales() { return initScales.clone(); }

        public Settings withSearchRank(int r) {
            return new Settings(r, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withBalance(double lambda) {
            return new Settings(searchRank, lambda, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withCentering(Centering c) {
            return new Settings(searchRank, balance, c, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withJointBiases(boolean b) {
            return new Settings(searchRank, balance, centering, b, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withCountExponent(double gamma) {
            return new Settings(searchRank, balance, centering, jointBiases, gamma, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withStart(Start s) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, s, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withInitScales(double... alphas) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, alphas, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withRadius(double gamma) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, gamma,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, members, patienceRule);
        }

        public Settings withStepFraction(double c) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, c, maxIterations, chunk, validationEvery, patience, patienceFraction, powerSteps,
                    members, patienceRule);
        }

        public Settings withMaxIterations(int n) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, n, chunk, validationEvery, patience, patienceFraction, powerSteps,
                    members, patienceRule);
        }

        public Settings withPatience(int steps, double fraction) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, steps, fraction, powerSteps,
                    members, patienceRule);
        }

        public Settings withSchedule(int newChunk, int newValidationEvery, int newPowerSteps) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, newChunk, newValidationEvery, patience,
                    patienceFraction, newPowerSteps, members, patienceRule);
        }

        public Settings withMembers(int k) {
            return new Settings(searchRank, balance, centering, jointBiases, countExponent, start, initScales, radius,
                    escapeSteps, stepFraction, maxIterations, chunk, validationEvery, patience, patienceFraction,
                    powerSteps, k, patienceRule);
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

    /**
     * How a descent draws its random start (X₀, Y₀ and the power iteration's first vector): one stream per descent
     * read in order ({@link #SEQUENTIAL}, the local default), or one stream per row of x keyed by a seed from it
     * ({@link #PER_ROW}: the same numbers wherever the rows live, as the distributed descent draws them).
     */
    public enum Draws { SEQUENTIAL, PER_ROW }

    /**
     * The validation part as a descent scores it: entry (row, column), value, the centring's prediction there, and
     * the training range predictions are clipped to.
     */
    public record Held(int[] row, int[] column, double[] value, double[] offset, double low, double high) {}

    /**
     * What one descent of a fit yields, wherever it ran: its α, best validation RMSE and iteration, iterations, stop,
     * rejected chunks, final f, IPGD's status and perturbations, step decisions and validation curve. Its best
     * iterate stays with the {@link Descents} that ran it ({@link Descents#best}), under {@code id}.
     */
    public record Outcome(int id, double alpha, double bestRmse, int bestIteration, int iterations, StopReason stopped,
                          int rejections, double finalLoss, Status ipgdStatus, int ipgdPerturbations,
                          List<StepDecision> steps, ValidationCurve curve) {}

    /**
     * A scale of the α grid racing the best scale before it (its {@code rival}, finished): it is behind at a scored
     * step when its validation RMSE is worse than the rival's at the first of the rival's iterates that fitted the
     * training part as well (f at most this f). From small starts the singular directions grow at rates set by their
     * singular values and α sets how far apart in time they arrive, so at equal f the better-separated descent has
     * fitted more signal and less noise; a scale behind for the whole patience, and not yet better than the rival's
     * best, is dropped instead of being descended to its own optimum. One per descent, for either engine.
     */
    public static final class Race {
        private final Outcome rival;
        private final int patience;
        private int behindSince = -1;
        private boolean behind;

        public Race(Outcome rival, int patience) {
            this.rival = rival;
            this.patience = patience;
        }

        /**
         * Hears step {@code global} scored at f = {@code loss} with validation RMSE {@code rmse}, the descent's best so
         * far (pending included) being {@code bestSoFar}; returns whether it is dropped now.
         */
        public boolean update(int global, double loss, double rmse, double bestSoFar) {
            boolean now = rmse > rival.curve().rmseAtLoss(loss);
            behindSince = now ? (behindSince < 0 ? global : behindSince) : -1;
            behind = now && global - behindSince >= patience && bestSoFar >= rival.bestRmse();
            return behind;
        }

        /** Whether the last update dropped the descent. */
        public boolean behind() { return behind; }

        /** Forgets the history (a rolled-back chunk). */
        public void reset() {
            behind = false;
            behindSince = -1;
        }
    }

    /**
     * The descents of one fit on one centred target at one search rank: the same start, gradient steps, step-size
     * safeguard and early stopping wherever they run. The grid over α, the members, the refit and the average are
     * {@link RankFreeDescent}'s, above this seam.
     */
    public interface Descents extends AutoCloseable {
        /**
         * One descent from the small random start of scale α (IPGD from zero: α is NaN) with the stream rng, for at
         * most {@code budget} steps, stopped early on the validation part (none: a refit, which ends at the budget),
         * racing {@code rival} (the grid's best scale so far, or null: see {@link Race}).
         */
        Outcome descend(double alpha, double sigmaHat, SplittableRandom rng, int budget, String label,
                        Outcome rival);

        /** x = [X; Y(; b; c)] at the best iterate of a descent (the last, for a refit). */
        double[] best(Outcome outcome);

        /** The data term f at the best iterate of a descent. */
        double bestLoss(Outcome outcome);

        /** Frees the best iterate of a descent that lost. */
        void forget(Outcome outcome);

        /**
         * The factors of the average of {@code members} (1/K)Σ X^kY^kᵀ = L·Rᵀ with L = [X¹…X^K]/√K (n₁ × K·r') and
         * R = [Y¹…Y^K]/√K (n₂ × K·r'), each side where it lives. This default gathers every member's x here
         * ({@link #best}); a distributed engine leaves its blocks' side in the blocks.
         */
        default FactorPair average(List<Outcome> members, int rows, int columns, int memberRank) {
            int count = members.size(), rank = count * memberRank, yOff = rows * memberRank;
            double share = 1 / Math.sqrt(count);
            double[] left = new double[rows * rank], right = new double[columns * rank];
            for (int k = 0; k < count; k++) {
                double[] x = best(members.get(k));
                int column = k * memberRank;
                for (int i = 0; i < rows; i++) {
                    for (int a = 0; a < memberRank; a++) left[i * rank + column + a] = share * x[i * memberRank + a];
                }
                for (int j = 0; j < columns; j++) {
                    for (int a = 0; a < memberRank; a++) {
                        right[j * rank + column + a] = share * x[yOff + j * memberRank + a];
                    }
                }
            }
            return new FactorPair(FactorRows.of(left, rows, rank), FactorRows.of(right, columns, rank));
        }

        /** The imbalance ‖XᵀX − YᵀY‖_F at the best iterate of a descent (this default: from {@link #best} here). */
        default double imbalanceNorm(Outcome outcome, int rows, int columns, int memberRank) {
            return new BalanceRegularizer(rows, columns, memberRank, 0).imbalanceNorm(best(outcome));
        }

        /**
         * The errors (predictions clipped to the training range) on the held part of the model {@code average} of
         * these descents (the members' best iterates, each factor scaled by 1/√K, plus the centring).
         */
        Errors heldErrors(List<Outcome> members, LowRankCompletion average);

        @Override void close();
    }

    /** The two factors of a low-rank model L·Rᵀ, each where it lives. */
    public record FactorPair(FactorRows left, FactorRows right) {}

    /** Where a fit's descents run: {@link #local} (this JVM's engine) or a distributed one (the spark module's). */
    @FunctionalInterface
    public interface Engine {
        /**
         * The descents on the training part of {@code target} (centred) at search rank r', scored on its held part
         * (none: a refit).
         */
        Descents open(RankFreeDescent model, FitRatings target, int rank);

        /**
         * This JVM's engine with its data term made by {@code terms}, drawing its starts as {@code draws} says (on
         * data held in this JVM, {@link LocalRatings}).
         */
        static Engine local(CompletionTerm.Factory terms, Draws draws) {
            return (model, target, rank) -> {
                if (!(target instanceof LocalRatings local)) {
                    throw new IllegalArgumentException("this JVM's engine runs on ratings held in this JVM");
                }
                return model.new LocalDescents(terms, draws, local.train(), rank, local.held());
            };
        }

        /**
         * {@link #local} with the larger side as the descents' rows, as the spark engine runs them: on the transpose
         * when there are more columns than rows ({@link TransposedDescents}), the model handed out rows × columns.
         */
        static Engine localLargerSideAsRows(CompletionTerm.Factory terms, Draws draws) {
            Engine plain = local(terms, draws);
            return (model, target, rank) -> {
                if (target.columns() <= target.rows()) return plain.open(model, target, rank);
                if (model.settings().jointBiases()) {
                    throw new IllegalArgumentException("joint biases are not fitted on the transpose");
                }
                LocalRatings local = (LocalRatings) target;
                Held held = local.held();
                Held flipped = held == null ? null : new Held(held.column(), held.row(), held.value(), held.offset(),
                        held.low(), held.high());
                return new TransposedDescents(model.new LocalDescents(terms, draws, local.train().transpose(), rank,
                        flipped), held, target.rows(), target.columns(), rank);
            };
        }
    }

    /** One decision of the step-size controller: the chunk's start, L̂, η and whether the chunk was kept. */
    public record StepDecision(int iteration, double curvature, double stepSize, boolean accepted) {}

    /** The validation RMSE (and f) at the scored iterates of a descent, kept as primitive columns. */
    public static final class ValidationCurve {
        private int size;
        private int[] iteration = new int[64];
        private double[] loss = new double[64], rmse = new double[64];

        /** Adds the point of iteration t: f and the validation RMSE. */
        public void add(int t, double f, double r) {
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
        public void truncateAfter(int t) {
            while (size > 0 && iteration[size - 1] > t) size--;
        }

        /** The last iteration scored (Integer.MIN_VALUE before the first). */
        public int lastIteration() { return size == 0 ? Integer.MIN_VALUE : iteration[size - 1]; }

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
        private final Errors validation;

        Fit(LowRankCompletion model, Report report, Errors validation) {
            this.model = model;
            this.report = report;
            this.validation = validation;
        }

        /**
         * The model's errors on the held part it was tuned on, predictions clipped to the training range (null for a
         * refit), computed where the held part lives.
         */
        public Errors validation() { return validation; }

        @Override public double predict(int row, int column) { return model.predict(row, column); }

        /** The low-rank model: offset + L·Rᵀ. */
        public LowRankCompletion model() { return model; }

        /** This fit with its factors held in this JVM (itself when they are: see {@link LowRankCompletion#gathered}). */
        public Fit gathered() {
            LowRankCompletion here = model.gathered();
            return here == model ? this : new Fit(here, report, validation);
        }

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
    private final Engine engine;

    public RankFreeDescent(Settings settings) { this(settings, FitProgress.NONE, CompletionTerm.LOCAL); }

    /**
     * A model that reports every scored step to {@code progress} and evaluates its data term where {@code terms}
     * makes it: {@link CompletionTerm#LOCAL} (this JVM) or a distributed one (the spark module's), with the same
     * centring, α grid, early stopping and members either way.
     */
    public RankFreeDescent(Settings settings, FitProgress progress, CompletionTerm.Factory terms) {
        this(settings, progress, Engine.local(terms, Draws.SEQUENTIAL));
    }

    /** A model whose descents run where {@code engine} runs them, with the same grid, members and refit. */
    public RankFreeDescent(Settings settings, FitProgress progress, Engine engine) {
        this.settings = settings;
        this.progress = progress;
        this.engine = engine;
    }

    public Settings settings() { return settings; }

    /** Hears every scored step of every descent. */
    public FitProgress progress() { return progress; }

    @Override public String name() { return "irlab"; }

    @Override public Fit fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        return fit(FitRatings.of(train, validation), rng);
    }

    /**
     * Fits on the training part of {@code data}, tuned and stopped early on its held part: the centring, the residuals,
     * σ̂, the α grid and the members, wherever the data lives.
     */
    public Fit fit(FitRatings data, SplittableRandom rng) {
        if (data.size() == 0) throw new IllegalArgumentException("no training entries");
        if (data.heldSize() == 0) throw new IllegalArgumentException("early stopping needs validation entries");
        AdditiveCompletion offset = settings.centering().fit(data);
        FitRatings target = data.centred(offset);
        int rank = searchRank(settings.searchRank(), data.rows(), data.columns());
        try (Descents descents = engine.open(this, target, rank)) {
            double sigmaHat = leadingSingularValue(target, rng.split());
            return tune(descents, target, offset, sigmaHat, rank, rng);
        }
    }

    /** What a descent minimises on {@code target}: the data term, with the balancing term, and the preconditioner. */
    private record Loss(CompletionTerm data, Objective objective, RowScaling preconditioner, double weight)
            implements AutoCloseable {
        @Override public void close() { data.close(); }
    }

    /** The {@link Loss} on the centred ratings {@code target} at search rank r', its data term made by terms. */
    private Loss loss(CompletionTerm.Factory terms, SparseRatings target, int rank) {
        double weight = balanceWeight(target.rows(), target.columns());
        double gamma = settings.countExponent();
        CompletionTerm data = terms.create(target.pattern(), target.values(), rank, 1.0 / target.size(),
                settings.jointBiases());
        RowScaling preconditioner = gamma > 0
                ? new RowScaling(countFactors(target.rowStart(), target.columnStart(), gamma), rank) : null;
        return new Loss(data, withBalance(data, weight), preconditioner, weight);
    }

    /** w = λ/(n₁n₂). */
    private double balanceWeight(int rows, int columns) {
        return settings.balance() / ((double) rows * columns);
    }

    /**
     * Refits on {@code all} with what {@code tuned} chose: the centring with its λ, then each of the tuned fit's
     * members again from a fresh start at the chosen α for the number of steps at which its validation RMSE was best
     * (the loss is scaled by 1/|Ω|, so the count transfers), with the same step-size safeguard and no early stopping;
     * the model is their average as in {@link #fit}. The report's validation numbers are NaN (nothing is held out).
     */
    @Override public Fit refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        return refit(FitRatings.of(all, null), tuned, rng);
    }

    /** {@link #refit} on the training part of {@code all}, wherever it lives. */
    public Fit refit(FitRatings all, Completion tuned, SplittableRandom rng) {
        if (!(tuned instanceof Fit chosen)) throw new IllegalArgumentException("not a fit of this model");
        Report r = chosen.report();
        AdditiveCompletion offset = settings.centering().refit(all, chosen.model().offset());
        FitRatings target = all.centred(offset);
        int rank = r.searchRank();
        try (Descents descents = engine.open(this, target, rank)) {
            double sigmaHat = leadingSingularValue(target, rng.split());
            List<Outcome> members = new ArrayList<>();
            int[] steps = r.memberBestIterations();
            for (int k = 0; k < steps.length; k++) {
                members.add(descents.descend(r.initScale(), sigmaHat, rng.split(), Math.max(1, steps[k]),
                        "refit, descent " + (k + 1) + " of " + steps.length, null));
            }
            return completion(descents, target, offset, members, false, r.grid(), rank, sigmaHat);
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
    private Fit tune(Descents descents, FitRatings target, AdditiveCompletion offset, double sigmaHat, int rank,
                     SplittableRandom rng) {
        int rows = target.rows(), columns = target.columns();

        double[] scales = settings.start() == Start.SMALL_RANDOM ? settings.initScales() : new double[] {Double.NaN};
        Arrays.sort(scales);
        SplittableRandom[] pointRngs = new SplittableRandom[scales.length];
        for (int k = 0; k < scales.length; k++) pointRngs[k] = rng.split(); // by grid position, not visiting order
        // The grid is searched upwards from its smallest α for as long as validation RMSE keeps improving (it was
        // unimodal in α on every data set we tried); each scale races the best one before it (Race) and is
        // dropped once it is behind at equal training loss. The smallest α wins on images and the synthetic tests,
        // where its descent is the longest, so there the search costs the winner plus the first chunks of one loser;
        // MovieLens' descents take ~50 steps whatever α, so trying 1e-3 there first costs one short descent.
        Outcome[] runs = new Outcome[scales.length];
        java.util.function.IntConsumer run = k -> runs[k] = descents.descend(scales[k], sigmaHat, pointRngs[k],
                settings.maxIterations(), settings.start() == Start.IPGD_ZERO ? "IPGD from zero" : "α = " + scales[k],
                k > 0 ? runs[k - 1] : null);
        run.accept(0);
        for (int k = 1; k < scales.length; k++) {
            run.accept(k);
            if (!(runs[k].bestRmse() < runs[k - 1].bestRmse())) break;
        }
        Outcome best = null;
        for (Outcome r : runs) if (r != null && (best == null || r.bestRmse() < best.bestRmse())) best = r;
        // More descents at the chosen α from independent starts, averaged: each stops early on its own, and their
        // mean (1/K)Σ X^k Y^kᵀ is itself a factorization [X¹…X^K][Y¹…Y^K]ᵀ/K, so nothing else changes
        for (Outcome r : runs) if (r != null && r != best) descents.forget(r); // only the winner's iterate is used
        List<Outcome> members = new ArrayList<>(List.of(best));
        int memberCount = members(settings.members(), (long) (rows + columns) * rank);
        for (int k = 1; k < memberCount; k++) {
            members.add(descents.descend(best.alpha(), sigmaHat, rng.split(), settings.maxIterations(),
                    (settings.start() == Start.IPGD_ZERO ? "IPGD from zero" : "α = " + best.alpha()) + ", descent "
                            + (k + 1) + " of " + memberCount, null));
        }
        List<GridPoint> grid = new ArrayList<>();
        for (int k = 0; k < scales.length; k++) {
            Outcome r = runs[k];
            grid.add(r == null ? new GridPoint(scales[k], true, -1, -1, Double.NaN, null)
                    : new GridPoint(scales[k], false, r.bestIteration(), r.iterations(), r.bestRmse(), r.stopped()));
        }
        return completion(descents, target, offset, members, true, grid, rank, sigmaHat);
    }

    /**
     * How many descents to average: the requested number, fewer when their (n₁+n₂)·r' factors together would pass
     * {@value #DEFAULT_FACTOR_BUDGET} doubles (the budget one descent's r' is sized by), at least 1: MovieLens-small
     * keeps 3 members of r' = 500, MovieLens-20M's shape one of r' = 200.
     */
    public static int members(int requested, long factorSize) {
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
    public static double leadingSingularValue(SparseRatings a, SplittableRandom rng) {
        return leadingSingularValue(FitRatings.of(a, null), rng);
    }

    /** σ₁ of the training part of {@code a} (zeros off Ω) by power iteration on AᵀA, wherever it lives. */
    public static double leadingSingularValue(FitRatings a, SplittableRandom rng) {
        double[] v = new double[a.columns()];
        Randoms.gaussian(rng, 1.0, v);
        double sigma = 0;
        for (int s = 0; s < 100; s++) {
            double nv = org.irlab.linalg.Kernels.norm(v);
            if (!(nv > 0)) return 0;
            org.irlab.linalg.Kernels.scale(1 / nv, v);
            double next = a.gramStep(v, v);
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
        final double[] pending, startVector;
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
            this.startVector = new double[d];
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
            current.watch.decision(iteration, curvature, stepSize, accepted);
        }
    }

    /**
     * One descent from one starting point, with early stopping (the validation observer and the composition), or —
     * without a validation part (a refit) — for the machinery's budget of steps, returning the last iterate.
     */
    private final class Run implements IterationObserver, ValidationWatch.Iterates {
        final Machinery machinery;
        final Draws draws;
        final Validation check; // null: a refit, no early stopping
        final double alpha;
        final long perturbationSeed;
        final SplittableRandom initRng, curvatureRng;
        final double sigmaHat;
        final ValidationWatch watch;
        double[] best; // dropped (null) for grid runs that lost, before the other members descend
        int iteration, rejections, ipgdPerturbations = -1;
        double finalLoss = Double.NaN;
        StopReason stopReason = StopReason.ITERATION_LIMIT;
        Status ipgdStatus;

        Run(Machinery machinery, Draws draws, Validation check, double alpha, double sigmaHat, SplittableRandom rng,
            String label, Outcome rival) {
            this.machinery = machinery;
            this.draws = draws;
            this.check = check;
            this.alpha = alpha;
            this.sigmaHat = sigmaHat;
            this.watch = new ValidationWatch(settings, progress, label, check != null, rival, this);
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
                if (draws == Draws.PER_ROW) {
                    long seed = initRng.nextLong();
                    for (int i = 0; i < data.rows(); i++) Randoms.gaussianRow(seed, i, left, x, i * r, r);
                    for (int j = 0; j < data.columns(); j++) {
                        Randoms.gaussianRow(seed, data.rows() + j, right, x, split + j * r, r);
                    }
                } else {
                    for (int i = 0; i < split; i++) x[i] = left * Randoms.gaussian(initRng);
                    for (int i = split; i < split + data.columns() * r; i++) x[i] = right * Randoms.gaussian(initRng);
                }
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
            if (draws == Draws.PER_ROW) {
                m.curvature.restart(powerStart(machinery.data, curvatureRng.nextLong(), machinery.startVector));
            } else {
                m.curvature.restart(curvatureRng);
            }
            double[] x = state.x();
            double ceiling = controller.begin(x, INITIAL_POWER_STEPS);
            double f0 = value();
            watch.score(0, f0);
            watch.commit();
            if (!(ceiling > 0) || !Double.isFinite(ceiling)) { // nothing to fit: the target is 0 on Ω and x₀ = 0
                stopReason = StopReason.ZERO_CURVATURE;
                watch.end(0, f0);
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
            if (status == Status.ITERATION_LIMIT && !watch.stop() && state.iteration() < m.budget) {
                m.watch.setFloor(0);
                StoppingRule patience = s -> watch.stop() ? Status.EARLY_STOPPED : null;
                status = Descent.run(state, m.phase(Phase.gradientDescent(controller.wholePhase(false),
                        controller.atAcceptedBoundary().and(patience)
                                .or(StoppingRule.iterations(m.budget))
                                .or(StoppingRule.gradientTolerance(0)))));
            }
            rejections = controller.rejections();
            iteration = state.iteration();
            stopReason = watch.stopReason(status);
            Descent.finish(state);
            finalLoss = state.loss();
            watch.end(iteration, finalLoss);
        }

        @Override public void onIterate(int t, double[] point, double loss, double[] gradient, double gradientNorm,
                                        boolean last) {
            if (!last) watch.onIterate(t, loss);
        }

        /** What this descent yields, under the id {@code id}. */
        Outcome outcome(int id) {
            return watch.outcome(id, alpha, iteration, stopReason, rejections, finalLoss, ipgdStatus,
                    ipgdPerturbations);
        }

        /** A rejected chunk: its iterates leave no trace. */
        @Override public void onRollBack(int t) { watch.rolledBack(t); }

        @Override public void keepPending() {
            double[] x = machinery.state.x();
            System.arraycopy(x, 0, machinery.pending, 0, x.length);
        }

        @Override public void keepBest() { System.arraycopy(machinery.pending, 0, best, 0, best.length); }

        @Override public void keepLast() { System.arraycopy(machinery.state.x(), 0, best, 0, best.length); }

        @Override public double value() { return machinery.objective.value(machinery.state.x()); }

        @Override public double rmse() { return check.rmse(machinery.state.x()); }
    }

    /** Validation RMSE of an iterate: offset + model, clipped to the training range. */
    private static final class Validation {
        final CompletionTerm objective;
        final int[] row, column;
        final double[] value, offset, prediction;
        final double low, high;

        Validation(CompletionTerm objective, Held held) {
            this.objective = objective;
            this.row = held.row();
            this.column = held.column();
            this.value = held.value();
            this.offset = held.offset();
            this.prediction = new double[value.length];
            this.low = held.low();
            this.high = held.high();
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

    }

    /** The validation errors of a fitted completion (its own offset included), clipped to the training range. */
    static Errors errors(Held held, Completion fitted) {
        double squares = 0, absolutes = 0;
        int[] row = held.row(), column = held.column();
        double[] value = held.value();
        for (int k = 0; k < value.length; k++) {
            double d = Errors.clip(fitted.predict(row[k], column[k]), held.low(), held.high()) - value[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        return new Errors(Math.sqrt(squares / value.length), absolutes / value.length, value.length);
    }

    /**
     * The power iteration's first vector drawn row by row ({@link Draws#PER_ROW}): N(0, 1) entries, row k of x
     * (X rows, then Y rows, then each bias a row of one) from the keyed stream k, written into {@code out}.
     */
    static double[] powerStart(CompletionTerm data, long seed, double[] out) {
        int r = data.searchRank(), lines = data.rows() + data.columns();
        for (int k = 0; k < lines; k++) Randoms.gaussianRow(seed, k, 1.0, out, k * r, r);
        for (int k = lines * r; k < out.length; k++) Randoms.gaussianRow(seed, lines + k - lines * r, 1.0, out, k, 1);
        return out;
    }

    /** The local engine's descents: the composition on {@link Descent}, one {@link Machinery} per budget. */
    final class LocalDescents implements Descents {
        private final Loss loss;
        private final Held held;
        private final Validation check;
        private final Draws draws;
        private final List<Run> runs = new ArrayList<>();
        private Machinery machinery;

        LocalDescents(CompletionTerm.Factory terms, Draws draws, SparseRatings target, int rank, Held held) {
            this.loss = loss(terms, target, rank);
            this.held = held;
            this.check = held == null ? null : new Validation(loss.data, held);
            this.draws = draws;
        }

        @Override public Outcome descend(double alpha, double sigmaHat, SplittableRandom rng, int budget,
                                         String label, Outcome rival) {
            if (machinery == null || machinery.budget != budget) {
                machinery = new Machinery(loss.data, loss.objective, loss.preconditioner, budget);
            }
            Run run = new Run(machinery, draws, check, alpha, sigmaHat, rng, label, rival);
            run.descend();
            runs.add(run);
            return run.outcome(runs.size() - 1);
        }

        @Override public double[] best(Outcome outcome) { return runs.get(outcome.id()).best; }

        @Override public double bestLoss(Outcome outcome) { return loss.data.value(best(outcome)); }

        @Override public void forget(Outcome outcome) { runs.get(outcome.id()).best = null; }

        @Override public Errors heldErrors(List<Outcome> members, LowRankCompletion average) {
            return errors(held, average);
        }

        @Override public void close() { loss.close(); }
    }

    private Fit completion(Descents descents, FitRatings target, AdditiveCompletion offset, List<Outcome> members,
                           boolean scored, List<GridPoint> grid, int memberRank, double sigmaHat) {
        Outcome run = members.get(0);
        int n1 = target.rows(), n2 = target.columns(), count = members.size();
        int rank = count * memberRank;
        double weight = balanceWeight(n1, n2);
        int rowBiasOffset = (n1 + n2) * memberRank, columnBiasOffset = rowBiasOffset + n1;
        FactorPair factors = descents.average(members, n1, n2, memberRank);
        AdditiveCompletion base = offset;
        if (settings.jointBiases()) {
            double[] b = offset.rowBias(), c = offset.columnBias();
            for (Outcome member : members) {
                double[] x = descents.best(member);
                for (int i = 0; i < n1; i++) b[i] += x[rowBiasOffset + i] / count;
                for (int j = 0; j < n2; j++) c[j] += x[columnBiasOffset + j] / count;
            }
            base = new AdditiveCompletion(offset.mean(), b, c, offset.hyperParameters(), offset.diagnostics());
        }
        // K·r' columns of an average: the QR route costs (n₁+n₂)(K·r')² flops, the Gram route n₁n₂K·r' + m²·max(n₁, n₂)
        // and n₁n₂ doubles; take the cheaper one that fits (both end in an eigen- or singular value problem of size
        // ≤ m, left out of the comparison). One descent keeps the QR route, accurate to round-off.
        long m = Math.min(n1, n2), n = Math.max(n1, n2), p = rank;
        double qr = (double) (n1 + n2) * p * p, gram = (double) n1 * n2 * p + (double) m * m * n;
        // The QR route needs only each side's R (rank × rank), which a distributed side computes in its blocks (TSQR)
        double[] left = factors.left().held(), right = factors.right().held(), sv;
        if (left != null && right != null && count > 1 && (long) n1 * n2 <= GRAM_SPECTRUM_MAX_ENTRIES && gram < qr) {
            sv = FactorSpectrum.singularValuesThroughGram(left, right, n1, n2, rank);
        } else {
            sv = FactorSpectrum.singularValues(factors.left().triangular(), Math.min(n1, rank),
                    factors.right().triangular(), Math.min(n2, rank), rank);
        }
        LowRankCompletion model = new LowRankCompletion(base, factors.left(), factors.right(), Map.of(), Map.of());
        Errors validation = scored ? descents.heldErrors(members, model) : null;
        double[] memberRmse = new double[count];
        int[] memberStops = new int[count];
        for (int k = 0; k < count; k++) {
            memberRmse[k] = members.get(k).bestRmse();
            memberStops[k] = members.get(k).bestIteration();
        }
        Report report = new Report(settings, settings.start() == Start.SMALL_RANDOM ? run.alpha() : Double.NaN,
                memberRank, count, offset.hyperParameters(), sv, MatrixMeasures.effectiveRank(sv), run.bestIteration(),
                run.iterations(), run.stopped(),
                !scored ? Double.NaN : count > 1 ? validation.rmse() : run.bestRmse(), memberRmse,
                memberStops, run.rejections(), run.finalLoss(), run.ipgdStatus(), run.ipgdPerturbations(), sigmaHat,
                weight, descents.imbalanceNorm(run, n1, n2, memberRank), descents.bestLoss(run),
                grid, run.steps(), run.curve());
        return new Fit(model, report, validation);
    }
}
