package org.irlab.diagnostics;

import java.util.List;

/**
 * A quantity measured along a trajectory at recorded iterates (trace columns beyond the standard ones).
 * Implementations may keep state across calls (e.g. a cumulative sum) and own their work buffers.
 */
public interface Diagnostic {
    /** Column names, in the order {@link #measure} writes them. */
    List<String> columns();

    /**
     * Measures at x_t and writes one value per column into {@code out}; NaN means "undefined here" and is written
     * as an empty cell.
     */
    void measure(int iteration, double[] x, double loss, double[] gradient, double[] out);

    /** Values for summary.json once the run has ended (name → value); empty by default. */
    default java.util.Map<String, Double> summary() { return java.util.Map.of(); }
}
