package org.irlab.testing;

/** Every tolerance the tests use, as (relative, absolute) pairs, in one place. */
public final class Tolerances {
    private Tolerances() {}

    /** Central finite differences with step h ~ 1e-6: truncation O(h²) plus round-off O(ε/h). */
    public static final double FD_RELATIVE = 1e-6, FD_ABSOLUTE = 1e-7;

    /**
     * A closed form against its definition, or one quantity computed two ways with a few operations each on O(1)
     * numbers: rounding only (a few dozen ulps). Relative, or absolute at scale 1.
     */
    public static final double ROUNDING = 1e-14;

    /**
     * One quantity computed two ways that reorder long sums or go through a factorization (a fused kernel against the
     * entry-by-entry formula, an eigen- or QR-based value against its definition): rounding accumulated over O(d)
     * terms. Relative, or absolute at scale 1.
     */
    public static final double REORDERED = 1e-12;

    /** Two exact computations of the same quantity in different orders. */
    public static final double EXACT_RELATIVE = 1e-10, EXACT_ABSOLUTE = 1e-12;

    /** True when |a − b| ≤ abs + rel·max(|a|, |b|). */
    public static boolean close(double a, double b, double rel, double abs) {
        return Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));
    }
}
