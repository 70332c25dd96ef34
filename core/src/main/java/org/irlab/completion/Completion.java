package org.irlab.completion;

import java.util.Map;

/** A fitted completion: a prediction for every (row, column), plus what was chosen and how the fit went. */
public interface Completion {
    /** The predicted value at (row, column); any index in the matrix's shape. */
    double predict(int row, int column);

    /**
     * The hyper-parameters the fit used or chose (e.g. {@code rank}, {@code lambda}), in a stable order; values are
     * numbers, strings, booleans, lists or maps of those, so they can be written as JSON. Empty for a fit that
     * reports through a typed record of its own ({@link RankFreeDescent.Fit#report()}).
     */
    default Map<String, Object> hyperParameters() { return Map.of(); }

    /**
     * Further facts about the fit in the same JSON-friendly form: iterations, effective rank, leading singular
     * values, the validation error of every grid point tried. Empty by default (see {@link #hyperParameters()}).
     */
    default Map<String, Object> diagnostics() { return Map.of(); }

    /** Writes predict(i, j) of every entry of {@code pattern} into {@code out} (entry order; caller-owned). */
    default void predict(SparseRatings pattern, double[] out) {
        int[] r = pattern.entryRow(), c = pattern.entryColumn();
        for (int k = 0; k < pattern.size(); k++) out[k] = predict(r[k], c[k]);
    }
}
