package org.irlab.diagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deviation-rate columns of a nonsmooth objective (robust sensing's ℓ1 loss): no Hessian exists, so every cell
 * is empty ("undefined here"), never 0, and the summary values are null.
 */
public final class UndefinedDeviationRate implements Diagnostic {
    @Override public List<String> columns() { return DeviationRateDiagnostic.COLUMNS; }

    @Override public void measure(int iteration, double[] x, double loss, double[] gradient, double[] out) {
        java.util.Arrays.fill(out, Double.NaN);
    }

    @Override public Map<String, Double> summary() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("cumulativeDeviationRate", Double.NaN);
        s.put("residualGrowthLog", Double.NaN);
        return s;
    }
}
