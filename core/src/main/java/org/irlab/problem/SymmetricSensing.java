package org.irlab.problem;

import java.util.Optional;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MeasurementKernels;
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
    private final LowRankTruth lowRank;  // null without a ground truth
    private final double[] truth;       // M*, n×n (null without a ground truth)
    private final double[] truthFactor; // U*Σ*^{1/2} padded with zero columns to n×r' (null when r' < r or no truth)
    private final Objective objective;
    private final LowRankRegion region;
    private final double[] product;
    private final Procrustes procrustes;

    private SymmetricSensing(int n, int rank, int searchRank, LowRankTruth lowRank, Objective objective) {
        if (lowRank != null && (lowRank.rows() != n || !lowRank.isSymmetric())) {
            throw new IllegalArgumentException("the truth must be symmetric " + n + "x" + n);
        }
        if (rank < 1 || rank > n) throw new IllegalArgumentException("rank must be in [1, " + n + "]");
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
        this.n = n;
        this.rank = rank;
        this.searchRank = searchRank;
        this.lowRank = lowRank;
        this.truth = lowRank == null ? null : lowRank.dense();
        this.truthFactor = lowRank != null && searchRank >= lowRank.rank() ? lowRank.balancedFactor(searchRank) : null;
        this.objective = objective;
        this.region = new LowRankRegion(n, searchRank, rank);
        this.product = new double[n * n];
        this.procrustes = truthFactor != null ? new Procrustes(n, searchRank) : null;
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
        return create(n, rank, searchRank, singularValues, measurements, seed, kind, GradientRoute.DIRECT);
    }

    /**
     * As {@link #create(int, int, int, double[], int, long, Operator)} with a gradient route for the Gaussian
     * operator (the rank-one operator has only the direct one: AUTO means DIRECT there, GRAM is refused).
     */
    public static SymmetricSensing create(int n, int rank, int searchRank, double[] singularValues, int measurements,
                                          long seed, Operator kind, GradientRoute route) {
        if (kind == Operator.RANK_ONE && route == GradientRoute.GRAM) {
            throw new IllegalArgumentException("the Gram route needs the Gaussian operator");
        }
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split();
        SplittableRandom operatorRng = rng.split();
        LowRankTruth lowRank = LowRankTruth.symmetric(truthRng, n, singularValues);
        double[] truth = lowRank.dense();
        double[] y = new double[measurements];
        if (kind == Operator.GAUSSIAN) {
            double[] operator = new double[Math.multiplyExact(measurements, n * n)];
            Randoms.gaussian(operatorRng, 1.0, operator);
            Kernels.multiplyVector(operator, truth, y, measurements, n * n);
            return of(n, rank, searchRank, lowRank, operator, y, route);
        }
        double[] a = new double[Math.multiplyExact(measurements, n)];
        double[] b = new double[Math.multiplyExact(measurements, n)];
        Randoms.gaussian(operatorRng, 1.0, a);
        Randoms.gaussian(operatorRng, 1.0, b);
        double[] mb = new double[n];
        for (int i = 0; i < measurements; i++) {
            for (int p = 0; p < n; p++) mb[p] = Kernels.dot(truth, p * n, b, i * n, n); // M* bᵢ
            y[i] = Kernels.dot(a, i * n, mb, 0, n);
        }
        return ofRankOne(n, rank, searchRank, lowRank, a, b, y);
    }

    /**
     * An instance for given data: f(X) = 1/(4N) Σᵢ (⟨Aᵢ, XXᵀ⟩ − yᵢ)².
     *
     * @param rank     r of the region rank X ≤ r
     * @param truth    M* as a symmetric {@link LowRankTruth}, or null when there is none (error and distance NaN)
     * @param operator N×(n·n) row-major, row i = vec(Aᵢ) (read, not kept: the objective packs it)
     * @param y        the N observations (not copied, must not be modified)
     */
    public static SymmetricSensing of(int n, int rank, int searchRank, LowRankTruth truth, double[] operator,
                                      double[] y) {
        return of(n, rank, searchRank, truth, operator, y, GradientRoute.DIRECT);
    }

    /** As {@link #of(int, int, int, LowRankTruth, double[], double[])} on a gradient route. */
    public static SymmetricSensing of(int n, int rank, int searchRank, LowRankTruth truth, double[] operator,
                                      double[] y, GradientRoute route) {
        return new SymmetricSensing(n, rank, searchRank, truth, new SymmetricSensingObjective(n, searchRank,
                SymmetricSensingObjective.pack(n, operator, y.length), y, 1.0 / (4.0 * y.length),
                MeasurementKernels.selected(), route));
    }

    /**
     * An instance with rank-one measurements Aᵢ = aᵢbᵢᵀ, as {@link #of} otherwise.
     *
     * @param a N×n row-major, row i = aᵢ (not copied)
     * @param b N×n row-major, row i = bᵢ (not copied)
     */
    public static SymmetricSensing ofRankOne(int n, int rank, int searchRank, LowRankTruth truth, double[] a,
                                             double[] b, double[] y) {
        return new SymmetricSensing(n, rank, searchRank, truth,
                new RankOneSensingObjective(n, n, searchRank, a, b, y, 1.0 / (4.0 * y.length), true));
    }

    @Override public Objective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }

    /** {V : VQ_r = 0}, invariant under ∇²f(x♯) for f(X) = g(XXᵀ) (see {@link LowRankRegion#rowComplement}); a new instance. */
    @Override public Optional<ResidualSpace> residualSpace() { return Optional.of(region.rowComplement()); }

    public int rank() { return rank; }

    public int searchRank() { return searchRank; }

    /** M* (row-major n×n; shared, do not modify), or null without a ground truth. */
    public double[] truth() { return truth; }

    /** M* as its factors, or null without a ground truth. */
    public LowRankTruth truthFactors() { return lowRank; }

    /** The operator and observations as the objective uses them (the dense Aᵢ symmetrised, see
     * {@link SymmetricSensingObjective#symmetrisedOperator}; a new array). */
    public Measurements measurements() {
        if (objective instanceof RankOneSensingObjective r) {
            return new Measurements.RankOne(n, n, r.left(), r.right(), r.observations());
        }
        SymmetricSensingObjective dense = (SymmetricSensingObjective) objective;
        return new Measurements.Dense(n, n, dense.symmetrisedOperator(), dense.observations());
    }

    /** ‖XXᵀ − M*‖_F (NaN without a ground truth). */
    @Override public double error(double[] x) {
        if (truth == null) return Double.NaN;
        Kernels.multiplyTransB(x, x, product, n, searchRank, n);
        return Kernels.distance(product, truth);
    }

    /** Procrustes distance to {U*Σ*^{1/2}O : O orthogonal}, with U*Σ*^{1/2} padded to r' columns (NaN without M*). */
    @Override public double distanceToSolutions(double[] x) {
        return procrustes == null ? Double.NaN : procrustes.distance(x, truthFactor);
    }
}
