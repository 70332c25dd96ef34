package org.irlab.problem;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Randoms;

/**
 * A rank-r ground truth M* = U*Σ*V*ᵀ ∈ ℝ^{rows×columns} kept as its factors (Section 7 of the IPGD paper), with
 * V* = U* in the symmetric case. U* and V* are Gaussian matrices orthonormalised by Gram–Schmidt, i.e. the Q of a QR
 * factorisation with positive diagonal R, so they carry no sign ambiguity. Entries are formed on demand, so a large
 * truth never needs a dense rows×columns array.
 */
public final class LowRankTruth {
    private final int rows, columns, rank;
    private final double[] singularValues;
    private final double[] left, right; // U* (rows×r), V* (columns×r); right == left when symmetric

    private LowRankTruth(int rows, int columns, double[] singularValues, double[] left, double[] right) {
        this.rows = rows;
        this.columns = columns;
        this.rank = singularValues.length;
        this.singularValues = singularValues;
        this.left = left;
        this.right = right;
    }

    /** M* = U*Σ*U*ᵀ with U* ∈ ℝ^{n×r} drawn from {@code rng} (all draws come from that one generator). */
    public static LowRankTruth symmetric(SplittableRandom rng, int n, double[] singularValues) {
        check(n, n, singularValues);
        double[] u = Randoms.orthonormalColumns(rng, n, singularValues.length);
        return new LowRankTruth(n, n, singularValues.clone(), u, u);
    }

    /** M* = U*Σ*V*ᵀ with U* from the first split of {@code rng} and V* from the second. */
    public static LowRankTruth asymmetric(SplittableRandom rng, int rows, int columns, double[] singularValues) {
        check(rows, columns, singularValues);
        SplittableRandom leftRng = rng.split();
        SplittableRandom rightRng = rng.split();
        double[] u = Randoms.orthonormalColumns(leftRng, rows, singularValues.length);
        double[] v = Randoms.orthonormalColumns(rightRng, columns, singularValues.length);
        return new LowRankTruth(rows, columns, singularValues.clone(), u, v);
    }

    /**
     * A truth given by its factors (for instance one read from files): M* = U*Σ*V*ᵀ, or U*Σ*U*ᵀ when {@code right}
     * is null. The factors are kept as given (copied), so entries, errors and the solution factor are computed from
     * exactly these doubles; {@link #orthonormalityDefect()} tells whether U* and V* are orthonormal.
     *
     * @param singularValues σ₁, …, σ_r, positive and finite
     * @param left           U*, rows×r row-major
     * @param right          V*, columns×r row-major, or null for a symmetric truth (then rows = columns)
     */
    public static LowRankTruth of(int rows, int columns, double[] singularValues, double[] left, double[] right) {
        check(rows, columns, singularValues);
        int r = singularValues.length;
        if (left.length != (long) rows * r) {
            throw new IllegalArgumentException("U* has " + left.length + " entries, expected " + rows + "x" + r);
        }
        if (right == null && rows != columns) throw new IllegalArgumentException("a symmetric truth must be square");
        if (right != null && right.length != (long) columns * r) {
            throw new IllegalArgumentException("V* has " + right.length + " entries, expected " + columns + "x" + r);
        }
        double[] u = left.clone();
        return new LowRankTruth(rows, columns, singularValues.clone(), u, right == null ? u : right.clone());
    }

    /**
     * The truth of a dense matrix M (rows×columns, row-major): its singular triplets above the numerical-rank cutoff
     * max(rows, columns)·ε·σ₁ (as NumPy's matrix_rank). When {@code symmetric}, M must be symmetric to
     * 1e-12·max|Mᵢⱼ| and positive semidefinite (eigenvalues ≥ −cutoff); its eigenpairs above the cutoff are kept, so
     * V* = U*. The factors reproduce M to about ε‖M‖, not bit for bit.
     *
     * @throws IllegalArgumentException for a non-finite, zero, asymmetric or indefinite M, naming the entry or
     *                                  eigenvalue
     */
    public static LowRankTruth ofMatrix(int rows, int columns, double[] m, boolean symmetric) {
        if (m.length != (long) rows * columns) {
            throw new IllegalArgumentException("M* has " + m.length + " entries, expected " + rows + "x" + columns);
        }
        double largest = 0;
        for (int k = 0; k < m.length; k++) {
            if (!Double.isFinite(m[k])) {
                throw new IllegalArgumentException("M* entry (" + k / columns + ", " + k % columns + ") is " + m[k]);
            }
            largest = Math.max(largest, Math.abs(m[k]));
        }
        if (largest == 0) throw new IllegalArgumentException("M* is zero: it has no rank-r factors");
        if (symmetric && rows != columns) throw new IllegalArgumentException("a symmetric M* must be square");
        return symmetric ? ofSymmetricMatrix(rows, m, largest) : ofGeneralMatrix(rows, columns, m);
    }

