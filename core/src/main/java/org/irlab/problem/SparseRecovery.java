package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.SupportRegion;
import org.irlab.region.UndefinedRegion;

/**
 * Sparse recovery with the two-layer model θ = u⊙u − v⊙v (eq. (125) of the IPGD paper):
 * f(u, v) = c·Σᵢ (yᵢ − ⟨θ, xᵢ⟩)², with c = 1/N ("mean") or c = 1 ("sum", the paper's literal form).
 * Region: uᵢ = 0 off S₊ = {θ*ᵢ &gt; 0}, vᵢ = 0 off S₋ = {θ*ᵢ &lt; 0} (undefined without θ*). Parameters x = [u; v].
 */
public final class SparseRecovery implements Problem {
    /** The scaling c of the squared loss. */
    public enum Normalization { MEAN, SUM }

    private final int d;
    private final double[] truth;       // θ*, or null without a ground truth
    private final double[] design, observations;
    private final double scale;
    private final FactorizedObjective objective;
    private final ImplicitRegion region;

    private SparseRecovery(int d, double[] truth, double[] design, double[] y, double scale) {
        this.d = d;
        this.truth = truth;
        this.design = design;
        this.observations = y;
        this.scale = scale;
        this.objective = new FactorizedObjective(new HadamardDifferenceModel(d),
                new SensingLoss(1, d, design, y, scale));
        if (truth == null) {
            this.region = new UndefinedRegion(2 * d);
        } else {
            boolean[] support = new boolean[2 * d];
            for (int i = 0; i < d; i++) {
                support[i] = truth[i] > 0;
                support[d + i] = truth[i] < 0;
            }
            this.region = new SupportRegion(support);
        }
    }

    /**
     * Builds an instance: the N×d design with iid N(0,1) entries from the seed, y = Xθ*.
     *
     * @param truth θ* of length d (copied)
     */
    public static SparseRecovery create(double[] truth, int measurements, Normalization normalization, long seed) {
        int d = truth.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] design = new double[Math.multiplyExact(measurements, d)];
        Randoms.gaussian(rng.split(), 1.0, design);
        double[] y = new double[measurements];
        Kernels.multiplyVector(design, truth, y, measurements, d);
        return of(d, design, y, scale(normalization, measurements), truth.clone());
    }

    /**
     * An instance for given data (arrays not copied, must not be modified).
     *
     * @param design the N×d design, row-major
     * @param y      the N observations
     * @param scale  c of f = c·Σᵢ (yᵢ − ⟨θ, xᵢ⟩)² (see {@link #scale(Normalization, int)})
     * @param truth  θ* (length d), or null: then error, distance and the region (its support) are undefined
     */
    public static SparseRecovery of(int d, double[] design, double[] y, double scale, double[] truth) {
        if (design.length != (long) y.length * d) {
            throw new IllegalArgumentException("design has " + design.length + " entries, expected " + y.length + "x"
                    + d);
        }
        if (truth != null && truth.length != d) throw new IllegalArgumentException("θ* must have " + d + " entries");
        return new SparseRecovery(d, truth, design, y, scale);
    }

    /** c = 1/N (mean) or 1 (sum). */
    public static double scale(Normalization normalization, int measurements) {
        return normalization == Normalization.MEAN ? 1.0 / measurements : 1.0;
    }

    /** d, the length of θ. */
    public int dimension() { return d; }

    /** The N×d design (shared, do not modify). */
    public double[] design() { return design; }

    /** y (shared, do not modify). */
    public double[] observations() { return observations; }

    /** c. */
    public double scale() { return scale; }

    /** θ* (shared, do not modify), or null without a ground truth. */
    public double[] truth() { return truth; }

    @Override public FactorizedObjective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }

    /** ‖θ − θ*‖₂ with θ = u⊙u − v⊙v (NaN without θ*). */
    @Override public double error(double[] x) {
        if (truth == null) return Double.NaN;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double e = x[i] * x[i] - x[d + i] * x[d + i] - truth[i];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Distance to {(u, v) : |u| = √θ*₊, |v| = √θ*₋}, coordinate-wise nearest sign (NaN without θ*). */
    @Override public double distanceToSolutions(double[] x) {
        if (truth == null) return Double.NaN;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double a = Math.abs(x[i]) - Math.sqrt(Math.max(truth[i], 0));
            double b = Math.abs(x[d + i]) - Math.sqrt(Math.max(-truth[i], 0));
            s += a * a + b * b;
        }
        return Math.sqrt(s);
    }
}
