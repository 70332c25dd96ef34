package org.irlab.problem;

import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.SparsePattern;

/**
 * The dense masked route of {@link CompletionObjective}'s two-factor model (eq. (123)): the residual matrix
 * R = P_Ω(XYᵀ − T) is formed whole by blocked matrix products, then ∇_X f = 2cRY and ∇_Y f = 2cRᵀX; along
 * v = [V; W], with Ṁ = P_Ω(VYᵀ + XWᵀ), ∇²f·v = 2c[ṀY + RW; ṀᵀX + RᵀV], each as one product of the stacked factors
 * ([Ṁ R]·[Y; W]). The gradient does
 * 3·n₁n₂r' multiply-adds against the sparse route's 3·|Ω|r', but as cache-blocked SIMD products (the
 * {@link MeasurementKernel#accumulate} row sums over panels of {@value #PANEL} columns that stay in L2) instead of a
 * gather of one factor row per observed entry, so it is the faster one when Ω is dense (images: half the pixels).
 *
 * <p>Bits: each (XYᵀ)ᵢⱼ is summed over a = 0, 1, … in order, products rounded before they are added, exactly as the
 * sparse kernels' dot product, so every residual and, summed per row in column order and over rows in the sparse
 * route's chunks, the value are the sparse route's bits. The gradient rows add all n₂ (n₁) terms in order, the
 * unobserved ones as exact zeros, so they differ from the sparse route's grouping by round-off only. Rows (and, for
 * ∇_Y, columns) are cut into fixed blocks, each output row is written by one block: the same bits on any thread
 * count. Memory: T with its mask, R and Rᵀ (n₁×n₂ each) and Yᵀ; from the first Hessian-vector product on, four more
 * n₁×n₂ arrays and the stacked factors ({@link #bytes} counts them all).
 */
final class MaskedDenseRoute {
    /** Rows of R formed (and rows of the gradient written) per block; the blocks are the parallel chunks. */
    static final int BLOCK_ROWS = 64;
    /** Columns of a product formed per sweep over its rows: a panel of the right factor stays in L2. */
    static final int PANEL = 64;

    private final int rows, columns, rank, rightOffset;
    private final double[] target;        // T on Ω, 0 elsewhere, n₁×n₂ row-major
    private final boolean[] observed;     // n₁×n₂
    private final double[] residual;      // R, n₁×n₂
    private final double[] transposed;    // Rᵀ, n₂×n₁
    private final double[] rightTransposed; // Yᵀ, r'×n₂
    private final double[] rowValue;      // Σⱼ Rᵢⱼ² per row, in column order
    private final MeasurementKernel kernel;
    private final Parallel.ChunkBody residualBody, rowGradientBody, transposeBody, columnGradientBody;
    private final Parallel.ChunkBody rateBody, rowHessianBody, pairTransposeBody, columnHessianBody;
    // Hessian-vector products only, made at the first one: [Ṁ R] (n₁×2n₂), its transpose (n₂×2n₁), [V X] (n₁×2r'),
    // [Yᵀ; Wᵀ] (2r'×n₂), [Y; W] (2n₂×r') and [X; V] (2n₁×r')
    private double[] pair, pairTransposed, leftPair, rightPair, stackedRight, stackedLeft;
    // the arguments of the current call (one caller at a time, like the objective)
    private double[] x, out;
    private double coefficient;

    /**
     * @param target T on Ω in CSR order
     */
    MaskedDenseRoute(SparsePattern omega, double[] target, int rank, MeasurementKernel kernel) {
        this.rows = omega.rows();
        this.columns = omega.columns();
        this.rank = rank;
        this.rightOffset = Math.multiplyExact(rows, rank);
        int cells = Math.multiplyExact(rows, columns);
        this.target = new double[cells];
        this.observed = new boolean[cells];
        int[] start = omega.rowStarts(), index = omega.columnIndices();
        for (int i = 0; i < rows; i++) {
            for (int k = start[i]; k < start[i + 1]; k++) {
                this.target[i * columns + index[k]] = target[k];
                this.observed[i * columns + index[k]] = true;
            }
        }
        this.residual = new double[cells];
        this.transposed = new double[cells];
        this.rightTransposed = new double[Math.multiplyExact(rank, columns)];
        this.rowValue = new double[rows];
        this.kernel = kernel;
        this.residualBody = this::residualRows;
        this.rowGradientBody = this::rowGradient;
        this.transposeBody = this::transposeColumns;
        this.columnGradientBody = this::columnGradient;
        this.rateBody = this::rateRows;
        this.rowHessianBody = this::rowHessian;
        this.pairTransposeBody = this::pairTransposeColumns;
        this.columnHessianBody = this::columnHessian;
    }

