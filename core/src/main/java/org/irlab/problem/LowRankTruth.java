package org.irlab.problem;

import java.util.SplittableRandom;
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
    double[] left() { return left; }

    /** V* (columns×r, row-major; the same array as {@link #left()} when symmetric; shared, do not modify). */
    double[] right() { return right; }

    /** σ₁, …, σ_r (shared, do not modify). */
    double[] singularValues() { return singularValues; }

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
