package org.irlab.linalg;

/**
 * Householder triangularization of a tall row-major matrix in place (the R of a thin QR factorisation, Q discarded):
 * backward stable, so R is the exact R of A + δA with ‖δA‖ ≈ ε‖A‖, whatever the conditioning of A.
 */
public final class Householder {
    private Householder() {}

    /**
     * Overwrites the m×c row-major {@code a} with R of A = QR (zeros below the diagonal). Each reflection is applied
     * row by row (w = vᵀA, then A −= βvwᵀ), which streams through A instead of striding down its columns. A column
     * with nothing left below the diagonal is skipped, not an error (e.g. a zero factor).
     *
     * @param v work array, length ≥ m (overwritten)
     * @param w work array, length ≥ c (overwritten)
     */
    public static void triangularize(double[] a, int m, int c, double[] v, double[] w) {
        int steps = Math.min(m - 1, c);
        for (int j = 0; j < steps; j++) {
            double norm = columnNorm(a, m, c, j);
            if (norm == 0) continue;
            double head = a[j * c + j];
            double alpha = head > 0 ? -norm : norm;
            // v = a[j:, j] − αe₁; vᵀv = 2‖a‖(‖a‖ + |head|), no cancellation by the choice of sign
            for (int i = j; i < m; i++) v[i] = a[i * c + j];
            v[j] = head - alpha;
            double beta = 1 / (norm * (norm + Math.abs(head)));
            java.util.Arrays.fill(w, j + 1, c, 0.0);
            for (int i = j; i < m; i++) {
                double vi = v[i];
                if (vi == 0) continue;
                int row = i * c;
                for (int k = j + 1; k < c; k++) w[k] += vi * a[row + k];
            }
            for (int k = j + 1; k < c; k++) w[k] *= beta;
            for (int i = j; i < m; i++) {
                double vi = v[i];
                if (vi == 0) continue;
                int row = i * c;
                for (int k = j + 1; k < c; k++) a[row + k] -= vi * w[k];
            }
            a[j * c + j] = alpha;
            for (int i = j + 1; i < m; i++) a[i * c + j] = 0;
        }
    }

    /**
     * R of the thin QR factorisation of the m×c row-major {@code a} (left unchanged): c×c row-major, the rows past
     * min(m, c) zero.
     */
    public static double[] triangular(double[] a, int m, int c) {
        double[] work = java.util.Arrays.copyOf(a, m * c);
        triangularize(work, m, c, new double[Math.max(m, 1)], new double[c]);
        double[] r = new double[c * c];
        System.arraycopy(work, 0, r, 0, Math.min(m, c) * c);
        return r;
    }

    /**
     * R of [top; bottom] for two c×c R factors (TSQR's combine step: the R of two stacked blocks of rows from the R of
     * each), as a new c×c array; the inputs are left unchanged.
     */
    public static double[] stacked(double[] top, double[] bottom, int c) {
        double[] both = new double[2 * c * c];
        System.arraycopy(top, 0, both, 0, c * c);
        System.arraycopy(bottom, 0, both, c * c, c * c);
        return triangular(both, 2 * c, c);
    }

    /** ‖a[j:, j]‖, scaled by the largest entry so that it neither overflows nor underflows. */
    private static double columnNorm(double[] a, int m, int c, int j) {
        double largest = 0;
        for (int i = j; i < m; i++) largest = Math.max(largest, Math.abs(a[i * c + j]));
        if (largest == 0 || !Double.isFinite(largest)) return largest;
        double inverse = 1 / largest, s = 0;
        for (int i = j; i < m; i++) {
            double t = a[i * c + j] * inverse;
            s += t * t;
        }
        return largest * Math.sqrt(s);
    }
}
