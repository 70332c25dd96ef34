package org.irlab.region;

/** 𝓜 = {x : xᵢ = 0 for i outside a support}; projection zeroes the coordinates outside it. */
public final class SupportRegion implements ImplicitRegion {
    private final boolean[] support;

    /** @param support support[i] is true when coordinate i may be nonzero in 𝓜 (copied) */
    public SupportRegion(boolean[] support) {
        this.support = support.clone();
    }

    @Override public int dimension() { return support.length; }

    @Override public void project(double[] x, double[] signalOut) {
        for (int i = 0; i < support.length; i++) signalOut[i] = support[i] ? x[i] : 0.0;
    }

    @Override public double residualNorm(double[] x) {
        double s = 0;
        for (int i = 0; i < support.length; i++) if (!support[i]) s += x[i] * x[i];
        return Math.sqrt(s);
    }
}
