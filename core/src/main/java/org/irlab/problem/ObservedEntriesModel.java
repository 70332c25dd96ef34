package org.irlab.problem;

import java.util.Arrays;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.SparsePattern;

/**
 * The observed entries of a factorised matrix as a 1×|Ω| row: m_k = (XYᵀ)ᵢⱼ for the k-th entry (i, j) of Ω in
 * row-major order, with Y = X (parameters x = X ∈ ℝ^{n×r'}) for the symmetric model or x = [X; Y] stacked row-major
 * for the two-factor model. Only entries of Ω are ever formed: one step costs O(|Ω|·r') and the model holds no
 * n₁×n₂ array. For g on Ω (a sparse matrix G): Jᵀg = [G·Y; Gᵀ·X], which for Y = X adds up to (G + Gᵀ)X.
 */
public final class ObservedEntriesModel implements FactorModel {
    private final SparsePattern omega;
    private final int searchRank, dimension, rightOffset;

    /** Two-factor model M = XYᵀ on Ω ⊆ [n₁]×[n₂]. */
    public static ObservedEntriesModel asymmetric(SparsePattern omega, int searchRank) {
        return new ObservedEntriesModel(omega, searchRank, false);
    }

    /** Symmetric model M = XXᵀ on Ω ⊆ [n]×[n]. */
    public static ObservedEntriesModel symmetric(SparsePattern omega, int searchRank) {
        if (omega.rows() != omega.columns()) throw new IllegalArgumentException("symmetric model needs a square Ω");
        return new ObservedEntriesModel(omega, searchRank, true);
    }

    private ObservedEntriesModel(SparsePattern omega, int searchRank, boolean symmetric) {
        this.omega = omega;
        this.searchRank = searchRank;
        this.rightOffset = symmetric ? 0 : omega.rows() * searchRank;
        this.dimension = Math.multiplyExact(symmetric ? omega.rows() : omega.rows() + omega.columns(), searchRank);
    }

    public SparsePattern pattern() { return omega; }

    public boolean isSymmetric() { return rightOffset == 0; }

    @Override public int dimension() { return dimension; }
    @Override public int rows() { return 1; }
    @Override public int columns() { return omega.size(); }

    @Override public void product(double[] x, double[] m) {
        int r = searchRank;
        for (int i = 0; i < omega.rows(); i++) {
            int end = omega.rowStart(i + 1);
            for (int k = omega.rowStart(i); k < end; k++) {
                m[k] = Kernels.dot(x, i * r, x, rightOffset + omega.column(k) * r, r);
            }
        }
    }

    /** [G·Y; Gᵀ·X] (summed into one block when Y = X), each row a gather over its row or column of Ω. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        int r = searchRank;
        if (isSymmetric()) Arrays.fill(out, 0, dimension, 0.0);
        for (int i = 0; i < omega.rows(); i++) {
            int oi = i * r;
            if (!isSymmetric()) Arrays.fill(out, oi, oi + r, 0.0);
            int end = omega.rowStart(i + 1);
            for (int k = omega.rowStart(i); k < end; k++) {
                double gk = g[k];
                int yj = rightOffset + omega.column(k) * r;
                for (int a = 0; a < r; a++) out[oi + a] += gk * x[yj + a];
            }
        }
        for (int j = 0; j < omega.columns(); j++) {
            int oj = rightOffset + j * r;
            if (!isSymmetric()) Arrays.fill(out, oj, oj + r, 0.0);
            int end = omega.columnStart(j + 1);
            for (int t = omega.columnStart(j); t < end; t++) {
                double gk = g[omega.transposedPosition(t)];
                int xi = omega.transposedRow(t) * r;
                for (int a = 0; a < r; a++) out[oj + a] += gk * x[xi + a];
            }
        }
    }

    /** m_k = ⟨V_X,i, Y_j⟩ + ⟨X_i, V_Y,j⟩. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        int r = searchRank;
        for (int i = 0; i < omega.rows(); i++) {
            int end = omega.rowStart(i + 1);
            for (int k = omega.rowStart(i); k < end; k++) {
                int yj = rightOffset + omega.column(k) * r;
                mOut[k] = Kernels.dot(v, i * r, x, yj, r) + Kernels.dot(x, i * r, v, yj, r);
            }
        }
    }

    /** [G·V_Y; Gᵀ·V_X]: the pullback with v in place of x, since ⟨g, M(x)⟩ is a quadratic form in x. */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        pullback(v, g, out);
    }
}
