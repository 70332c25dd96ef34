package org.irlab.optim;

/** Watches a descent run; called on the run's thread. Must not modify the arrays it is given. */
public interface IterationObserver {
    /**
     * Called once for every iterate x_t before its step is taken, and once for the final iterate.
     *
     * @param iteration    t
     * @param x            x_t (after any perturbation at t)
     * @param loss         f(x_t)
     * @param gradient     ∇f(x_t)
     * @param gradientNorm ‖∇f(x_t)‖
     * @param last         true for the final iterate (no step follows)
     */
    void onIterate(int iteration, double[] x, double loss, double[] gradient, double gradientNorm, boolean last);

    /** Called for every {@link DescentEvent}. */
    default void onEvent(DescentEvent event) {}

    /**
     * A rule moved the run back to iteration t (a rejected chunk): iterates after t that were reported will be
     * reported again.
     */
    default void onRollBack(int iteration) {}

    /** An observer that does nothing. */
    IterationObserver NONE = (t, x, f, g, gn, last) -> {};
}
