package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.problem.Objective;
import org.irlab.problem.SampledObjective;

/**
 * GD, PGD, IPGD (Algorithm 1) and IPGD+ (Algorithm 2) as compositions of the engine's rules ({@link Descent}): each
 * is the GD step x_{t+1} = x_t − η∇f(x_t) with a step rule (fixed η, or {@link AutoStep}), and for the perturbed
 * variants a {@link BallPerturbation} with a {@link DecreaseTest} sharing one {@link Episode}; IPGD+ runs the IPGD
 * phase, then T' refinement steps as a second phase on the same state. Statuses and counts are returned as values.
 */
public final class PerturbedDescent {
    private PerturbedDescent() {}

    /**
     * Runs the configured variant from x0 (not modified).
     *
     * @return the result; ordinary outcomes (divergence, iteration limit) are statuses, not exceptions
     */
    public static DescentResult run(Objective objective, double[] x0, DescentSettings s, IterationObserver observer) {
        return new Composition(objective, x0, s, observer).run();
    }

    /** The rules of one run of one variant, wired together. */
    private static final class Composition {
        private final DescentSettings s;
        private final Adaptive adaptive;
        private final DescentState state;
        private final Curvature curvature;
        private final StepRule step;
        private final AutoStep autoStep;
        private final BallPerturbation perturbation;
        private final DecreaseTest escapeTest;
        private final Episode episode;
        private final Update update;
        private final Preconditioner preconditioner;

        Composition(Objective objective, double[] x0, DescentSettings s, IterationObserver observer) {
            this.s = s;
            this.adaptive = s.adaptive();
            int d = objective.dimension();
            OscillationDetector watch = new OscillationDetector(d, OscillationDetector.WINDOW,
                    s.perturbs() ? s.gradientThreshold() : Math.max(0, s.gradientTolerance()));
            Variant v = s.variant();
            this.state = new DescentState(oracle(objective, v), x0, v.preconditioned(), watch, observer);
            state.setStepSize(s.stepSize());
            this.update = v.update(d);
            this.preconditioner = switch (v.preconditioner()) {
                case NONE -> Preconditioner.IDENTITY;
                case SCALED_GD -> FactorPreconditioner.of(objective, FactorPreconditioner.Damping.FIXED, v.damping());
                case PREC_GD -> FactorPreconditioner.of(objective, FactorPreconditioner.Damping.LOSS, 0);
            };
            this.curvature = new Curvature(objective, new SplittableRandom(s.seed() ^ 0x5DEECE66DL),
                    adaptive.lanczosSteps());
            this.autoStep = adaptive.autoStepSize() ? new AutoStep(adaptive, curvature) : null;
            this.step = autoStep != null ? autoStep : s.variant().stepDecay() < 1
                    ? new GeometricStep(s.stepSize(), s.variant().stepDecay()) : StepRule.fixed(s.stepSize());
            if (s.perturbs()) {
                episode = new Episode(d, s.escapeSteps());
                perturbation = new BallPerturbation(s.radius(), s.gradientThreshold(), episode, s::seed);
                // without F (Jin et al.'s PGD as in Figure 1) the decrease test never fires, but escapeSteps "auto"
                // still certifies or times each perturbation
                escapeTest = new DecreaseTest(episode, s.hasEscapeTest() ? s.decreaseThreshold() : Double.NaN,
                        s.algorithm() == Algorithm.PGD, s.radius(), s.escapeSteps(), adaptive, curvature);
            } else {
                episode = null;
                perturbation = null;
                escapeTest = null;
            }
        }

        /** The full gradient, or mini-batches of the objective's terms. */
        private static GradientOracle oracle(Objective objective, Variant v) {
            if (v.batchSize() == 0) return GradientOracle.of(objective);
            SampledObjective sampled = SampledObjective.of(objective).orElseThrow(() -> new IllegalArgumentException(
                    "mini-batches need a sum over measurements or observed entries (sensing, sparse recovery,"
                    + " two-factor completion)"));
            return new MiniBatch(objective, sampled, v.batchSize(), v.sampling(), v.batchSeed());
        }

        /** A phase with this run's update and preconditioner. */
        private Phase composed(Phase phase) {
            return phase.moving(update).preconditioned(preconditioner);
        }

        DescentResult run() {
            Status status = switch (s.algorithm()) {
                case GD -> Descent.run(state, gd());
                case PGD, IPGD -> Descent.run(state, perturbed());
                case IPGD_PLUS -> ipgdPlus();
            };
            Descent.finish(state);
            return result(status);
        }

