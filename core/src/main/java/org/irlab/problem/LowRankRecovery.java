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
    private final int rows, columns, rank, searchRank;
    private final boolean symmetric;
    private final LowRankTruth truth;           // null without a ground truth
    private final Measurements measurements;
    private final Objective objective;
    private final ImplicitRegion region;
    private final double[] solutionFactor;
    private final Procrustes procrustes;
    private final BalanceRegularizer balance;   // asymmetric only: the imbalance metric
    private final FactorSpectrum spectrum;      // asymmetric only: the tail of σ(XYᵀ)
    private final FactorError errorNorm;

    private LowRankRecovery(int rows, int columns, boolean symmetric, int rank, int searchRank,
                            LowRankTruth truth, Measurements measurements, Objective objective) {
        if (truth != null && (truth.rows() != rows || truth.columns() != columns || truth.isSymmetric() != symmetric)) {
            throw new IllegalArgumentException("the truth is " + truth.rows() + "x" + truth.columns()
                    + (truth.isSymmetric() ? " symmetric" : "") + ", the data " + rows + "x" + columns);
        }
        if (symmetric && rows != columns) throw new IllegalArgumentException("a symmetric problem must be square");
        if (rank < 1 || rank > Math.min(rows, columns)) {
            throw new IllegalArgumentException("rank must be in [1, " + Math.min(rows, columns) + "], got " + rank);
        }
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
        this.rows = rows;
        this.columns = columns;
        this.symmetric = symmetric;
        this.rank = rank;
        this.searchRank = searchRank;
        this.truth = truth;
        this.measurements = measurements;
        this.objective = objective;
        if (symmetric) {
            this.region = new LowRankRegion(rows, searchRank, rank);
            this.balance = null;
            this.spectrum = null;
        } else {
            int d = (rows + columns) * searchRank;
            this.region = new ProductRegion(List.of(new LowRankRegion(rows, searchRank, rank, 0, d),
                    new LowRankRegion(columns, searchRank, rank, rows * searchRank, d)));
            this.balance = new BalanceRegularizer(rows, columns, searchRank, 0);
            this.spectrum = new FactorSpectrum(rows, columns, searchRank);
        }
        if (objective.dimension() != region.dimension()) throw new IllegalStateException("dimension mismatch");
        boolean solvable = truth != null && searchRank >= truth.rank();
        this.solutionFactor = solvable ? truth.balancedFactor(searchRank) : null;
        this.procrustes = solvable ? new Procrustes(solutionFactor.length / searchRank, searchRank) : null;
        this.errorNorm = truth == null ? null : new FactorError(truth, searchRank);
    }

    /**
     * f(X, Y) = 1/(4N) Σᵢ (⟨Aᵢ, XYᵀ⟩ − yᵢ)² + λ‖XᵀX − YᵀY‖²_F with Aᵢ ∈ ℝ^{n₁×n₂} iid N(0, 1), yᵢ = ⟨Aᵢ, M*⟩.
     *
     * @param balance λ ≥ 0 (0 drops the term)
     */
    public static LowRankRecovery asymmetricSensing(int rows, int columns, int rank, int searchRank,
                                                    double[] singularValues, int measurements, double balance,
                                                    long seed) {
        return asymmetricSensing(rows, columns, rank, searchRank, singularValues, measurements, balance, seed,
                GradientRoute.DIRECT);
    }

    /** As {@link #asymmetricSensing(int, int, int, int, double[], int, double, long)} on a gradient route. */
    public static LowRankRecovery asymmetricSensing(int rows, int columns, int rank, int searchRank,
                                                    double[] singularValues, int measurements, double balance,
                                                    long seed, GradientRoute route) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.asymmetric(rng.split(), rows, columns, singularValues);
        SplittableRandom operatorRng = rng.split();
        int size = Math.multiplyExact(rows, columns);
        double[] operator = new double[Math.multiplyExact(measurements, size)];
        Randoms.gaussian(operatorRng, 1.0, operator);
        double[] y = new double[measurements];
        Kernels.multiplyVector(operator, truth.dense(), y, measurements, size);
        return asymmetricSensing(rank, searchRank, truth, new Measurements.Dense(rows, columns, operator, y), balance,
                route);
    }

    /**
     * Asymmetric sensing for given data, f(X, Y) = 1/(4N) Σᵢ (⟨Aᵢ, XYᵀ⟩ − yᵢ)² + λ‖XᵀX − YᵀY‖²_F, with dense or
     * rank-one Aᵢ (arrays not copied, must not be modified).
     *
     * @param rank  r of the region (rank X ≤ r, rank Y ≤ r)
     * @param truth M*, or null when there is none (error and distance NaN)
     */
    public static LowRankRecovery asymmetricSensing(int rank, int searchRank, LowRankTruth truth,
                                                    Measurements data, double balance) {
        return asymmetricSensing(rank, searchRank, truth, data, balance, GradientRoute.DIRECT);
    }

    /**
     * As {@link #asymmetricSensing(int, int, LowRankTruth, Measurements, double)} on a gradient route for dense
     * measurements (rank-one ones have only the direct route).
     */
    public static LowRankRecovery asymmetricSensing(int rank, int searchRank, LowRankTruth truth,
                                                    Measurements data, double balance, GradientRoute route) {
        int rows, columns;
        Objective loss;
        GradientRoute taken = GradientRoute.DIRECT;
        if (data instanceof Measurements.Dense dense) {
            rows = dense.rows();
            columns = dense.columns();
            double[] y = dense.observations();
            SensingLoss sensing = new SensingLoss(rows, columns, dense.operator(), y, 1.0 / (4.0 * y.length), route);
            taken = sensing.gradientRoute();
            loss = new FactorizedObjective(new AsymmetricFactorModel(rows, columns, searchRank), sensing);
        } else if (data instanceof Measurements.RankOne one) {
            if (route == GradientRoute.GRAM) throw new IllegalArgumentException("the Gram route needs dense measurements");
            rows = one.rows();
            columns = one.columns();
            double[] y = one.observations();
            loss = new RankOneSensingObjective(rows, columns, searchRank, one.left(), one.right(), y,
                    1.0 / (4.0 * y.length), false);
        } else {
            throw new IllegalArgumentException("sensing needs dense or rank-one measurements, not " + data);
        }
        return new LowRankRecovery(rows, columns, false, rank, searchRank, truth, data,
                RoutedObjective.of(balanced(loss, rows, columns, searchRank, balance), taken));
    }

    /** f(X) = Σ_{(i,j)∈Ω} ((XXᵀ)ᵢⱼ − M*ᵢⱼ)², Ω symmetric, each pair {i, j} observed with probability p. */
    public static LowRankRecovery symmetricCompletion(int n, int rank, int searchRank, double[] singularValues,
                                                      double probability, long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.symmetric(rng.split(), n, singularValues);
        SparsePattern omega = SparsePattern.symmetricBernoulli(rng.split(), n, probability);
        return completion(true, rank, searchRank, truth, new Measurements.Entries(omega, observed(truth, omega)), 0);
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
        return completion(false, rank, searchRank, truth, new Measurements.Entries(omega, observed(truth, omega)),
                balance);
    }

    /**
     * Completion for given entries: f = Σ_{(i,j)∈Ω} ((XYᵀ)ᵢⱼ − Tᵢⱼ)² (Y = X when symmetric; Ω need not be symmetric)
     * plus λ‖XᵀX − YᵀY‖²_F for two factors. Arrays not copied, must not be modified.
     *
     * @param balance λ ≥ 0, two factors only (ignored when symmetric)
     */
    public static LowRankRecovery completion(boolean symmetric, int rank, int searchRank, LowRankTruth truth,
                                             Measurements.Entries data, double balance) {
        SparsePattern omega = data.omega();
        int rows = omega.rows(), columns = omega.columns();
        if (symmetric) {
            return new LowRankRecovery(rows, columns, true, rank, searchRank, truth, data,
                    CompletionObjective.symmetric(omega, data.values(), searchRank, 1.0));
        }
        Objective loss = CompletionObjective.asymmetric(omega, data.values(), searchRank, 1.0);
        return new LowRankRecovery(rows, columns, false, rank, searchRank, truth, data,
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
        return oneBit(true, rank, searchRank, truth, new Measurements.Signs(n, n, alpha), 0);
    }

    /** f(X, Y) = Σᵢⱼ log(1 + exp((XYᵀ)ᵢⱼ)) − αᵢⱼ(XYᵀ)ᵢⱼ + λ‖XᵀX − YᵀY‖²_F; α as for the symmetric one. */
    public static LowRankRecovery asymmetricOneBit(int rows, int columns, int rank, int searchRank,
                                                   double[] singularValues, int samplesPerEntry, double balance,
                                                   long seed) {
        checkRank(rank, searchRank, singularValues);
        SplittableRandom rng = new SplittableRandom(seed);
        LowRankTruth truth = LowRankTruth.asymmetric(rng.split(), rows, columns, singularValues);
        double[] alpha = oneBitData(truth, samplesPerEntry, rng.split());
        return oneBit(false, rank, searchRank, truth, new Measurements.Signs(rows, columns, alpha), balance);
    }

    /**
     * 1-bit completion for a given α (symmetric to the last bit when {@code symmetric}; not copied), with the
     * logistic link: f = Σᵢⱼ log(1 + exp(Mᵢⱼ)) − αᵢⱼMᵢⱼ, plus λ‖XᵀX − YᵀY‖²_F for two factors.
     */
    public static LowRankRecovery oneBit(boolean symmetric, int rank, int searchRank, LowRankTruth truth,
                                         Measurements.Signs data, double balance) {
        int rows = data.rows(), columns = data.columns();
        if (symmetric) {
            if (rows != columns) throw new IllegalArgumentException("symmetric 1-bit needs a square α");
            return new LowRankRecovery(rows, columns, true, rank, searchRank, truth, data,
                    OneBitObjective.symmetric(rows, searchRank, data.alpha()));
        }
        Objective loss = OneBitObjective.asymmetric(rows, columns, searchRank, data.alpha());
        return new LowRankRecovery(rows, columns, false, rank, searchRank, truth, data,
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

    /** An instance with another objective on the same data layout (robust sensing's ℓ1 loss). */
    static LowRankRecovery withObjective(boolean symmetric, int rank, int searchRank, LowRankTruth truth,
                                         Measurements.Dense data, Objective objective) {
        return new LowRankRecovery(data.rows(), data.columns(), symmetric, rank, searchRank, truth, data, objective);
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
        return symmetric ? Optional.of(((LowRankRegion) region).rowComplement()) : Optional.empty();
    }


    /** M* as its factors, or null without a ground truth. */
    public LowRankTruth truth() { return truth; }

    /** The data the objective is built from (shared, do not modify). */
    public Measurements measurements() { return measurements; }

    public boolean isSymmetric() { return symmetric; }

    public int rows() { return rows; }

    public int columns() { return columns; }

    /** r of the region. */
    public int rank() { return rank; }

    public int searchRank() { return searchRank; }

    /**
     * ‖XYᵀ − M*‖_F (Y = X when symmetric) from the factors by two thin QR factorisations ({@link FactorError}): cost
     * O((n₁+n₂)(r'+r)²), no n₁×n₂ work, absolute accuracy of order ε‖M*‖ like the entry-by-entry sum.
     */
    @Override public double error(double[] x) {
        return errorNorm == null ? Double.NaN : errorNorm.error(x);
    }

    /**
     * Procrustes distance min_O ‖x − ZO‖_F to Z = U*Σ*^{1/2} (symmetric) or the stacked [U*Σ*^{1/2}; V*Σ*^{1/2}],
     * padded with zero columns to r'. For λ &gt; 0 (and for the symmetric problems) the orbit {ZO} is exactly the
     * solution set. With λ = 0 every (XG, YG⁻ᵀ) with XYᵀ = M* also solves, and this is the distance to the balanced
     * solutions only: an upper bound on the distance to the solution set. NaN when r' &lt; r or without M*.
     */
    @Override public double distanceToSolutions(double[] x) {
        return procrustes == null ? Double.NaN : procrustes.distance(x, solutionFactor);
    }

    /** {@code imbalance} = ‖XᵀX − YᵀY‖_F and {@code tailNorm} = (Σ_{i&gt;r} σᵢ(XYᵀ)²)^{1/2}, asymmetric only. */
    @Override public List<String> metricNames() {
        return symmetric ? List.of() : List.of("imbalance", "tailNorm");
    }

    @Override public void metrics(double[] x, double[] out) {
        if (symmetric) return;
        out[0] = balance.imbalanceNorm(x);
        out[1] = spectrum.tailNorm(x, rank);
    }
}
