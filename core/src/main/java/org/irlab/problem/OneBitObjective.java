package org.irlab.problem;

import java.util.Arrays;
import org.irlab.linalg.Parallel;

/**
 * The 1-bit completion objective f = Σᵢⱼ log(1 + exp(Mᵢⱼ)) − αᵢⱼMᵢⱼ (eq. (124) of the IPGD paper) of M = XYᵀ, or of
 * M = XXᵀ in the symmetric model, evaluated in fused passes. It is {@link LogisticLoss} composed with the dense factor
 * model, entry for entry the same terms, but with G = σ(M) − α never stored in the symmetric case and the products
 * never stored at all:
 * <ul>
 *   <li>two factors: a pass over the rows of M gives the value, ∇_X = GY and G (kept in an n₁×n₂ buffer); a pass
 *       over strips of columns of G gives ∇_Y = GᵀX, reading G row segment by row segment. The Hessian along
 *       (V, W) is [ĠY + GW; ĠᵀX + GᵀV] with Ġ = σ(M)σ(−M) ⊙ (VYᵀ + XWᵀ), the same two passes;</li>
 *   <li>symmetric model with symmetric α: Mᵢⱼ and Mⱼᵢ are the same double, so G is symmetric and ∇ = (G + Gᵀ)X = 2GX,
 *       ∇²·V = 2(ĠX + GV), one pass over rows with nothing stored.</li>
 * </ul>
 * Every entry costs one exp and one log ({@link LogisticLoss#term}). Row chunks and column strips have boundaries
 * fixed by the sizes alone, each output row belongs to one chunk and the value is the in-order sum of per-chunk
 * partials, so the result is the same bits for any thread count. Memory: α plus, with two factors, one n₁×n₂ buffer
 * (two once a Hessian-vector product has been asked for).
 */
public final class OneBitObjective implements Objective {
    /** Target entries of M per chunk. */
    static final int CHUNK_WORK = 1 << 14;
    /** Columns of G per strip of the transposed pass. */
    static final int STRIP = 64;

    private final int rows, columns, rank, dimension, rightOffset;
    private final boolean symmetric;
    private final double[] alpha;
    private final double[] slope;   // G = σ(M) − α (two factors)
    private double[] slopeDot;      // Ġ (two factors, allocated with the first Hessian-vector product)
    private final int rowsPerChunk, rowChunks, strip;
    private final double[] partial;
    private final Parallel.ChunkBody valueBody, gradientBody, hessianBody, stripGradientBody, stripHessianBody;
    private double[] x, v, out; // the arguments of the current call, read by the chunk bodies

    /** Symmetric model M = XXᵀ; α must be symmetric (the same double at (i, j) and (j, i)). */
    public static OneBitObjective symmetric(int n, int searchRank, double[] alpha) {
        return symmetric(n, searchRank, alpha, CHUNK_WORK, STRIP);
    }

    /** Two-factor model M = XYᵀ (x = [X; Y] stacked row-major). */
    public static OneBitObjective asymmetric(int rows, int columns, int searchRank, double[] alpha) {
        return new OneBitObjective(rows, columns, searchRank, alpha, false, CHUNK_WORK, STRIP);
    }

