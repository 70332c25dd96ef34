package org.irlab.problem;

/** θ = u⊙u − v⊙v with parameters x = [u; v] ∈ ℝ^{2d}; θ is viewed as a 1×d matrix. */
public final class HadamardDifferenceModel implements FactorModel {
    private final int d;

    public HadamardDifferenceModel(int d) { this.d = d; }

    @Override public int dimension() { return 2 * d; }
    @Override public int rows() { return 1; }
    @Override public int columns() { return d; }

    @Override public void product(double[] x, double[] theta) {
        for (int i = 0; i < d; i++) theta[i] = x[i] * x[i] - x[d + i] * x[d + i];
    }

    /** ∇_u = 2u⊙g, ∇_v = −2v⊙g. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        for (int i = 0; i < d; i++) {
            out[i] = 2 * x[i] * g[i];
            out[d + i] = -2 * x[d + i] * g[i];
        }
    }

    /** θ' = 2u⊙p − 2v⊙q for v = [p; q]. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        for (int i = 0; i < d; i++) mOut[i] = 2 * x[i] * v[i] - 2 * x[d + i] * v[d + i];
    }

    /** (2p⊙g, −2q⊙g). */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        for (int i = 0; i < d; i++) {
            out[i] = 2 * v[i] * g[i];
            out[d + i] = -2 * v[d + i] * g[i];
        }
    }
}
