package org.irlab.problem;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Householder;
import org.irlab.linalg.Kernels;

/**
 * Singular values of XYᵀ for x = [X; Y] (X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'}) without forming the n₁×n₂ product: with
 * thin QR factorisations X = Q_X R_X and Y = Q_Y R_Y, XYᵀ = Q_X (R_X R_Yᵀ) Q_Yᵀ has the singular values of the small
 * matrix R_X R_Yᵀ. Cost O((n₁+n₂)r'²); tiny singular values are resolved to about ε·σ₁, not √ε·σ₁ as a Gram
 * matrix would give. (R comes from {@link Householder} rather than EJML, whose QR reports failure on a zero column,
 * e.g. at the zero initial point.)
 */
public final class FactorSpectrum {
    private final int rows, columns, searchRank, count, leftRank, rightRank;
    private final double[] left, right, reflector, rowWork, ascending, descending;
    private final DMatrixRMaj core;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;

    public FactorSpectrum(int rows, int columns, int searchRank) {
        this.rows = rows;
        this.columns = columns;
        this.searchRank = searchRank;
        this.leftRank = Math.min(rows, searchRank);
        this.rightRank = Math.min(columns, searchRank);
        this.count = Math.min(leftRank, rightRank);
        this.left = new double[rows * searchRank];
        this.right = new double[columns * searchRank];
        this.reflector = new double[Math.max(rows, columns)];
        this.rowWork = new double[searchRank];
        this.core = new DMatrixRMaj(leftRank, rightRank);
        this.svd = DecompositionFactory_DDRM.svd(leftRank, rightRank, false, false, true);
        this.ascending = new double[count];
        this.descending = new double[count];
    }

    /** Number of singular values written by {@link #singularValues}: min(n₁, n₂, r'). */
    public int count() { return count; }

    /** Writes the singular values of XYᵀ in decreasing order into {@code out} (length ≥ {@link #count()}). */
    public void singularValues(double[] x, double[] out) {
        int split = rows * searchRank;
        System.arraycopy(x, 0, left, 0, split);
        System.arraycopy(x, split, right, 0, columns * searchRank);
        Householder.triangularize(left, rows, searchRank, reflector, rowWork);
        Householder.triangularize(right, columns, searchRank, reflector, rowWork);
        ofTriangular(left, right, searchRank, svd, core, ascending, out);
    }

    /**
     * The singular values of XYᵀ (decreasing, min(leftRank, rightRank) of them) from the R factors of X and Y: σ of
     * R_X R_Yᵀ, whose leading leftRank and rightRank rows are read ({@code rank} columns each; the rows past are zero).
     * R_X may come from anywhere (a tall-skinny QR over blocks of rows, for X held in pieces); the result is that of
     * {@link #singularValues} when R_X and R_Y are the ones it computes.
     */
    public static double[] singularValues(double[] leftR, int leftRank, double[] rightR, int rightRank, int rank) {
        int count = Math.min(leftRank, rightRank);
        double[] out = new double[count];
        ofTriangular(leftR, rightR, rank, DecompositionFactory_DDRM.svd(leftRank, rightRank, false, false, true),
                new DMatrixRMaj(leftRank, rightRank), new double[count], out);
        return out;
    }

    /** σ of R_X R_Yᵀ (the core's shape gives the leading rows read) into out, decreasing. */
    private static void ofTriangular(double[] leftR, double[] rightR, int rank,
                                     SingularValueDecomposition_F64<DMatrixRMaj> svd, DMatrixRMaj core,
                                     double[] ascending, double[] out) {
        int count = ascending.length;
        // R_X R_Yᵀ from the leading rows of the two reduced blocks
        Kernels.multiplyTransB(leftR, rightR, core.data, core.numRows, rank, core.numCols);
        if (!svd.decompose(core)) throw new ArithmeticException("SVD did not converge");
        System.arraycopy(svd.getSingularValues(), 0, ascending, 0, count);
        Arrays.sort(ascending);
        for (int t = 0; t < count; t++) out[t] = ascending[count - 1 - t];
    }

    /**
     * Singular values of XYᵀ (decreasing, min(n₁, n₂, r') of them) for wide factors — r' beyond min(n₁, n₂), as
     * for an average of several factorizations — where the QR route costs O((n₁+n₂)r'²). With m = min(n₁, n₂) the
     * n_large × m matrix W = (XYᵀ)ᵀ (or XYᵀ) is formed row by row with the measurement kernel in fixed parallel chunks
     * (n₁n₂r' flops), then σᵢ = √λᵢ(WᵀW) (m²·n_large flops and an m×m symmetric eigenproblem, EJML). Squaring
     * resolves σᵢ only to about √ε·σ₁ (1.5e-8 relative): enough for effective ranks and rank thresholds, not for
     * tails at round-off level (use {@link #singularValues} there). Allocates its work arrays.
     */
    public static double[] singularValuesThroughGram(double[] left, double[] right, int rows, int columns, int rank) {
        boolean leftSmall = rows <= columns;
        double[] small = leftSmall ? left : right, large = leftSmall ? right : left;
        int m = Math.min(rows, columns), n = Math.max(rows, columns);
        org.irlab.linalg.MeasurementKernel kernel = org.irlab.linalg.MeasurementKernels.selected();
        DMatrixRMaj w = new DMatrixRMaj(n, m);
        int chunk = 64;
        org.irlab.linalg.Parallel.forEachChunk(n, chunk, (long) n * m * rank, (c, from, to) -> {
            double[] v = new double[rank], out = new double[m];
            for (int j = from; j < to; j++) {
                System.arraycopy(large, j * rank, v, 0, rank);
                kernel.residuals(small, rank, 0, m, v, null, out); // out[i] = ⟨small_i, large_j⟩
                System.arraycopy(out, 0, w.data, j * m, m);
            }
        });
        DMatrixRMaj gram = new DMatrixRMaj(m, m);
        org.ejml.dense.row.CommonOps_DDRM.multInner(w, gram);
        var eig = DecompositionFactory_DDRM.eig(m, false, true);
        if (!eig.decompose(gram)) throw new ArithmeticException("eigen-decomposition did not converge");
        double[] sigma = new double[Math.min(m, rank)];
        double[] lambda = new double[m];
        for (int i = 0; i < m; i++) lambda[i] = eig.getEigenvalue(i).real;
        Arrays.sort(lambda);
        for (int t = 0; t < sigma.length; t++) sigma[t] = Math.sqrt(Math.max(0, lambda[m - 1 - t]));
        return sigma;
    }

    /** (Σ_{i&gt;r} σᵢ(XYᵀ)²)^{1/2}: the distance from XYᵀ to the matrices of rank ≤ r. */
    public double tailNorm(double[] x, int rank) {
        singularValues(x, descending);
        double s = 0;
        for (int t = rank; t < count; t++) s += descending[t] * descending[t];
        return Math.sqrt(s);
    }
}
