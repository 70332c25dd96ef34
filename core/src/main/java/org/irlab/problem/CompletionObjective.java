package org.irlab.problem;

import java.util.Arrays;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.SparsePattern;

/**
 * Matrix completion on the observed entries only, f = c·Σ_{(i,j)∈Ω} ((XYᵀ)ᵢⱼ − Tᵢⱼ)² (eq. (123) of the IPGD paper with
 * c = 1), for x = [X; Y] or, in the symmetric model, x = X and Y = X. Value, gradient and Hessian-vector product are
 * each one fused pass over Ω, so nothing of size |Ω| is written per call:
 * <ul>
 *   <li>with residuals eᵢⱼ = ⟨Xᵢ, Yⱼ⟩ − Tᵢⱼ and, along v = [V; W], ėᵢⱼ = ⟨Vᵢ, Yⱼ⟩ + ⟨Xᵢ, Wⱼ⟩:
 *       ∇_{Xᵢ} f = 2c Σⱼ eᵢⱼYⱼ, ∇_{Yⱼ} f = 2c Σᵢ eᵢⱼXᵢ, and ∇²f·v has rows 2c Σⱼ (ėᵢⱼYⱼ + eᵢⱼWⱼ) and
 *       2c Σᵢ (ėᵢⱼXᵢ + eᵢⱼVᵢ);</li>
 *   <li>the X rows are a pass over the CSR rows of Ω, the Y rows a pass over its columns (CSC) that recomputes eᵢⱼ
 *       with a column-ordered copy of T: both passes stream their index and target arrays and gather factor rows;</li>
 *   <li>symmetric model: the two sums add into X. When Ω and T are symmetric (as for {@link
 *       LowRankRecovery#symmetricCompletion}) E is symmetric to the last bit and ∇f = 4cEX needs the row pass only.</li>
 * </ul>
 * Rows (and columns) are cut into chunks of about {@value #CHUNK_WORK} entries fixed by Ω alone; every output row
 * belongs to one chunk and the value is the in-order sum of per-chunk partials, so the result is the same bits for
 * any thread count (see {@link Parallel}). Memory: Ω, T and the column-ordered T (none when Ω and T are symmetric),
 * O(|Ω|), plus O(chunks); no call allocates apart from the fork/join tasks when running on several threads.
 */
public final class CompletionObjective implements Objective {
    /** Target work (entries plus rows) of one chunk. */
    static final int CHUNK_WORK = 1 << 15;

    private final SparsePattern omega;
    private final int rank, rows, columns, dimension, rightOffset;
    private final double scale;
    private final double[] target, columnTarget;
    private final boolean symmetricModel, mirrored;
    private final int[] rowStart, columnIndex, columnStart, transposedRow; // Ω's arrays (shared)
    private final int[] rowChunks, columnChunks; // chunk c covers [chunks[c], chunks[c+1])
    private final double[] partial;
    private final Parallel.ChunkBody valueBody, gradientBody, hessianBody;
    // the arguments of the current call, read by the chunk bodies (an objective is used by one caller at a time)
    private double[] x, v, out;

    /** Symmetric model M = XXᵀ on a square Ω (x = X ∈ ℝ^{n×r'}). */
    public static CompletionObjective symmetric(SparsePattern omega, double[] target, int searchRank, double scale) {
        return symmetric(omega, target, searchRank, scale, CHUNK_WORK);
    }

    /** Two-factor model M = XYᵀ on Ω ⊆ [n₁]×[n₂] (x = [X; Y] stacked row-major). */
    public static CompletionObjective asymmetric(SparsePattern omega, double[] target, int searchRank, double scale) {
        return asymmetric(omega, target, searchRank, scale, CHUNK_WORK);
    }

