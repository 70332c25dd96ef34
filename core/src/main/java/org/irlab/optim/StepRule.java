package org.irlab.optim;

/**
 * Chooses the step size η of a phase and reacts to what the iterates do: a fixed η ({@link #fixed}), the robust
 * automatic η = c/L with halving on oscillation or divergence ({@link AutoStep}), or the safeguarded controller of
 * the rank-free completion ({@link SafeguardedStep}). A rule may move the run back to a checkpoint
 * ({@link DescentState#rollBack}); the engine then restarts the phase's other rules from there.
 */
public interface StepRule {
    /** Called when a phase starts. */
    default void start(DescentState state) {}

    /**
     * f or ∇f at x_t is NaN or infinite: undo and return null to evaluate again, or return the status that ends the
     * phase (diverged by default; the engine then keeps x_{t−1}, the last finite iterate).
     */
    default Status onNonFinite(DescentState state) { return Status.DIVERGED; }

    /** After a finite evaluation at x_t, before perturbations and tests: may set η, roll back or end the phase. */
    default Status afterEvaluation(DescentState state) { return null; }

    /** Just before the update of step t, after the oscillation watch has seen ∇f(x_t). */
    default void beforeUpdate(DescentState state) {}

    /** The phase is about to end with {@code status}: confirm it, or roll back (then the phase goes on). */
    default Status finish(DescentState state, Status status) { return status; }

    /** A fixed η. */
    static StepRule fixed(double eta) {
        if (!(eta > 0) || !Double.isFinite(eta)) throw new IllegalArgumentException("stepSize must be > 0");
        return new StepRule() {
            @Override public void start(DescentState state) { state.setStepSize(eta); }
        };
    }
}
