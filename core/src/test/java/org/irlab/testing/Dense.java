package org.irlab.testing;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/** Plain dense reference computations for tests (allocating, unoptimised, obviously correct). */
public final class Dense {
    private Dense() {}

    /** A (m×k) times Bᵀ (B n×k), with A and B taken from offsets in their arrays. */
    public static double[] timesTranspose(double[] a, int aOff, double[] b, int bOff, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[aOff + i * k + p] * b[bOff + j * k + p];
                c[i * n + j] = s;
            }
        }
        return c;
    }

    /** Singular values of an m×n row-major matrix, decreasing. */
    public static double[] singularValues(double[] a, int m, int n) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
        if (!svd.decompose(new DMatrixRMaj(m, n, true, a))) throw new ArithmeticException("SVD failed");
        double[] w = svd.getSingularValues().clone();
        int k = Math.min(m, n);
        double[] out = java.util.Arrays.copyOf(w, k);
        java.util.Arrays.sort(out);
        for (int i = 0; i < k / 2; i++) { double t = out[i]; out[i] = out[k - 1 - i]; out[k - 1 - i] = t; }
        return out;
    }

    /** A random orthogonal k×k matrix (QR of a Gaussian matrix). */
    public static double[] orthogonal(java.util.SplittableRandom rng, int k) {
        return org.irlab.linalg.Randoms.orthonormalColumns(rng, k, k);
    }
}
