package org.irlab.completion;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Randoms;

/**
 * The Soft-Impute iteration Z ← S_λ(P_Ω(Y) + P_Ω⊥(Z)) (Mazumder, Hastie &amp; Tibshirani 2010, Algorithm 1) on
 * the "sparse plus low-rank" form P_Ω(Y) + P_Ω⊥(Z) = S + U·diag(d)·Vᵀ with S = P_Ω(Y − Z): the matrix is never formed,
 * only multiplied by blocks of vectors in O(|Ω|·q + (m+n)·r·q). S_λ, the soft-thresholded SVD, is computed on a block
 * of q = r + oversampling vectors by one step of block subspace iteration per Soft-Impute step, warm-started from the
 * previous step's right singular block, followed by Rayleigh–Ritz (Halko, Martinsson &amp; Tropp 2011, Alg. 4.4/5.1);
 * as Z converges so does the block, so the fixed point is an exact soft-thresholded SVD of its own completion.
 *
 * <p>State persists between {@link #solve} calls, so a decreasing λ sequence warm-starts (the λ path).
 */
final class SoftImputeSolver {
    private final SparseRatings data;
    private final int rows, columns, oversampling, maxRank;
    private final SplittableRandom rng;
    private final double[] residual;

    private int rank;        // r: columns of u, v with d > 0
    private double[] u = new double[0], v = new double[0], d = new double[0];
    private int block;       // q: columns of the warm block
    private double[] warm;   // n×q orthonormal (right singular block of the last step)
    private double[] lastSingularValues = new double[0];
    private boolean capped;

    private final QRDecomposition<DMatrixRMaj> qr;

    /**
     * @param data         the (centered) observed values Y on Ω
     * @param maxRank      a cap on rank(Z); a step whose soft-thresholded rank exceeds it keeps the top maxRank
     * @param oversampling extra block vectors beyond the current rank (≥ 2)
     */
    SoftImputeSolver(SparseRatings data, int maxRank, int oversampling, SplittableRandom rng) {
        this.data = data;
        this.rows = data.rows();
        this.columns = data.columns();
        this.maxRank = Math.min(maxRank, Math.min(rows, columns));
        this.oversampling = Math.max(2, oversampling);
        this.rng = rng;
        this.residual = data.values().clone();
        this.block = Math.min(Math.min(rows, columns), this.oversampling);
        this.warm = randomOrthonormal(columns, block);
        this.qr = DecompositionFactory_DDRM.qr(Math.max(rows, columns), block);
    }

    /** Outcome of one λ: Soft-Impute steps taken and the last relative change ‖Z_new − Z_old‖_F / ‖Z_old‖_F. */
    record Outcome(int iterations, double change, boolean converged) {}

    /**
     * Runs Soft-Impute steps at this λ from the current Z until the relative change is at most {@code tolerance}
     * (Mazumder et al.'s stopping rule, unsquared) or {@code maxIterations} steps.
     */
    Outcome solve(double lambda, double tolerance, int maxIterations) {
        double change = Double.NaN;
        for (int t = 1; t <= maxIterations; t++) {
            change = step(lambda);
            if (change <= tolerance) return new Outcome(t, change, true);
        }
        return new Outcome(maxIterations, change, false);
    }

    /** The largest singular value of P_Ω(Y), the smallest λ at which Z = 0 solves the problem. */
    double lambdaMax(int iterations) {
        double[] x = new double[columns], y = new double[rows];
        Randoms.gaussian(rng, 1.0, x);
        double sigma = 0;
        for (int t = 0; t < iterations; t++) {
            double nx = norm(x);
            for (int j = 0; j < columns; j++) x[j] /= nx;
            data.multiply(x, y);
            data.multiplyTranspose(y, x);
            sigma = Math.sqrt(norm(x));
        }
        return sigma;
    }

