package org.irlab.problem;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.LowRankRegion;
import org.irlab.region.ProductRegion;
import org.irlab.region.ResidualSpace;

/**
 * The low-rank recovery problems of Section 7 of the IPGD paper beyond symmetric sensing: asymmetric sensing,
 * symmetric and asymmetric matrix completion (eq. (123)), symmetric and asymmetric 1-bit completion (eq. (124)).
 * The truth is M* = U*Σ*V*ᵀ (V* = U* when symmetric, see {@link LowRankTruth}); the symmetric problems optimise
 * X ∈ ℝ^{n×r'} with M = XXᵀ and region rank X ≤ r, the asymmetric ones x = [X; Y] ∈ ℝ^{(n₁+n₂)×r'} with M = XYᵀ,
 * the balancing term λ‖XᵀX − YᵀY‖²_F and region rank X ≤ r, rank Y ≤ r. Each instance is built from one seed: the
 * first split of its generator draws the truth, the second the data (operator, Ω or 1-bit samples).
 */
public final class LowRankRecovery implements Problem {
    private final LowRankTruth truth;
    private final int searchRank;
    private final Objective objective;
    private final ImplicitRegion region;
    private final double[] solutionFactor;
    private final Procrustes procrustes;
    private final BalanceRegularizer balance;   // asymmetric only: the imbalance metric
    private final FactorSpectrum spectrum;      // asymmetric only: the tail of σ(XYᵀ)
    private final FactorError errorNorm;

    private LowRankRecovery(LowRankTruth truth, int searchRank, Objective objective) {
        this.truth = truth;
        this.searchRank = searchRank;
        this.objective = objective;
        int n1 = truth.rows(), n2 = truth.columns(), r = truth.rank();
        if (truth.isSymmetric()) {
            this.region = new LowRankRegion(n1, searchRank, r);
            this.balance = null;
            this.spectrum = null;
        } else {
            int d = (n1 + n2) * searchRank;
            this.region = new ProductRegion(List.of(new LowRankRegion(n1, searchRank, r, 0, d),
                    new LowRankRegion(n2, searchRank, r, n1 * searchRank, d)));
            this.balance = new BalanceRegularizer(n1, n2, searchRank, 0);
            this.spectrum = new FactorSpectrum(n1, n2, searchRank);
        }
        if (objective.dimension() != region.dimension()) throw new IllegalStateException("dimension mismatch");
        this.solutionFactor = searchRank >= r ? truth.balancedFactor(searchRank) : null;
        this.procrustes = searchRank >= r ? new Procrustes(solutionFactor.length / searchRank, searchRank) : null;
        this.errorNorm = new FactorError(truth, searchRank);
    }

    /**
     * f(X, Y) = 1/(4N) Σᵢ (⟨Aᵢ, XYᵀ⟩ − yᵢ)² + λ‖XᵀX − YᵀY‖²_F with Aᵢ ∈ ℝ^{n₁×n₂} iid N(0, 1), yᵢ = ⟨Aᵢ, M*⟩.
     *
     * @param balance λ ≥ 0 (0 drops the term)
     */
    public static LowRankRecovery asymmetricSensing(int rows, int columns, int rank, int searchRank,
                                                    double[] singularValues, int measurements, double balance,
                                                    long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.asymmetric(rng.split(), rows, columns, singularValues);
        SplittableRandom operatorRng = rng.split();
        int size = Math.multiplyExact(rows, columns);
        double[] operator = new double[Math.multiplyExact(measurements, size)];
        Randoms.gaussian(operatorRng, 1.0, operator);
        double[] y = new double[measurements];
        Kernels.multiplyVector(operator, truth.dense(), y, measurements, size);
        Objective loss = new FactorizedObjective(new AsymmetricFactorModel(rows, columns, searchRank),
                new SensingLoss(rows, columns, operator, y, 1.0 / (4.0 * measurements)));
        return new LowRankRecovery(truth, searchRank,
                balanced(loss, rows, columns, searchRank, balance));
    }

