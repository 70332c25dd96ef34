package org.irlab.problem;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.ResidualSpace;

/**
 * Robust matrix sensing with gross outliers (Ma &amp; Fattahi's setting, beyond the IPGD paper's Section 8):
 * f = (1/N)·Σᵢ |⟨Aᵢ, XXᵀ⟩ − yᵢ| (or XYᵀ with x = [X; Y]), Aᵢ iid N(0, 1), yᵢ = ⟨Aᵢ, M*⟩ + sᵢ where a seeded
 * fraction p of the measurements carry sᵢ ~ N(0, σ²) (σ the outlier magnitude) and the rest none. Region, error and
 * distance as {@link LowRankRecovery}; metric {@code outliersRejected}: the fraction of outlier measurements whose
 * residual stays above half their outlier, |⟨Aᵢ, M⟩ − yᵢ| ≥ |sᵢ|/2 (1 when the fit ignores them all).
 */
public final class RobustSensing implements Problem {
    private final LowRankRecovery recovery;
    private final FactorModel model;
    private final AbsoluteLoss loss;
    private final int[] outliers;
    private final double[] outlier, product;

    private RobustSensing(LowRankRecovery recovery, FactorModel model, AbsoluteLoss loss, int[] outliers,
                          double[] outlier) {
        this.recovery = recovery;
        this.model = model;
        this.loss = loss;
        this.outliers = outliers;
        this.outlier = outlier;
        this.product = new double[model.rows() * model.columns()];
    }

    /**
     * Builds an instance from one seed: the truth from its first split, the operator from the second, the outliers
     * (which measurements, then their values) from the third.
     *
     * @param outlierFraction p ∈ [0, 1): round(pN) measurements get an outlier
     * @param outlierMagnitude σ ≥ 0 of the outliers
     */
    public static RobustSensing create(boolean symmetric, int rows, int columns, int rank, int searchRank,
                                       double[] singularValues, int measurements, double outlierFraction,
                                       double outlierMagnitude, long seed) {
        if (symmetric && rows != columns) throw new IllegalArgumentException("a symmetric problem must be square");
        if (!(outlierFraction >= 0 && outlierFraction < 1)) {
            throw new IllegalArgumentException("outlierFraction must be in [0, 1), got " + outlierFraction);
        }
        if (!(outlierMagnitude >= 0) || !Double.isFinite(outlierMagnitude)) {
            throw new IllegalArgumentException("outlierMagnitude must be >= 0, got " + outlierMagnitude);
        }
        if (singularValues.length != rank) throw new IllegalArgumentException("need " + rank + " singular values");
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom truthRng = rng.split(), operatorRng = rng.split(), outlierRng = rng.split();
        LowRankTruth truth = symmetric ? LowRankTruth.symmetric(truthRng, rows, singularValues)
                : LowRankTruth.asymmetric(truthRng, rows, columns, singularValues);
        int size = Math.multiplyExact(rows, columns);
        double[] operator = new double[Math.multiplyExact(measurements, size)];
        Randoms.gaussian(operatorRng, 1.0, operator);
        double[] y = new double[measurements];
        Kernels.multiplyVector(operator, truth.dense(), y, measurements, size);
        int count = (int) Math.round(outlierFraction * measurements);
        int[] order = new int[measurements];
        for (int i = 0; i < measurements; i++) order[i] = i;
        for (int i = 0; i < count; i++) {
            int j = i + outlierRng.nextInt(measurements - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] outliers = java.util.Arrays.copyOf(order, count);
        java.util.Arrays.sort(outliers);
        double[] outlier = new double[count];
        Randoms.gaussian(outlierRng, outlierMagnitude, outlier);
        for (int k = 0; k < count; k++) y[outliers[k]] += outlier[k];
        FactorModel model = symmetric ? new SymmetricFactorModel(rows, searchRank)
                : new AsymmetricFactorModel(rows, columns, searchRank);
        AbsoluteLoss loss = new AbsoluteLoss(rows, columns, operator, y, 1.0 / measurements);
        Measurements.Dense data = new Measurements.Dense(rows, columns, operator, y);
        LowRankRecovery recovery = LowRankRecovery.withObjective(symmetric, rank, searchRank, truth, data,
                new FactorizedObjective(model, loss));
        return new RobustSensing(recovery, model, loss, outliers, outlier);
    }

    /** The same data with the squared loss 1/(4N)Σ(⟨Aᵢ, M⟩ − yᵢ)² (the non-robust baseline). */
    public Problem squaredLoss() {
        Measurements.Dense data = (Measurements.Dense) recovery.measurements();
        SensingLoss squared = new SensingLoss(data.rows(), data.columns(), data.operator(), data.observations(),
                1.0 / (4.0 * data.observations().length));
        FactorModel fresh = recovery.isSymmetric() ? new SymmetricFactorModel(data.rows(), recovery.searchRank())
                : new AsymmetricFactorModel(data.rows(), data.columns(), recovery.searchRank());
        return LowRankRecovery.withObjective(recovery.isSymmetric(), recovery.rank(), recovery.searchRank(),
                recovery.truth(), data, new FactorizedObjective(fresh, squared));
    }

    /** The indices of the measurements that carry an outlier (ascending; shared, do not modify). */
    public int[] outliers() { return outliers; }

    public LowRankRecovery recovery() { return recovery; }

    @Override public Objective objective() { return recovery.objective(); }

    @Override public ImplicitRegion region() { return recovery.region(); }

    @Override public double error(double[] x) { return recovery.error(x); }

    @Override public double distanceToSolutions(double[] x) { return recovery.distanceToSolutions(x); }

    @Override public Optional<ResidualSpace> residualSpace() { return recovery.residualSpace(); }

    /** The ℓ1 loss is piecewise linear. */
    @Override public boolean smooth() { return false; }

    @Override public List<String> metricNames() { return List.of("outliersRejected"); }

    @Override public void metrics(double[] x, double[] out) {
        if (outliers.length == 0) {
            out[0] = Double.NaN;
            return;
        }
        model.product(x, product);
        loss.value(product);
        double[] r = loss.residuals();
        int rejected = 0;
        for (int k = 0; k < outliers.length; k++) if (Math.abs(r[outliers[k]]) >= 0.5 * Math.abs(outlier[k])) rejected++;
        out[0] = (double) rejected / outliers.length;
    }
}
