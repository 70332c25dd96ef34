package org.irlab.problem;

import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;

/**
 * Matrix sensing with rank-one measurements Aᵢ = aᵢbᵢᵀ, never forming an n₁×n₂ matrix:
 * f = c·Σᵢ (pᵢ·qᵢ − yᵢ)² with pᵢ = Xᵀaᵢ and qᵢ = Yᵀbᵢ (Y = X in the symmetric case), so one gradient costs
 * O(N·(n₁ + n₂)·r') instead of O(N·n₁·n₂).
 *
 * <p>Gradient: ∇_X = 2c Σ rᵢ aᵢqᵢᵀ, ∇_Y = 2c Σ rᵢ bᵢpᵢᵀ (symmetric: ∇_X = 2c Σ rᵢ(aᵢqᵢᵀ + bᵢpᵢᵀ)).
 * Hessian along (V, W): with p' = Vᵀa, q' = Wᵀb, r' = p'·q + p·q', H_X = 2c Σ (r' a qᵀ + r a q'ᵀ), and likewise.
 * Measurements are processed in fixed chunks whose partial gradients are added in chunk order (deterministic).
 */
public final class RankOneSensingObjective implements Objective {
    private static final int CHUNK = 512;

    private final int n1, n2, k, measurements;
    private final boolean symmetric;
    private final double[] left, right, observations;
    private final double scale;
    private final double[][] partialGradient;
    private final double[] partialValue;
    private final double[][] work;
    private final MeasurementKernel kernel;

    /**
     * @param left         N×n₁ row-major, row i = aᵢ (not copied)
     * @param right        N×n₂ row-major, row i = bᵢ (not copied)
     * @param observations y (not copied)
     * @param symmetric    when true, parameters are X (n₁×r', n₁ = n₂) and M = XXᵀ; otherwise x = [X; Y], M = XYᵀ
     */
    public RankOneSensingObjective(int n1, int n2, int searchRank, double[] left, double[] right,
                                   double[] observations, double scale, boolean symmetric) {
        this(n1, n2, searchRank, left, right, observations, scale, symmetric, MeasurementKernels.scalar());
    }

    /**
     * As above with a given kernel (any gives the same bits). The default is the scalar kernel even under
     * {@code -Dirlab.simd=true}: with r' = 20 the SIMD one was measured 3-5x slower here (its short rows and the
     * inlining into this class's chunk bodies push C2 past its inlining budget, and the vector API then runs boxed;
     * see bench/RESULTS.md).
     */
    public RankOneSensingObjective(int n1, int n2, int searchRank, double[] left, double[] right,
                                   double[] observations, double scale, boolean symmetric, MeasurementKernel kernel) {
        if (symmetric && n1 != n2) throw new IllegalArgumentException("symmetric sensing needs n1 == n2");
        this.n1 = n1;
        this.n2 = n2;
        this.k = searchRank;
        this.measurements = observations.length;
        if (left.length != (long) measurements * n1 || right.length != (long) measurements * n2) {
            throw new IllegalArgumentException("measurement vectors do not match N = " + measurements);
        }
        this.symmetric = symmetric;
        this.kernel = kernel;
        this.left = left;
        this.right = right;
        this.observations = observations;
        this.scale = scale;
        int chunks = Parallel.chunks(measurements, CHUNK);
        this.partialGradient = new double[chunks][dimension()];
        this.partialValue = new double[chunks];
        this.work = new double[chunks][4 * k];
    }

    /** The aᵢ as N×n₁ (shared, do not modify). */
    public double[] left() { return left; }

    /** The bᵢ as N×n₂ (shared, do not modify). */
    public double[] right() { return right; }

    /** y (shared, do not modify). */
    public double[] observations() { return observations; }

    @Override public int dimension() { return symmetric ? n1 * k : (n1 + n2) * k; }

    private int yOffset() { return symmetric ? 0 : n1 * k; }

