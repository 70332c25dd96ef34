package org.irlab.problem;

import java.util.Optional;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.LowRankRegion;
import org.irlab.region.ResidualSpace;

/**
 * Symmetric matrix sensing (Section 6 of the IPGD paper): f(X) = 1/(4N) Σᵢ (⟨Aᵢ, XXᵀ⟩ − yᵢ)², X ∈ ℝ^{n×r'},
 * Aᵢ with iid N(0,1) entries, yᵢ = ⟨Aᵢ, M*⟩, M* = U*Σ*U*ᵀ. Region: rank X ≤ r.
 */
public final class SymmetricSensing implements Problem {
    /**
     * The measurement operator: dense Gaussian Aᵢ (the paper's; held symmetrised and packed, memory N·n(n+1)/2,
     * see {@link SymmetricSensingObjective}) or rank-one Aᵢ = aᵢbᵢᵀ (memory 2N·n).
     */
    public enum Operator { GAUSSIAN, RANK_ONE }

    private final int n, rank, searchRank;
    private final double[] truth;       // M*, n×n
    private final double[] truthFactor; // U*Σ*^{1/2} padded with zero columns to n×r' (null when r' < r)
    private final Objective objective;
    private final LowRankRegion region;
    private final double[] product;
    private final Procrustes procrustes;

    private SymmetricSensing(int n, int rank, int searchRank, double[] truth, double[] truthFactor, Objective objective) {
        this.n = n;
        this.rank = rank;
        this.searchRank = searchRank;
        this.truth = truth;
        this.truthFactor = truthFactor;
        this.objective = objective;
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
        return create(n, rank, searchRank, singularValues, measurements, seed, Operator.GAUSSIAN);
    }

    /** As {@link #create(int, int, int, double[], int, long)} with a choice of measurement operator. */
    public static SymmetricSensing create(int n, int rank, int searchRank, double[] singularValues, int measurements,
                                          long seed, Operator kind) {
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split();
        SplittableRandom operatorRng = rng.split();
        LowRankTruth lowRank = LowRankTruth.symmetric(truthRng, n, singularValues);
        double[] truth = lowRank.dense();
        double[] factor = searchRank >= rank ? lowRank.balancedFactor(searchRank) : null;
        double scale = 1.0 / (4.0 * measurements);
        double[] y = new double[measurements];
        Objective objective;
        if (kind == Operator.GAUSSIAN) {
            double[] operator = new double[Math.multiplyExact(measurements, n * n)];
            Randoms.gaussian(operatorRng, 1.0, operator);
            Kernels.multiplyVector(operator, truth, y, measurements, n * n);
            objective = new SymmetricSensingObjective(n, searchRank, operator, y, scale);
        } else {
            double[] a = new double[Math.multiplyExact(measurements, n)], b = new double[Math.multiplyExact(measurements, n)];
            Randoms.gaussian(operatorRng, 1.0, a);
            Randoms.gaussian(operatorRng, 1.0, b);
            double[] mb = new double[n];
            for (int i = 0; i < measurements; i++) {
                for (int p = 0; p < n; p++) mb[p] = Kernels.dot(truth, p * n, b, i * n, n); // M* bᵢ
                y[i] = Kernels.dot(a, i * n, mb, 0, n);
            }
            objective = new RankOneSensingObjective(n, n, searchRank, a, b, y, scale, true);
        }
        return new SymmetricSensing(n, rank, searchRank, truth, factor, objective);
    }

    @Override public Objective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }

    /** {V : VQ_r = 0}, invariant under ∇²f(x♯) for f(X) = g(XXᵀ) (see {@link LowRankRegion#rowComplement}); a new instance. */
    @Override public Optional<ResidualSpace> residualSpace() { return Optional.of(region.rowComplement()); }

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
