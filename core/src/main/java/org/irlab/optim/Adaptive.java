package org.irlab.optim;

/**
 * The robust options layered on top of the exact algorithms (issue "Robust IPGD"); {@link #NONE} leaves every
 * variant exactly as written.
 *
 * @param autoStepSize       η = stepFraction / L with L = λ_max(∇²f) re-estimated every {@code curvatureEvery}
 *                           steps; halved (for good) on each detected period-2 oscillation or divergence
 * @param stepFraction       c in η = c/L
 * @param curvatureEvery     steps between estimates of L
 * @param autoEscape         T_escape chosen per perturbation from λ_min(∇²f(z)); z with λ_min ≥ −τ is returned at once
 *                           as an approximate second-order stationary point
 * @param curvatureTolerance τ
 * @param escapeSafety       T = safety × (steps for a γ/√d component along the most negative direction, growing by
 *                           1 + η|λ_min| per step, to reach the size where f has dropped by 10·F)
 * @param maxEscapeSteps     cap on the chosen T
 * @param lanczosSteps       Lanczos step cap of each curvature estimate
 */
public record Adaptive(boolean autoStepSize, double stepFraction, int curvatureEvery, boolean autoEscape,
                       double curvatureTolerance, double escapeSafety, int maxEscapeSteps, int lanczosSteps) {
    /** The exact algorithms. */
    public static final Adaptive NONE = new Adaptive(false, 0.5, 100, false, 1e-4, 2, 100_000, 60);

    public Adaptive {
        if (!(stepFraction > 0 && stepFraction < 2)) throw new IllegalArgumentException("stepFraction must be in (0, 2)");
        if (curvatureEvery < 1) throw new IllegalArgumentException("curvatureEvery must be >= 1");
        if (!(curvatureTolerance >= 0)) throw new IllegalArgumentException("curvatureTolerance must be >= 0");
        if (!(escapeSafety >= 1)) throw new IllegalArgumentException("escapeSafety must be >= 1");
        if (maxEscapeSteps < 1 || lanczosSteps < 2) throw new IllegalArgumentException("caps must be positive");
    }

    public boolean any() { return autoStepSize || autoEscape; }

    /** Relative residual to which curvature estimates are converged. */
    static final double LANCZOS_TOLERANCE = 1e-8;

    /**
     * Escape steps for a perturbation of radius γ at a point with λ_min &lt; 0 (see {@link #escapeSafety}).
     * A component c₀ = γ/√d along the eigenvector grows to s after log(s/c₀)/log(1 + η|λ_min|) GD steps, and the
     * quadratic model drops by ½|λ_min|s²; we ask for a drop of 10·F.
     */
    public int escapeSteps(double lambdaMin, double radius, int dimension, double stepSize, double decreaseThreshold) {
        double curvature = -lambdaMin;
        double initial = radius / Math.sqrt(dimension);
        double target = Math.sqrt(2 * 10 * Math.max(decreaseThreshold, Double.MIN_NORMAL) / curvature);
        double growth = Math.log1p(stepSize * curvature);
        double steps = initial >= target ? 1 : Math.log(target / initial) / growth;
        double t = Math.ceil(escapeSafety * steps);
        return (int) Math.max(1, Math.min(maxEscapeSteps, t));
    }
}
