package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.LowRankRegion;

/**
 * Symmetric matrix sensing (Section 6 of the IPGD paper): f(X) = 1/(4N) Σᵢ (⟨Aᵢ, XXᵀ⟩ − yᵢ)², X ∈ ℝ^{n×r'},
 * Aᵢ with iid N(0,1) entries, yᵢ = ⟨Aᵢ, M*⟩, M* = U*Σ*U*ᵀ. Region: rank X ≤ r.
 */
public final class SymmetricSensing implements Problem {
    private final int n, rank, searchRank;
    private final double[] truth;       // M*, n×n
    private final double[] truthFactor; // U*Σ*^{1/2} padded with zero columns to n×r' (null when r' < r)
    private final FactorizedObjective objective;
    private final LowRankRegion region;
    private final double[] product;
    private final Procrustes procrustes;

    private SymmetricSensing(int n, int rank, int searchRank, double[] truth, double[] truthFactor, double[] operator,
                             double[] observations) {
        this.n = n;
        this.rank = rank;
        this.searchRank = searchRank;
        this.truth = truth;
        this.truthFactor = truthFactor;
        int measurements = observations.length;
        this.objective = new FactorizedObjective(new SymmetricFactorModel(n, searchRank),
                new SensingLoss(n, n, operator, observations, 1.0 / (4.0 * measurements)));
        this.region = new LowRankRegion(n, searchRank, rank);
        this.product = new double[n * n];
        this.procrustes = rank <= searchRank ? new Procrustes(n, searchRank) : null;
    }

    /**
     * Builds an instance from a seed: U* from the first split of the seed's generator (see
     * {@link LowRankTruth#symmetric}), then the N Gaussian measurement matrices from the second split.
     *
     * @param singularValues the r diagonal entries of Σ* (positive)
     */
    public static SymmetricSensing create(int n, int rank, int searchRank, double[] singularValues, int measurements,
                                          long seed) {
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split();
        SplittableRandom operatorRng = rng.split();
        LowRankTruth lowRank = LowRankTruth.symmetric(truthRng, n, singularValues);
        double[] truth = lowRank.dense();
        double[] factor = searchRank >= rank ? lowRank.balancedFactor(searchRank) : null;
        double[] operator = new double[Math.multiplyExact(measurements, n * n)];
        Randoms.gaussian(operatorRng, 1.0, operator);
        double[] y = new double[measurements];
        Kernels.multiplyVector(operator, truth, y, measurements, n * n);
        return new SymmetricSensing(n, rank, searchRank, truth, factor, operator, y);
    }

    @Override public String type() { return "symmetric-sensing"; }
    @Override public FactorizedObjective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }
    @Override public int iterateRows() { return n; }
    @Override public int iterateColumns() { return searchRank; }

    public int rank() { return rank; }

    /** M* (row-major n×n; shared, do not modify). */
    public double[] truth() { return truth; }

    /** ‖XXᵀ − M*‖_F. */
    @Override public double error(double[] x) {
        Kernels.multiplyTransB(x, x, product, n, searchRank, n);
        return Kernels.distance(product, truth);
    }

    /** Procrustes distance to {U*Σ*^{1/2}O : O orthogonal}, with U*Σ*^{1/2} padded to r' columns. */
    @Override public double distanceToSolutions(double[] x) {
        return procrustes == null ? Double.NaN : procrustes.distance(x, truthFactor);
    }
}
