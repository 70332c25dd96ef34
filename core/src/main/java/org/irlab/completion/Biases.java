package org.irlab.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The baseline predictor μ + b_u + b_i (Koren 2008, §2.1): μ the training mean and the biases minimising
 * Σ_Ω (x − μ − b_u − b_i)² + λ(Σ b_u² + Σ b_i²), solved exactly by alternating the two closed-form block updates
 * b_u = Σ_i (x − μ − b_i)/(n_u + λ) and b_i = Σ_u (x − μ − b_u)/(n_i + λ); λ chosen on validation RMSE.
 */
public final class Biases implements CompletionModel {
    /** The ridge values tried. */
    public static final double[] GRID = {0.5, 1, 2, 5, 10, 25, 50, 100};
    private static final int MAX_SWEEPS = 200;
    private static final double TOLERANCE = 1e-9;

    @Override public String name() { return "biases"; }

    @Override public AdditiveCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        return tuned(FitRatings.of(train, validation));
    }

    /** Fits on the training part of {@code data} with λ chosen on its held part. */
    public static AdditiveCompletion tuned(FitRatings data) {
        if (data.size() == 0) throw new IllegalArgumentException("no training entries");
        if (data.heldSize() == 0) throw new IllegalArgumentException("tuning λ needs validation entries");
        double mu = data.mean();
        int[] counts = data.columnCounts();
        FitRatings.BiasSweeps rows = data.biasSweeps(mu);
        double[] columnBias = new double[data.columns()];
        double bestRmse = Double.POSITIVE_INFINITY, bestLambda = Double.NaN;
        double[] bestRow = null, bestColumn = null;
        int bestSweeps = 0;
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int g = GRID.length - 1; g >= 0; g--) { // large λ first: each solution warm-starts the next
            int sweeps = solve(rows, counts, GRID[g], columnBias);
            double rmse = rows.held(columnBias).rmse();
            grid.add(0, MeanShrinkage.point("lambda", GRID[g], rmse));
            if (rmse < bestRmse) {
                bestRmse = rmse;
                bestLambda = GRID[g];
                bestRow = rows.rowBiases();
                bestColumn = columnBias.clone();
                bestSweeps = sweeps;
            }
        }
        Map<String, Object> diagnostics = new LinkedHashMap<>();
        diagnostics.put("sweeps", bestSweeps);
        diagnostics.put("validationGrid", grid);
        return new AdditiveCompletion(mu, bestRow, bestColumn, Map.of("lambda", bestLambda), diagnostics);
    }

    @Override public AdditiveCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        return fit(all, lambda(tuned));
    }

    /** The λ a tuned bias model chose. */
    static double lambda(Completion tuned) {
        return ((Number) tuned.hyperParameters().get("lambda")).doubleValue();
    }

    /** Fits with a fixed λ (no validation needed). */
    public static AdditiveCompletion fit(SparseRatings train, double lambda) {
        return fit(FitRatings.of(train, null), lambda);
    }

    /** Fits on the training part of {@code data} with a fixed λ. */
    public static AdditiveCompletion fit(FitRatings data, double lambda) {
        if (data.size() == 0) throw new IllegalArgumentException("no training entries");
        double mu = data.mean();
        FitRatings.BiasSweeps rows = data.biasSweeps(mu);
        double[] columnBias = new double[data.columns()];
        int sweeps = solve(rows, data.columnCounts(), lambda, columnBias);
        return new AdditiveCompletion(mu, rows.rowBiases(), columnBias, Map.of("lambda", lambda),
                Map.of("sweeps", sweeps));
    }

    /** The objective Σ_Ω (x − μ − b_u − b_i)² + λ(‖b_u‖² + ‖b_i‖²). */
    public static double objective(SparseRatings train, double mu, double lambda, double[] rowBias,
                                   double[] columnBias) {
        int[] r = train.entryRow(), c = train.entryColumn();
        double[] x = train.values();
        double s = 0;
        for (int k = 0; k < train.size(); k++) {
            double d = x[k] - mu - rowBias[r[k]] - columnBias[c[k]];
            s += d * d;
        }
        double p = 0;
        for (double b : rowBias) p += b * b;
        for (double b : columnBias) p += b * b;
        return s + lambda * p;
    }

    /**
     * Block coordinate descent from the current biases (the column biases updated in place, the row biases where
     * {@code rows} keeps them): b_u from c, then c_j = Σ_u(x − μ − b_u)/(n_j + λ); returns the number of sweeps.
     */
    static int solve(FitRatings.BiasSweeps rows, int[] counts, double lambda, double[] columnBias) {
        double[] sums = new double[columnBias.length];
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double[] rowChange = rows.sweep(lambda, columnBias, sums);
            double change = rowChange[0], size = rowChange[1];
            for (int j = 0; j < columnBias.length; j++) {
                int n = counts[j];
                double b = n + lambda > 0 ? sums[j] / (n + lambda) : 0;
                change = Math.max(change, Math.abs(b - columnBias[j]));
                size = Math.max(size, Math.abs(b));
                columnBias[j] = b;
            }
            if (change <= TOLERANCE * Math.max(1, size)) return sweep;
        }
        return MAX_SWEEPS;
    }
}
