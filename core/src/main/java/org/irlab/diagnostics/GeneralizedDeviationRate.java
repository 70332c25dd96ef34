package org.irlab.diagnostics;

import org.irlab.optim.FactorPreconditioner;
import org.irlab.optim.Variant;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.ResidualSpace;

/**
 * The generalized deviation rate of an update beyond GD (docs/deviation-rate-beyond.md): r_Φ = g·(r̃₋ + 3r̃₊), with
 * r̃₋, r̃₊ Definition 5's rates of the whitened Hessian P^{1/2}∇²f(x♯)P^{1/2} along P^{−1/2}x⊥ (P the
 * preconditioner at x♯, I without one) and the gain g = 1/(1 − β) of momentum β (1 without). Mini-batches leave it
 * as GD's (the batch gradient is unbiased); their noise is measured by {@link GradientNoise}. For GD it is r.
 */
public final class GeneralizedDeviationRate {
    private GeneralizedDeviationRate() {}

    /** The rate of a run composed with {@code variant} (Definition 5 itself for {@link Variant#NONE}). */
    public static DeviationRate of(Objective objective, ImplicitRegion region, DeviationRate.Method method,
                                   int maxSteps, double tolerance, ResidualSpace space, Variant variant) {
        DeviationRate.Metric metric = switch (variant.preconditioner()) {
            case NONE -> null;
            case SCALED_GD -> new PreconditionerMetric(FactorPreconditioner.of(objective,
                    FactorPreconditioner.Damping.FIXED, variant.damping()), objective);
            case PREC_GD -> new PreconditionerMetric(FactorPreconditioner.of(objective,
                    FactorPreconditioner.Damping.LOSS, 0), objective);
        };
        double gain = gain(variant);
        if (metric == null && gain == 1) return new DeviationRate(objective, region, method, maxSteps, tolerance, space);
        return new DeviationRate(objective, region, method, maxSteps, tolerance, space, metric, gain);
    }

    /** 1/(1 − β) with momentum β, else 1. */
    public static double gain(Variant variant) {
        return variant.momentum() == Variant.Momentum.NONE ? 1 : 1 / (1 - variant.beta());
    }
}