    /** f(X) = Σ_{(i,j)∈Ω} ((XXᵀ)ᵢⱼ − M*ᵢⱼ)², Ω symmetric, each pair {i, j} observed with probability p. */
    public static LowRankRecovery symmetricCompletion(int n, int rank, int searchRank, double[] singularValues,
                                                      double probability, long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.symmetric(rng.split(), n, singularValues);
        SparsePattern omega = SparsePattern.symmetricBernoulli(rng.split(), n, probability);
        Objective loss = CompletionObjective.symmetric(omega, observed(truth, omega), searchRank, 1.0);
        return new LowRankRecovery(truth, searchRank, loss);
    }

    /**
     * f(X, Y) = Σ_{(i,j)∈Ω} ((XYᵀ)ᵢⱼ − M*ᵢⱼ)² + λ‖XᵀX − YᵀY‖²_F, each (i, j) observed with probability p.
     */
    public static LowRankRecovery asymmetricCompletion(int rows, int columns, int rank, int searchRank,
                                                       double[] singularValues, double probability, double balance,
                                                       long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.asymmetric(rng.split(), rows, columns, singularValues);
        SparsePattern omega = SparsePattern.bernoulli(rng.split(), rows, columns, probability);
        Objective loss = CompletionObjective.asymmetric(omega, observed(truth, omega), searchRank, 1.0);
        return new LowRankRecovery(truth, searchRank,
                balanced(loss, rows, columns, searchRank, balance));
    }

    /**
     * f(X) = Σᵢⱼ log(1 + exp((XXᵀ)ᵢⱼ)) − αᵢⱼ(XXᵀ)ᵢⱼ.
     *
     * @param samplesPerEntry 0 for α = σ(M*) (the population value, as in the paper); s &gt; 0 for α the fraction of
     *                        1s among s Bernoulli(σ(M*ᵢⱼ)) draws, one set of draws per pair {i, j} so α stays symmetric
     */
    public static LowRankRecovery symmetricOneBit(int n, int rank, int searchRank, double[] singularValues,
                                                  int samplesPerEntry, long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.symmetric(rng.split(), n, singularValues);
        double[] alpha = oneBitData(truth, samplesPerEntry, rng.split());
        Objective loss = OneBitObjective.symmetric(n, searchRank, alpha);
        return new LowRankRecovery(truth, searchRank, loss);
    }

    /** f(X, Y) = Σᵢⱼ log(1 + exp((XYᵀ)ᵢⱼ)) − αᵢⱼ(XYᵀ)ᵢⱼ + λ‖XᵀX − YᵀY‖²_F; α as for the symmetric one. */
    public static LowRankRecovery asymmetricOneBit(int rows, int columns, int rank, int searchRank,
                                                   double[] singularValues, int samplesPerEntry, double balance,
                                                   long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.asymmetric(rng.split(), rows, columns, singularValues);
        double[] alpha = oneBitData(truth, samplesPerEntry, rng.split());
        Objective loss = OneBitObjective.asymmetric(rows, columns, searchRank, alpha);
        return new LowRankRecovery(truth, searchRank,
                balanced(loss, rows, columns, searchRank, balance));
    }

    /**
     * Approximate heap a completion instance and a descent on it need, in bytes: per observed entry its column and
     * transposed indices, T and the column-ordered T (and the sampling list while Ω is built), and about twenty
     * (n₁+n₂)×(r'+r) arrays (iterate, gradient and descent buffers, error, Procrustes and region work). For checking
     * a spec before building anything.
     */
    public static long completionBytes(int rows, int columns, int rank, int searchRank, double expectedEntries,
                                       boolean symmetric) {
        long stacked = symmetric ? rows : (long) rows + columns;
        return (long) (36 * expectedEntries) + 20L * 8 * stacked * (searchRank + rank);
    }

    /** Approximate heap of a 1-bit instance and a descent on it: α (and G, Ġ with two factors) plus the factors. */
    public static long oneBitBytes(int rows, int columns, int rank, int searchRank, boolean symmetric) {
        long stacked = symmetric ? rows : (long) rows + columns;
        return (symmetric ? 8L : 24L) * rows * columns + 20L * 8 * stacked * (searchRank + rank);
    }

    private static void checkRank(int rank, int searchRank, double[] singularValues) {
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
    }

