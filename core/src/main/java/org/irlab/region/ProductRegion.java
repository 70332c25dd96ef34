package org.irlab.region;

import java.util.List;

/**
 * The product 𝓜₁ × 𝓜₂ × … of regions acting on disjoint blocks of one parameter vector (e.g. rank X ≤ r and
 * rank Y ≤ r for x = [X; Y]). Each part must leave coordinates outside its block untouched by {@code project} and
 * give them a zero residual in {@code split}.
 */
public final class ProductRegion implements ImplicitRegion {
    private final List<ImplicitRegion> parts;
    private final int dimension;
    private final double[] partSignal, partResidual;

    public ProductRegion(List<ImplicitRegion> parts) {
        this.parts = List.copyOf(parts);
        this.dimension = parts.get(0).dimension();
        for (ImplicitRegion p : parts) {
            if (p.dimension() != dimension) throw new IllegalArgumentException("parts differ in dimension");
        }
        partSignal = new double[dimension];
        partResidual = new double[dimension];
    }

    @Override public int dimension() { return dimension; }

    /** The regions of the blocks. */
    public List<ImplicitRegion> parts() { return parts; }

    @Override public void project(double[] x, double[] signalOut) {
        if (signalOut != x) System.arraycopy(x, 0, signalOut, 0, dimension);
        for (ImplicitRegion p : parts) p.project(signalOut, signalOut);
    }

    /** Each part's own split (zero residual outside its block), so a part's accurate residual is kept. */
    @Override public void split(double[] x, double[] signalOut, double[] residualOut) {
        if (signalOut != x) System.arraycopy(x, 0, signalOut, 0, dimension);
        java.util.Arrays.fill(residualOut, 0.0);
        for (ImplicitRegion p : parts) {
            p.split(signalOut, partSignal, partResidual);
            System.arraycopy(partSignal, 0, signalOut, 0, dimension);
            for (int i = 0; i < dimension; i++) residualOut[i] += partResidual[i];
        }
    }

    @Override public double residualNorm(double[] x) {
        double s = 0;
        for (ImplicitRegion p : parts) { double r = p.residualNorm(x); s += r * r; }
        return Math.sqrt(s);
    }
}
