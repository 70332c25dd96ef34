package org.irlab.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;

/**
 * The deviation rate along a run (Definition 5 and eq. (126) of the IPGD paper): trace columns
 * {@code deviationRate, deviationRateMinus, deviationRatePlus} (r, r₋, r₊ at x_t) and
 * {@code cumulativeDeviationRate} r̄_t = Σ_{s&lt;t} r(x_s) and {@code cumulativeResidualNorm} Σ_{s&lt;t} ‖x_s⊥‖ (the
 * sum in the second term of bound (126)); summary values {@code cumulativeDeviationRate} (r̄_T at
 * the final iterate T) and {@code residualGrowthLog} = log(‖x_T⊥‖/‖x_{t₀}⊥‖) from the first sampled iterate t₀
 * with x⊥ ≠ 0.
 *
 * <p>The rate is evaluated at every {@code every}-th iterate and at the last one. Where it is undefined
 * (x⊥ = 0) its cells are empty and it contributes 0 to r̄ — the paper's own convention in eqs. (9)–(10). With
 * {@code every = 1} r̄ is the exact sum of eq. (126). With {@code every = k > 1} r̄ is a zero-order-hold
 * approximation: each step t contributes r at the latest sampled iterate s ≤ t (so a sample stands for the k
 * steps that follow it); rate cells are empty on rows that were not sampled. The summary says which
 * ({@code deviationEvery}).
 *
 * <p>Two options for runs beyond GD (docs/deviation-rate-beyond.md): with a step schedule η_t that is not constant
 * (step decay), the column {@code cumulativeStepDeviationRate} Σ_{s&lt;t} η_s r(x_s), the x-axis of Figure 6 (which
 * is η·r̄_t for a constant η); with mini-batch {@link GradientNoise}, the rate of SGD r + η_t·‖ξ⊥‖²/‖x⊥‖² (§4; the
 * noise term alone in the column {@code deviationRateNoise}, 0 at samples where the noise probe skipped it) enters
 * r̄ and the {@code deviationRate} column, while {@code deviationRateMinus} and {@code deviationRatePlus} stay GD's.
 */
public final class DeviationRateDiagnostic implements Diagnostic {
    /** The trace columns this diagnostic adds. */
    public static final List<String> COLUMNS =
            List.of("deviationRate", "deviationRateMinus", "deviationRatePlus", "cumulativeDeviationRate",
                    "cumulativeResidualNorm");

    private final DeviationRate rate;
    private final int every;
    private final IntToDoubleFunction stepSize;
    private final boolean stepVaries;
    private final GradientNoise noise;
    private final List<String> columns;
    private double heldNoise, noiseCumulative, noiseCumulativeBefore, stepCumulative, stepCumulativeBefore;
    private final DeviationRate.Measurement m = new DeviationRate.Measurement();
    private int lastIteration = Integer.MIN_VALUE;
    private boolean sampledNow;
    private double held;               // r at the latest sample (0 when undefined)
    private double cumulative;         // Σ_{s ≤ last observed} r̂(x_s)
    private double cumulativeBefore;   // Σ_{s < current} r̂(x_s)
    private double heldResidual;       // ‖x⊥‖ at the latest sample
    private double residualSum, residualSumBefore; // Σ_{s ≤ last observed} and Σ_{s < current} of the held ‖x⊥‖
    private double firstResidual = Double.NaN, lastResidual = Double.NaN;
    private long samples, undefinedSamples, uncertified, restricted, hessianProducts;
    private double maxErrorBound = Double.NaN;

    /** @param every evaluate r at every this many iterates (≥ 1) */
    public DeviationRateDiagnostic(DeviationRate rate, int every) {
        this(rate, every, null, false, null);
    }

