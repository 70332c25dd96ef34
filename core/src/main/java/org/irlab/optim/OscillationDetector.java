package org.irlab.optim;

import org.irlab.linalg.Kernels;

/**
 * Detects the period-2 oscillation of GD with a step size at the edge of stability (ηλ_max ≈ 2): over a window of
 * successive steps every gradient points against the previous one (cos ∠(∇f_t, ∇f_{t−1}) &lt; −1/2) while the gradient
 * norm does not shrink (it keeps at least half its value from the start of the window) and stays above a floor.
 * A converging run with ηλ_max slightly below 2 also reverses direction, but its gradient shrinks geometrically.
 */
public final class OscillationDetector {
    private final int window;
    private final double floor;
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
        boolean reversed = false;
        if (hasPrevious && gradientNorm > floor) {
            reversed = previousNorm > 0 && Kernels.dot(gradient, previous) < -0.5 * gradientNorm * previousNorm;
        }
        if (reversed) {
            if (reversals == 0) windowStartNorm = gradientNorm;
            reversals++;
        } else {
            reversals = 0;
        }
        System.arraycopy(gradient, 0, previous, 0, previous.length);
        previousNorm = gradientNorm; // the norm the caller passed, not recomputed: one pass over d fewer per step
        hasPrevious = true;
        oscillating = reversals >= window && gradientNorm >= 0.5 * windowStartNorm;
        if (oscillating && detectedAt < 0) detectedAt = t;
        return oscillating;
    }

    /** Whether the most recent window was an oscillation. */
    public boolean oscillating() { return oscillating; }

    /** The first iteration at which an oscillation was detected, or −1. */
    public int detectedAt() { return detectedAt; }

    /** Forgets the history (after the step size changed). */
    public void reset() {
        hasPrevious = false;
        reversals = 0;
        oscillating = false;
    }
}