    private static Objective balanced(Objective loss, int rows, int columns, int searchRank, double balance) {
        if (balance == 0) return loss;
        return new SumObjective(loss, new BalanceRegularizer(rows, columns, searchRank, balance));
    }

    /** M*ᵢⱼ for the entries of Ω in CSR order (the same double at (i, j) and (j, i) for a symmetric truth). */
    static double[] observed(LowRankTruth truth, SparsePattern omega) {
        double[] values = new double[omega.size()];
        for (int i = 0; i < omega.rows(); i++) {
            for (int k = omega.rowStart(i); k < omega.rowStart(i + 1); k++) {
                values[k] = truth.symmetricEntry(i, omega.column(k));
            }
        }
        return values;
    }

    /** α = σ(M*), or the fraction of 1s among s Bernoulli(σ(M*ᵢⱼ)) draws (mirrored for a symmetric truth). */
    private static double[] oneBitData(LowRankTruth truth, int samplesPerEntry, SplittableRandom rng) {
        if (samplesPerEntry < 0) throw new IllegalArgumentException("samplesPerEntry must be >= 0");
        int n1 = truth.rows(), n2 = truth.columns();
        double[] alpha = new double[Math.multiplyExact(n1, n2)];
        for (int i = 0; i < n1; i++) {
            for (int j = truth.isSymmetric() ? i : 0; j < n2; j++) {
                double p = LogisticLoss.sigmoid(truth.entry(i, j));
                double a = p;
                if (samplesPerEntry > 0) {
                    int ones = 0;
                    for (int s = 0; s < samplesPerEntry; s++) if (rng.nextDouble() < p) ones++;
                    a = (double) ones / samplesPerEntry;
                }
                alpha[i * n2 + j] = a;
                if (truth.isSymmetric()) alpha[j * n2 + i] = a;
            }
        }
        return alpha;
    }

    @Override public Objective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }

    /**
     * Symmetric problems (f(X) = g(XXᵀ)): {V : VQ_r = 0}, see {@link LowRankRegion#rowComplement}; a new instance.
     * Asymmetric ones have no such subspace in general (X♯Wᵀ ≠ 0 for W with WQ_Y = 0 unless the factors balance).
     */
    @Override public Optional<ResidualSpace> residualSpace() {
        return truth.isSymmetric() ? Optional.of(((LowRankRegion) region).rowComplement()) : Optional.empty();
    }


    public LowRankTruth truth() { return truth; }

    public int searchRank() { return searchRank; }

    /**
     * ‖XYᵀ − M*‖_F (Y = X when symmetric) from the factors by two thin QR factorisations ({@link FactorError}): cost
     * O((n₁+n₂)(r'+r)²), no n₁×n₂ work, absolute accuracy of order ε‖M*‖ like the entry-by-entry sum.
     */
    @Override public double error(double[] x) {
        return errorNorm.error(x);
    }

    /**
     * Procrustes distance min_O ‖x − ZO‖_F to Z = U*Σ*^{1/2} (symmetric) or the stacked [U*Σ*^{1/2}; V*Σ*^{1/2}],
     * padded with zero columns to r'. For λ &gt; 0 (and for the symmetric problems) the orbit {ZO} is exactly the
     * solution set. With λ = 0 every (XG, YG⁻ᵀ) with XYᵀ = M* also solves, and this is the distance to the balanced
     * solutions only: an upper bound on the distance to the solution set. NaN when r' &lt; r.
     */
    @Override public double distanceToSolutions(double[] x) {
        return procrustes == null ? Double.NaN : procrustes.distance(x, solutionFactor);
    }

    /** {@code imbalance} = ‖XᵀX − YᵀY‖_F and {@code tailNorm} = (Σ_{i&gt;r} σᵢ(XYᵀ)²)^{1/2}, asymmetric only. */
    @Override public List<String> metricNames() {
        return truth.isSymmetric() ? List.of() : List.of("imbalance", "tailNorm");
    }

    @Override public void metrics(double[] x, double[] out) {
        if (truth.isSymmetric()) return;
        out[0] = balance.imbalanceNorm(x);
        out[1] = spectrum.tailNorm(x, truth.rank());
    }
}
