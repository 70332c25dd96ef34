package org.irlab.problem;

import org.irlab.linalg.Parallel;

/**
 * The balancing term λ‖XᵀX − YᵀY‖²_F on x = [X; Y] (X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'} stacked row-major), added to
 * asymmetric low-rank problems to promote balanced factors (Section 7 of the IPGD paper). With the imbalance
 * D = XᵀX − YᵀY: ∇ = 4λ[XD; −YD], ∇²·(V_X, V_Y) = 4λ[V_X D + XḊ; −(V_Y D + YḊ)],
 * Ḋ = V_XᵀX + XᵀV_X − V_YᵀY − YᵀV_Y. Rows are processed in fixed chunks of {@value #CHUNK_ROWS} on the
 * {@link Parallel} pool; the r'×r' Gram matrices are per-chunk partials added in chunk order (same bits for any
 * thread count).
 */
public final class BalanceRegularizer implements Objective {
    /** Rows of [X; Y] per chunk; the Gram matrices are sums of per-chunk partials added in chunk order. */
    static final int CHUNK_ROWS = 2048;

    private final int rows, columns, searchRank, split, chunks;
    private final double weight;
    private final double[] imbalance, imbalanceDot;
    private final double[][] partialGram;
    private final Parallel.ChunkBody gramBody, multiplyBody;
    // the arguments of the current parallel call (an objective is used by one caller at a time)
    private double[] left, right, product, out;
    private double top, bottom;
    private boolean accumulate;

    /**
     * @param rows    n₁, rows of X
     * @param columns n₂, rows of Y
     * @param weight  λ ≥ 0
     */
    public BalanceRegularizer(int rows, int columns, int searchRank, double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) throw new IllegalArgumentException("weight must be >= 0");
        this.rows = rows;
        this.columns = columns;
        this.searchRank = searchRank;
        this.split = rows * searchRank;
        this.weight = weight;
        this.imbalance = new double[searchRank * searchRank];
        this.imbalanceDot = new double[searchRank * searchRank];
        this.chunks = Parallel.chunks(rows + columns, CHUNK_ROWS);
        this.partialGram = new double[chunks][searchRank * searchRank];
        this.gramBody = this::gramChunk;
        this.multiplyBody = this::multiplyChunk;
    }

    public double weight() { return weight; }

    @Override public int dimension() { return (rows + columns) * searchRank; }

    /** The imbalance ‖XᵀX − YᵀY‖_F (without the weight). */
    public double imbalanceNorm(double[] x) {
        imbalance(x, imbalance);
        return Math.sqrt(squaredNorm(imbalance));
    }

    @Override public double value(double[] x) {
        imbalance(x, imbalance);
        return weight * squaredNorm(imbalance);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        imbalance(x, imbalance);
        double c = 4 * weight;
        multiplyBlocks(x, imbalance, c, -c, gradientOut, false);
        return weight * squaredNorm(imbalance);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        imbalance(x, imbalance);
        cross(v, x, imbalanceDot);
        double c = 4 * weight;
        multiplyBlocks(v, imbalance, c, -c, out, false);
        multiplyBlocks(x, imbalanceDot, c, -c, out, true);
    }

    /** d = XᵀX − YᵀY (r'×r'). */
    private void imbalance(double[] x, double[] d) {
        gram(x, x, d);
    }

    /** d = VᵀX + XᵀV over the X rows minus the same over the Y rows. */
    private void cross(double[] v, double[] x, double[] d) {
        gram(v, x, d);
        int r = searchRank;
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                double s = d[a * r + b] + d[b * r + a];
                d[a * r + b] = s;
                d[b * r + a] = s;
            }
        }
    }

    /** d = AᵀB over the X rows minus the same over the Y rows, as per-chunk partials added in chunk order. */
    private void gram(double[] a, double[] b, double[] d) {
        int r = searchRank;
        left = a;
        right = b;
        Parallel.forEachChunk(rows + columns, CHUNK_ROWS, (long) (rows + columns) * r * r, gramBody);
        left = null;
        right = null;
        java.util.Arrays.fill(d, 0.0);
        for (int c = 0; c < chunks; c++) {
            double[] g = partialGram[c];
            for (int k = 0; k < d.length; k++) d[k] += g[k];
        }
    }

    private void gramChunk(int c, int from, int to) {
        int r = searchRank;
        double[] a = left, b = right, g = partialGram[c];
        java.util.Arrays.fill(g, 0.0);
        for (int i = from; i < to; i++) {
            int base = i * r;
            double sign = i < rows ? 1.0 : -1.0;
            for (int p = 0; p < r; p++) {
                double ap = sign * a[base + p];
                if (ap == 0) continue;
                int gp = p * r;
                for (int q = 0; q < r; q++) g[gp + q] += ap * b[base + q];
            }
        }
    }

    /** out[X rows] (+)= top·(A_X d), out[Y rows] (+)= bottom·(A_Y d) for a = [A_X; A_Y]. */
    private void multiplyBlocks(double[] a, double[] d, double top, double bottom, double[] out, boolean accumulate) {
        this.left = a;
        this.product = d;
        this.top = top;
        this.bottom = bottom;
        this.out = out;
        this.accumulate = accumulate;
        int r = searchRank;
        Parallel.forEachChunk(rows + columns, CHUNK_ROWS, (long) (rows + columns) * r * r, multiplyBody);
        this.left = null;
        this.product = null;
        this.out = null;
    }

    private void multiplyChunk(int chunk, int from, int to) {
        int r = searchRank;
        double[] a = left, d = product, out = this.out;
        for (int i = from; i < to; i++) {
            int base = i * r;
            double c = i < rows ? top : bottom;
            for (int b = 0; b < r; b++) {
                double s = 0;
                for (int k = 0; k < r; k++) s += a[base + k] * d[k * r + b];
                if (accumulate) out[base + b] += c * s; else out[base + b] = c * s;
            }
        }
    }

    private static double squaredNorm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return s;
    }
}
