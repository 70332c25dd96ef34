package org.irlab.diagnostics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.linalg.Kernels;
import org.irlab.optim.MiniBatch;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.LowRankRegion;
import org.irlab.region.ProductRegion;

/**
 * The gradient noise of mini-batch SGD split into its residual and signal parts (the IPGD paper's Section 8
 * question on anisotropic perturbations), and the noise's term of the SGD deviation rate
 * (docs/deviation-rate-beyond.md §4). At every {@code every}-th iterate, for a fresh batch of the run's size and
 * sampling (its own seeded stream): ξ = ∇f_B(x) − ∇f(x); ξ⊥ = P⊥ξ its part normal to 𝓜 at x♯,
 * [(x♯ + hξ)⊥ − (x♯ − hξ)⊥]/(2h), and ξ♯ = ξ − ξ⊥ (trace {@code noiseResidualNorm}, {@code noiseSignalNorm}); and the
 * noise-induced rate ‖ξ⊥‖/‖x⊥‖ with ξ⊥ = P⊥(H_B − H)x⊥ at x♯ (trace {@code noiseResidualRate}), the part of ξ that
 * leaves 𝓜 per unit of residual: batch steps keep 𝓜 invariant, so ξ(x♯) is tangent and ξ⊥ = O(‖x⊥‖). Samples where
 * a low-rank block's σ_r ≤ 2σ_{r+1} (no signal to split from yet) leave both ratios out; the summary gives their
 * medians.
 */
public final class GradientNoise implements Diagnostic {
    /** The trace columns. */
    public static final List<String> COLUMNS = List.of("noiseResidualNorm", "noiseSignalNorm", "noiseResidualRate");

    private final MiniBatch batch;
    private final ImplicitRegion region;
    private final int every;
    private final double[] noise, work, point, signal, plus, minus, residual, base, change, singular;
    private double residualNorm = Double.NaN, signalNorm = Double.NaN, residualRate = Double.NaN;
    private double sumResidual, sumSignal;
    private double[] ratios = new double[16], rates = new double[16];
    private int samples, ratioCount, rateCount, skipped, lastIteration = Integer.MIN_VALUE;

