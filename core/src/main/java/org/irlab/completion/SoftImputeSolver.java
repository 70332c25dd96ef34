package org.irlab.completion;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.irlab.linalg.Randoms;

/**
 * The Soft-Impute iteration Z ← S_λ(P_Ω(Y) + P_Ω⊥(Z)) (Mazumder, Hastie &amp; Tibshirani 2010, Algorithm 1) on the
 * "sparse plus low-rank" form A = P_Ω(Y) + P_Ω⊥(Z) = S + U·diag(d)·Vᵀ with S = P_Ω(Y − Z) (§5.1 of the paper): A is
 * never formed, only multiplied by blocks of q = r + oversampling vectors, in O(|Ω|·q + (m+n)·r·q + n·q²) per step.
 *
 * <p>S_λ(A), the soft-thresholded SVD, is taken from a Rayleigh–Ritz step on an orthonormal m×q block P:
 * A ≈ P·Pᵀ·A = P·Wᵀ… with Wᵀ = Pᵀ·A, whose SVD comes from the q×q Gram matrix of AᵀP. Each step also advances the
 * block by one subspace iteration, P ← orth(A·V_all) (Halko, Martinsson &amp; Tropp 2011, Alg. 4.4), warm-started
 * across steps and across λ, so a converged Z is the exact soft-thresholded SVD of its own completion.
 * Requires rows ≤ columns (the caller transposes): the m×q block is the cheap side.
 *
 * <p>State persists between {@link #solve} calls, so a decreasing λ sequence warm-starts (the λ path).
 */
final class SoftImputeSolver {
    /** Ritz values below this fraction of the largest are treated as zero (their vectors are undefined). */
    private static final double DEGENERATE = 1e-10;

    private final SparseRatings data;
    private final int rows, columns, oversampling, maxRank;
    private final SplittableRandom rng;
    private final double[] residual;
    private final QRDecomposition<DMatrixRMaj> qr;

    private int rank;                                  // r, columns of u and v
    private double[] u = new double[0], v = new double[0], d = new double[0];
    private int block;                                 // q, columns of p
    private double[] p;                                // rows×q, orthonormal
    private double[] ritz = new double[0];
    private double previousTopRitz = Double.POSITIVE_INFINITY;
    private boolean capped;

    /**
     * @param data         the (centered) observed values Y on Ω; rows ≤ columns
     * @param maxRank      cap on rank(Z): a step whose soft-thresholded rank exceeds it keeps the top maxRank
     * @param oversampling block vectors beyond the current rank (≥ 2)
     */
    SoftImputeSolver(SparseRatings data, int maxRank, int oversampling, SplittableRandom rng) {
        if (data.rows() > data.columns()) throw new IllegalArgumentException("transpose first: rows > columns");
        this.data = data;
        this.rows = data.rows();
        this.columns = data.columns();
        this.maxRank = Math.min(maxRank, rows);
        this.oversampling = Math.max(2, oversampling);
        this.rng = rng;
        this.residual = data.values().clone();
        this.block = Math.min(rows, this.oversampling);
        this.p = Randoms.orthonormalColumns(rng, rows, block);
        this.qr = DecompositionFactory_DDRM.qr(rows, block);
    }

    /** Outcome of one λ: steps taken and the last relative change ‖Z_new − Z_old‖_F / ‖Z_old‖_F. */
    record Outcome(int iterations, double change, boolean converged) {}

    /** Runs steps at this λ from the current Z until the relative change is ≤ tolerance or maxIterations steps. */
    Outcome solve(double lambda, double tolerance, int maxIterations) {
        double change = Double.NaN;
        for (int t = 1; t <= maxIterations; t++) {
            change = step(lambda);
            if (change <= tolerance) return new Outcome(t, change, true);
        }
        return new Outcome(maxIterations, change, false);
    }

    /** σ_1(P_Ω(Y)) by power iteration: the smallest λ at which Z = 0 is the solution. */
    double lambdaMax(int iterations) {
        double[] x = new double[columns], y = new double[rows];
        Randoms.gaussian(rng, 1.0, x);
        double sigma = 0;
        for (int t = 0; t < iterations; t++) {
            double nx = norm(x);
            if (nx == 0) return 0;
            for (int j = 0; j < columns; j++) x[j] /= nx;
            data.multiply(x, y);
            data.multiplyTranspose(y, x);
            sigma = Math.sqrt(norm(x));
        }
        return sigma;
    }

