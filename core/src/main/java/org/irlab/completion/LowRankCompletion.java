package org.irlab.completion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The completion offset(i, j) + Σ_k L[i,k]·R[j,k]: a centering plus a rank-k product L·Rᵀ (row-major factors). */
public final class LowRankCompletion implements Completion {
    private final Completion offset;
    private final double[] left, right;
    private final int rank;
    private final Map<String, Object> hyperParameters, diagnostics;

    LowRankCompletion(Completion offset, double[] left, double[] right, int rank, Map<String, Object> hyperParameters,
                      Map<String, Object> diagnostics) {
        this.offset = offset;
        this.left = left;
        this.right = right;
        this.rank = rank;
        this.hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    @Override public double predict(int row, int column) {
        double s = 0;
        int a = row * rank, b = column * rank;
        for (int p = 0; p < rank; p++) s += left[a + p] * right[b + p];
        return offset.predict(row, column) + s;
    }

    /** Number of columns of the factors. */
    public int rank() { return rank; }

    /** L (rows × rank, row-major; a copy). */
    public double[] left() { return left.clone(); }

    /** R (columns × rank, row-major; a copy). */
    public double[] right() { return right.clone(); }

    /** The centering that is added to L·Rᵀ. */
    public Completion offset() { return offset; }

    @Override public Map<String, Object> hyperParameters() { return hyperParameters; }

    @Override public Map<String, Object> diagnostics() { return diagnostics; }
}
