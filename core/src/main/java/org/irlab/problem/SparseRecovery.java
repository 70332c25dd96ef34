package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.SupportRegion;

/**
 * Sparse recovery with the two-layer model θ = u⊙u − v⊙v (eq. (125) of the IPGD paper):
 * f(u, v) = c·Σᵢ (yᵢ − ⟨θ, xᵢ⟩)², with c = 1/N ("mean") or c = 1 ("sum", the paper's literal form).
 * Region: uᵢ = 0 off S₊ = {θ*ᵢ &gt; 0}, vᵢ = 0 off S₋ = {θ*ᵢ &lt; 0}. Parameters x = [u; v].
 */
public final class SparseRecovery implements Problem {
    /** The scaling c of the squared loss. */
    public enum Normalization { MEAN, SUM }

    private final int d;
    private final double[] truth;
    private final FactorizedObjective objective;
    private final SupportRegion region;

    private SparseRecovery(double[] truth, double[] design, double[] y, double scale) {
        this.d = truth.length;
        this.truth = truth;
        this.objective = new FactorizedObjective(new HadamardDifferenceModel(d),
                new SensingLoss(1, d, design, y, scale));
        boolean[] support = new boolean[2 * d];
        for (int i = 0; i < d; i++) {
            support[i] = truth[i] > 0;
            support[d + i] = truth[i] < 0;
        }
        this.region = new SupportRegion(support);
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
        double scale = normalization == Normalization.MEAN ? 1.0 / measurements : 1.0;
        return new SparseRecovery(truth.clone(), design, y, scale);
    }

    @Override public FactorizedObjective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }

    /** ‖θ − θ*‖₂ with θ = u⊙u − v⊙v. */
    @Override public double error(double[] x) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double e = x[i] * x[i] - x[d + i] * x[d + i] - truth[i];
            s += e * e;
        }
        return Math.sqrt(s);
    }

    /** Distance to {(u, v) : |u| = √θ*₊, |v| = √θ*₋}, coordinate-wise nearest sign. */
    @Override public double distanceToSolutions(double[] x) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double a = Math.abs(x[i]) - Math.sqrt(Math.max(truth[i], 0));
            double b = Math.abs(x[d + i]) - Math.sqrt(Math.max(-truth[i], 0));
            s += a * a + b * b;
        }
        return Math.sqrt(s);
    }
}
