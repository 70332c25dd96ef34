package org.irlab.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Damped means: b = Σ(x − μ)/(n + β) over the n training values of one row (or column), shrinking rows with few
 * values towards the global mean μ; β is chosen on validation RMSE from a fixed grid (β = 0 is the plain mean).
 */
final class MeanShrinkage {
    /** The shrinkage values tried (in added pseudo-ratings at the global mean). */
    static final double[] GRID = {0, 1, 2, 5, 10, 25, 50, 100};

    private MeanShrinkage() {}

    /** Fits damped row means (byRow) or column means, tuning β on validation. */
    static AdditiveCompletion fit(SparseRatings train, SparseRatings validation, boolean byRow) {
        if (train.size() == 0) throw new IllegalArgumentException("no training entries");
        if (validation.size() == 0) throw new IllegalArgumentException("tuning the shrinkage needs validation entries");
        double mu = train.mean();
        int count = byRow ? train.rows() : train.columns();
        double[] sums = new double[count];
        int[] counts = new int[count];
        deviations(train, byRow, mu, sums, counts);
        AdditiveCompletion best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        List<Map<String, Object>> grid = new ArrayList<>();
        for (double beta : GRID) {
            double[] bias = new double[count];
            for (int i = 0; i < count; i++) bias[i] = counts[i] + beta > 0 ? sums[i] / (counts[i] + beta) : 0;
            AdditiveCompletion c = byRow
                    ? new AdditiveCompletion(mu, bias, new double[train.columns()], Map.of(), Map.of())
                    : new AdditiveCompletion(mu, new double[train.rows()], bias, Map.of(), Map.of());
            double rmse = Errors.of(c, validation).rmse();
            grid.add(point("shrinkage", beta, rmse));
            if (rmse < bestRmse) {
                bestRmse = rmse;
                best = new AdditiveCompletion(mu, byRow ? bias : new double[train.rows()],
                        byRow ? new double[train.columns()] : bias, Map.of("shrinkage", beta), Map.of());
            }
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("validationGrid", grid);
        return new AdditiveCompletion(best.mean(), best.rowBias(), best.columnBias(), best.hyperParameters(),
                diagnostics);
    }

    /** Damped row (or column) means with a given β (the refit on more data). */
    static AdditiveCompletion fixed(SparseRatings all, boolean byRow, double beta) {
        if (all.size() == 0) throw new IllegalArgumentException("no entries");
        double mu = all.mean();
        int count = byRow ? all.rows() : all.columns();
        double[] sums = new double[count];
        int[] counts = new int[count];
        deviations(all, byRow, mu, sums, counts);
        double[] bias = new double[count];
        for (int i = 0; i < count; i++) bias[i] = counts[i] + beta > 0 ? sums[i] / (counts[i] + beta) : 0;
        return new AdditiveCompletion(mu, byRow ? bias : new double[all.rows()], byRow ? new double[all.columns()] : bias,
                Map.of("shrinkage", beta), Map.of());
    }

    /** Σ(x − μ) and the entry count of every row (or column), into the given arrays. */
    private static void deviations(SparseRatings data, boolean byRow, double mu, double[] sums, int[] counts) {
        int[] index = byRow ? data.entryRow() : data.entryColumn();
        double[] x = data.values();
        for (int k = 0; k < data.size(); k++) {
            sums[index[k]] += x[k] - mu;
            counts[index[k]]++;
        }
    }

    /** The β a tuned damped-mean model chose. */
    static double shrinkage(Completion tuned) {
        return ((Number) tuned.hyperParameters().get("shrinkage")).doubleValue();
    }

    static Map<String, Object> point(String key, double value, double validationRmse) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        m.put("validationRmse", validationRmse);
        return m;
    }
}
