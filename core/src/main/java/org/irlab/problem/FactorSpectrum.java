package org.irlab.problem;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;

/**
 * Singular values of XYᵀ for x = [X; Y] (X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'}) without forming the n₁×n₂ product: with
 * thin QR factorisations X = Q_X R_X and Y = Q_Y R_Y, XYᵀ = Q_X (R_X R_Yᵀ) Q_Yᵀ has the singular values of the small
 * matrix R_X R_Yᵀ. Cost O((n₁+n₂)r'²); tiny singular values are resolved to about ε·σ₁, not √ε·σ₁ as a Gram
 * matrix would give.
 */
public final class FactorSpectrum {
    private final int rows, columns, searchRank, count;
    private final DMatrixRMaj left, right, leftR, rightR, core;
    private final QRDecomposition<DMatrixRMaj> leftQr, rightQr;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;
    private final double[] ascending, descending;

    public FactorSpectrum(int rows, int columns, int searchRank) {
        this.rows = rows;
        this.columns = columns;
        this.searchRank = searchRank;
        int kl = Math.min(rows, searchRank), kr = Math.min(columns, searchRank);
        this.count = Math.min(kl, kr);
        this.left = new DMatrixRMaj(rows, searchRank);
        this.right = new DMatrixRMaj(columns, searchRank);
        this.leftR = new DMatrixRMaj(kl, searchRank);
        this.rightR = new DMatrixRMaj(kr, searchRank);
        this.core = new DMatrixRMaj(kl, kr);
        this.leftQr = DecompositionFactory_DDRM.qr(rows, searchRank);
        this.rightQr = DecompositionFactory_DDRM.qr(columns, searchRank);
        this.svd = DecompositionFactory_DDRM.svd(kl, kr, false, false, true);
        this.ascending = new double[count];
        this.descending = new double[count];
    }

    /** Number of singular values written by {@link #singularValues}: min(n₁, n₂, r'). */
    public int count() { return count; }

    /** Writes the singular values of XYᵀ in decreasing order into {@code out} (length ≥ {@link #count()}). */
    public void singularValues(double[] x, double[] out) {
        int split = rows * searchRank;
        System.arraycopy(x, 0, left.data, 0, split);
        System.arraycopy(x, split, right.data, 0, columns * searchRank);
        if (!leftQr.decompose(left) || !rightQr.decompose(right)) throw new ArithmeticException("QR failed");
        leftQr.getR(leftR, true);
        rightQr.getR(rightR, true);
        Kernels.multiplyTransB(leftR.data, rightR.data, core.data, leftR.numRows, searchRank, rightR.numRows);
        if (!svd.decompose(core)) throw new ArithmeticException("SVD did not converge");
        double[] w = svd.getSingularValues();
        System.arraycopy(w, 0, ascending, 0, count);
        java.util.Arrays.sort(ascending);
        for (int t = 0; t < count; t++) out[t] = ascending[count - 1 - t];
    }

    /** (Σ_{i&gt;r} σᵢ(XYᵀ)²)^{1/2}: the distance from XYᵀ to the matrices of rank ≤ r. */
    public double tailNorm(double[] x, int rank) {
        singularValues(x, descending);
        double s = 0;
        for (int t = rank; t < count; t++) s += descending[t] * descending[t];
        return Math.sqrt(s);
    }
}