    @Override public double value(double[] x) {
        int chunks = partialValue.length;
        Parallel.forEachChunk(measurements, CHUNK, (long) measurements * (n1 + n2) * k, (c, from, to) -> {
            double[] w = work[c];
            double s = 0;
            for (int i = from; i < to; i++) {
                double r = residual(x, i, w) ;
                s += r * r;
            }
            partialValue[c] = s;
        });
        return scale * Parallel.sumInOrder(partialValue, chunks);
    }

    @Override public void gradient(double[] x, double[] gradientOut) { valueAndGradient(x, gradientOut); }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        int chunks = partialValue.length;
        Parallel.forEachChunk(measurements, CHUNK, 2L * measurements * (n1 + n2) * k, (c, from, to) -> {
            double[] w = work[c];
            double[] g = partialGradient[c];
            java.util.Arrays.fill(g, 0.0);
            double s = 0;
            for (int i = from; i < to; i++) {
                double r = residual(x, i, w);
                s += r * r;
                double coef = 2 * scale * r;
                // w[0..k) = p = Xᵀa, w[k..2k) = q = Yᵀb
                addOuter(g, 0, left, i * n1, n1, coef, w, k);          // a qᵀ into the X block
                addOuter(g, yOffset(), right, i * n2, n2, coef, w, 0); // b pᵀ into the Y block (or X when symmetric)
            }
            partialValue[c] = s;
        });
        reduce(gradientOut, chunks);
        return scale * Parallel.sumInOrder(partialValue, chunks);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        int chunks = partialValue.length;
        Parallel.forEachChunk(measurements, CHUNK, 4L * measurements * (n1 + n2) * k, (c, from, to) -> {
            double[] w = work[c];
            double[] g = partialGradient[c];
            java.util.Arrays.fill(g, 0.0);
            for (int i = from; i < to; i++) {
                double r = residual(x, i, w);
                // w[2k..3k) = p' = Vᵀa, w[3k..4k) = q' = Wᵀb
                project(v, 0, left, i * n1, n1, w, 2 * k);
                project(v, yOffset(), right, i * n2, n2, w, 3 * k);
                double rDot = 0;
                for (int j = 0; j < k; j++) rDot += w[2 * k + j] * w[k + j] + w[j] * w[3 * k + j];
                double a = 2 * scale * rDot, b = 2 * scale * r;
                addOuter(g, 0, left, i * n1, n1, a, w, k);
                addOuter(g, 0, left, i * n1, n1, b, w, 3 * k);
                addOuter(g, yOffset(), right, i * n2, n2, a, w, 0);
                addOuter(g, yOffset(), right, i * n2, n2, b, w, 2 * k);
            }
        });
        reduce(out, chunks);
    }

    /** Writes p = Xᵀaᵢ into w[0..k), q = Yᵀbᵢ into w[k..2k) and returns rᵢ = p·q − yᵢ. */
    private double residual(double[] x, int i, double[] w) {
        project(x, 0, left, i * n1, n1, w, 0);
        project(x, yOffset(), right, i * n2, n2, w, k);
        double pq = 0;
        for (int j = 0; j < k; j++) pq += w[j] * w[k + j];
        return pq - observations[i];
    }

    /**
     * w[at..at+k) = Zᵀ vec, where Z is the rows×k block of z starting at zOff and vec = src[srcOff..+rows): the rows
     * of Z summed in order with the kernel (SIMD when enabled, same bits).
     */
    private void project(double[] z, int zOff, double[] src, int srcOff, int rows, double[] w, int at) {
        java.util.Arrays.fill(w, at, at + k, 0.0);
        kernel.accumulate(z, k, zOff, k, 0, rows, 1.0, src, srcOff, w, at);
    }

    /** g[block] += coef · vec · w[at..at+k)ᵀ. */
    private void addOuter(double[] g, int gOff, double[] src, int srcOff, int rows, double coef, double[] w, int at) {
        if (coef == 0) return;
        kernel.addOuter(g, gOff, rows, k, coef, src, srcOff, w, at);
    }

    private void reduce(double[] out, int chunks) {
        java.util.Arrays.fill(out, 0.0);
        for (int c = 0; c < chunks; c++) {
            double[] g = partialGradient[c];
            for (int i = 0; i < out.length; i++) out[i] += g[i];
        }
    }
}
