package org.irlab.optim;

/**
 * Perturbs the iterate when a condition holds (Algorithm 1, lines 4–7): none, or the ball perturbation of Jin et
 * al.'s PGD and of IPGD ({@link BallPerturbation}).
 */
public interface Perturbation {
    /** Called when a phase starts (and again after a roll-back). */
    default void start(DescentState state) {}

    /** Whether x_t is to be perturbed. */
    boolean due(DescentState state);

    /** Perturbs x_t in place; re-evaluates f and ∇f when x changed. */
    void apply(DescentState state);

    /** Never perturbs. */
    Perturbation NONE = new Perturbation() {
        @Override public boolean due(DescentState state) { return false; }

        @Override public void apply(DescentState state) {}
    };
}
