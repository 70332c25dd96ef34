package org.irlab.region;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * 𝓜 = {X ∈ ℝ^{rows×columns} : rank X ≤ r} for a block of the parameter vector; projection by truncated SVD
 * (Eckart–Young), residual norm = (Σ_{i&gt;r} σᵢ²)^{1/2} computed from the singular values, not by subtraction.
 */
public final class LowRankRegion implements ImplicitRegion {
    private final int rows, columns, rank, offset, dimension;
    private final DMatrixRMaj block;
    private DMatrixRMaj u, v;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;
    private final double[] sorted;
    private final int[] order;

    /** The whole parameter vector is one rows×columns matrix. */
    public LowRankRegion(int rows, int columns, int rank) {
        this(rows, columns, rank, 0, rows * columns);
    }

    /**
     * @param offset    where the block starts in the parameter vector
     * @param dimension total length of the parameter vector
     */
    public LowRankRegion(int rows, int columns, int rank, int offset, int dimension) {
        if (rank < 0) throw new IllegalArgumentException("rank must be >= 0");
        this.rows = rows;
        this.columns = columns;
        this.rank = rank;
        this.offset = offset;
        this.dimension = dimension;
        this.block = new DMatrixRMaj(rows, columns);
        this.svd = DecompositionFactory_DDRM.svd(rows, columns, true, true, true);
        int k = Math.min(rows, columns);
        this.sorted = new double[k];
        this.order = new int[k];
    }

    public int rank() { return rank; }

    /** min(rows, columns): how many singular values {@link #singularValues} writes. */
    public int singularValueCount() { return Math.min(rows, columns); }

    @Override public int dimension() { return dimension; }

    @Override public void project(double[] x, double[] signalOut) {
        if (signalOut != x) System.arraycopy(x, 0, signalOut, 0, dimension);
        int k = Math.min(rows, columns);
        if (rank >= k) return;
        decompose(x, true);
        java.util.Arrays.fill(signalOut, offset, offset + rows * columns, 0.0);
        addTriplets(signalOut, 0, rank); // signal block = Σ_{top r} σ_j u_j v_jᵀ
    }

    /**
     * x♯ from the top r singular triplets and x⊥ = Σ_{i&gt;r} σᵢuᵢvᵢᵀ from the trailing ones, not x − x♯: once the
     * residual is small (‖x⊥‖ ≪ ‖x‖, as along any converging run) the subtraction would leave it with errors of
     * relative size ε‖x‖/‖x⊥‖ pointing into the signal's tangent space, where the Hessian is stiff — a deviation
     * rate measured there is then polluted, and its Lanczos run needs several times the steps. Outside the block
     * x♯ = x and x⊥ = 0. {@code signalOut} may be x; {@code residualOut} must not.
     */
    @Override public void split(double[] x, double[] signalOut, double[] residualOut) {
        int k = Math.min(rows, columns);
        if (signalOut != x) System.arraycopy(x, 0, signalOut, 0, dimension);
        java.util.Arrays.fill(residualOut, 0.0);
        if (rank >= k) return;
        decompose(x, true);
        int block = rows * columns;
        java.util.Arrays.fill(signalOut, offset, offset + block, 0.0);
        addTriplets(signalOut, 0, rank);
        addTriplets(residualOut, rank, k);
    }

    /** out[block] += Σ_{from ≤ t &lt; to} σ_t u_t v_tᵀ over the sorted triplets of the last decomposition. */
    private void addTriplets(double[] out, int from, int to) {
        double[] w = svd.getSingularValues();
        int uCols = u.numCols, vCols = v.numCols;
        for (int t = from; t < to; t++) {
            int j = order[t];
            double s = w[j];
            if (s == 0) continue;
            for (int i = 0; i < rows; i++) {
                double ui = s * u.data[i * uCols + j];
                if (ui == 0) continue;
                int row = offset + i * columns;
                for (int c = 0; c < columns; c++) out[row + c] += ui * v.data[c * vCols + j];
            }
        }
    }

