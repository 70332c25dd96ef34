package org.irlab.linalg;

/**
 * Scalar measures of a matrix: from its singular values (effective rank, distance to a rank set) and its determinant.
 * Nothing here allocates.
 */
public final class MatrixMeasures {
    private MatrixMeasures() {}

    /**
     * Effective rank erank(W) = exp(H(ρ)), H(ρ) = −Σ ρᵢ ln ρᵢ with ρᵢ = σᵢ/Σⱼσⱼ and 0·ln 0 = 0 (Roy &amp; Vetterli;
     * Section 5 of the deep matrix factorization notes, 004). NaN for W = 0, where it is undefined (or when
     * some σ is not finite).
     *
     * @param singularValues σ (any order, all ≥ 0; not modified)
     */
    public static double effectiveRank(double[] singularValues) {
        double sum = 0;
        for (double s : singularValues) sum += s;
        if (!(sum > 0) || !Double.isFinite(sum)) return Double.NaN;
        double entropy = 0;
        for (double s : singularValues) {
            if (s > 0) {
                double rho = s / sum;
                entropy -= rho * Math.log(rho);
            }
        }
        return Math.exp(entropy);
    }

    /**
     * (Σ_{i&gt;r} σᵢ²)^{1/2}, the Frobenius distance from W to {rank ≤ r} (Eckart–Young), scaled against overflow.
     *
     * @param decreasing σ₁ ≥ σ₂ ≥ … (not modified)
     */
    public static double distanceToRank(double[] decreasing, int rank) {
        if (rank >= decreasing.length) return 0;
        double scale = decreasing[rank];
        if (scale == 0) return 0;
        double s = 0;
        for (int i = rank; i < decreasing.length; i++) { double t = decreasing[i] / scale; s += t * t; }
        return scale * Math.sqrt(s);
    }

    /** Σσᵢ, the nuclear norm. */
    public static double nuclearNorm(double[] singularValues) {
        double s = 0;
        for (double v : singularValues) s += v;
        return s;
    }

    /**
     * det A by LU with partial pivoting.
     *
     * @param a    n×n row-major (not modified)
     * @param work n² scratch (overwritten)
     */
    public static double determinant(double[] a, int n, double[] work) {
        System.arraycopy(a, 0, work, 0, n * n);
        double det = 1;
        for (int k = 0; k < n; k++) {
            int pivot = k;
            double best = Math.abs(work[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(work[i * n + k]);
                if (v > best) { best = v; pivot = i; }
            }
            if (best == 0) return 0;
            if (pivot != k) {
                for (int j = 0; j < n; j++) {
                    double t = work[k * n + j];
                    work[k * n + j] = work[pivot * n + j];
                    work[pivot * n + j] = t;
                }
                det = -det;
            }
            double diagonal = work[k * n + k];
            det *= diagonal;
            for (int i = k + 1; i < n; i++) {
                double factor = work[i * n + k] / diagonal;
                if (factor == 0) continue;
                for (int j = k + 1; j < n; j++) work[i * n + j] -= factor * work[k * n + j];
            }
        }
        return det;
    }
}
