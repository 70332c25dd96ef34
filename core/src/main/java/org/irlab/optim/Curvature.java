package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Lanczos;
import org.irlab.linalg.Randoms;
import org.irlab.problem.HessianOperator;
import org.irlab.problem.Objective;

/**
 * The curvature of f at a point, from Hessian-vector products only: the extreme eigenvalues of ∇²f(x) by Lanczos
 * with full reorthogonalisation from a seeded random start ({@link #extremes}), and the spectral norm
 * L(x) = max |λ(∇²f(x))| by power iteration warm-started from the previous call's vector ({@link #spectralNorm}).
 *
 * <p>Rayleigh–Ritz makes θ_min ≥ λ_min and θ_max ≤ λ_max; the residual ρ of each Ritz pair puts an eigenvalue within
 * ρ of it. From a random start, missing a smaller eigenvalue has vanishing probability once the residuals are small
 * (Kuczyński–Woźniakowski), so "λ_min ≥ −τ" is a probabilistic, not a deterministic, certificate. Each power
 * estimate ‖Hv‖ is a lower bound on L that converges to it; along a descent path the leading eigenvector moves
 * slowly, so re-estimates need few products. Buffers are allocated on first use of each method, then reused.
 */
public final class Curvature {
    /** Smallest and largest Ritz values with their residual norms, and the Lanczos steps taken. */
    public record Extremes(double minimum, double minimumResidual, double maximum, double maximumResidual, int steps) {}

    private final Objective objective;
    private SplittableRandom rng;
    private final int lanczosSteps;
    private HessianOperator hessian;
    private Lanczos lanczos;
    private double[] start, vector, product;
    private double estimate = Double.NaN;
    private int hessianProducts;
    private boolean freshVector = true;
    private double[] given;

    /**
     * @param rng          the random start vectors (of every Lanczos run, or of the power iteration's first vector)
     * @param lanczosSteps Lanczos step cap
     */
    public Curvature(Objective objective, SplittableRandom rng, int lanczosSteps) {
        if (lanczosSteps < 1) throw new IllegalArgumentException("lanczosSteps must be ≥ 1");
        this.objective = objective;
        this.rng = rng;
        this.lanczosSteps = lanczosSteps;
    }

    /**
     * λ_min and λ_max of ∇²f(x) (x not modified), stopping once both extreme Ritz pairs have residual ≤
     * tolerance·max(|θ_min|, |θ_max|) (or at the step cap).
     */
    public Extremes extremes(double[] x, double tolerance) {
        if (lanczos == null) {
            hessian = new HessianOperator(objective);
            lanczos = new Lanczos(objective.dimension(), lanczosSteps);
            start = new double[objective.dimension()];
        }
        Randoms.gaussian(rng, 1.0, start);
        lanczos.extremes(hessian.at(x), start, lanczosSteps, tolerance);
        int k = lanczos.steps();
        hessianProducts += k;
        return new Extremes(lanczos.ritzValue(0), lanczos.ritzResidual(0), lanczos.ritzValue(k - 1),
                lanczos.ritzResidual(k - 1), k);
    }

    /**
     * Runs {@code steps} power iterations v ← Hv/‖Hv‖ at x (not modified) from the current vector and returns
     * L̂ = ‖Hv‖ of the last one (0 when the Hessian annihilates v, NaN when it is not finite).
     */
    public double spectralNorm(double[] x, int steps) {
        return spectralNorm(x, steps, null);
    }

    /**
     * The same for the preconditioned Hessian P·∇²f (similar to P^{1/2}∇²f P^{1/2}: the curvature a step along
     * P·∇f sees), with a diagonal P; null is the identity.
     */
    public double spectralNorm(double[] x, int steps, RowScaling preconditioner) {
        if (steps < 1) throw new IllegalArgumentException("steps must be ≥ 1");
        if (vector == null) {
            vector = new double[objective.dimension()];
            product = new double[objective.dimension()];
        }
        if (freshVector) {
            if (given != null) System.arraycopy(given, 0, vector, 0, vector.length);
            else Randoms.gaussian(rng, 1.0, vector);
            Kernels.scale(1 / Kernels.norm(vector), vector);
            freshVector = false;
        }
        double norm = Double.NaN;
        for (int s = 0; s < steps; s++) {
            objective.hessianVector(x, vector, product);
            hessianProducts++;
            if (preconditioner != null) preconditioner.scale(product, product);
            norm = Kernels.norm(product);
            if (!(norm > 0) || !Double.isFinite(norm)) break;
            for (int i = 0; i < vector.length; i++) vector[i] = product[i] / norm;
        }
        estimate = norm;
        return norm;
    }

    /** The last power estimate (NaN before the first). */
    public double estimate() { return estimate; }

    /** Hessian-vector products spent so far. */
    public int hessianProducts() { return hessianProducts; }

    /** Starts over with another random stream (the power iteration draws a new first vector; buffers are kept). */
    public void restart(SplittableRandom newRng) {
        rng = newRng;
        given = null;
        freshVector = true;
        estimate = Double.NaN;
    }

    /**
     * Starts over from a given first vector of the power iteration (normalised on first use as a drawn one is;
     * copied then, so the caller may reuse it only after the next {@link #spectralNorm}).
     */
    public void restart(double[] startVector) {
        if (startVector.length != objective.dimension()) throw new IllegalArgumentException("start vector length");
        given = startVector;
        freshVector = true;
        estimate = Double.NaN;
    }
}
