package org.irlab.diagnostics;

import java.util.List;

/**
 * A quantity measured along a trajectory (trace columns beyond the standard ones). The recorder calls
 * {@link #observe} at every iterate, so a diagnostic can keep its own cadence and running sums, and then
 * {@link #measure} at the iterates that become trace rows. Implementations may keep state across calls and own
 * their work buffers.
 */
public interface Diagnostic {
    /** Column names, in the order {@link #measure} writes them. */
    List<String> columns();

    /**
     * Called at every iterate x_t (t strictly increasing, except that a diverged run may repeat its last finite
     * iterate with {@code last = true}), before {@link #measure} for that iterate. Default: nothing.
     *
     * @param last true for the final iterate of the run
     */
    default void observe(int iteration, double[] x, double loss, double[] gradient, boolean last) {}

    /**
     * Measures at x_t and writes one value per column into {@code out}; NaN means "undefined here" and is written
     * as an empty cell.
     */
    void measure(int iteration, double[] x, double loss, double[] gradient, double[] out);

    /** Values for summary.json once the run has ended (name → value; NaN is written as null); empty by default. */
    default java.util.Map<String, Double> summary() { return java.util.Map.of(); }
}