    /** Bytes the route holds: what the size limit of the route's choice counts. */
    static long bytes(int rows, int columns, int rank) {
        long cells = (long) rows * columns;
        return cells * (8 + 1 + 8 + 8 + 32) + 8L * rank * (3 * columns + 2 * rows + 2 * (rows + columns));
    }

    /**
     * f's per-chunk partial sums into {@code partial} (chunk c covers rows [rowChunks[c], rowChunks[c+1]), as in the
     * sparse route) and, unless {@code gradientOut} is null, ∇f = 2c·[RY; RᵀX] scaled by {@code coefficient} = 2c.
     */
    void evaluate(double[] x, double[] gradientOut, double coefficient, int[] rowChunks, double[] partial) {
        this.x = x;
        this.out = gradientOut;
        this.coefficient = coefficient;
        long cells = (long) rows * columns;
        for (int a = 0; a < rank; a++) {
            int from = rightOffset + a, to = a * columns;
            for (int j = 0; j < columns; j++) rightTransposed[to + j] = x[from + j * rank];
        }
        Parallel.forEachChunk(rows, BLOCK_ROWS, 2 * cells * rank, residualBody);
        if (gradientOut != null) {
            Parallel.forEachChunk(rows, BLOCK_ROWS, 2 * cells * rank, rowGradientBody);
            Parallel.forEachChunk(columns, BLOCK_ROWS, cells, transposeBody);
            Parallel.forEachChunk(columns, BLOCK_ROWS, 2 * cells * rank, columnGradientBody);
        }
        for (int c = 0; c + 1 < rowChunks.length; c++) {
            double s = 0;
            for (int i = rowChunks[c]; i < rowChunks[c + 1]; i++) s += rowValue[i];
            partial[c] = s;
        }
        this.x = null;
        this.out = null;
    }

    /** Rows [from, to) of R = P_Ω(XYᵀ − T), panel by panel, and their Σⱼ Rᵢⱼ². */
    private void residualRows(int unusedChunk, int from, int to) {
        double[] x = this.x, r = residual;
        int n = columns;
        for (int p = 0; p < n; p += PANEL) {
            kernel.product(x, from * rank, rank, rightTransposed, p, n, r, from * n + p, n, to - from, rank,
                    Math.min(PANEL, n - p), 1.0);
        }
        for (int i = from; i < to; i++) {
            double s = 0;
            for (int at = i * n, end = at + n; at < end; at++) {
                double e = observed[at] ? r[at] - target[at] : 0.0;
                r[at] = e;
                s += e * e;
            }
            rowValue[i] = s;
        }
    }

    /** Rows [from, to) of ∇_X = 2cRY. */
    private void rowGradient(int unusedChunk, int from, int to) {
        double[] x = this.x, g = out;
        for (int q = 0; q < rank; q += PANEL) {
            kernel.product(residual, from * columns, columns, x, rightOffset + q, rank, g, from * rank + q, rank,
                    to - from, columns, Math.min(PANEL, rank - q), coefficient);
        }
    }

    /** Rows [from, to) of Rᵀ. */
    private void transposeColumns(int unusedChunk, int from, int to) {
        int n1 = rows, n2 = columns;
        for (int j = from; j < to; j++) {
            int at = j * n1;
            for (int i = 0; i < n1; i++) transposed[at + i] = residual[i * n2 + j];
        }
    }

    /** Rows [from, to) of ∇_Y = 2cRᵀX. */
    private void columnGradient(int unusedChunk, int from, int to) {
        double[] x = this.x, g = out;
        for (int q = 0; q < rank; q += PANEL) {
            kernel.product(transposed, from * rows, rows, x, q, rank, g, rightOffset + from * rank + q, rank,
                    to - from, rows, Math.min(PANEL, rank - q), coefficient);
        }
    }

