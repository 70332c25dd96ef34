package org.irlab.completion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The completion μ + b_row + b_column that every mean and bias baseline returns. */
public final class AdditiveCompletion implements Completion {
    private final double mean;
    private final double[] rowBias, columnBias;
    private final Map<String, Object> hyperParameters, diagnostics;

    AdditiveCompletion(double mean, double[] rowBias, double[] columnBias, Map<String, Object> hyperParameters,
                       Map<String, Object> diagnostics) {
        this.mean = mean;
        this.rowBias = rowBias;
        this.columnBias = columnBias;
        this.hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    /** The zero completion (used when no centering is asked for). */
    static AdditiveCompletion zero(int rows, int columns) {
        return new AdditiveCompletion(0, new double[rows], new double[columns], Map.of(), Map.of());
    }

    /** Number of rows (the length of b_row). */
    int rows() { return rowBias.length; }

    /** Number of columns (the length of b_column). */
    int columns() { return columnBias.length; }

    /** μ everywhere (the global mean's completion). */
    static AdditiveCompletion mean(double mu, int rows, int columns) {
        return new AdditiveCompletion(mu, new double[rows], new double[columns], Map.of(), Map.of());
    }

    @Override public double predict(int row, int column) {
        return mean + rowBias[row] + columnBias[column];
    }

    public double mean() { return mean; }

    /** b_row (a copy). */
    public double[] rowBias() { return rowBias.clone(); }

    /** b_column (a copy). */
    public double[] columnBias() { return columnBias.clone(); }

    @Override public Map<String, Object> hyperParameters() { return hyperParameters; }

    @Override public Map<String, Object> diagnostics() { return diagnostics; }

    /** The training values minus this completion's prediction, in entry order. */
    double[] residuals(SparseRatings train) {
        int[] r = train.entryRow(), c = train.entryColumn();
        double[] x = train.values(), out = new double[train.size()];
        for (int k = 0; k < out.length; k++) out[k] = x[k] - predict(r[k], c[k]);
        return out;
    }
}
