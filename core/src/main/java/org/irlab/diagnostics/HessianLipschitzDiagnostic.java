package org.irlab.diagnostics;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;

/**
 * An estimate of the Hessian Lipschitz constant ρ of bound (126) of the IPGD paper along a run: at x_t, with
 * u = x⊥/‖x⊥‖, the norm of D = (∇²f(x♯ + su) − ∇²f(x♯ − su))/(2s) = ∇³f(x♯)[u] + O(s²) — exact for the quartic
 * objectives of Section 7, whose Hessian is quadratic in x — by power iteration on Hessian-vector products. It is
 * how fast the Hessian changes in the direction the iterate leaves 𝓜, a lower bound on the global ρ. Trace column
 * {@code hessianLipschitz} (empty where not sampled or where x⊥ = 0); summary {@code hessianLipschitzMax}.
 */
public final class HessianLipschitzDiagnostic implements Diagnostic {
    /** Power iterations per estimate. */
    static final int ITERATIONS = 30;

    /** The difference step s relative to max(1, ‖x♯‖). */
    static final double STEP = 1e-3;

    private final Objective objective;
    private final ImplicitRegion region;
    private final int every;
    private final double[] signal, residual, plus, minus, v, hPlus, hMinus;
    private double last = Double.NaN, max = Double.NaN;
    private boolean sampledNow;
    private long products;

    /** @param every estimate at every this many iterates (≥ 1) and at the last one */
    public HessianLipschitzDiagnostic(Objective objective, ImplicitRegion region, int every) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1");
        this.objective = objective;
        this.region = region;
        this.every = every;
        int d = objective.dimension();
        signal = new double[d];
        residual = new double[d];
        plus = new double[d];
        minus = new double[d];
        v = new double[d];
        hPlus = new double[d];
        hMinus = new double[d];
    }

    @Override public List<String> columns() { return List.of("hessianLipschitz"); }

    @Override public void observe(int t, double[] x, double loss, double[] gradient, boolean last) {
        sampledNow = last || t % every == 0;
        if (!sampledNow) return;
        this.last = estimate(x);
        if (!Double.isNaN(this.last)) max = Double.isNaN(max) ? this.last : Math.max(max, this.last);
    }

    /** ‖∇³f(x♯)[u]‖ at x by power iteration (NaN where x⊥ = 0). */
    public double estimate(double[] x) {
        region.split(x, signal, residual);
        double norm = Kernels.norm(residual);
        if (!(norm > 0)) return Double.NaN;
        int d = x.length;
        double s = STEP * Math.max(1, Kernels.norm(signal));
        for (int i = 0; i < d; i++) {
            double u = residual[i] / norm;
            plus[i] = signal[i] + s * u;
            minus[i] = signal[i] - s * u;
        }
        Randoms.gaussian(new SplittableRandom(17), 1.0, v); // a fixed start: the same x gives the same estimate
        double vn = Kernels.norm(v), lambda = 0;
        for (int i = 0; i < d; i++) v[i] /= vn;
        for (int k = 0; k < ITERATIONS; k++) {
            objective.hessianVector(plus, v, hPlus);
            objective.hessianVector(minus, v, hMinus);
            products += 2;
            for (int i = 0; i < d; i++) hPlus[i] = (hPlus[i] - hMinus[i]) / (2 * s);
            lambda = Kernels.norm(hPlus);
            if (lambda == 0) return 0;
            for (int i = 0; i < d; i++) v[i] = hPlus[i] / lambda;
        }
        return lambda;
    }

    @Override public void measure(int t, double[] x, double loss, double[] gradient, double[] out) {
        out[0] = sampledNow ? last : Double.NaN;
    }

    @Override public Map<String, Double> summary() {
        return Map.of("hessianLipschitzMax", max, "hessianLipschitzProducts", (double) products);
    }
}
