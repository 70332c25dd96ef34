package org.irlab.problem;

import org.irlab.linalg.MeasurementKernel;

/**
 * The Gram route of a sensing loss f(m) = c‖Âm − y‖², a quadratic in the lifted iterate m (length d): with
 * H = 2cÂᵀÂ formed once and an anchor m₀ where a direct pass summed the residuals (loss f₀, gradient s₀),
 * s(m) = s₀ + H(m − m₀) and f(m) = f₀ + ½(m − m₀)ᵀ(s₀ + s(m)), in d² multiply-adds instead of 2N·d. The plain Gram
 * form c(mᵀÂᵀÂm − 2mᵀÂᵀy + yᵀy) loses every digit near convergence; relative to an anchor the terms are bounded by
 * (2√f₀ + √f)², and {@link #step} declines (the caller makes a direct pass, the new anchor) once f falls below
 * {@link #REANCHOR_RATIO}·f₀: the loss stays within about 1e-11 relative of the exact one, and as close as a direct
 * pass's down to the round-off floor, for a few direct passes per run (docs/performance.md).
 */
final class GramAnchor {
    /** A step declines when the loss falls below this fraction of the anchor's. */
    static final double REANCHOR_RATIO = 1e-2;

    private final int size;
    private final double[] gram, anchorM, anchorS, delta;
    private final MeasurementKernel kernel;
    private double anchorLoss;
    private boolean anchored;

    /** @param gram H, size × size row-major (kept, not copied) */
    GramAnchor(double[] gram, int size, MeasurementKernel kernel) {
        this.gram = gram;
        this.size = size;
        this.kernel = kernel;
        anchorM = new double[size];
        anchorS = new double[size];
        delta = new double[size];
    }

    /**
     * 2c·ÂᵀÂ for the N rows of {@code operator} (N × width): upper triangle from blocks of measurements transposed
     * one at a time (the operator is never copied whole), then mirrored; the kernel's block order makes the block
     * boundaries invisible, so the same bits for any kernel. N·width²/2 multiply-adds.
     */
    static double[] build(double[] operator, int width, int measurements, double coef, MeasurementKernel kernel) {
        long entries = (long) width * width;
        int block = Math.min(measurements, 64 * MeasurementKernel.BLOCK);
        double[] transposed = new double[block * width];
        double[] g = new double[Math.toIntExact(entries)];
        for (int from = 0; from < measurements; from += block) {
            int to = Math.min(measurements, from + block), rows = to - from;
            for (int i = from; i < to; i++) {
                for (int p = 0; p < width; p++) transposed[p * rows + (i - from)] = operator[i * width + p];
            }
            for (int p = 0; p < width; p++) {
                kernel.accumulate(operator, width, p, width - p, from, to, coef, transposed, p * rows,
                        g, p * width + p);
            }
        }
        for (int p = 0; p < width; p++) {
            for (int q = p + 1; q < width; q++) g[q * width + p] = g[p * width + q];
        }
        return g;
    }

    /**
     * Writes s(m) into {@code s} and returns f(m) from the anchor; NaN when there is no anchor yet or f fell below
     * ρ·f₀ (then {@code s} holds nothing useful: make a direct pass and {@link #anchor} it).
     */
    double step(double[] m, double[] s) {
        if (!anchored) return Double.NaN;
        for (int p = 0; p < size; p++) delta[p] = m[p] - anchorM[p];
        double change = 0;
        for (int p = 0; p < size; p++) {
            double sp = anchorS[p] + kernel.dot(gram, p * size, delta, 0, size);
            s[p] = sp;
            change += delta[p] * (anchorS[p] + sp);
        }
        double f = anchorLoss + 0.5 * change;
        return f >= REANCHOR_RATIO * anchorLoss ? f : Double.NaN; // NaN too when f is NaN: the direct pass reports it
    }

    /** Makes (m, s, f) of a direct pass the anchor. */
    void anchor(double[] m, double[] s, double f) {
        System.arraycopy(m, 0, anchorM, 0, size);
        System.arraycopy(s, 0, anchorS, 0, size);
        anchorLoss = f;
        anchored = true;
    }
}
