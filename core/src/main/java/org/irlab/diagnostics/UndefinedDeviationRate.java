package org.irlab.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.region.ImplicitRegion;

/**
 * The deviation-rate columns of a nonsmooth objective (robust sensing's ℓ1 loss): the iterates settle on the kinks
 * of the loss, where its almost-everywhere Hessian does not govern the dynamics, so every rate cell is empty
 * ("undefined here"), never 0, and the cumulative rate is null; the residual growth log(‖x_T⊥‖/‖x_{t₀}⊥‖) over the
 * recorded rows (from the first with x⊥ ≠ 0) is still measured.
 */
public final class UndefinedDeviationRate implements Diagnostic {
    private final ImplicitRegion region;
    private double firstResidual = Double.NaN, lastResidual = Double.NaN;

    /** @param region 𝓜, for ‖x⊥‖ */
    public UndefinedDeviationRate(ImplicitRegion region) {
        this.region = region;
    }

    @Override public List<String> columns() { return DeviationRateDiagnostic.COLUMNS; }

    @Override public void measure(int iteration, double[] x, double loss, double[] gradient, double[] out) {
        java.util.Arrays.fill(out, Double.NaN);
        double r = region.residualNorm(x);
        if (Double.isNaN(firstResidual) && r > 0) firstResidual = r;
        if (!Double.isNaN(firstResidual)) lastResidual = r;
    }

    @Override public Map<String, Double> summary() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("cumulativeDeviationRate", Double.NaN);
        s.put("residualGrowthLog", firstResidual > 0 && lastResidual > 0 ? Math.log(lastResidual / firstResidual)
                : Double.NaN);
        return s;
    }
}