    /**
     * @param stepSize   η_t of the run (null: no step-weighted sum, and no noise term)
     * @param stepVaries whether η_t is not constant (then the column {@code cumulativeStepDeviationRate} is added)
     * @param noise      the run's gradient-noise probe, observed here first at every sampled iterate (null: none)
     */
    public DeviationRateDiagnostic(DeviationRate rate, int every, IntToDoubleFunction stepSize, boolean stepVaries,
                                   GradientNoise noise) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1");
        if (stepSize == null && (noise != null || stepVaries)) {
            throw new IllegalArgumentException("the noise term and the step-weighted sum need the step sizes");
        }
        this.rate = rate;
        this.every = every;
        this.stepSize = stepSize;
        this.stepVaries = stepVaries;
        this.noise = noise;
        List<String> c = new java.util.ArrayList<>(COLUMNS);
        if (stepVaries) c.add("cumulativeStepDeviationRate");
        if (noise != null) c.add("deviationRateNoise");
        this.columns = List.copyOf(c);
    }

    /** Convenience: a {@link DeviationRate} with default Lanczos settings. */
    public DeviationRateDiagnostic(Objective objective, ImplicitRegion region, DeviationRate.Method method, int every) {
        this(new DeviationRate(objective, region, method), every);
    }

    public DeviationRate deviationRate() { return rate; }

    @Override public List<String> columns() { return columns; }

    @Override public void observe(int t, double[] x, double loss, double[] gradient, boolean last) {
        boolean repeat = t == lastIteration;
        sampledNow = last || t % every == 0;
        if (noise != null) noise.observe(t, x, loss, gradient, last);
        if (sampledNow) sample(t, x);
        if (repeat) return; // a diverged run re-reports its last finite iterate: it was already counted
        cumulativeBefore = cumulative;
        cumulative += held;
        noiseCumulativeBefore = noiseCumulative;
        noiseCumulative += heldNoise;
        if (stepSize != null) {
            stepCumulativeBefore = stepCumulative;
            stepCumulative += stepSize.applyAsDouble(t) * held;
        }
        residualSumBefore = residualSum;
        residualSum += heldResidual;
        lastIteration = t;
    }

    private void sample(int t, double[] x) {
        rate.evaluate(x, m);
        heldNoise = 0;
        samples++;
        hessianProducts += m.hessianProducts();
        if (!Double.isNaN(firstResidual)) lastResidual = m.residualNorm();
        heldResidual = m.defined() ? m.residualNorm() : 0;
        if (!m.defined()) {
            undefinedSamples++;
            held = 0;
            return;
        }
        held = m.rate();
        if (noise != null) {
            double q = noise.residualRate();
            if (Double.isFinite(q)) heldNoise = stepSize.applyAsDouble(t) * q * q;
            held += heldNoise;
        }
        if (Double.isNaN(firstResidual)) firstResidual = lastResidual = m.residualNorm();
        if (!m.certified()) uncertified++;
        if (m.restricted()) restricted++;
        if (!Double.isNaN(m.errorBound())) {
            maxErrorBound = Double.isNaN(maxErrorBound) ? m.errorBound() : Math.max(maxErrorBound, m.errorBound());
        }
    }

    @Override public void measure(int t, double[] x, double loss, double[] gradient, double[] out) {
        if (t != lastIteration) observe(t, x, loss, gradient, false); // called without observe: keep consistent
        boolean show = sampledNow && m.defined();
        out[0] = show ? held : Double.NaN;
        out[1] = show ? m.minus() : Double.NaN;
        out[2] = show ? m.plus() : Double.NaN;
        out[3] = cumulativeBefore;
        out[4] = residualSumBefore;
        int c = 5;
        if (stepVaries) out[c++] = stepCumulativeBefore;
        if (noise != null) out[c] = show ? heldNoise : Double.NaN;
    }

    /** Σ_{s&lt;T} η_s r(x_s) at the last observed iterate T (NaN without a step schedule). */
    public double stepWeightedBeforeLast() { return stepSize == null ? Double.NaN : stepCumulativeBefore; }

    /** r̄ over every iterate observed so far, Σ_{s ≤ t} (the value a row after the last one would show). */
    public double cumulative() { return cumulative; }

    /** r̄_T = Σ_{t&lt;T} r(x_t) at the last observed iterate T. */
    public double cumulativeBeforeLast() { return cumulativeBefore; }

    /** log(‖x_T⊥‖/‖x_{t₀}⊥‖) from the first sample with x⊥ ≠ 0 to the last one (NaN if there is none). */
    public double residualGrowthLog() {
        if (!(firstResidual > 0) || !(lastResidual > 0)) return Double.NaN;
        return Math.log(lastResidual / firstResidual);
    }

    @Override public Map<String, Double> summary() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("cumulativeDeviationRate", cumulativeBefore);
        if (noise != null) s.put("cumulativeNoiseRate", noiseCumulativeBefore);
        if (stepVaries) s.put("cumulativeStepDeviationRate", stepCumulativeBefore);
        s.put("residualGrowthLog", residualGrowthLog());
        s.put("deviationEvery", (double) every);
        s.put("deviationRateSamples", (double) samples);
        s.put("deviationRateUndefinedSamples", (double) undefinedSamples);
        s.put("deviationRateUncertifiedSamples", (double) uncertified);
        s.put("deviationRateRestrictedSamples", (double) restricted);
        s.put("deviationRateMaxErrorBound", maxErrorBound);
        s.put("deviationRateHessianProducts", (double) hessianProducts);
        return s;
    }
}