    /** @param batch a batch oracle like the run's, with its own seed */
    public GradientNoise(MiniBatch batch, ImplicitRegion region, int every) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1");
        int d = batch.dimension();
        this.batch = batch;
        this.region = region;
        this.every = every;
        this.noise = new double[d];
        this.work = new double[d];
        this.point = new double[d];
        this.signal = new double[d];
        this.plus = new double[d];
        this.minus = new double[d];
        this.residual = new double[d];
        this.base = new double[d];
        this.change = new double[d];
        this.singular = new double[d];
    }

    @Override public List<String> columns() { return COLUMNS; }

    @Override public void observe(int t, double[] x, double loss, double[] gradient, boolean last) {
        if (t == lastIteration) return;
        lastIteration = t;
        residualNorm = signalNorm = residualRate = Double.NaN;
        if (t % every != 0 && !last) return;
        batch.valueAndGradient(x, noise);
        batch.objective().valueAndGradient(x, work);
        for (int i = 0; i < noise.length; i++) noise[i] -= work[i];
        double size = Kernels.norm(noise);
        if (size == 0) { // the full batch: no noise, no noise term
            residualNorm = signalNorm = residualRate = 0;
            return;
        }
        if (!Double.isFinite(size)) return;
        region.split(x, base, residual);
        double r = residualPart(base, noise, size);
        double s = 0;
        for (int i = 0; i < noise.length; i++) {
            double par = noise[i] - change[i];
            s += par * par;
        }
        residualNorm = r;
        signalNorm = Math.sqrt(s);
        samples++;
        sumResidual += residualNorm;
        sumSignal += signalNorm;
        if (!separated(region, x)) {
            skipped++;
            return;
        }
        if (signalNorm > 0) ratios = append(ratios, ratioCount++, residualNorm / signalNorm);
        residualRate = linearizedRate(x);
        if (!Double.isNaN(residualRate)) rates = append(rates, rateCount++, residualRate);
    }

    /** ‖P⊥(H_B − H)x⊥‖/‖x⊥‖ at x♯ ({@link #base}, x⊥ in {@link #residual}) for the last batch (NaN where x⊥ = 0). */
    private double linearizedRate(double[] x) {
        double e = Kernels.norm(residual);
        if (!(e > 0)) return Double.NaN;
        // (H_B − H)(x♯)x⊥ by a central difference of ξ along x⊥ (same batch), a step 1e-4 of ‖x♯‖
        double h = 1e-4 * Math.max(Kernels.norm(base), 1e-12) / e;
        for (int i = 0; i < point.length; i++) point[i] = base[i] + h * residual[i];
        batch.noise(point, plus, work);
        for (int i = 0; i < point.length; i++) point[i] = base[i] - h * residual[i];
        batch.noise(point, minus, work);
        for (int i = 0; i < point.length; i++) noise[i] = (plus[i] - minus[i]) / (2 * h);
        double size = Kernels.norm(noise);
        if (size == 0) return 0;
        if (!Double.isFinite(size)) return Double.NaN;
        return residualPart(base, noise, size) / e;
    }

    /** The first-order change of the residual at {@code at} along {@code v} into {@link #change}; its norm. */
    private double residualPart(double[] at, double[] v, double size) {
        double h = 1e-6 * Math.max(Kernels.norm(at), 1e-12) / size;
        for (int i = 0; i < v.length; i++) point[i] = at[i] + h * v[i];
        region.split(point, signal, plus);
        for (int i = 0; i < v.length; i++) point[i] = at[i] - h * v[i];
        region.split(point, signal, minus);
        double r = 0;
        for (int i = 0; i < v.length; i++) {
            change[i] = (plus[i] - minus[i]) / (2 * h);
            r += change[i] * change[i];
        }
        return Math.sqrt(r);
    }

    /** Whether every low-rank block of x has σ_r > 2σ_{r+1} (regions without a rank always). */
    private boolean separated(ImplicitRegion at, double[] x) {
        if (at instanceof ProductRegion product) {
            for (ImplicitRegion part : product.parts()) if (!separated(part, x)) return false;
            return true;
        }
        if (!(at instanceof LowRankRegion lowRank)) return true;
        int r = lowRank.rank(), k = lowRank.singularValueCount();
        if (r == 0 || r >= k) return true;
        lowRank.singularValues(x, singular);
        return singular[r - 1] > 2 * singular[r];
    }

    private static double[] append(double[] values, int count, double value) {
        double[] out = count == values.length ? Arrays.copyOf(values, 2 * count) : values;
        out[count] = value;
        return out;
    }

    @Override public void measure(int t, double[] x, double loss, double[] gradient, double[] out) {
        if (t != lastIteration) observe(t, x, loss, gradient, false);
        out[0] = residualNorm;
        out[1] = signalNorm;
        out[2] = residualRate;
    }

    /** ‖ξ⊥‖/‖x⊥‖ at the last observed iterate (NaN when it was not sampled, x⊥ = 0, or skipped). */
    public double residualRate() { return residualRate; }

    @Override public Map<String, Double> summary() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("noiseResidualNormMean", samples == 0 ? Double.NaN : sumResidual / samples);
        m.put("noiseSignalNormMean", samples == 0 ? Double.NaN : sumSignal / samples);
        m.put("noiseResidualToSignalMedian", median(ratios, ratioCount));
        m.put("noiseResidualRateMedian", median(rates, rateCount));
        m.put("noiseResidualRateMax", rateCount == 0 ? Double.NaN
                : Arrays.stream(rates, 0, rateCount).max().getAsDouble());
        m.put("noiseSamplesSkipped", (double) skipped);
        return m;
    }

    static double median(double[] values, int count) {
        if (count == 0) return Double.NaN;
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
    }
}
