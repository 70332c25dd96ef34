package org.irlab.optim;

import org.irlab.linalg.Kernels;

/**
 * Detects the period-2 oscillation of GD with a step size at the edge of stability (ηλ_max ≈ 2): over a window of
 * successive steps every gradient points against the previous one (cos ∠(∇f_t, ∇f_{t−1}) &lt; −1/2) while the gradient
 * norm does not shrink (it keeps at least half its value from the start of the window) and stays above a floor.
 * A converging run with ηλ_max slightly below 2 also reverses direction, but its gradient shrinks geometrically.
 */
public final class OscillationDetector {
    /** Consecutive direction reversals that make a period-2 oscillation in the descents. */
    public static final int WINDOW = 100;

    private final int window;
    private double floor;
    private final double[] previous;
    private double previousNorm;
    private boolean hasPrevious;
    private int reversals;
    private double windowStartNorm;
    private boolean oscillating;
    private int detectedAt = -1;

    /**
     * @param dimension number of parameters
     * @param window    how many consecutive reversals make an oscillation
     * @param floor     gradient norms at or below this never count (a converged run is not oscillating)
     */
    public OscillationDetector(int dimension, int window, double floor) {
        if (window < 2) throw new IllegalArgumentException("window must be >= 2");
        this.window = window;
        this.floor = floor;
        this.previous = new double[dimension];
    }

    /**
     * Feeds the gradient at iteration t and its norm ‖∇f‖ (as the caller computed it); returns true when the last {@code window} steps form an oscillation.
     */
    public boolean observe(int t, double[] gradient, double gradientNorm) {
        double dot = Double.NaN;
        if (counts(gradientNorm)) {
            dot = dotAndCopy(gradient, previous);
        } else {
            System.arraycopy(gradient, 0, previous, 0, previous.length);
        }
        return observe(t, gradientNorm, dot);
    }

    /**
     * The same for a caller that keeps the previous gradient itself (a distributed descent, whose vectors live
     * elsewhere): {@code dot} = ⟨∇f_t, ∇f_{t−1}⟩, read only when {@link #hasPrevious()} held before this call.
     */
    public boolean observe(int t, double gradientNorm, double dot) {
        boolean reversed = counts(gradientNorm) && dot < -0.5 * gradientNorm * previousNorm;
        if (reversed) {
            if (reversals == 0) windowStartNorm = gradientNorm;
            reversals++;
        } else {
            reversals = 0;
        }
        previousNorm = gradientNorm; // the norm the caller passed, not recomputed: one pass over d fewer per step
        hasPrevious = true;
        oscillating = reversals >= window && gradientNorm >= 0.5 * windowStartNorm;
        if (oscillating && detectedAt < 0) detectedAt = t;
        return oscillating;
    }

    /** Whether a gradient is compared with the previous one (there is one, and both norms count). */
    private boolean counts(double gradientNorm) {
        return hasPrevious && gradientNorm > floor && previousNorm > 0;
    }

    /** Whether a previous gradient was observed since the last {@link #reset} (the next one is compared with it). */
    public boolean hasPrevious() { return hasPrevious; }

    /**
     * Returns ⟨a, b⟩ summed exactly as {@link Kernels#dot(double[], double[], int)} sums it and copies a into b, in
     * one pass over both arrays.
     */
    private static double dotAndCopy(double[] a, double[] b) {
        int n = b.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            b[i] = a[i];
            b[i + 1] = a[i + 1];
            b[i + 2] = a[i + 2];
            b[i + 3] = a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
            b[i] = a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Whether the most recent window was an oscillation. */
    public boolean oscillating() { return oscillating; }

    /** The first iteration at which an oscillation was detected, or −1. */
    public int detectedAt() { return detectedAt; }

    /** Sets the floor at or below which gradient norms never count (a phase with another tolerance). */
    public void setFloor(double newFloor) { this.floor = newFloor; }

    /** Forgets the history (after the step size changed). */
    public void reset() {
        hasPrevious = false;
        reversals = 0;
        oscillating = false;
    }
}
