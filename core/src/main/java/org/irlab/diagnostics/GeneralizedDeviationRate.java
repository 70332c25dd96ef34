package org.irlab.diagnostics;

import org.irlab.optim.FactorPreconditioner;
import org.irlab.optim.Variant;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.ResidualSpace;

/**
 * The generalized deviation rate of an update beyond GD (docs/deviation-rate-beyond.md): r_Φ = g·(r̃₋ + 3r̃₊), with
 * r̃₋, r̃₊ Definition 5's rates of the whitened Hessian P^{1/2}∇²f(x♯)P^{1/2} along P^{−1/2}x⊥ (P the
 * preconditioner at x♯, I without one) and the gain g = 1/(1 − β) of momentum β (1 without), or with a step size
 * each mode's exact companion root. Mini-batches leave it as GD's (the batch gradient is unbiased) and add their
 * noise's term through {@link GradientNoise} and {@link DeviationRateDiagnostic}. For GD it is r.
 */
public final class GeneralizedDeviationRate {
    private GeneralizedDeviationRate() {}

    /**
     * The rate of a run composed with {@code variant} (Definition 5 itself for {@link Variant#NONE}), momentum by
     * its first-order gain 1/(1 − β).
     */
    public static DeviationRate of(Objective objective, ImplicitRegion region, DeviationRate.Method method,
                                   int maxSteps, double tolerance, ResidualSpace space, Variant variant) {
        return of(objective, region, method, maxSteps, tolerance, space, variant, Double.NaN);
    }

    /**
     * As above; with momentum and a step size η, each mode moves by its exact companion root
     * ({@link #effectiveCurvature}), which reduces to ψ of Definition 5 at β = 0 (for ηθ ≤ 1).
     *
     * @param stepSize η (NaN: momentum by its first-order gain)
     */
    public static DeviationRate of(Objective objective, ImplicitRegion region, DeviationRate.Method method,
                                   int maxSteps, double tolerance, ResidualSpace space, Variant variant,
                                   double stepSize) {
        DeviationRate.Metric metric = switch (variant.preconditioner()) {
            case NONE -> null;
            case SCALED_GD -> new PreconditionerMetric(FactorPreconditioner.of(objective,
                    FactorPreconditioner.Damping.FIXED, variant.damping()), objective);
            case PREC_GD -> new PreconditionerMetric(FactorPreconditioner.of(objective,
                    FactorPreconditioner.Damping.LOSS, 0), objective);
        };
        double gain = gain(variant);
        if (metric == null && gain == 1) return new DeviationRate(objective, region, method, maxSteps, tolerance, space);
        if (variant.momentum() == Variant.Momentum.NONE || Double.isNaN(stepSize)) {
            return new DeviationRate(objective, region, method, maxSteps, tolerance, space, metric, gain);
        }
        Variant.Momentum momentum = variant.momentum();
        double beta = variant.beta();
        return new DeviationRate(objective, region, method, maxSteps, tolerance, space, metric, gain,
                theta -> effectiveCurvature(theta, stepSize, beta, momentum));
    }

    /**
     * (1 − ρ)/η for the spectral radius ρ of the 2×2 companion matrix of a mode with curvature θ: the roots of
     * μ² − (1 + β − ηθ)μ + β (heavy ball) or μ² − (1 + β)(1 − ηθ)μ + β(1 − ηθ) (Nesterov); the curvature plain GD
     * would need to move that mode as fast. θ itself at β = 0 when ηθ ≤ 1.
     */
    public static double effectiveCurvature(double theta, double eta, double beta, Variant.Momentum momentum) {
        double s = eta * theta;
        double b = momentum == Variant.Momentum.NESTEROV ? (1 + beta) * (1 - s) : 1 + beta - s;
        double c = momentum == Variant.Momentum.NESTEROV ? beta * (1 - s) : beta;
        double disc = b * b - 4 * c;
        double rho = disc >= 0 ? (Math.abs(b) + Math.sqrt(disc)) / 2 : Math.sqrt(c);
        return (1 - rho) / eta;
    }

    /** 1/(1 − β) with momentum β, else 1. */
    public static double gain(Variant variant) {
        return variant.momentum() == Variant.Momentum.NONE ? 1 : 1 / (1 - variant.beta());
    }
}
