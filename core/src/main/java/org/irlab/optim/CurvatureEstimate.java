package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;

/**
 * The local Lipschitz constant of ∇f, L(x) = max |λ(∇²f(x))|, estimated by power iteration on Hessian-vector
 * products: v ← Hv/‖Hv‖, L̂ = ‖Hv‖. Each estimate is a lower bound on L(x) that converges to it; the vector is kept
 * between calls, so re-estimating along a descent path (where the leading eigenvector moves slowly) needs only a few
 * products. Step sizes η = c/L̂ taken from it are safe for c &lt; 2 once the iteration has converged.
 */
public final class CurvatureEstimate {
    private final Objective objective;
    private final double[] vector, product;
    private double estimate = Double.NaN;

    /** Starts from a seeded Gaussian vector (the rng is used only here). */
    public CurvatureEstimate(Objective objective, SplittableRandom rng) {
        this.objective = objective;
        this.vector = new double[objective.dimension()];
        this.product = new double[objective.dimension()];
        Randoms.gaussian(rng, 1.0, vector);
        Kernels.scale(1 / Kernels.norm(vector), vector);
    }

    /**
     * Runs {@code steps} power iterations at x (not modified) from the current vector and returns L̂ = ‖Hv‖ of the
     * last one (0 when the Hessian annihilates v, NaN when it is not finite).
     */
    public double update(double[] x, int steps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be ≥ 1");
        double norm = Double.NaN;
        for (int s = 0; s < steps; s++) {
            objective.hessianVector(x, vector, product);
            norm = Kernels.norm(product);
            if (!(norm > 0) || !Double.isFinite(norm)) break;
            for (int i = 0; i < vector.length; i++) vector[i] = product[i] / norm;
        }
        estimate = norm;
        return norm;
    }

    /** The last estimate (NaN before the first {@link #update}). */
    public double estimate() { return estimate; }
}