        /** GD: fixed or automatic η until the budget or the gradient tolerance. */
        private Phase gd() {
            return composed(Phase.gradientDescent(step, StoppingRule.iterations(s.maxIterations())
                    .or(StoppingRule.gradientTolerance(s.gradientTolerance()))
                    .or(StoppingRule.oscillation(Status.ITERATION_LIMIT))));
        }

        /** PGD and IPGD: GD plus the episodic ball perturbation and (when F is given) the escape test. */
        private Phase perturbed() {
            return composed(Phase.gradientDescent(step, StoppingRule.iterations(s.maxIterations())
                            .or(StoppingRule.oscillation(Status.ITERATION_LIMIT)))
                    .perturbed(perturbation, escapeTest));
        }

        /** IPGD+ (Algorithm 2): IPGD, then T' plain GD steps from what it returned. */
        private Status ipgdPlus() {
            Status ipgd = Descent.run(state, perturbed());
            if (ipgd != Status.RETURNED_CANDIDATE && ipgd != Status.RETURNED_INITIAL_POINT
                    && ipgd != Status.RETURNED_CANDIDATE_SOSP) {
                return ipgd;
            }
            state.emit(new DescentEvent(state.iteration(), DescentEvent.Kind.REFINEMENT_START, Double.NaN, Double.NaN,
                    0, 0));
            state.oscillation().reset();
            state.clearVelocity(); // Algorithm 2 refines from the returned point, at rest
            Status refined = Descent.run(state, composed(Phase.gradientDescent(step,
                    StoppingRule.steps(s.refineSteps(), Status.CONVERGED)
                            .or(StoppingRule.oscillation(Status.CONVERGED)))));
            return refined == Status.CONVERGED && ipgd == Status.RETURNED_INITIAL_POINT
                    ? Status.RETURNED_INITIAL_POINT : refined;
        }

        private DescentResult result(Status status) {
            int returnedAt = escapeTest == null ? -1 : escapeTest.returnedAt();
            double certificate = escapeTest == null ? Double.NaN : escapeTest.certificate();
            int suggested = escapeTest == null ? -1 : escapeTest.suggestedEscapeSteps();
            return new DescentResult(status, state.x(), state.iteration(), state.evaluations(),
                    perturbation == null ? 0 : perturbation.perturbations(),
                    perturbation == null ? 0 : perturbation.noOps(), returnedAt, state.loss(), state.gradientNorm(),
                    explain(status, returnedAt, certificate, suggested), certificate, suggested, state.stepSize(),
                    autoStep == null ? 0 : autoStep.halvings(), curvature.hessianProducts());
        }

        private String explain(Status status, int returnedAt, double certificate, int suggested) {
            int t = state.iteration();
            return switch (status) {
                case CONVERGED -> s.algorithm() == Algorithm.IPGD_PLUS
                        ? "IPGD returned its candidate at iteration " + returnedAt + certificateText(certificate)
                          + " and the " + s.refineSteps() + " refinement steps finished."
                        : "The gradient norm reached " + s.gradientTolerance() + " after " + t + " iterations.";
                case RETURNED_CANDIDATE -> "The escape test fired at iteration " + returnedAt
                        + ": f did not drop by more than " + s.decreaseThreshold() + " within " + episode.length()
                        + " steps of the perturbation, so the candidate was returned.";
                case RETURNED_CANDIDATE_SOSP -> "At iteration " + returnedAt + " the gradient was small and"
                        + certificateText(certificate)
                        + ", so the point was returned as an approximate second-order stationary point.";
                case RETURNED_INITIAL_POINT -> "The escape test fired at iteration " + returnedAt
                        + " before the perturbation had grown: the initial point was returned unchanged"
                        + (suggested > 0 ? " (λ_min(∇²f) there is " + String.format("%.4g", certificate)
                           + ": try escapeSteps ≥ " + suggested + ", or \"auto\")." : " (try more escapeSteps).");
                case ITERATION_LIMIT -> "The budget of " + s.maxIterations() + " iterations ran out.";
                case OSCILLATING -> "The budget of " + s.maxIterations() + " iterations ran out while GD was in a"
                        + " period-2 oscillation: the step size " + state.stepSize() + " is at the edge of stability"
                        + " (try a smaller stepSize, or stepSize \"auto\").";
                case DIVERGED -> "The loss or gradient became NaN or infinite after iteration " + t
                        + "; the last finite iterate is kept (try a smaller stepSize"
                        + (adaptive.autoStepSize() ? "; " + autoStep.halvings() + " halvings did not help" : "") + ").";
                default -> status.specName();
            };
        }

        private String certificateText(double certificate) {
            return Double.isNaN(certificate) ? "" : String.format(" (λ_min(∇²f) ≈ %.3g ≥ −%.3g)", certificate,
                    adaptive.curvatureTolerance());
        }
    }
}
