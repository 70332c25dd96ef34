package org.irlab.problem;

import org.irlab.linalg.Householder;
import org.irlab.linalg.Kernels;

/**
 * The error ‖XYᵀ − U*Σ*V*ᵀ‖_F to a {@link LowRankTruth} (Y = X when symmetric) from the factors alone: with
 * A = [X, −U*Σ*] ∈ ℝ^{n₁×(r'+r)} and B = [Y, V*] ∈ ℝ^{n₂×(r'+r)}, XYᵀ − M* = ABᵀ, and with thin QR factorisations
 * A = Q_A R_A, B = Q_B R_B (Householder) ‖ABᵀ‖_F = ‖R_A R_Bᵀ‖_F. Cost O((n₁+n₂)(r'+r)²), no n₁×n₂ array. Householder
 * QR is backward stable, so the result is the exact error of factors perturbed by about ε relative: an absolute error
 * of order ε‖M*‖, as for the entry-by-entry sum, even when the error itself is far below ‖M*‖.
 */
final class FactorError {
    private final LowRankTruth truth;
    private final int rows, columns, searchRank, width, leftRank, rightRank;
    private final double[] a, b, reflector, rowWork, core;

    FactorError(LowRankTruth truth, int searchRank) {
        this.truth = truth;
        this.rows = truth.rows();
        this.columns = truth.columns();
        this.searchRank = searchRank;
        this.width = searchRank + truth.rank();
        this.leftRank = Math.min(rows, width);
        this.rightRank = Math.min(columns, width);
        this.a = new double[Math.multiplyExact(rows, width)];
        this.b = new double[Math.multiplyExact(columns, width)];
        this.reflector = new double[Math.max(rows, columns)];
        this.rowWork = new double[width];
        this.core = new double[leftRank * rightRank];
    }

    /** ‖XYᵀ − M*‖_F for x = X (symmetric truth) or x = [X; Y]. */
    double error(double[] x) {
        int r = searchRank, k = truth.rank();
        double[] u = truth.left(), v = truth.right(), sigma = truth.singularValues();
        int yOffset = truth.isSymmetric() ? 0 : rows * r;
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * r, a, i * width, r);
            for (int t = 0; t < k; t++) a[i * width + r + t] = -u[i * k + t] * sigma[t];
        }
        for (int j = 0; j < columns; j++) {
            System.arraycopy(x, yOffset + j * r, b, j * width, r);
            System.arraycopy(v, j * k, b, j * width + r, k);
        }
        Householder.triangularize(a, rows, width, reflector, rowWork);
        Householder.triangularize(b, columns, width, reflector, rowWork);
        // R_A R_Bᵀ from the leading (upper-triangular or trapezoidal) rows of the reduced blocks
        Kernels.multiplyTransB(a, b, core, leftRank, width, rightRank);
        return Kernels.norm(core);
    }
}
