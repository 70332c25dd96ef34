package org.irlab.optim;

/**
 * Decides after a perturbation whether the descent escaped (Algorithm 1, lines 8–10): none, or IPGD's (and Jin et
 * al.'s) decrease test with the return of the candidate, optionally with the escape time chosen from λ_min(∇²f) and
 * the candidate certified as a second-order stationary point ({@link DecreaseTest}).
 */
public interface EscapeTest {
    /** Called when a phase starts (and again after a roll-back). */
    default void start(DescentState state) {}

    /** A perturbation is due at x_t: the status that ends the phase instead of perturbing, or null. */
    default Status beforePerturbation(DescentState state) { return null; }

    /** The test at x_t: the status that ends the phase (x set to the returned point), or null. */
    Status check(DescentState state);

    /** The phase ended with {@code status} (after a diverged step was undone). */
    default void finish(DescentState state, Status status) {}

    /** No test. */
    EscapeTest NONE = s -> null;
}
