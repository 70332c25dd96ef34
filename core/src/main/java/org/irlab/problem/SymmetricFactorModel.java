package org.irlab.problem;

import org.irlab.linalg.Kernels;

/** M = XXᵀ with X ∈ ℝ^{n×r'} stored row-major. */
public final class SymmetricFactorModel implements FactorModel {
    private final int n, searchRank;
    private final double[] sym;

    public SymmetricFactorModel(int n, int searchRank) {
        this.n = n;
        this.searchRank = searchRank;
        this.sym = new double[n * n];
    }

    public int n() { return n; }

    public int searchRank() { return searchRank; }

    @Override public int dimension() { return n * searchRank; }
    @Override public int rows() { return n; }
    @Override public int columns() { return n; }

    @Override public void product(double[] x, double[] m) {
        Kernels.multiplyTransB(x, x, m, n, searchRank, n);
    }

    /** Jᵀg = (g + gᵀ)X. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        symmetrize(g);
        Kernels.multiply(sym, x, out, n, n, searchRank);
    }

    /** J v = XVᵀ + VXᵀ. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        Kernels.multiplyTransB(x, v, mOut, n, searchRank, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = mOut[i * n + j] + mOut[j * n + i];
                mOut[i * n + j] = s;
                mOut[j * n + i] = s;
            }
        }
    }

    /** ∇²⟨g, XXᵀ⟩·V = (g + gᵀ)V. */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        symmetrize(g);
        Kernels.multiply(sym, v, out, n, n, searchRank);
    }

    private void symmetrize(double[] g) {
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double s = g[i * n + j] + g[j * n + i];
                sym[i * n + j] = s;
                sym[j * n + i] = s;
            }
        }
    }
}