    /** One Soft-Impute step at λ; returns the relative change of Z. */
    double step(double lambda) {
        int q = block, r = rank;
        // zb = Aᵀ·P = Sᵀ·P + V·diag(d)·(Uᵀ·P)   (columns×q)
        double[] zb = new double[columns * q];
        scatterTranspose(p, q, zb);
        if (r > 0) {
            double[] c = crossProduct(u, p, rows, r, q);
            for (int a = 0; a < r; a++) for (int b = 0; b < q; b++) c[a * q + b] *= d[a];
            multiplyAdd(v, columns, r, c, q, zb);
        }
        // t = zbᵀ·V_old = Pᵀ·(S·V_old + U·diag(d)), for the change of Z    (q×r)
        double[] t = new double[q * r];
        if (r > 0) {
            double[] sv = new double[rows * r];
            gather(v, r, sv);
            for (int i = 0; i < rows; i++) for (int a = 0; a < r; a++) sv[i * r + a] += u[i * r + a] * d[a];
            t = crossProduct(p, sv, rows, q, r);
        }
        // Rayleigh–Ritz: Pᵀ·A = zbᵀ = W·Σ·V_allᵀ from the eigen-decomposition zbᵀ·zb = W·Σ²·Wᵀ.
        double[] gram = crossProduct(zb, zb, columns, q, q);
        double[] w = new double[q * q], sigma = new double[q];
        symmetricEigen(gram, q, w, sigma);
        ritz = sigma.clone();
        int newRank = 0;
        while (newRank < q && sigma[newRank] > lambda && sigma[newRank] > DEGENERATE * sigma[0]) newRank++;
        capped = newRank > maxRank;
        newRank = Math.min(newRank, maxRank);
        double[] vAll = new double[columns * q];
        multiplyAdd(zb, columns, q, w, q, vAll);
        for (int b = 0; b < q; b++) {
            double scale = sigma[b] > DEGENERATE * sigma[0] ? 1 / sigma[b] : 0;
            for (int j = 0; j < columns; j++) vAll[j * q + b] *= scale;
        }
        double[] uAll = new double[rows * q];
        multiplyAdd(p, rows, q, w, q, uAll);
        double[] newU = leading(uAll, rows, q, newRank), newV = leading(vAll, columns, q, newRank);
        double[] newD = new double[newRank];
        for (int a = 0; a < newRank; a++) newD[a] = sigma[a] - lambda;
        // While Z stays 0 the step is only a power iteration: converged once σ_1's estimate settles.
        double change = r == 0 && newRank == 0 ? Math.abs(sigma[0] - previousTopRitz) / sigma[0]
                : relativeChange(newU, newD, newRank, w, sigma, t, q);
        previousTopRitz = sigma[0];
        u = newU;
        v = newV;
        d = newD;
        rank = newRank;
        updateResidual();
        // Next block: P ← orth(A_new·V_all) with A_new·V_all = S_new·V_all + U·diag(d)·[I 0] (V = V_all's first r).
        int wanted = Math.min(rows, newRank + oversampling);
        int kept = Math.min(wanted, q);
        double[] next = new double[rows * wanted];
        double[] vKept = kept == q ? vAll : leading(vAll, columns, q, kept);
        double[] y = new double[rows * kept];
        gather(vKept, kept, y);
        for (int i = 0; i < rows; i++) {
            System.arraycopy(y, i * kept, next, i * wanted, kept);
            for (int a = 0; a < newRank; a++) next[i * wanted + a] += u[i * newRank + a] * d[a];
            for (int a = kept; a < wanted; a++) next[i * wanted + a] = Randoms.gaussian(rng);
        }
        p = orthonormalize(next, rows, wanted);
        block = wanted;
        return change;
    }

    int rank() { return rank; }

    boolean capped() { return capped; }

    /** U (rows×r, orthonormal columns), a copy. */
    double[] u() { return u.clone(); }

    /** The singular values d of Z (descending), a copy. */
    double[] d() { return d.clone(); }

    /** V (columns×r, orthonormal columns), a copy. */
    double[] v() { return v.clone(); }

    /** The Ritz values σ_1 ≥ … ≥ σ_q of the last step (block estimates of the singular values of A). */
    double[] singularValues() { return ritz.clone(); }

    /** Z's value at (i, j). */
    double value(int i, int j) {
        double s = 0;
        int a0 = i * rank, b0 = j * rank;
        for (int a = 0; a < rank; a++) s += u[a0 + a] * d[a] * v[b0 + a];
        return s;
    }

    private void updateResidual() {
        int[] r = data.entryRow(), c = data.entryColumn();
        double[] y = data.values();
        for (int k = 0; k < residual.length; k++) residual[k] = y[k] - value(r[k], c[k]);
    }

