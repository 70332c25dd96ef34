package org.irlab.completion;

/** Small dense kernels on row-major k×k arrays used by the completion baselines; nothing here allocates. */
final class SmallDense {
    private SmallDense() {}

    /**
     * Cholesky factorisation A = L·Lᵀ in place: the lower triangle of {@code a} (k×k, row-major) becomes L; the upper
     * triangle is not read. Returns false when a pivot is not positive (A not numerically positive definite).
     */
    static boolean cholesky(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            for (int p = 0; p < j; p++) d -= a[rj + p] * a[rj + p];
            if (!(d > 0)) return false;
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                int ri = i * k;
                double s = a[ri + j];
                for (int p = 0; p < j; p++) s -= a[ri + p] * a[rj + p];
                a[ri + j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves L·Lᵀ·x = b in place (b becomes x) with the factor from {@link #cholesky}. */
    static void choleskySolve(double[] l, int k, double[] b, int bOffset) {
        for (int i = 0; i < k; i++) {
            double s = b[bOffset + i];
            int ri = i * k;
            for (int p = 0; p < i; p++) s -= l[ri + p] * b[bOffset + p];
            b[bOffset + i] = s / l[ri + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[bOffset + i];
            for (int p = i + 1; p < k; p++) s -= l[p * k + i] * b[bOffset + p];
            b[bOffset + i] = s / l[i * k + i];
        }
    }
}