    private static LowRankTruth ofSymmetricMatrix(int n, double[] m, double largest) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double mij = m[i * n + j], mji = m[j * n + i];
                if (Math.abs(mij - mji) > 1e-12 * largest) {
                    throw new IllegalArgumentException("M* is not symmetric: entries (" + i + ", " + j + ") = " + mij
                            + " and (" + j + ", " + i + ") = " + mji);
                }
                a.set(i, j, 0.5 * (mij + mji));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a)) throw new ArithmeticException("the eigendecomposition of M* did not converge");
        double top = 0;
        for (int k = 0; k < n; k++) top = Math.max(top, Math.abs(eig.getEigenvalue(k).real));
        double cutoff = n * Math.ulp(1.0) * top;
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
            double lambda = eig.getEigenvalue(k).real;
            if (lambda < -cutoff) {
                throw new IllegalArgumentException("M* is not positive semidefinite: it has the eigenvalue " + lambda
                        + " (M = XXᵀ cannot fit it)");
            }
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).real, eig.getEigenvalue(p).real));
        int r = 0;
        while (r < n && eig.getEigenvalue(order[r]).real > cutoff) r++;
        double[] sigma = new double[r], u = new double[n * r];
        for (int c = 0; c < r; c++) {
            sigma[c] = eig.getEigenvalue(order[c]).real;
            DMatrixRMaj vector = eig.getEigenVector(order[c]);
            for (int i = 0; i < n; i++) u[i * r + c] = vector.get(i, 0);
        }
        return new LowRankTruth(n, n, sigma, u, u);
    }

    private static LowRankTruth ofGeneralMatrix(int rows, int columns, double[] m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(rows, columns, true, true, true);
        if (!svd.decompose(new DMatrixRMaj(rows, columns, true, m.clone()))) {
            throw new ArithmeticException("the SVD of M* did not converge");
        }
        int k = svd.numberOfSingularValues();
        double[] w = svd.getSingularValues();
        DMatrixRMaj left = svd.getU(null, false), right = svd.getV(null, false);
        double top = 0;
        for (int i = 0; i < k; i++) top = Math.max(top, w[i]);
        double cutoff = Math.max(rows, columns) * Math.ulp(1.0) * top;
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(w[q], w[p]));
        int r = 0;
        while (r < k && w[order[r]] > cutoff) r++;
        double[] sigma = new double[r], u = new double[rows * r], v = new double[columns * r];
        for (int c = 0; c < r; c++) {
            int s = order[c];
            sigma[c] = w[s];
            for (int i = 0; i < rows; i++) u[i * r + c] = left.get(i, s);
            for (int j = 0; j < columns; j++) v[j * r + c] = right.get(j, s);
        }
        return new LowRankTruth(rows, columns, sigma, u, v);
    }

    private static void check(int rows, int columns, double[] singularValues) {
        if (singularValues.length > Math.min(rows, columns)) {
            throw new IllegalArgumentException("rank " + singularValues.length + " exceeds " + rows + "x" + columns);
        }
        for (double s : singularValues) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("singular values must be > 0");
        }
    }

    public int rows() { return rows; }

    public int columns() { return columns; }

    public int rank() { return rank; }

    public boolean isSymmetric() { return left == right; }

    /** U* (rows×r, row-major; shared, do not modify). */
    public double[] left() { return left; }

    /** V* (columns×r, row-major; the same array as {@link #left()} when symmetric; shared, do not modify). */
    public double[] right() { return right; }

    /** σ₁, …, σ_r (shared, do not modify). */
    public double[] singularValues() { return singularValues; }

    /** max |(U*ᵀU*)ₖₗ − δₖₗ| over U* and V*: about 1e-16 for a generated or decomposed truth. */
    public double orthonormalityDefect() {
        return Math.max(defect(left, rows), defect(right, columns));
    }

    private double defect(double[] f, int n) {
        double worst = 0;
        for (int k = 0; k < rank; k++) {
            for (int l = 0; l <= k; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += f[i * rank + k] * f[i * rank + l];
                worst = Math.max(worst, Math.abs(s - (k == l ? 1 : 0)));
            }
        }
        return worst;
    }

    /**
     * M*ᵢⱼ for a symmetric truth read as M*_{min(i,j), max(i,j)}, so that the value at (i, j) and at (j, i) is the same
     * double (the sum in {@link #entry} is not bitwise symmetric in i and j); otherwise {@link #entry}.
     */
    public double symmetricEntry(int i, int j) {
        return isSymmetric() && i > j ? entry(j, i) : entry(i, j);
    }

    /** M*ᵢⱼ = Σₖ U*ᵢₖσₖV*ⱼₖ. */
    public double entry(int i, int j) {
        double s = 0;
        int ui = i * rank, vj = j * rank;
        for (int k = 0; k < rank; k++) s += left[ui + k] * singularValues[k] * right[vj + k];
        return s;
    }

    /** Writes row i of M* into {@code out} (length ≥ columns). */
    public void row(int i, double[] out) {
        for (int j = 0; j < columns; j++) out[j] = entry(i, j);
    }

    /** M* as a dense rows×columns row-major array (allocates; for construction-time use on small problems). */
    public double[] dense() {
        double[] m = new double[Math.multiplyExact(rows, columns)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) m[i * columns + j] = entry(i, j);
        }
        return m;
    }

    /**
     * The balanced factor of M* padded with zero columns to {@code searchRank} columns: U*Σ*^{1/2} (rows×r') when
     * symmetric, else the stacked [U*Σ*^{1/2}; V*Σ*^{1/2}] ((rows+columns)×r'). Every solution of the
     * (balanced) factorised problem is this factor times an orthogonal r'×r' matrix.
     */
    public double[] balancedFactor(int searchRank) {
        if (searchRank < rank) throw new IllegalArgumentException("searchRank " + searchRank + " < rank " + rank);
        int stacked = isSymmetric() ? rows : rows + columns;
        double[] z = new double[Math.multiplyExact(stacked, searchRank)];
        for (int i = 0; i < stacked; i++) {
            boolean top = i < rows;
            double[] f = top ? left : right;
            int fi = (top ? i : i - rows) * rank;
            for (int k = 0; k < rank; k++) z[i * searchRank + k] = f[fi + k] * Math.sqrt(singularValues[k]);
        }
        return z;
    }
}