    /**
     * N(x) = {V : VQ_r = 0} for the top-r right singular vectors Q_r of the block (the signal's row space), V ← V −
     * (VQ_r)Q_rᵀ on the block and 0 elsewhere. It contains x⊥, and for f(X) = g(XXᵀ) the Hessian at x♯ = P_rΣ_rQ_rᵀ
     * maps it into itself: x♯Vᵀ = 0 there, so ∇²f(x♯)[V] = 2·sym∇g(x♯x♯ᵀ)·V, whose rows stay orthogonal to Q_r.
     * Owns its buffers and its own decomposition (one thread at a time).
     */
    public ResidualSpace rowComplement() {
        LowRankRegion own = new LowRankRegion(rows, columns, rank, offset, dimension);
        int k = Math.min(rows, columns), top = Math.min(rank, k);
        double[] basis = new double[top * columns], coefficient = new double[top];
        return new ResidualSpace() {
            @Override public void at(double[] x) {
                if (rank >= k) return;
                own.decompose(x, true);
                int vCols = own.v.numCols;
                for (int t = 0; t < top; t++) {
                    int j = own.order[t];
                    for (int c = 0; c < columns; c++) basis[t * columns + c] = own.v.data[c * vCols + j];
                }
            }

            @Override public void project(double[] v) {
                for (int i = 0; i < offset; i++) v[i] = 0;
                for (int i = offset + rows * columns; i < dimension; i++) v[i] = 0;
                if (rank >= k) return;
                for (int i = 0; i < rows; i++) {
                    int row = offset + i * columns;
                    for (int t = 0; t < top; t++) {
                        double h = 0;
                        for (int c = 0; c < columns; c++) h += v[row + c] * basis[t * columns + c];
                        coefficient[t] = h;
                    }
                    for (int t = 0; t < top; t++) {
                        double h = coefficient[t];
                        for (int c = 0; c < columns; c++) v[row + c] -= h * basis[t * columns + c];
                    }
                }
            }
        };
    }

    @Override public double residualNorm(double[] x) {
        int k = Math.min(rows, columns);
        if (rank >= k) return 0;
        decompose(x, false);
        double[] w = svd.getSingularValues();
        double s = 0;
        for (int t = rank; t < k; t++) s += w[order[t]] * w[order[t]];
        return Math.sqrt(s);
    }

    /** Singular values of the block in decreasing order, written into {@code out} (length min(rows, columns)). */
    public void singularValues(double[] x, double[] out) {
        decompose(x, false);
        double[] w = svd.getSingularValues();
        for (int t = 0; t < order.length; t++) out[t] = w[order[t]];
    }

    /**
     * The top-r left singular vectors of the block (the column space of x♯) into {@code basisOut} (rows×r,
     * row-major, column t for the t-th largest σ) and σ₁ ≥ … ≥ σ_r into {@code valuesOut} (length r).
     */
    public void signalBasis(double[] x, double[] basisOut, double[] valuesOut) {
        decompose(x, true);
        double[] w = svd.getSingularValues();
        int uCols = u.numCols, top = Math.min(rank, order.length);
        java.util.Arrays.fill(basisOut, 0, rows * rank, 0.0);
        java.util.Arrays.fill(valuesOut, 0, rank, 0.0);
        for (int t = 0; t < top; t++) {
            int j = order[t];
            valuesOut[t] = w[j];
            for (int i = 0; i < rows; i++) basisOut[i * rank + t] = u.data[i * uCols + j];
        }
    }

    private void decompose(double[] x, boolean vectors) {
        System.arraycopy(x, offset, block.data, 0, rows * columns);
        if (!svd.decompose(block)) throw new ArithmeticException("SVD did not converge");
        if (vectors) {
            u = svd.getU(u, false);
            v = svd.getV(v, false);
        }
        double[] w = svd.getSingularValues();
        int k = order.length;
        for (int i = 0; i < k; i++) { order[i] = i; sorted[i] = w[i]; }
        // insertion sort by decreasing σ (k is small)
        for (int i = 1; i < k; i++) {
            int oi = order[i];
            int j = i - 1;
            while (j >= 0 && w[order[j]] < w[oi]) { order[j + 1] = order[j]; j--; }
            order[j + 1] = oi;
        }
    }
}