    /** The symmetric model with chunks of {@code chunkWork} entries and strips of {@code strip} columns (tests). */
    static OneBitObjective symmetric(int n, int searchRank, double[] alpha, int chunkWork, int strip) {
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Double.doubleToLongBits(alpha[i * n + j]) != Double.doubleToLongBits(alpha[j * n + i])) {
                    throw new IllegalArgumentException("alpha is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
        return new OneBitObjective(n, n, searchRank, alpha, true, chunkWork, strip);
    }

    /** The two-factor model with chunks of {@code chunkWork} entries and strips of {@code strip} columns (tests). */
    static OneBitObjective asymmetric(int rows, int columns, int searchRank, double[] alpha, int chunkWork,
                                      int strip) {
        return new OneBitObjective(rows, columns, searchRank, alpha, false, chunkWork, strip);
    }

    /** @param alpha α, rows×columns row-major with entries in [0, 1]; not copied, must not be modified */
    private OneBitObjective(int rows, int columns, int searchRank, double[] alpha, boolean symmetric, int chunkWork,
                            int strip) {
        if (chunkWork < 1 || strip < 1) throw new IllegalArgumentException("chunkWork and strip must be >= 1");
        if (alpha.length != (long) rows * columns) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " entries, expected " + rows + "x" + columns);
        }
        for (double a : alpha) {
            if (!(a >= 0 && a <= 1)) throw new IllegalArgumentException("alpha entries must lie in [0, 1], got " + a);
        }
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
        this.rows = rows;
        this.columns = columns;
        this.rank = searchRank;
        this.symmetric = symmetric;
        this.alpha = alpha;
        this.rightOffset = symmetric ? 0 : Math.multiplyExact(rows, searchRank);
        this.dimension = Math.multiplyExact(symmetric ? rows : rows + columns, searchRank);
        this.slope = symmetric ? null : new double[alpha.length];
        this.rowsPerChunk = Math.max(1, chunkWork / Math.max(1, columns));
        this.rowChunks = Parallel.chunks(rows, rowsPerChunk);
        this.strip = strip;
        this.partial = new double[rowChunks];
        this.valueBody = this::valueChunk;
        this.gradientBody = this::gradientChunk;
        this.hessianBody = this::hessianChunk;
        this.stripGradientBody = this::stripGradientChunk;
        this.stripHessianBody = this::stripHessianChunk;
    }

    public boolean isSymmetric() { return symmetric; }

    /** α (shared, do not modify). */
    public double[] alpha() { return alpha; }

    @Override public int dimension() { return dimension; }

    private long cost(int perEntry) {
        return CompletionObjective.parallelCost((long) rows * columns * (2L * perEntry * rank + 40));
    }

    @Override public double value(double[] x) {
        this.x = x;
        Parallel.forEachChunk(rows, rowsPerChunk, cost(1), valueBody);
        this.x = null;
        return Parallel.sumInOrder(partial, rowChunks);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        this.x = x;
        this.out = gradientOut;
        Parallel.forEachChunk(rows, rowsPerChunk, cost(2), gradientBody);
        if (!symmetric) Parallel.forEachChunk(columns, strip, cost(1), stripGradientBody);
        this.x = null;
        this.out = null;
        return Parallel.sumInOrder(partial, rowChunks);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        if (!symmetric && slopeDot == null) slopeDot = new double[alpha.length];
        this.x = x;
        this.v = v;
        this.out = out;
        Parallel.forEachChunk(rows, rowsPerChunk, cost(5), hessianBody);
        if (!symmetric) Parallel.forEachChunk(columns, strip, cost(2), stripHessianBody);
        this.x = null;
        this.v = null;
        this.out = null;
    }

    private void valueChunk(int c, int from, int to) {
        double[] x = this.x;
        int r = rank, off = rightOffset;
        double s = 0;
        for (int i = from; i < to; i++) {
            int xi = i * r, ai = i * columns;
            for (int j = 0; j < columns; j++) {
                int yj = off + j * r;
                double m = 0;
                for (int a = 0; a < r; a++) m += x[xi + a] * x[yj + a];
                s += LogisticLoss.term(m, alpha[ai + j]);
            }
        }
        partial[c] = s;
    }

    /** Rows [from, to) of M: the value, the X rows of the gradient and (two factors) the rows of G. */
    private void gradientChunk(int c, int from, int to) {
        double[] x = this.x, g = this.out, slope = this.slope;
        int r = rank, off = rightOffset;
        double coefficient = symmetric ? 2 : 1;
        double s = 0;
        for (int i = from; i < to; i++) {
            int xi = i * r, ai = i * columns;
            Arrays.fill(g, xi, xi + r, 0.0);
            int j = 0;
            for (; j + 3 < columns; j += 4) {
                int p0 = off + j * r, p1 = p0 + r, p2 = p1 + r, p3 = p2 + r;
                double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
                for (int a = 0; a < r; a++) {
                    double o = x[xi + a];
                    m0 += o * x[p0 + a];
                    m1 += o * x[p1 + a];
                    m2 += o * x[p2 + a];
                    m3 += o * x[p3 + a];
                }
                double a0 = alpha[ai + j], a1 = alpha[ai + j + 1], a2 = alpha[ai + j + 2], a3 = alpha[ai + j + 3];
                double t0 = Math.exp(-Math.abs(m0)), t1 = Math.exp(-Math.abs(m1));
                double t2 = Math.exp(-Math.abs(m2)), t3 = Math.exp(-Math.abs(m3));
                s += LogisticLoss.term(m0, a0, t0);
                s += LogisticLoss.term(m1, a1, t1);
                s += LogisticLoss.term(m2, a2, t2);
                s += LogisticLoss.term(m3, a3, t3);
                double g0 = LogisticLoss.sigmoid(m0, t0) - a0, g1 = LogisticLoss.sigmoid(m1, t1) - a1;
                double g2 = LogisticLoss.sigmoid(m2, t2) - a2, g3 = LogisticLoss.sigmoid(m3, t3) - a3;
                if (slope != null) {
                    slope[ai + j] = g0;
                    slope[ai + j + 1] = g1;
                    slope[ai + j + 2] = g2;
                    slope[ai + j + 3] = g3;
                }
                g0 *= coefficient;
                g1 *= coefficient;
                g2 *= coefficient;
                g3 *= coefficient;
                for (int a = 0; a < r; a++) {
                    g[xi + a] += (g0 * x[p0 + a] + g1 * x[p1 + a]) + (g2 * x[p2 + a] + g3 * x[p3 + a]);
                }
            }
            for (; j < columns; j++) {
                int p = off + j * r;
                double m = 0;
                for (int a = 0; a < r; a++) m += x[xi + a] * x[p + a];
                double al = alpha[ai + j], t = Math.exp(-Math.abs(m));
                s += LogisticLoss.term(m, al, t);
                double gj = LogisticLoss.sigmoid(m, t) - al;
                if (slope != null) slope[ai + j] = gj;
                gj *= coefficient;
                for (int a = 0; a < r; a++) g[xi + a] += gj * x[p + a];
            }
        }
        partial[c] = s;
    }

    /** Rows [from, to): the X rows of ∇²f·v and (two factors) the rows of G and Ġ. */
    private void hessianChunk(int c, int from, int to) {
        double[] x = this.x, v = this.v, h = this.out, slope = this.slope, slopeDot = this.slopeDot;
        int r = rank, off = rightOffset;
        double coefficient = symmetric ? 2 : 1;
        for (int i = from; i < to; i++) {
            int xi = i * r, ai = i * columns;
            Arrays.fill(h, xi, xi + r, 0.0);
            for (int j = 0; j < columns; j++) {
                int p = off + j * r;
                double m = 0, u = 0, w = 0;
                for (int a = 0; a < r; a++) {
                    double q = x[p + a];
                    m += x[xi + a] * q;
                    u += v[xi + a] * q;
                    w += x[xi + a] * v[p + a];
                }
                double t = Math.exp(-Math.abs(m));
                double gj = LogisticLoss.sigmoid(m, t) - alpha[ai + j];
                double gDot = LogisticLoss.curvature(t) * (u + w);
                if (slope != null) {
                    slope[ai + j] = gj;
                    slopeDot[ai + j] = gDot;
                }
                gj *= coefficient;
                gDot *= coefficient;
                for (int a = 0; a < r; a++) h[xi + a] += gDot * x[p + a] + gj * v[p + a];
            }
        }
    }

    /** Columns [from, to) of G: the Y rows of the gradient, Σᵢ Gᵢⱼ Xᵢ, reading G one row segment at a time. */
    private void stripGradientChunk(int c, int from, int to) {
        double[] x = this.x, g = this.out, slope = this.slope;
        int r = rank, off = rightOffset;
        Arrays.fill(g, off + from * r, off + to * r, 0.0);
        for (int i = 0; i < rows; i++) {
            int xi = i * r, ai = i * columns;
            for (int j = from; j < to; j++) {
                double gij = slope[ai + j];
                int yj = off + j * r;
                for (int a = 0; a < r; a++) g[yj + a] += gij * x[xi + a];
            }
        }
    }

    /** Columns [from, to): the Y rows of ∇²f·v, Σᵢ (ĠᵢⱼXᵢ + GᵢⱼVᵢ). */
    private void stripHessianChunk(int c, int from, int to) {
        double[] x = this.x, v = this.v, h = this.out, slope = this.slope, slopeDot = this.slopeDot;
        int r = rank, off = rightOffset;
        Arrays.fill(h, off + from * r, off + to * r, 0.0);
        for (int i = 0; i < rows; i++) {
            int xi = i * r, ai = i * columns;
            for (int j = from; j < to; j++) {
                double gij = slope[ai + j], dij = slopeDot[ai + j];
                int yj = off + j * r;
                for (int a = 0; a < r; a++) h[yj + a] += dij * x[xi + a] + gij * v[xi + a];
            }
        }
    }
}
