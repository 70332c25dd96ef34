package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.linalg.Lanczos;
import org.irlab.linalg.Randoms;
import org.irlab.problem.HessianOperator;
import org.irlab.problem.Objective;

/**
 * Extreme eigenvalues of ∇²f(x) from Hessian-vector products: Lanczos with full reorthogonalisation from a seeded
 * random start. Rayleigh–Ritz makes θ_min ≥ λ_min and θ_max ≤ λ_max; the residual ρ of each Ritz pair puts an
 * eigenvalue within ρ of it. From a random start, missing a smaller eigenvalue has vanishing probability once the
 * residuals are small (Kuczyński–Woźniakowski), so "λ_min ≥ −τ" is a probabilistic, not a deterministic, certificate.
 */
public final class CurvatureProbe {
    /** One estimate: the smallest and largest Ritz values with their residual norms, and the steps taken. */
    public record Estimate(double minimum, double minimumResidual, double maximum, double maximumResidual, int steps) {}

    private final HessianOperator hessian;
    private final Lanczos lanczos;
    private final SplittableRandom rng;
    private final double[] start;
    private final int steps;
    private int hessianProducts;

    /**
     * @param maxSteps Lanczos step cap
     * @param seed     seed of the random start vectors
     */
    public CurvatureProbe(Objective objective, int maxSteps, long seed) {
        this.hessian = new HessianOperator(objective);
        this.lanczos = new Lanczos(objective.dimension(), maxSteps);
        this.rng = new SplittableRandom(seed);
        this.start = new double[objective.dimension()];
        this.steps = maxSteps;
    }

    /**
     * Estimates λ_min and λ_max of ∇²f(x), stopping once both extreme Ritz pairs have residual ≤
     * tolerance·max(|θ_min|, |θ_max|) (or at the step cap).
     */
    public Estimate estimate(double[] x, double tolerance) {
        Randoms.gaussian(rng, 1.0, start);
        lanczos.extremes(hessian.at(x), start, steps, tolerance);
        int k = lanczos.steps();
        hessianProducts += k;
        return new Estimate(lanczos.ritzValue(0), lanczos.ritzResidual(0), lanczos.ritzValue(k - 1),
                lanczos.ritzResidual(k - 1), k);
    }

    /** Hessian-vector products spent so far. */
    public int hessianProducts() { return hessianProducts; }
}