    /** out (columns×q) ← Sᵀ·x for x rows×q. */
    private void scatterTranspose(double[] x, int q, double[] out) {
        int[] start = data.rowStart(), col = data.entryColumn();
        for (int i = 0; i < rows; i++) {
            int xo = i * q;
            for (int k = start[i]; k < start[i + 1]; k++) {
                double s = residual[k];
                int o = col[k] * q;
                for (int a = 0; a < q; a++) out[o + a] += s * x[xo + a];
            }
        }
    }

    /** out (rows×q) ← S·x for x columns×q. */
    private void gather(double[] x, int q, double[] out) {
        int[] start = data.rowStart(), col = data.entryColumn();
        for (int i = 0; i < rows; i++) {
            int o = i * q;
            for (int k = start[i]; k < start[i + 1]; k++) {
                double s = residual[k];
                int xo = col[k] * q;
                for (int a = 0; a < q; a++) out[o + a] += s * x[xo + a];
            }
        }
    }

    /**
     * ‖Z_new − Z_old‖_F / ‖Z_old‖_F from ⟨Z_old, Z_new⟩ = Σ d_a d'_b (Uᵀ U')_{ab} (V'ᵀ V)_{ba}, where
     * V'ᵀV = Σ⁻¹·Wᵀ·t (t = zbᵀ·V) needs no product of length columns.
     */
    private double relativeChange(double[] newU, double[] newD, int newRank, double[] w, double[] sigma, double[] t,
                                  int q) {
        double oldSquare = 0, newSquare = 0;
        for (double x : d) oldSquare += x * x;
        for (double x : newD) newSquare += x * x;
        if (oldSquare == 0) return newSquare == 0 ? 0 : 1;
        int r = rank;
        double[] uu = crossProduct(u, newU, rows, r, newRank);
        double cross = 0;
        for (int b = 0; b < newRank; b++) {
            for (int a = 0; a < r; a++) {
                double vv = 0; // (V'ᵀ V)_{ba} = Σ_c W[c,b]·t[c,a] / σ_b
                for (int c = 0; c < q; c++) vv += w[c * q + b] * t[c * r + a];
                vv /= sigma[b];
                cross += d[a] * newD[b] * uu[a * newRank + b] * vv;
            }
        }
        return Math.sqrt(Math.max(0, oldSquare + newSquare - 2 * cross) / oldSquare);
    }

    /** Eigen-decomposition of a symmetric q×q matrix: eigenvectors as columns of w, σ = √max(eigenvalue, 0), descending. */
    private static void symmetricEigen(double[] g, int q, double[] w, double[] sigma) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(q, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(q, q, g.clone()))) throw new ArithmeticException("eigen-decomposition failed");
        Integer[] order = new Integer[q];
        double[] values = new double[q];
        for (int a = 0; a < q; a++) {
            order[a] = a;
            values[a] = eig.getEigenvalue(a).getReal();
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        for (int b = 0; b < q; b++) {
            int a = order[b];
            sigma[b] = Math.sqrt(Math.max(values[a], 0));
            DMatrixRMaj vec = eig.getEigenVector(a);
            for (int c = 0; c < q; c++) w[c * q + b] = vec.get(c, 0);
        }
    }

    /**
     * Orthonormal basis (Householder QR, so rank-deficient input still gives orthonormal columns). EJML reports a zero
     * column (data that the centering fits exactly, e.g. constant ratings) as a failed decomposition, but its reflector
     * is then the identity and Q stays orthonormal, so only a non-finite Q is an error.
     */
    private double[] orthonormalize(double[] a, int m, int q) {
        qr.decompose(DMatrixRMaj.wrap(m, q, a.clone()));
        double[] basis = qr.getQ(null, true).data;
        for (double x : basis) if (!Double.isFinite(x)) throw new ArithmeticException("QR of a non-finite block");
        return basis;
    }

    /** out (m×c) += a (m×k) · b (k×c). */
    private static void multiplyAdd(double[] a, int m, int k, double[] b, int c, double[] out) {
        for (int i = 0; i < m; i++) {
            int ao = i * k, o = i * c;
            for (int p = 0; p < k; p++) {
                double x = a[ao + p];
                if (x == 0) continue;
                int bo = p * c;
                for (int j = 0; j < c; j++) out[o + j] += x * b[bo + j];
            }
        }
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

    /** The first k columns of an m×q row-major matrix. */
    private static double[] leading(double[] a, int m, int q, int k) {
        double[] out = new double[m * k];
        for (int i = 0; i < m; i++) System.arraycopy(a, i * q, out, i * k, k);
        return out;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }
}