    /** ∇²f·v = 2c[ṀY + RW; ṀᵀX + RᵀV] into {@code out}, {@code coefficient} = 2c. */
    void hessianVector(double[] x, double[] v, double[] out, double coefficient) {
        int n1 = rows, n2 = columns, r = rank;
        if (pair == null) {
            pair = new double[Math.multiplyExact(2, n1 * n2)];
            pairTransposed = new double[pair.length];
            leftPair = new double[Math.multiplyExact(2 * r, n1)];
            rightPair = new double[Math.multiplyExact(2 * r, n2)];
            stackedRight = new double[Math.multiplyExact(2 * n2, r)];
            stackedLeft = new double[Math.multiplyExact(2 * n1, r)];
        }
        for (int i = 0; i < n1; i++) {
            System.arraycopy(v, i * r, leftPair, 2 * i * r, r);
            System.arraycopy(x, i * r, leftPair, (2 * i + 1) * r, r);
        }
        for (int a = 0; a < r; a++) {
            int y = rightOffset + a, yT = a * n2, wT = (r + a) * n2;
            for (int j = 0; j < n2; j++) {
                rightPair[yT + j] = x[y + j * r];
                rightPair[wT + j] = v[y + j * r];
            }
        }
        System.arraycopy(x, rightOffset, stackedRight, 0, n2 * r);
        System.arraycopy(v, rightOffset, stackedRight, n2 * r, n2 * r);
        System.arraycopy(x, 0, stackedLeft, 0, n1 * r);
        System.arraycopy(v, 0, stackedLeft, n1 * r, n1 * r);
        this.x = x;
        this.out = out;
        this.coefficient = coefficient;
        long cells = (long) n1 * n2;
        Parallel.forEachChunk(n1, BLOCK_ROWS, 6 * cells * r, rateBody);
        Parallel.forEachChunk(n1, BLOCK_ROWS, 4 * cells * r, rowHessianBody);
        Parallel.forEachChunk(n2, BLOCK_ROWS, 2 * cells, pairTransposeBody);
        Parallel.forEachChunk(n2, BLOCK_ROWS, 4 * cells * r, columnHessianBody);
        this.x = null;
        this.out = null;
    }

    /** Rows [from, to) of [Ṁ R]: Ṁ = P_Ω([V X]·[Yᵀ; Wᵀ]), R = P_Ω(XYᵀ − T). */
    private void rateRows(int unusedChunk, int from, int to) {
        int n = columns, width = 2 * n, r = rank;
        for (int p = 0; p < n; p += PANEL) {
            int len = Math.min(PANEL, n - p);
            kernel.product(leftPair, from * 2 * r, 2 * r, rightPair, p, n, pair, from * width + p, width, to - from,
                    2 * r, len, 1.0);
            kernel.product(x, from * r, r, rightPair, p, n, pair, from * width + n + p, width, to - from, r, len, 1.0);
        }
        for (int i = from; i < to; i++) {
            int cell = i * n, at = i * width;
            for (int j = 0; j < n; j++) {
                boolean seen = observed[cell + j];
                pair[at + j] = seen ? pair[at + j] : 0.0;
                pair[at + n + j] = seen ? pair[at + n + j] - target[cell + j] : 0.0;
            }
        }
    }

    /** Rows [from, to) of 2c(ṀY + RW) = 2c[Ṁ R]·[Y; W]. */
    private void rowHessian(int unusedChunk, int from, int to) {
        int width = 2 * columns;
        for (int q = 0; q < rank; q += PANEL) {
            kernel.product(pair, from * width, width, stackedRight, q, rank, out, from * rank + q, rank, to - from,
                    width, Math.min(PANEL, rank - q), coefficient);
        }
    }

    /** Rows [from, to) of [Ṁᵀ Rᵀ]. */
    private void pairTransposeColumns(int unusedChunk, int from, int to) {
        int n1 = rows, n2 = columns, width = 2 * n2;
        for (int j = from; j < to; j++) {
            int at = j * 2 * n1;
            for (int i = 0; i < n1; i++) {
                pairTransposed[at + i] = pair[i * width + j];
                pairTransposed[at + n1 + i] = pair[i * width + n2 + j];
            }
        }
    }

    /** Rows [from, to) of 2c(ṀᵀX + RᵀV) = 2c[Ṁᵀ Rᵀ]·[X; V]. */
    private void columnHessian(int unusedChunk, int from, int to) {
        int width = 2 * rows;
        for (int q = 0; q < rank; q += PANEL) {
            kernel.product(pairTransposed, from * width, width, stackedLeft, q, rank, out,
                    rightOffset + from * rank + q, rank, to - from, width, Math.min(PANEL, rank - q), coefficient);
        }
    }
}
