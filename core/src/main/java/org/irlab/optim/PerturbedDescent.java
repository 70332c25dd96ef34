package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;

/**
 * The one descent loop behind GD, PGD, IPGD (Algorithm 1) and IPGD+ (Algorithm 2). Each variant is the plain GD
 * step x_{t+1} = x_t − η∇f(x_t) plus optional pieces: the episodic ball perturbation (lines 4–7), the escape test
 * (lines 8–10), the refinement phase (Algorithm 2, lines 2–4) and, only when asked for ({@link Adaptive}), the
 * robust options: T_escape from λ_min(∇²f(z)) and η from L = ‖∇²f‖. Stateless: all run state lives in one run.
 */
public final class PerturbedDescent {
    /** Consecutive direction reversals that make a period-2 oscillation (see {@link OscillationDetector}). */
    static final int OSCILLATION_WINDOW = 100;

    /** Tolerance of the step-size estimates of L (coarse: η = c/L needs no more). */
    static final double STEP_TOLERANCE = 1e-3;

    /** stepSize auto gives up (status diverged) after this many halvings. */
    static final int MAX_HALVINGS = 60;

    private PerturbedDescent() {}

    /**
     * Runs the configured variant from x0 (not modified).
     *
     * @return the result; ordinary outcomes (divergence, iteration limit) are statuses, not exceptions
     */
    public static DescentResult run(Objective objective, double[] x0, DescentSettings s, IterationObserver observer) {
        if (x0.length != objective.dimension()) {
            throw new IllegalArgumentException("x0 has " + x0.length + " entries, objective has " + objective.dimension());
        }
        return new Run(objective, x0, s, observer).execute();
    }

    /** The state of one run. */
    private static final class Run {
        private final Objective objective;
        private final DescentSettings s;
        private final Adaptive adaptive;
        private final IterationObserver observer;
        private final int d;
        private final double[] x, g, previous, candidate, xi;
        private final SplittableRandom rng;
        private final OscillationDetector oscillation;
        private CurvatureProbe probe;

        private double eta, f, gn;
        private int t, escapeSteps, halvings = 0, perturbations, noOps, returnedAt = -1, suggestedEscapeSteps = -1;
        private int lastStepEstimate = Integer.MIN_VALUE / 2;
        private long evaluations;
        private double candidateLoss = Double.NaN, certificate = Double.NaN, multiplier = 1;
        private boolean candidateIsInitial, atInitialPoint = true;

        Run(Objective objective, double[] x0, DescentSettings s, IterationObserver observer) {
            this.objective = objective;
            this.s = s;
            this.adaptive = s.adaptive();
            this.observer = observer;
            this.d = objective.dimension();
            this.x = x0.clone();
            this.g = new double[d];
            this.previous = x0.clone();
            this.candidate = new double[d];
            this.xi = new double[d];
            this.rng = new SplittableRandom(s.seed());
            this.eta = s.stepSize();
            this.escapeSteps = s.escapeSteps();
            this.oscillation = new OscillationDetector(d, OSCILLATION_WINDOW,
                    s.perturbs() ? s.gradientThreshold() : Math.max(0, s.gradientTolerance()));
        }

        DescentResult execute() {
            long tNoise = -(long) s.escapeSteps() - 1; // line 2
            Status status;
            while (true) {
                if (!evaluate()) {
                    if (recover()) continue;
                    status = Status.DIVERGED;
                    break;
                }
                if (adaptive.autoStepSize() && t - lastStepEstimate >= adaptive.curvatureEvery()) estimateStepSize();
                // lines 4–7: perturb when the gradient is small and no perturbation in the last T_escape steps
                if (s.perturbs() && gn <= s.gradientThreshold() && t - tNoise > escapeSteps) {
                    if (adaptive.autoEscape() && chooseEscapeSteps()) {
                        System.arraycopy(x, 0, candidate, 0, d);
                        returnedAt = t;
                        status = Status.RETURNED_CANDIDATE_SOSP;
                        break;
                    }
                    perturb();
                    tNoise = t;
                    if (!Double.isFinite(f) || !Double.isFinite(gn)) { status = Status.DIVERGED; break; }
                }
                // lines 8–10: the escape test (IPGD: f(x_t) − f(z) ≥ −F; Jin et al.'s PGD: f(x_t) − f(x̃) > −f_thres)
                if (s.hasEscapeTest() && t - tNoise == escapeSteps && noEscape(f - candidateLoss)) {
                    observer.onEvent(new DescentEvent(t, DescentEvent.Kind.RETURNED_CANDIDATE, candidateLoss, f, 0, 0));
                    System.arraycopy(candidate, 0, x, 0, d);
                    returnedAt = t;
                    status = candidateIsInitial ? Status.RETURNED_INITIAL_POINT : Status.RETURNED_CANDIDATE;
                    break;
                }
                if (t >= s.maxIterations()) { status = Status.ITERATION_LIMIT; break; }
                if (!s.perturbs() && gn <= s.gradientTolerance()) { status = Status.CONVERGED; break; }
                watchOscillation();
                observer.onIterate(t, x, f, g, gn, false);
                step();
                if (atInitialPoint && gn != 0) atInitialPoint = false;
                t++;
            }

            if (status == Status.DIVERGED) {
                System.arraycopy(previous, 0, x, 0, d); // the last finite iterate
                if (t > 0) t--;
            } else if (status == Status.RETURNED_INITIAL_POINT) {
                suggestEscapeSteps();
            }
            if (s.algorithm() == Algorithm.IPGD_PLUS && (status == Status.RETURNED_CANDIDATE
                    || status == Status.RETURNED_INITIAL_POINT || status == Status.RETURNED_CANDIDATE_SOSP)) {
                status = refine(status);
            }
            if (status == Status.ITERATION_LIMIT && oscillation.oscillating()) status = Status.OSCILLATING;
            evaluate();
            observer.onIterate(t, x, f, g, gn, true);
            return new DescentResult(status, x, t, evaluations, perturbations, noOps, returnedAt, f, gn,
                    explain(status), certificate, suggestedEscapeSteps, eta, halvings,
                    probe == null ? 0 : probe.hessianProducts());
        }

