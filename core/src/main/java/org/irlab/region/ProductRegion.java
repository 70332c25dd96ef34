package org.irlab.region;

import java.util.List;

/**
 * The product 𝓜₁ × 𝓜₂ × … of regions acting on disjoint blocks of one parameter vector (e.g. rank X ≤ r and
 * rank Y ≤ r for x = [X; Y]). Each part must leave coordinates outside its block untouched by {@code project}.
 */
public final class ProductRegion implements ImplicitRegion {
    private final List<ImplicitRegion> parts;
    private final int dimension;

    public ProductRegion(List<ImplicitRegion> parts) {
        this.parts = List.copyOf(parts);
        this.dimension = parts.get(0).dimension();
        for (ImplicitRegion p : parts) {
            if (p.dimension() != dimension) throw new IllegalArgumentException("parts differ in dimension");
        }
    }

    @Override public int dimension() { return dimension; }

    @Override public void project(double[] x, double[] signalOut) {
        if (signalOut != x) System.arraycopy(x, 0, signalOut, 0, dimension);
        for (ImplicitRegion p : parts) p.project(signalOut, signalOut);
    }

    @Override public double residualNorm(double[] x) {
        double s = 0;
        for (ImplicitRegion p : parts) { double r = p.residualNorm(x); s += r * r; }
        return Math.sqrt(s);
    }
}