    /** One Soft-Impute step; returns the relative change of Z. */
    double step(double lambda) {
        int q = block;
        double[] y = new double[rows * q], z = new double[columns * q];
        multiplyA(warm, q, y);
        double[] p = orthonormalize(y, rows, q, null);
        multiplyAT(p, q, z);
        double[] rFactor = new double[q * q];
        double[] qz = orthonormalize(z, columns, q, rFactor);
        // P_q A ≈ P·Rᵀ·Qzᵀ: SVD of the small q×q matrix Rᵀ gives the Ritz triplets.
        DMatrixRMaj small = new DMatrixRMaj(q, q);
        for (int a = 0; a < q; a++) for (int b = 0; b < q; b++) small.data[a * q + b] = rFactor[b * q + a];
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(q, q, true, true, false);
        if (!svd.decompose(small)) throw new ArithmeticException("SVD of the Rayleigh–Ritz matrix failed");
        DMatrixRMaj ub = svd.getU(null, false), wb = svd.getW(null), vb = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(ub, false, wb, vb, false);
        double[] sigma = new double[q];
        for (int a = 0; a < q; a++) sigma[a] = wb.get(a, a);
        lastSingularValues = sigma;
        int newRank = 0;
        while (newRank < q && sigma[newRank] > lambda) newRank++;
        capped = newRank > maxRank;
        newRank = Math.min(newRank, maxRank);
        double[] uAll = times(p, rows, q, ub.data, q), vAll = times(qz, columns, q, vb.data, q);
        double[] newU = leading(uAll, rows, q, newRank), newV = leading(vAll, columns, q, newRank);
        double[] newD = new double[newRank];
        for (int a = 0; a < newRank; a++) newD[a] = sigma[a] - lambda;
        double change = relativeChange(newU, newD, newV, newRank);
        u = newU;
        v = newV;
        d = newD;
        rank = newRank;
        updateResidual();
        int wanted = Math.min(Math.min(rows, columns), Math.min(maxRank, newRank) + oversampling);
        warm = resize(vAll, q, wanted);
        block = wanted;
        return change;
    }

    /** r = rank(Z). */
    int rank() { return rank; }

    /** Whether the last step wanted a rank above the cap. */
    boolean capped() { return capped; }

    /** Z's factors: U (rows×r), d (r), V (columns×r), copies. */
    double[] u() { return u.clone(); }

    double[] d() { return d.clone(); }

    double[] v() { return v.clone(); }

    /** The Ritz values of the last step, σ_1 ≥ … ≥ σ_q of P_Ω(Y) + P_Ω⊥(Z_old) (block estimates). */
    double[] singularValues() { return lastSingularValues.clone(); }

    /** U·diag(d), the left factor with the singular values folded in (rows×r). */
    double[] scaledLeft() {
        double[] out = u.clone();
        for (int i = 0; i < rows; i++) for (int a = 0; a < rank; a++) out[i * rank + a] *= d[a];
        return out;
    }

    /** Z's value at (i, j). */
    double value(int i, int j) {
        double s = 0;
        for (int a = 0; a < rank; a++) s += u[i * rank + a] * d[a] * v[j * rank + a];
        return s;
    }

    private void updateResidual() {
        int[] r = data.entryRow(), c = data.entryColumn();
        double[] y = data.values();
        for (int k = 0; k < residual.length; k++) residual[k] = y[k] - value(r[k], c[k]);
    }

    /** out (rows×q) ← (S + U·diag(d)·Vᵀ)·x, x columns×q. */
    private void multiplyA(double[] x, int q, double[] out) {
        int[] start = data.rowStart(), col = data.entryColumn();
        Arrays.fill(out, 0.0);
        for (int i = 0; i < rows; i++) {
            int o = i * q;
            for (int k = start[i]; k < start[i + 1]; k++) {
                double s = residual[k];
                int xo = col[k] * q;
                for (int a = 0; a < q; a++) out[o + a] += s * x[xo + a];
            }
        }
        addLowRank(u, v, rows, columns, x, q, out);
    }

    /** out (columns×q) ← (S + U·diag(d)·Vᵀ)ᵀ·x, x rows×q. */
    private void multiplyAT(double[] x, int q, double[] out) {
        int[] start = data.rowStart(), col = data.entryColumn();
        Arrays.fill(out, 0.0);
        for (int i = 0; i < rows; i++) {
            int xo = i * q;
            for (int k = start[i]; k < start[i + 1]; k++) {
                double s = residual[k];
                int o = col[k] * q;
                for (int a = 0; a < q; a++) out[o + a] += s * x[xo + a];
            }
        }
        addLowRank(v, u, columns, rows, x, q, out);
    }

