package org.irlab.completion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The completion offset(i, j) + Σ_k L[i,k]·R[j,k]: a centering plus a rank-k product L·Rᵀ (row-major factors). The
 * factors are {@link FactorRows}: held in this JVM, or — a distributed fit's — where they were fitted, which this
 * JVM streams ({@link #leftRows}) or gathers ({@link #gathered}) but does not predict from.
 */
public final class LowRankCompletion implements Completion {
    private final Completion offset;
    private final FactorRows leftRows, rightRows;
    private final double[] left, right; // null when the rows are not held here
    private final int rank;
    private final Map<String, Object> hyperParameters, diagnostics;

    LowRankCompletion(Completion offset, double[] left, double[] right, int rank, Map<String, Object> hyperParameters,
                      Map<String, Object> diagnostics) {
        this(offset, FactorRows.of(left, left.length / Math.max(rank, 1), rank),
                FactorRows.of(right, right.length / Math.max(rank, 1), rank), hyperParameters, diagnostics);
    }

    LowRankCompletion(Completion offset, FactorRows left, FactorRows right, Map<String, Object> hyperParameters,
                      Map<String, Object> diagnostics) {
        if (left.rank() != right.rank()) throw new IllegalArgumentException("the factors differ in rank");
        this.offset = offset;
        this.leftRows = left;
        this.rightRows = right;
        this.left = left.held();
        this.right = right.held();
        this.rank = left.rank();
        this.hyperParameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
    }

    /**
     * @throws IllegalStateException when the factors are not held in this JVM (a distributed fit's: {@link #gathered})
     */
    @Override public double predict(int row, int column) {
        if (left == null || right == null) {
            throw new IllegalStateException("the factors are held where they were fitted: gather them to predict here");
        }
        double s = 0;
        int a = row * rank, b = column * rank;
        for (int p = 0; p < rank; p++) s += left[a + p] * right[b + p];
        return offset.predict(row, column) + s;
    }

    /** Number of columns of the factors. */
    public int rank() { return rank; }

    /** L (rows × rank, row-major; a copy, gathered here when the rows are held elsewhere). */
    public double[] left() { return leftRows.gather(); }

    /** R (columns × rank, row-major; a copy, gathered here when the rows are held elsewhere). */
    public double[] right() { return rightRows.gather(); }

    /** L's rows where they are. */
    public FactorRows leftRows() { return leftRows; }

    /** R's rows where they are. */
    public FactorRows rightRows() { return rightRows; }

    /** This completion with both factors held in this JVM (itself when they are; else gathered, O((n₁+n₂)·rank)). */
    public LowRankCompletion gathered() {
        if (left != null && right != null) return this;
        return new LowRankCompletion(offset, left(), right(), rank, hyperParameters, diagnostics);
    }

    /** Frees the factors where they live (a distributed fit's); this completion cannot be read afterwards. */
    public void release() {
        leftRows.release();
        rightRows.release();
    }

    /** The centering that is added to L·Rᵀ. */
    public Completion offset() { return offset; }

    @Override public Map<String, Object> hyperParameters() { return hyperParameters; }

    @Override public Map<String, Object> diagnostics() { return diagnostics; }
}