    /** {@link #symmetric(SparsePattern, double[], int, double)} with chunks of the given work (tests). */
    static CompletionObjective symmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                         int chunkWork) {
        if (omega.rows() != omega.columns()) throw new IllegalArgumentException("symmetric model needs a square Ω");
        return new CompletionObjective(omega, target, searchRank, scale, true, chunkWork);
    }

    /** {@link #asymmetric(SparsePattern, double[], int, double)} with chunks of the given work (tests). */
    static CompletionObjective asymmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                          int chunkWork) {
        return new CompletionObjective(omega, target, searchRank, scale, false, chunkWork);
    }

    /**
     * @param target T on Ω in CSR order (length |Ω|); not copied, must not be modified
     * @param scale  c
     */
    private CompletionObjective(SparsePattern omega, double[] target, int searchRank, double scale, boolean symmetric,
                                int chunkWork) {
        if (chunkWork < 1) throw new IllegalArgumentException("chunkWork must be >= 1");
        if (target.length != omega.size()) {
            throw new IllegalArgumentException("target has " + target.length + " entries, Ω has " + omega.size());
        }
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
        if (!Double.isFinite(scale)) throw new IllegalArgumentException("scale must be finite");
        this.omega = omega;
        this.target = target;
        this.rank = searchRank;
        this.scale = scale;
        this.rows = omega.rows();
        this.columns = omega.columns();
        this.symmetricModel = symmetric;
        this.rightOffset = symmetric ? 0 : Math.multiplyExact(rows, searchRank);
        this.dimension = Math.multiplyExact(symmetric ? rows : rows + columns, searchRank);
        this.rowStart = omega.rowStarts();
        this.columnIndex = omega.columnIndices();
        this.columnStart = omega.columnStarts();
        this.transposedRow = omega.transposedRows();
        this.mirrored = symmetric && omega.isSymmetric() && symmetricValues(omega, target);
        if (mirrored) {
            this.columnTarget = null;
        } else {
            this.columnTarget = new double[omega.size()];
            for (int t = 0; t < columnTarget.length; t++) columnTarget[t] = target[omega.transposedPosition(t)];
        }
        this.rowChunks = chunkBoundaries(omega, rows, false, symmetric && !mirrored, chunkWork);
        this.columnChunks = symmetric ? new int[] {0} : chunkBoundaries(omega, columns, true, false, chunkWork);
        this.partial = new double[rowChunks.length - 1];
        this.valueBody = this::valueChunk;
        this.gradientBody = this::gradientChunk;
        this.hessianBody = this::hessianChunk;
    }

    /** True when T at (i, j) and at (j, i) are the same double for every entry of the symmetric Ω. */
    private static boolean symmetricValues(SparsePattern omega, double[] target) {
        for (int t = 0; t < target.length; t++) {
            if (Double.doubleToLongBits(target[t]) != Double.doubleToLongBits(target[omega.transposedPosition(t)])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Chunk boundaries over [0, count) (rows, or columns when {@code byColumn}): a chunk closes once its entries
     * plus its rows reach {@code chunkWork}. {@code both}: a row's work is its row and its column of Ω.
     */
    private static int[] chunkBoundaries(SparsePattern omega, int count, boolean byColumn, boolean both,
                                         int chunkWork) {
        long total = count + (both ? 2L : 1L) * omega.size();
        int[] bounds = new int[(int) (total / chunkWork) + 2];
        int chunks = 0;
        long work = 0;
        for (int i = 0; i < count; i++) {
            if (byColumn || both) work += omega.columnStart(i + 1) - omega.columnStart(i);
            if (!byColumn) work += omega.rowStart(i + 1) - omega.rowStart(i);
            work++;
            if (work >= chunkWork && i + 1 < count) {
                bounds[++chunks] = i + 1;
                work = 0;
            }
        }
        bounds[++chunks] = count;
        return Arrays.copyOf(bounds, chunks + 1);
    }

    public SparsePattern pattern() { return omega; }

    public int searchRank() { return rank; }

    public boolean isSymmetric() { return symmetricModel; }

    /** T on Ω in CSR order (shared, do not modify). */
    public double[] target() { return target; }

    public double scale() { return scale; }

    /** True when Ω and T are symmetric and the symmetric model needs the row pass only (∇f = 4cEX). */
    boolean usesMirroredPass() { return mirrored; }

    /** Number of row chunks plus column chunks (tests). */
    int chunkCount() { return partial.length + columnChunks.length - 1; }

    @Override public int dimension() { return dimension; }

    @Override public double value(double[] x) {
        this.x = x;
        int chunks = partial.length;
        Parallel.forEachChunk(chunks, 1, (long) omega.size() * rank, valueBody);
        this.x = null;
        return scale * Parallel.sumInOrder(partial, chunks);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        checkOutput(x, gradientOut);
        this.x = x;
        this.out = gradientOut;
        int chunks = partial.length;
        Parallel.forEachChunk(chunks + columnChunks.length - 1, 1, 4L * omega.size() * rank, gradientBody);
        this.x = null;
        this.out = null;
        return scale * Parallel.sumInOrder(partial, chunks);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        checkOutput(x, out);
        if (out == v) throw new IllegalArgumentException("output aliases an input");
        this.x = x;
        this.v = v;
        this.out = out;
        Parallel.forEachChunk(partial.length + columnChunks.length - 1, 1, 12L * omega.size() * rank, hessianBody);
        this.x = null;
        this.v = null;
        this.out = null;
    }

    private static void checkOutput(double[] x, double[] out) {
        if (out == x) throw new IllegalArgumentException("output aliases an input");
    }

    /** Σ e² over the rows of chunk c. */
    private void valueChunk(int c, int unusedFrom, int unusedTo) {
        double s = 0;
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            s += squaredResiduals(x, i * rank, columnIndex, rowStart[i], rowStart[i + 1], rightOffset, target, rank);
        }
        partial[c] = s;
    }

    /** Chunks [0, rowChunks) are row chunks (value and X rows); the rest are column chunks (Y rows). */
    private void gradientChunk(int c, int unusedFrom, int unusedTo) {
        double[] x = this.x, g = this.out;
        int r = rank, off = rightOffset;
        int rowChunkCount = partial.length;
        double coefficient = (mirrored ? 4 : 2) * scale;
        if (c >= rowChunkCount) {
            // ∇_{Yⱼ} = 2c Σᵢ eᵢⱼXᵢ over column j of Ω
            int cc = c - rowChunkCount;
            for (int j = columnChunks[cc], end = columnChunks[cc + 1]; j < end; j++) {
                int yj = off + j * r;
                Arrays.fill(g, yj, yj + r, 0.0);
                gradientRow(x, yj, transposedRow, columnStart[j], columnStart[j + 1], 0, columnTarget, coefficient,
                        g, r);
            }
            return;
        }
        double s = 0;
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            int xi = i * r;
            Arrays.fill(g, xi, xi + r, 0.0);
            s += gradientRow(x, xi, columnIndex, rowStart[i], rowStart[i + 1], off, target, coefficient, g, r);
            if (symmetricModel && !mirrored) {
                // the EᵀX half: entries (h, i) of column i, residual ⟨X_h, X_i⟩ − T_hi
                gradientRow(x, xi, transposedRow, columnStart[i], columnStart[i + 1], 0, columnTarget, coefficient,
                        g, r);
            }
        }
        partial[c] = s;
    }

    private void hessianChunk(int c, int unusedFrom, int unusedTo) {
        double[] x = this.x, v = this.v, h = this.out;
        int r = rank, off = rightOffset;
        int rowChunkCount = partial.length;
        double coefficient = (mirrored ? 4 : 2) * scale;
        if (c >= rowChunkCount) {
            // rows of Y: 2c Σᵢ (ėᵢⱼXᵢ + eᵢⱼVᵢ)
            int cc = c - rowChunkCount;
            for (int j = columnChunks[cc], end = columnChunks[cc + 1]; j < end; j++) {
                int yj = off + j * r;
                Arrays.fill(h, yj, yj + r, 0.0);
                hessianRow(x, v, yj, transposedRow, columnStart[j], columnStart[j + 1], 0, columnTarget, coefficient,
                        h, r);
            }
            return;
        }
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            int xi = i * r;
            Arrays.fill(h, xi, xi + r, 0.0);
            hessianRow(x, v, xi, columnIndex, rowStart[i], rowStart[i + 1], off, target, coefficient, h, r);
            if (symmetricModel && !mirrored) {
                hessianRow(x, v, xi, transposedRow, columnStart[i], columnStart[i + 1], 0, columnTarget, coefficient,
                        h, r);
            }
        }
    }

    /*
     * The kernels. One output row o = x[at..at+r) (a row of X, or of Y in a column pass) meets the entries
     * k ∈ [from, to) of its row (column) of Ω; entry k pairs it with the gathered row p = x[gather + index[k]·r..].
     * Every residual is e = (Σ_a o_a·p_a, summed in order a = 0, 1, …) − T_k, whichever pass computes it, so the row
     * and the column pass (and, for symmetric data, the entries (i, j) and (j, i)) see the same bits. Entries are
     * taken eight (four for the Hessian) at a time: the independent sums keep the floating-point units busy, and each
     * output element is loaded and stored once per group instead of once per entry.
     */

    /** Σ_k e_k² (no output). */
    static double squaredResiduals(double[] x, int at, int[] index, int from, int to, int gather, double[] target,
                                   int r) {
        double s = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            int p0 = gather + index[k] * r, p1 = gather + index[k + 1] * r;
            int p2 = gather + index[k + 2] * r, p3 = gather + index[k + 3] * r;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (int a = 0; a < r; a++) {
                double o = x[at + a];
                d0 += o * x[p0 + a];
                d1 += o * x[p1 + a];
                d2 += o * x[p2 + a];
                d3 += o * x[p3 + a];
            }
            double e0 = d0 - target[k], e1 = d1 - target[k + 1], e2 = d2 - target[k + 2], e3 = d3 - target[k + 3];
            s += e0 * e0;
            s += e1 * e1;
            s += e2 * e2;
            s += e3 * e3;
        }
        for (; k < to; k++) {
            int p = gather + index[k] * r;
            double d = 0;
            for (int a = 0; a < r; a++) d += x[at + a] * x[p + a];
            double e = d - target[k];
            s += e * e;
        }
        return s;
    }

    /** out[at + a] += coefficient·Σ_k e_k·p_a; returns Σ_k e_k². */
    static double gradientRow(double[] x, int at, int[] index, int from, int to, int gather, double[] target,
                              double coefficient, double[] out, int r) {
        double s = 0;
        int k = from;
        for (; k + 7 < to; k += 8) {
            int p0 = gather + index[k] * r, p1 = gather + index[k + 1] * r;
            int p2 = gather + index[k + 2] * r, p3 = gather + index[k + 3] * r;
            int p4 = gather + index[k + 4] * r, p5 = gather + index[k + 5] * r;
            int p6 = gather + index[k + 6] * r, p7 = gather + index[k + 7] * r;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0;
            for (int a = 0; a < r; a++) {
                double o = x[at + a];
                d0 += o * x[p0 + a];
                d1 += o * x[p1 + a];
                d2 += o * x[p2 + a];
                d3 += o * x[p3 + a];
                d4 += o * x[p4 + a];
                d5 += o * x[p5 + a];
                d6 += o * x[p6 + a];
                d7 += o * x[p7 + a];
            }
            double e0 = d0 - target[k], e1 = d1 - target[k + 1], e2 = d2 - target[k + 2], e3 = d3 - target[k + 3];
            double e4 = d4 - target[k + 4], e5 = d5 - target[k + 5], e6 = d6 - target[k + 6], e7 = d7 - target[k + 7];
            s += e0 * e0;
            s += e1 * e1;
            s += e2 * e2;
            s += e3 * e3;
            s += e4 * e4;
            s += e5 * e5;
            s += e6 * e6;
            s += e7 * e7;
            double c0 = coefficient * e0, c1 = coefficient * e1, c2 = coefficient * e2, c3 = coefficient * e3;
            double c4 = coefficient * e4, c5 = coefficient * e5, c6 = coefficient * e6, c7 = coefficient * e7;
            for (int a = 0; a < r; a++) {
                out[at + a] += ((c0 * x[p0 + a] + c1 * x[p1 + a]) + (c2 * x[p2 + a] + c3 * x[p3 + a]))
                        + ((c4 * x[p4 + a] + c5 * x[p5 + a]) + (c6 * x[p6 + a] + c7 * x[p7 + a]));
            }
        }
        for (; k < to; k++) {
            int p = gather + index[k] * r;
            double d = 0;
            for (int a = 0; a < r; a++) d += x[at + a] * x[p + a];
            double e = d - target[k];
            s += e * e;
            double ce = coefficient * e;
            for (int a = 0; a < r; a++) out[at + a] += ce * x[p + a];
        }
        return s;
    }

    /**
     * out[at + a] += coefficient·Σ_k (ė_k·p_a + e_k·q_a) with q the same row of v and
     * ė_k = Σ_a v[at + a]·p_a + Σ_a o_a·q_a (the derivative of e_k along v).
     */
    static void hessianRow(double[] x, double[] v, int at, int[] index, int from, int to, int gather,
                           double[] target, double coefficient, double[] out, int r) {
        int k = from;
        for (; k + 3 < to; k += 4) {
            int p0 = gather + index[k] * r, p1 = gather + index[k + 1] * r;
            int p2 = gather + index[k + 2] * r, p3 = gather + index[k + 3] * r;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            double u0 = 0, u1 = 0, u2 = 0, u3 = 0; // Σ v_o·p
            double w0 = 0, w1 = 0, w2 = 0, w3 = 0; // Σ o·q
            for (int a = 0; a < r; a++) {
                double o = x[at + a], vo = v[at + a];
                double q0 = x[p0 + a], q1 = x[p1 + a], q2 = x[p2 + a], q3 = x[p3 + a];
                d0 += o * q0;
                d1 += o * q1;
                d2 += o * q2;
                d3 += o * q3;
                u0 += vo * q0;
                u1 += vo * q1;
                u2 += vo * q2;
                u3 += vo * q3;
                w0 += o * v[p0 + a];
                w1 += o * v[p1 + a];
                w2 += o * v[p2 + a];
                w3 += o * v[p3 + a];
            }
            double e0 = coefficient * (d0 - target[k]), e1 = coefficient * (d1 - target[k + 1]);
            double e2 = coefficient * (d2 - target[k + 2]), e3 = coefficient * (d3 - target[k + 3]);
            double f0 = coefficient * (u0 + w0), f1 = coefficient * (u1 + w1);
            double f2 = coefficient * (u2 + w2), f3 = coefficient * (u3 + w3);
            for (int a = 0; a < r; a++) {
                out[at + a] += ((f0 * x[p0 + a] + e0 * v[p0 + a]) + (f1 * x[p1 + a] + e1 * v[p1 + a]))
                        + ((f2 * x[p2 + a] + e2 * v[p2 + a]) + (f3 * x[p3 + a] + e3 * v[p3 + a]));
            }
        }
        for (; k < to; k++) {
            int p = gather + index[k] * r;
            double d = 0, u = 0, w = 0;
            for (int a = 0; a < r; a++) {
                double q = x[p + a];
                d += x[at + a] * q;
                u += v[at + a] * q;
                w += x[at + a] * v[p + a];
            }
            double e = coefficient * (d - target[k]), f = coefficient * (u + w);
            for (int a = 0; a < r; a++) out[at + a] += f * x[p + a] + e * v[p + a];
        }
    }
}
