package org.irlab.completion;

import java.util.Arrays;
import org.irlab.linalg.SparsePattern;

/**
 * Observed ratings: the pattern Ω of an m×n matrix ({@link SparsePattern}: CSR with sorted columns, and its CSC
 * transpose) plus one value per entry in CSR order. Immutable; memory O(|Ω| + m + n); patterns are shared between
 * matrices that differ only in their values ({@link #withValues}).
 *
 * <p>The accessor arrays are shared, not copied: callers must not modify them. Entry {@code k} (0 ≤ k &lt; size) is
 * the k-th entry in row-major order; {@link #columnOrder()} maps CSC positions to these entry numbers.
 */
public final class SparseRatings {
    private final SparsePattern pattern;
    private final int[] entryRow;
    private final double[] values;

    private SparseRatings(SparsePattern pattern, int[] entryRow, double[] values) {
        this.pattern = pattern;
        this.entryRow = entryRow;
        this.values = values;
    }

    /**
     * Builds the structure from coordinate triples in any order (inputs are not modified).
     *
     * @throws IllegalArgumentException on an index out of range, a non-finite value or a repeated (row, column) pair
     */
    public static SparseRatings of(int rows, int columns, int[] row, int[] column, double[] value) {
        if (rows < 0 || columns < 0) throw new IllegalArgumentException("negative shape " + rows + "×" + columns);
        int size = value.length;
        if (row.length != size || column.length != size) {
            throw new IllegalArgumentException("coordinate arrays differ in length: " + row.length + ", "
                    + column.length + ", " + size);
        }
        int[] rowStart = new int[rows + 1];
        for (int k = 0; k < size; k++) {
            if (row[k] < 0 || row[k] >= rows || column[k] < 0 || column[k] >= columns) {
                throw new IllegalArgumentException("entry " + k + " at (" + row[k] + ", " + column[k]
                        + ") is outside the " + rows + "×" + columns + " matrix");
            }
            if (!Double.isFinite(value[k])) throw new IllegalArgumentException("entry " + k + " is " + value[k]);
            rowStart[row[k] + 1]++;
        }
        for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
        int[] next = Arrays.copyOf(rowStart, rows);
        int[] order = new int[size];
        for (int k = 0; k < size; k++) order[next[row[k]]++] = k;
        int[] entryRow = new int[size], entryColumn = new int[size];
        double[] values = new double[size];
        long[] keys = new long[0];
        for (int i = 0; i < rows; i++) {
            int from = rowStart[i], to = rowStart[i + 1];
            if (keys.length < to - from) keys = new long[Math.max(to - from, 2 * keys.length)];
            for (int p = from; p < to; p++) keys[p - from] = ((long) column[order[p]] << 32) | order[p];
            Arrays.sort(keys, 0, to - from);
            for (int p = from; p < to; p++) {
                int k = (int) keys[p - from];
                entryRow[p] = i;
                entryColumn[p] = column[k];
                values[p] = value[k];
                if (p > from && entryColumn[p] == entryColumn[p - 1]) {
                    throw new IllegalArgumentException("entry (" + i + ", " + column[k] + ") appears twice");
                }
            }
        }
        return new SparseRatings(SparsePattern.wrap(rows, columns, rowStart, entryColumn), entryRow, values);
    }

    /** The same pattern with other values (length {@link #size()}, in entry order; copied). */
    public SparseRatings withValues(double[] newValues) {
        if (newValues.length != values.length) {
            throw new IllegalArgumentException("expected " + values.length + " values, got " + newValues.length);
        }
        for (double v : newValues) if (!Double.isFinite(v)) throw new IllegalArgumentException("non-finite value " + v);
        return new SparseRatings(pattern, entryRow, newValues.clone());
    }

    /** The transposed matrix (n×m). */
    public SparseRatings transpose() {
        return of(columns(), rows(), entryColumn(), entryRow, values);
    }

    /** The entries whose numbers are listed (any order, no repeats), as a matrix of the same shape. */
    public SparseRatings subset(int[] entries) {
        int[] r = new int[entries.length], c = new int[entries.length];
        double[] v = new double[entries.length];
        for (int p = 0; p < entries.length; p++) {
            int k = entries[p];
            r[p] = entryRow[k];
            c[p] = pattern.column(k);
            v[p] = values[k];
        }
        return of(rows(), columns(), r, c, v);
    }

    /** Ω. */
    public SparsePattern pattern() { return pattern; }

    public int rows() { return pattern.rows(); }

    public int columns() { return pattern.columns(); }

    /** |Ω|, the number of observed entries. */
    public int size() { return values.length; }

    /** Row i's entries are k = rowStart()[i] … rowStart()[i+1]−1 (length rows+1; shared, do not modify). */
    public int[] rowStart() { return pattern.rowStarts(); }

    /** Row of each entry (shared, do not modify). */
    public int[] entryRow() { return entryRow; }

    /** Column of each entry, ascending within a row (shared, do not modify). */
    public int[] entryColumn() { return pattern.columnIndices(); }

    /** Value of each entry (shared, do not modify). */
    public double[] values() { return values; }

    /** Column j's entries are columnOrder()[p] for p = columnStart()[j] … columnStart()[j+1]−1 (shared). */
    public int[] columnStart() { return pattern.columnStarts(); }

    /** Entry numbers in column-major order, rows ascending within a column (shared, do not modify). */
    public int[] columnOrder() { return pattern.transposedPositions(); }

    /** Number of entries in row i. */
    public int rowCount(int i) { return pattern.rowStart(i + 1) - pattern.rowStart(i); }

    /** Number of entries in column j. */
    public int columnCount(int j) { return pattern.columnStart(j + 1) - pattern.columnStart(j); }

    /** The entry number of (i, j), or −1 when it is not observed (binary search in row i). */
    public int find(int i, int j) {
        int k = Arrays.binarySearch(pattern.columnIndices(), pattern.rowStart(i), pattern.rowStart(i + 1), j);
        return k >= 0 ? k : -1;
    }

    /** Mean of the values (NaN when empty). */
    public double mean() {
        double s = 0;
        for (double v : values) s += v;
        return s / values.length;
    }

    /** Smallest value (NaN when empty). */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) m = Math.min(m, v);
        return values.length == 0 ? Double.NaN : m;
    }

    /** Largest value (NaN when empty). */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) m = Math.max(m, v);
        return values.length == 0 ? Double.NaN : m;
    }

    /** y (m) ← A·x (x has n entries), A the sparse matrix with zeros off Ω. */
    public void multiply(double[] x, double[] y) {
        int[] rowStart = pattern.rowStarts(), entryColumn = pattern.columnIndices();
        for (int i = 0; i < rows(); i++) {
            double s = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += values[k] * x[entryColumn[k]];
            y[i] = s;
        }
    }

    /** y (n) ← Aᵀ·x (x has m entries). */
    public void multiplyTranspose(double[] x, double[] y) {
        int[] columnStart = pattern.columnStarts(), columnOrder = pattern.transposedPositions();
        for (int j = 0; j < columns(); j++) {
            double s = 0;
            for (int p = columnStart[j]; p < columnStart[j + 1]; p++) {
                int k = columnOrder[p];
                s += values[k] * x[entryRow[k]];
            }
            y[j] = s;
        }
    }
}
