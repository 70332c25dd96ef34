package org.irlab.region;

/**
 * The region of a problem whose 𝓜 is not known, e.g. sparse recovery without θ* (𝓜 is defined by the support of
 * θ*): every residual norm is NaN ("undefined", never zero) and projecting onto it is refused.
 */
public final class UndefinedRegion implements ImplicitRegion {
    private final int dimension;

    public UndefinedRegion(int dimension) { this.dimension = dimension; }

    @Override public int dimension() { return dimension; }

    /** @throws UnsupportedOperationException always: there is no 𝓜 to project onto */
    @Override public void project(double[] x, double[] signalOut) {
        throw new UnsupportedOperationException("the implicit region of this problem is undefined");
    }

    /** NaN. */
    @Override public double residualNorm(double[] x) { return Double.NaN; }
}
