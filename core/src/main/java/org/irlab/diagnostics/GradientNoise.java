package org.irlab.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.linalg.Kernels;
import org.irlab.optim.MiniBatch;
import org.irlab.region.ImplicitRegion;

/**
 * The gradient noise of mini-batch SGD split into its residual and signal parts (the IPGD paper's Section 8
 * question on anisotropic perturbations): at every {@code every}-th iterate, ξ = ∇f_B(x) − ∇f(x) for a fresh
 * batch of the run's size and sampling (its own seeded stream), ξ⊥ = the first-order change of the residual along ξ,
 * [(x + hξ)⊥ − (x − hξ)⊥]/(2h) (exact for linear regions such as a support), and ξ♯ = ξ − ξ⊥. Trace columns
 * {@code noiseResidualNorm} ‖ξ⊥‖ and {@code noiseSignalNorm} ‖ξ♯‖; summary their means and the mean ratio.
 */
public final class GradientNoise implements Diagnostic {
    /** The trace columns. */
    public static final List<String> COLUMNS = List.of("noiseResidualNorm", "noiseSignalNorm");

    private final MiniBatch batch;
    private final ImplicitRegion region;
    private final int every;
    private final double[] noise, work, point, signal, plus, minus;
    private double residualNorm = Double.NaN, signalNorm = Double.NaN;
    private double sumResidual, sumSignal, sumRatio;
    private int samples, ratios, lastIteration = Integer.MIN_VALUE;

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
    }

    @Override public List<String> columns() { return COLUMNS; }

    @Override public void observe(int t, double[] x, double loss, double[] gradient, boolean last) {
        if (t == lastIteration) return;
        lastIteration = t;
        residualNorm = signalNorm = Double.NaN;
        if (t % every != 0 && !last) return;
        batch.valueAndGradient(x, noise);
        batch.objective().valueAndGradient(x, work);
        for (int i = 0; i < noise.length; i++) noise[i] -= work[i];
        double size = Kernels.norm(noise);
        if (!(size > 0) || !Double.isFinite(size)) return;
        double h = 1e-6 * Math.max(Kernels.norm(x), 1e-12) / size;
        for (int i = 0; i < noise.length; i++) point[i] = x[i] + h * noise[i];
        region.split(point, signal, plus);
        for (int i = 0; i < noise.length; i++) point[i] = x[i] - h * noise[i];
        region.split(point, signal, minus);
        double r = 0, s = 0;
        for (int i = 0; i < noise.length; i++) {
            double perp = (plus[i] - minus[i]) / (2 * h);
            double par = noise[i] - perp;
            r += perp * perp;
            s += par * par;
        }
        residualNorm = Math.sqrt(r);
        signalNorm = Math.sqrt(s);
        samples++;
        sumResidual += residualNorm;
        sumSignal += signalNorm;
        if (signalNorm > 0) {
            sumRatio += residualNorm / signalNorm;
            ratios++;
        }
    }

    @Override public void measure(int t, double[] x, double loss, double[] gradient, double[] out) {
        if (t != lastIteration) observe(t, x, loss, gradient, false);
        out[0] = residualNorm;
        out[1] = signalNorm;
    }

    @Override public Map<String, Double> summary() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("noiseResidualNormMean", samples == 0 ? Double.NaN : sumResidual / samples);
        m.put("noiseSignalNormMean", samples == 0 ? Double.NaN : sumSignal / samples);
        m.put("noiseResidualToSignalMean", ratios == 0 ? Double.NaN : sumRatio / ratios);
        return m;
    }
}
