package org.irlab.problem;

import java.util.List;
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
    private final SignalGeometry geometry;   // null without a ground truth of the region's rank
    private final double[] geometryOut = new double[2];
    private final double isometryBound;

    private SymmetricSensing(int n, int rank, int searchRank, LowRankTruth lowRank, Objective objective,
                             double isometryBound) {
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
        this.geometry = lowRank != null && lowRank.rank() == rank && rank <= Math.min(n, searchRank)
                ? new SignalGeometry(n, searchRank, rank, lowRank.left()) : null;
        this.isometryBound = isometryBound;
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
        if (kind == Operator.GAUSSIAN) return of(generate(n, rank, singularValues, measurements, seed), searchRank, route);
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split();
        SplittableRandom operatorRng = rng.split();
        LowRankTruth lowRank = LowRankTruth.symmetric(truthRng, n, singularValues);
        double[] truth = lowRank.dense();
        double[] y = new double[measurements];
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
     * The generated data of an instance with the Gaussian operator, independent of the search rank and the gradient
     * route: M*, the packed operator, y and the RIP bound. Immutable (its arrays are never written), so one value
     * can back any number of instances on any threads ({@link #of(Data, int, GradientRoute)}), which then skip the
     * generation: a sweep or {@code reproduce} that reruns an instance pays for it once.
     */
    public static final class Data {
        private final int n, rank;
        private final LowRankTruth truth;
        private final double[] packedOperator, observations;
        private final double isometryBound;

        private Data(int n, int rank, LowRankTruth truth, double[] packedOperator, double[] observations,
                     double isometryBound) {
            this.n = n;
            this.rank = rank;
            this.truth = truth;
            this.packedOperator = packedOperator;
            this.observations = observations;
            this.isometryBound = isometryBound;
        }

        private double[] gram; // 2cÂᵀÂ, made by the first instance that takes the Gram route

        /** Bytes held (the packed operator, y and the Gram matrix once made). */
        public synchronized long bytes() {
            return 8L * (packedOperator.length + observations.length + (gram == null ? 0 : gram.length));
        }

        private synchronized double[] gram(double scale) {
            if (gram == null) {
                int width = n * (n + 1) / 2;
                gram = GramAnchor.build(packedOperator, width, observations.length, 2 * scale,
                        MeasurementKernels.selected());
            }
            return gram;
        }
    }

    /**
     * The data {@link #create} makes for the Gaussian operator, from the same draws: U* from the first split of the
     * seed's generator, the N dense Gaussian Aᵢ from the second.
     */
    public static Data generate(int n, int rank, double[] singularValues, int measurements, long seed) {
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        if (rank < 1 || rank > n) throw new IllegalArgumentException("rank must be in [1, " + n + "]");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split();
        SplittableRandom operatorRng = rng.split();
        LowRankTruth lowRank = LowRankTruth.symmetric(truthRng, n, singularValues);
        double[] y = new double[measurements];
        double[] operator = new double[Math.multiplyExact(measurements, n * n)];
        Randoms.gaussian(operatorRng, 1.0, operator);
        Kernels.multiplyVector(operator, lowRank.dense(), y, measurements, n * n);
        double[] packed = SymmetricSensingObjective.pack(n, operator, measurements);
        return new Data(n, rank, lowRank, packed, y, isometryBound(n, rank, lowRank, packed, y));
    }

    /**
     * An instance on generated data (shared, not copied; so is the Gram matrix, made once by the first instance that
     * needs it), with its own gradient-route state and work buffers.
     */
    public static SymmetricSensing of(Data data, int searchRank, GradientRoute route) {
        double scale = 1.0 / (4.0 * data.observations.length);
        SymmetricSensingObjective objective = new SymmetricSensingObjective(data.n, searchRank, data.packedOperator,
                data.observations, scale, MeasurementKernels.selected(), route);
        objective.shareGram(() -> data.gram(scale));
        return new SymmetricSensing(data.n, data.rank, searchRank, data.truth, objective, data.isometryBound);
    }

    /** The RIP bound of an instance, from the operator as its objective holds it (see {@link #of}). */
    private static double isometryBound(int n, int rank, LowRankTruth truth, double[] packed, double[] y) {
        return isometryLowerBound(SymmetricSensingObjective.symmetrised(n, packed, y.length), y.length, n,
                Math.min(6 * rank, n),
                truth != null ? truth.dense() : identity(n));
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
        double[] packed = SymmetricSensingObjective.pack(n, operator, y.length);
        SymmetricSensingObjective objective = new SymmetricSensingObjective(n, searchRank, packed, y,
                1.0 / (4.0 * y.length), MeasurementKernels.selected(), route);
        // from the operator as the objective holds it, so that an exported and re-imported instance gives the same bits
        return new SymmetricSensing(n, rank, searchRank, truth, objective, isometryBound(n, rank, truth, packed, y));
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
                new RankOneSensingObjective(n, n, searchRank, a, b, y, 1.0 / (4.0 * y.length), true), Double.NaN);
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

    /**
     * The omitted constraints of Section 7 ({@link SignalGeometry}): {@code signalNorm} ‖X♯‖ (bound 2√σ₁*) and
     * {@code signalAngle} ‖P_{U*⊥}P_{X♯}‖ (bound 4√r κδ); and {@code isometryBound}, a lower bound on the constant
     * δ of the operator's (δ, 6r)-RIP, the same on every row (see {@link #isometryLowerBound}; NaN for the rank-one
     * operator).
     */
    @Override public List<String> metricNames() {
        return geometry == null ? List.of("isometryBound") : List.of("signalNorm", "signalAngle", "isometryBound");
    }

    @Override public void metrics(double[] x, double[] out) {
        int k = 0;
        if (geometry != null) {
            geometry.measure(x, geometryOut);
            out[k++] = geometryOut[0];
            out[k++] = geometryOut[1];
        }
        out[k] = isometryBound;
    }

    /** Power iterations of {@link #isometryLowerBound}. */
    static final int ISOMETRY_ITERATIONS = 30;

    /**
     * A certified lower bound on δ_k, the constant of the (δ, k)-RIP (1 − δ)‖M‖²_F ≤ ‖𝒜(M)‖²/N ≤ (1 + δ)‖M‖²_F over
     * symmetric M of rank ≤ k: power iteration on the Gram operator M ↦ sym(Σᵢ⟨Aᵢ, M⟩Aᵢ)/N (from M*), its iterate
     * cut to its k eigenvalues of largest modulus, and |‖𝒜(M_k)‖²/(N‖M_k‖²_F) − 1| of that explicit M_k (also of M*
     * itself, rank r ≤ k; the larger of the two).
     *
     * @param operator the N matrices Aᵢ, n×n row-major each (not modified)
     */
    static double isometryLowerBound(double[] operator, int measurements, int n, int k, double[] start) {
        int size = n * n;
        double[] m = start.clone(), next = new double[size], values = new double[measurements];
        double bound = defect(operator, measurements, size, m, values);
        for (int it = 0; it < ISOMETRY_ITERATIONS; it++) {
            gramStep(operator, measurements, size, m, values, next);
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    double s = 0.5 * (next[a * n + b] + next[b * n + a]);
                    next[a * n + b] = s;
                    next[b * n + a] = s;
                }
            }
            double norm = Kernels.norm(next);
            if (!(norm > 0)) return bound;
            for (int p = 0; p < size; p++) m[p] = next[p] / norm;
        }
        // M_k: the k eigenpairs of largest |λ|
        org.ejml.data.DMatrixRMaj sym = new org.ejml.data.DMatrixRMaj(n, n, true, m.clone());
        org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> eig =
                org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(sym)) return bound;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(Math.abs(eig.getEigenvalue(q).getReal()),
                Math.abs(eig.getEigenvalue(p).getReal())));
        double[] cut = new double[size];
        for (int t = 0; t < k; t++) {
            double lambda = eig.getEigenvalue(order[t]).getReal();
            org.ejml.data.DMatrixRMaj v = eig.getEigenVector(order[t]);
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) cut[a * n + b] += lambda * v.get(a) * v.get(b);
        }
        return Math.max(bound, defect(operator, measurements, size, cut, values));
    }

    /**
     * next ← Σᵢ (⟨Aᵢ, M⟩/N) Aᵢ, summed over i in order (values receives the ⟨Aᵢ, M⟩). One pass over the operator:
     * each block of four rows is used for its inner products and, still in cache, for the sum; the same bits as the
     * two passes {@code Kernels.multiplyVector} then {@code next[p] += vᵢ·Aᵢ[p]} for i = 0, 1, …
     */
    static void gramStep(double[] operator, int measurements, int size, double[] m, double[] values,
                                 double[] next) {
        java.util.Arrays.fill(next, 0.0);
        int i = 0;
        for (; i + 3 < measurements; i += 4) {
            int r0 = i * size, r1 = r0 + size, r2 = r1 + size, r3 = r2 + size;
            Kernels.rowDots(operator, r0, m, size, values, i);
            double v0 = values[i] / measurements, v1 = values[i + 1] / measurements;
            double v2 = values[i + 2] / measurements, v3 = values[i + 3] / measurements;
            for (int p = 0; p < size; p++) {
                double t = next[p] + v0 * operator[r0 + p];
                t += v1 * operator[r1 + p];
                t += v2 * operator[r2 + p];
                next[p] = t + v3 * operator[r3 + p];
            }
        }
        for (; i < measurements; i++) {
            values[i] = Kernels.dot(operator, i * size, m, 0, size);
            double v = values[i] / measurements;
            for (int p = 0; p < size; p++) next[p] += v * operator[i * size + p];
        }
    }

    /** |‖𝒜(M)‖²/(N‖M‖²_F) − 1|. */
    private static double defect(double[] operator, int measurements, int size, double[] m, double[] values) {
        Kernels.multiplyVector(operator, m, values, measurements, size);
        double energy = 0;
        for (double v : values) energy += v * v;
        double norm = Kernels.norm(m);
        return Math.abs(energy / (measurements * norm * norm) - 1);
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
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