        /** Algorithm 2, lines 2–4: T' plain GD steps from IPGD's output. */
        private Status refine(Status ipgdStatus) {
            observer.onEvent(new DescentEvent(t, DescentEvent.Kind.REFINEMENT_START, Double.NaN, Double.NaN, 0, 0));
            oscillation.reset();
            int done = 0;
            while (done < s.refineSteps()) {
                if (!evaluate()) {
                    if (recover()) { done--; continue; }
                    System.arraycopy(previous, 0, x, 0, d);
                    t--;
                    return Status.DIVERGED;
                }
                if (adaptive.autoStepSize() && t - lastStepEstimate >= adaptive.curvatureEvery()) estimateStepSize();
                watchOscillation();
                observer.onIterate(t, x, f, g, gn, false);
                step();
                t++;
                done++;
            }
            if (oscillation.oscillating()) return Status.OSCILLATING;
            return ipgdStatus == Status.RETURNED_INITIAL_POINT ? Status.RETURNED_INITIAL_POINT : Status.CONVERGED;
        }

        /** f, ∇f and ‖∇f‖ at x; false when any is NaN or infinite. */
        private boolean evaluate() {
            f = objective.valueAndGradient(x, g);
            evaluations++;
            gn = Kernels.norm(g);
            return Double.isFinite(f) && Double.isFinite(gn);
        }

        /** stepSize auto: undo the step that diverged and halve η; false when not adaptive or out of halvings. */
        private boolean recover() {
            if (!adaptive.autoStepSize() || t == 0 || halvings >= MAX_HALVINGS) return false;
            System.arraycopy(previous, 0, x, 0, d);
            t--;
            halve();
            return true;
        }

        private void watchOscillation() {
            if (oscillation.observe(t, g, gn) && adaptive.autoStepSize()) {
                halve();
                oscillation.reset();
            }
        }

        private void halve() {
            multiplier /= 2;
            eta /= 2;
            halvings++;
            observer.onEvent(new DescentEvent(t, DescentEvent.Kind.STEP_SIZE_HALVED, f, f, 0, 0, eta, 0));
        }

        /** η = multiplier·c/L with L = max(|θ_min|, |θ_max|), the spectral norm of ∇²f(x). */
        private void estimateStepSize() {
            CurvatureProbe.Estimate e = probe().estimate(x, STEP_TOLERANCE);
            double lipschitz = Math.max(Math.abs(e.minimum()), Math.abs(e.maximum()));
            lastStepEstimate = t;
            if (!(lipschitz > 0) || !Double.isFinite(lipschitz)) return; // flat: keep the current η
            double previousEta = eta;
            eta = multiplier * adaptive.stepFraction() / lipschitz;
            if (Math.abs(eta - previousEta) > 0.05 * previousEta) { // log changes, not every re-estimate
                observer.onEvent(new DescentEvent(t, DescentEvent.Kind.STEP_SIZE, f, f, 0, 0, eta, 0));
            }
        }

