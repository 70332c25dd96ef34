package org.irlab.problem;

import org.irlab.linalg.Kernels;

/**
 * M = XYᵀ with x = [X; Y] stacked row-major: X ∈ ℝ^{n₁×r'} in the first n₁·r' entries, Y ∈ ℝ^{n₂×r'} after it
 * (the two-factor model of Section 7 of the IPGD paper).
 */
public final class AsymmetricFactorModel implements FactorModel {
    private final int rows, columns, searchRank, split;
    private final double[] left, right, leftOut, rightOut; // copies of the X and Y blocks and their outputs

    public AsymmetricFactorModel(int rows, int columns, int searchRank) {
        this.rows = rows;
        this.columns = columns;
        this.searchRank = searchRank;
        this.split = rows * searchRank;
        this.left = new double[rows * searchRank];
        this.right = new double[columns * searchRank];
        this.leftOut = new double[rows * searchRank];
        this.rightOut = new double[columns * searchRank];
    }

    public int searchRank() { return searchRank; }

    @Override public int dimension() { return (rows + columns) * searchRank; }
    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public void product(double[] x, double[] m) {
        unstack(x);
        Kernels.multiplyTransB(left, right, m, rows, searchRank, columns);
    }

    /** Jᵀg = [gY; gᵀX]. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        unstack(x);
        Kernels.multiply(g, right, leftOut, rows, columns, searchRank);
        Kernels.multiplyTransA(g, left, rightOut, columns, rows, searchRank);
        System.arraycopy(leftOut, 0, out, 0, split);
        System.arraycopy(rightOut, 0, out, split, rightOut.length);
    }

    /** J(V_X, V_Y) = V_X Yᵀ + X V_Yᵀ. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        // first V_X Yᵀ, using the left/right buffers for (V_X, Y), then add X V_Yᵀ
        System.arraycopy(v, 0, left, 0, split);
        System.arraycopy(x, split, right, 0, right.length);
        Kernels.multiplyTransB(left, right, mOut, rows, searchRank, columns);
        System.arraycopy(x, 0, left, 0, split);
        System.arraycopy(v, split, right, 0, right.length);
        for (int i = 0; i < rows; i++) {
            int mi = i * columns;
            for (int j = 0; j < columns; j++) {
                mOut[mi + j] += Kernels.dot(left, i * searchRank, right, j * searchRank, searchRank);
            }
        }
    }

    /** ∇²⟨g, XYᵀ⟩·(V_X, V_Y) = [gV_Y; gᵀV_X]: the pullback with v in place of x, since ⟨g, XYᵀ⟩ is bilinear. */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        pullback(v, g, out);
    }

    private void unstack(double[] x) {
        System.arraycopy(x, 0, left, 0, split);
        System.arraycopy(x, split, right, 0, right.length);
    }
}