    /** out (m×q) += F·diag(d)·(Gᵀ·x), F m×r, G n×r, x n×q. */
    private void addLowRank(double[] f, double[] g, int m, int n, double[] x, int q, double[] out) {
        int r = rank;
        if (r == 0) return;
        double[] c = new double[r * q];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < r; a++) {
                double gja = g[j * r + a];
                if (gja == 0) continue;
                int co = a * q, xo = j * q;
                for (int b = 0; b < q; b++) c[co + b] += gja * x[xo + b];
            }
        }
        for (int a = 0; a < r; a++) for (int b = 0; b < q; b++) c[a * q + b] *= d[a];
        for (int i = 0; i < m; i++) {
            int o = i * q;
            for (int a = 0; a < r; a++) {
                double fia = f[i * r + a];
                if (fia == 0) continue;
                int co = a * q;
                for (int b = 0; b < q; b++) out[o + b] += fia * c[co + b];
            }
        }
    }

    /**
     * Q of a thin Householder QR of the m×q row-major {@code a} (m×q, orthonormal columns even when a is rank
     * deficient); the q×q R goes to {@code rOut} when it is not null.
     */
    private double[] orthonormalize(double[] a, int m, int q, double[] rOut) {
        DMatrixRMaj matrix = DMatrixRMaj.wrap(m, q, a);
        if (!qr.decompose(matrix)) throw new ArithmeticException("QR failed");
        DMatrixRMaj qm = qr.getQ(null, true);
        if (rOut != null) {
            DMatrixRMaj rm = qr.getR(null, true);
            System.arraycopy(rm.data, 0, rOut, 0, q * q);
        }
        return qm.data;
    }

    /** (m×q)·(q×q) → m×q. */
    private static double[] times(double[] a, int m, int q, double[] b, int bColumns) {
        double[] out = new double[m * bColumns];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < q; p++) {
                double aip = a[i * q + p];
                if (aip == 0) continue;
                int bo = p * bColumns, o = i * bColumns;
                for (int c = 0; c < bColumns; c++) out[o + c] += aip * b[bo + c];
            }
        }
        return out;
    }

    /** The first k columns of an m×q row-major matrix. */
    private static double[] leading(double[] a, int m, int q, int k) {
        double[] out = new double[m * k];
        for (int i = 0; i < m; i++) System.arraycopy(a, i * q, out, i * k, k);
        return out;
    }

    /** An n×wanted orthonormal block: the first columns of {@code basis} (n×q), padded with random directions. */
    private double[] resize(double[] basis, int q, int wanted) {
        if (wanted <= q) return leading(basis, columns, q, wanted);
        double[] out = new double[columns * wanted];
        for (int j = 0; j < columns; j++) {
            System.arraycopy(basis, j * q, out, j * wanted, q);
            for (int a = q; a < wanted; a++) out[j * wanted + a] = Randoms.gaussian(rng);
        }
        return orthonormalize(out, columns, wanted, null);
    }

    private double[] randomOrthonormal(int n, int q) {
        return Randoms.orthonormalColumns(rng, n, q);
    }

    /** ‖Z_new − Z_old‖_F / ‖Z_old‖_F in factored form (1 when Z_old = 0 and Z_new ≠ 0, 0 when both are 0). */
    private double relativeChange(double[] newU, double[] newD, double[] newV, int newRank) {
        double oldSquare = 0, newSquare = 0;
        for (double x : d) oldSquare += x * x;
        for (double x : newD) newSquare += x * x;
        if (oldSquare == 0) return newSquare == 0 ? 0 : 1;
        double[] uu = crossProduct(u, newU, rows, rank, newRank), vv = crossProduct(v, newV, columns, rank, newRank);
        double cross = 0;
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < newRank; b++) cross += d[a] * newD[b] * uu[a * newRank + b] * vv[a * newRank + b];
        }
        return Math.sqrt(Math.max(0, oldSquare + newSquare - 2 * cross) / oldSquare);
    }

    /** Aᵀ·B for A n×a and B n×b (row-major), a×b. */
    private static double[] crossProduct(double[] x, double[] y, int n, int a, int b) {
        double[] out = new double[a * b];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < a; p++) {
                double xp = x[i * a + p];
                if (xp == 0) continue;
                int o = p * b, yo = i * b;
                for (int c = 0; c < b; c++) out[o + c] += xp * y[yo + c];
            }
        }
        return out;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }
}
