package org.irlab.optim;

/**
 * Settings of one descent run.
 *
 * @param algorithm         which variant
 * @param stepSize          η
 * @param maxIterations     budget of gradient steps before the refinement phase
 * @param radius            perturbation radius (γ for IPGD, r for PGD)
 * @param gradientThreshold G (g_thres for PGD): perturb when ‖∇f‖ ≤ G
 * @param escapeSteps       T_escape (t_thres for PGD)
 * @param decreaseThreshold F: return z when f(x_t) − f(z) ≥ −F after T_escape steps; NaN disables the test (PGD)
 * @param refineSteps       number of plain GD steps after IPGD returns (IPGD+ only); Algorithm 2's loop
 *                          "for t = 0..T'" is refineSteps = T' + 1
 * @param gradientTolerance GD stops (converged) when ‖∇f‖ ≤ this; 0 stops only at an exact stationary point
 * @param seed              seed of the perturbation draws (and of the curvature probes' start vectors)
 * @param adaptive          the robust options ({@link Adaptive#NONE}: the algorithm exactly as written); with
 *                          automatic step size, {@code stepSize} is only the fallback before the first estimate
 * @param variant           momentum, preconditioner, mini-batches and step decay composed into every phase
 *                          ({@link Variant#NONE}: the paper's step)
 */
public record DescentSettings(Algorithm algorithm, double stepSize, int maxIterations, double radius,
                              double gradientThreshold, int escapeSteps, double decreaseThreshold, int refineSteps,
                              double gradientTolerance, long seed, Adaptive adaptive, Variant variant) {
    /** The paper's step with the given adaptive options. */
    public DescentSettings(Algorithm algorithm, double stepSize, int maxIterations, double radius,
                           double gradientThreshold, int escapeSteps, double decreaseThreshold, int refineSteps,
                           double gradientTolerance, long seed, Adaptive adaptive) {
        this(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps, decreaseThreshold, refineSteps,
                gradientTolerance, seed, adaptive, Variant.NONE);
    }

    /** The exact algorithm (no adaptive options). */
    public DescentSettings(Algorithm algorithm, double stepSize, int maxIterations, double radius,
                           double gradientThreshold, int escapeSteps, double decreaseThreshold, int refineSteps,
                           double gradientTolerance, long seed) {
        this(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps, decreaseThreshold, refineSteps,
                gradientTolerance, seed, Adaptive.NONE);
    }

    public DescentSettings {
        if (adaptive == null) adaptive = Adaptive.NONE;
        if (variant == null) variant = Variant.NONE;
        // identity first: a record's equals links method handles on its first call (a short run's start-up)
        if (variant != Variant.NONE && !variant.equals(Variant.NONE) && adaptive.autoStepSize()) {
            throw new IllegalArgumentException("stepSize \"auto\" is for the paper's GD step, not with momentum,"
                    + " preconditioning, batches or step decay");
        }
        if (adaptive.autoEscape() && algorithm == Algorithm.GD) {
            throw new IllegalArgumentException("automatic escape steps need a perturbing algorithm");
        }
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) throw new IllegalArgumentException("stepSize must be > 0");
        if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0");
        if (algorithm != Algorithm.GD) {
            if (!(radius >= 0)) throw new IllegalArgumentException("radius must be >= 0");
            if (!(gradientThreshold >= 0)) throw new IllegalArgumentException("gradientThreshold must be >= 0");
            if (escapeSteps < 1) throw new IllegalArgumentException("escapeSteps must be >= 1");
        }
        if (refineSteps < 0) throw new IllegalArgumentException("refineSteps must be >= 0");
    }

    /** Plain GD settings. */
    public static DescentSettings gd(double stepSize, int maxIterations, double gradientTolerance) {
        return new DescentSettings(Algorithm.GD, stepSize, maxIterations, 0, 0, 1, Double.NaN, 0, gradientTolerance, 0);
    }

    /** The same settings with other adaptive options. */
    public DescentSettings with(Adaptive options) {
        return new DescentSettings(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps,
                decreaseThreshold, refineSteps, gradientTolerance, seed, options, variant);
    }

    /** The same settings with another variant. */
    public DescentSettings with(Variant newVariant) {
        return new DescentSettings(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps,
                decreaseThreshold, refineSteps, gradientTolerance, seed, adaptive, newVariant);
    }

    public boolean perturbs() { return algorithm != Algorithm.GD; }

    public boolean hasEscapeTest() {
        return (algorithm == Algorithm.IPGD || algorithm == Algorithm.IPGD_PLUS || algorithm == Algorithm.PGD)
                && !Double.isNaN(decreaseThreshold);
    }
}