        /**
         * escapeSteps auto at a perturbation point: returns true when λ_min ≥ −τ (z is returned as an approximate
         * SOSP); otherwise sets this episode's T_escape from λ_min.
         */
        private boolean chooseEscapeSteps() {
            CurvatureProbe.Estimate e = probe().estimate(x, Adaptive.LANCZOS_TOLERANCE);
            double lambdaMin = e.minimum();
            if (lambdaMin >= -adaptive.curvatureTolerance()) {
                certificate = lambdaMin;
                observer.onEvent(new DescentEvent(t, DescentEvent.Kind.CURVATURE, f, f, 0, 0, lambdaMin, 0));
                return true;
            }
            escapeSteps = adaptive.escapeSteps(lambdaMin, s.radius(), d, eta, s.decreaseThreshold());
            observer.onEvent(new DescentEvent(t, DescentEvent.Kind.CURVATURE, f, f, 0, 0, lambdaMin, escapeSteps));
            return false;
        }

        /** For returned-initial-point: the escape steps λ_min at the initial point calls for (defaults of Adaptive). */
        private void suggestEscapeSteps() {
            CurvatureProbe.Estimate e = probe().estimate(candidate, Adaptive.LANCZOS_TOLERANCE);
            certificate = e.minimum();
            if (e.minimum() < 0) {
                int k = Adaptive.NONE.escapeSteps(e.minimum(), s.radius(), d, eta, s.decreaseThreshold());
                suggestedEscapeSteps = Math.max(k, 2 * s.escapeSteps());
            }
        }

        /** Line 6: z ← x_t, x_t ← x_t + ξ with ξ uniform in the ball of radius γ; counts round-off no-ops. */
        private void perturb() {
            System.arraycopy(x, 0, candidate, 0, d);
            candidateLoss = f;
            candidateIsInitial = atInitialPoint;
            Randoms.uniformBall(rng, s.radius(), xi);
            int changed = 0;
            for (int i = 0; i < d; i++) {
                double moved = x[i] + xi[i];
                if (moved != x[i]) changed++;
                x[i] = moved;
            }
            perturbations++;
            if (changed == 0) {
                noOps++;
            } else {
                atInitialPoint = false;
                evaluate();
            }
            observer.onEvent(new DescentEvent(t, changed == 0 ? DescentEvent.Kind.NO_OP_PERTURBATION
                    : DescentEvent.Kind.PERTURBATION, candidateLoss, f, Kernels.norm(xi), changed));
        }

        private boolean noEscape(double decrease) {
            return s.algorithm() == Algorithm.PGD ? decrease > -s.decreaseThreshold() : decrease >= -s.decreaseThreshold();
        }

        private void step() {
            for (int i = 0; i < d; i++) { // keep x_t as `previous` and step, in one pass over the arrays
                double xi = x[i];
                previous[i] = xi;
                x[i] = xi - eta * g[i];
            }
        }

        private CurvatureProbe probe() {
            if (probe == null) probe = new CurvatureProbe(objective, adaptive.lanczosSteps(), s.seed() ^ 0x5DEECE66DL);
            return probe;
        }

        private String explain(Status status) {
            return switch (status) {
                case CONVERGED -> s.algorithm() == Algorithm.IPGD_PLUS
                        ? "IPGD returned its candidate at iteration " + returnedAt + certificateText() + " and the "
                          + s.refineSteps() + " refinement steps finished."
                        : "The gradient norm reached " + s.gradientTolerance() + " after " + t + " iterations.";
                case RETURNED_CANDIDATE -> "The escape test fired at iteration " + returnedAt
                        + ": f did not drop by more than " + s.decreaseThreshold() + " within " + escapeSteps
                        + " steps of the perturbation, so the candidate was returned.";
                case RETURNED_CANDIDATE_SOSP -> "At iteration " + returnedAt + " the gradient was small and"
                        + certificateText() + ", so the point was returned as an approximate second-order stationary point.";
                case RETURNED_INITIAL_POINT -> "The escape test fired at iteration " + returnedAt
                        + " before the perturbation had grown: the initial point was returned unchanged"
                        + (suggestedEscapeSteps > 0 ? " (λ_min(∇²f) there is " + String.format("%.4g", certificate)
                           + ": try escapeSteps ≥ " + suggestedEscapeSteps + ", or \"auto\")." : " (try more escapeSteps).");
                case ITERATION_LIMIT -> "The budget of " + s.maxIterations() + " iterations ran out.";
                case OSCILLATING -> "The budget of " + s.maxIterations() + " iterations ran out while GD was in a"
                        + " period-2 oscillation: the step size " + eta + " is at the edge of stability"
                        + " (try a smaller stepSize, or stepSize \"auto\").";
                case DIVERGED -> "The loss or gradient became NaN or infinite after iteration " + t
                        + "; the last finite iterate is kept (try a smaller stepSize"
                        + (adaptive.autoStepSize() ? "; " + halvings + " halvings did not help" : "") + ").";
            };
        }

        private String certificateText() {
            return Double.isNaN(certificate) ? "" : String.format(" (λ_min(∇²f) ≈ %.3g ≥ −%.3g)", certificate,
                    adaptive.curvatureTolerance());
        }
    }
}
