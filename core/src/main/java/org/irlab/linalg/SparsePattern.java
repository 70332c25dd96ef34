package org.irlab.linalg;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A set Ω of entries of a rows×columns matrix stored as sorted index arrays: row-compressed (CSR: entries of row i at
 * positions rowStart[i] ≤ k &lt; rowStart[i+1], columns increasing), plus the column-compressed transpose as a
 * permutation of those positions, so that both M·B and Mᵀ·B for a matrix M supported on Ω are row-wise gathers.
 * Memory O(|Ω| + rows + columns); nothing of size rows×columns is ever allocated. Immutable (the array accessors for
 * kernels share the internal arrays, which callers must not modify).
 */
public final class SparsePattern {
    private final int rows, columns;
    private final int[] rowStart, column;
    private final int[] columnStart, transposedRow, transposedPosition;
    private final boolean symmetric;

    /**
     * @param rowStart length rows+1, non-decreasing, rowStart[0] = 0 (copied)
     * @param column   column of each entry, strictly increasing within a row (copied)
     */
    public SparsePattern(int rows, int columns, int[] rowStart, int[] column) {
        this(rows, columns, rowStart.clone(), column.clone(), true);
    }

    /**
     * Takes the arrays without copying them (the caller must not modify them afterwards); validated as by the
     * public constructor.
     */
    public static SparsePattern wrap(int rows, int columns, int[] rowStart, int[] column) {
        return new SparsePattern(rows, columns, rowStart, column, true);
    }

    private SparsePattern(int rows, int columns, int[] rowStart, int[] column, boolean validate) {
        if (rows < 0 || columns < 0) throw new IllegalArgumentException("negative size");
        if (rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != column.length) {
            throw new IllegalArgumentException("rowStart must have rows+1 entries from 0 to the number of entries");
        }
        if (validate) {
            for (int i = 0; i < rows; i++) {
                if (rowStart[i + 1] < rowStart[i]) throw new IllegalArgumentException("rowStart decreases at row " + i);
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    int j = column[k];
                    if (j < 0 || j >= columns) throw new IllegalArgumentException("column " + j + " out of range");
                    if (k > rowStart[i] && column[k - 1] >= j) {
                        throw new IllegalArgumentException("columns of row " + i + " are not strictly increasing");
                    }
                }
            }
        }
        this.rows = rows;
        this.columns = columns;
        this.rowStart = rowStart;
        this.column = column;
        int size = column.length;
        this.columnStart = new int[columns + 1];
        for (int k = 0; k < size; k++) columnStart[column[k] + 1]++;
        for (int j = 0; j < columns; j++) columnStart[j + 1] += columnStart[j];
        this.transposedRow = new int[size];
        this.transposedPosition = new int[size];
        int[] cursor = Arrays.copyOf(columnStart, columns);
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int t = cursor[column[k]]++;
                transposedRow[t] = i;
                transposedPosition[t] = k;
            }
        }
        this.symmetric = rows == columns && Arrays.equals(rowStart, columnStart) && Arrays.equals(column, transposedRow);
    }

    /**
     * Ω with each of the rows×columns entries included independently with probability p. Draws one uniform per
     * entry of Ω (geometric gaps between successive entries in row-major order), so the cost is O(|Ω| + rows), not
     * O(rows·columns).
     */
    public static SparsePattern bernoulli(SplittableRandom rng, int rows, int columns, double probability) {
        checkProbability(probability);
        long total = (long) rows * columns;
        LongList picks = new LongList(expected(total, probability));
        long[] cursor = {-1};
        while (nextGap(rng, probability, cursor, total)) {
            picks.add(cursor[0]);
        }
        int[] rowStart = new int[rows + 1];
        int[] column = new int[picks.size()];
        for (int k = 0; k < picks.size(); k++) {
            long pos = picks.get(k);
            int i = (int) (pos / columns);
            column[k] = (int) (pos - (long) i * columns);
            rowStart[i + 1]++;
        }
        for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
        return new SparsePattern(rows, columns, rowStart, column, false);
    }

    /**
     * A symmetric Ω ⊆ [n]×[n]: each unordered pair {i, j} (i ≤ j) is included independently with probability p, and
     * then both (i, j) and (j, i). Cost O(|Ω| + n).
     */
    public static SparsePattern symmetricBernoulli(SplittableRandom rng, int n, double probability) {
        checkProbability(probability);
        long total = (long) n * (n + 1) / 2; // pairs i ≤ j in row-major order
        LongList picks = new LongList(expected(total, probability)); // (i, j) encoded as i·n + j
        long[] cursor = {-1};
        int i = 0, j = 0;
        long at = 0; // linear index of (i, j) in the upper triangle
        while (nextGap(rng, probability, cursor, total)) {
            long advance = cursor[0] - at;
            // walk (i, j) forward by `advance` upper-triangle positions, row by row
            while (advance > 0) {
                long left = n - j; // positions from (i, j) to the end of row i, inclusive
                if (advance < left) { j += (int) advance; advance = 0; } else { advance -= left; i++; j = i; }
            }
            at = cursor[0];
            picks.add((long) i * n + j);
        }
        int[] rowStart = new int[n + 1];
        for (int p = 0; p < picks.size(); p++) {
            int a = (int) (picks.get(p) / n), b = (int) (picks.get(p) % n);
            rowStart[a + 1]++;
            if (a != b) rowStart[b + 1]++;
        }
        for (int r = 0; r < n; r++) rowStart[r + 1] += rowStart[r];
        int[] column = new int[rowStart[n]];
        int[] fill = Arrays.copyOf(rowStart, n);
        // lower entries (b, a), a < b, arrive in increasing a for each row b and precede that row's upper entries
        for (int p = 0; p < picks.size(); p++) {
            int a = (int) (picks.get(p) / n), b = (int) (picks.get(p) % n);
            if (a != b) column[fill[b]++] = a;
        }
        for (int p = 0; p < picks.size(); p++) column[fill[(int) (picks.get(p) / n)]++] = (int) (picks.get(p) % n);
        return new SparsePattern(n, n, rowStart, column, false);
    }

    /** Every entry of a rows×columns matrix (p = 1). */
    public static SparsePattern full(int rows, int columns) {
        int[] rowStart = new int[rows + 1];
        int[] column = new int[Math.multiplyExact(rows, columns)];
        for (int i = 0; i < rows; i++) {
            rowStart[i + 1] = (i + 1) * columns;
            for (int j = 0; j < columns; j++) column[i * columns + j] = j;
        }
        return new SparsePattern(rows, columns, rowStart, column, false);
    }

    public int rows() { return rows; }

    public int columns() { return columns; }

    /** |Ω|. */
    public int size() { return column.length; }

    /** First position of row i; row i occupies [rowStart(i), rowStart(i+1)). */
    public int rowStart(int i) { return rowStart[i]; }

    /** Column of the entry at position k. */
    public int column(int k) { return column[k]; }

    /** First transposed slot of column j; column j occupies [columnStart(j), columnStart(j+1)). */
    public int columnStart(int j) { return columnStart[j]; }

    /** Row of the entry in transposed slot t (rows increase within a column). */
    public int transposedRow(int t) { return transposedRow[t]; }

    /** CSR position of the entry in transposed slot t. */
    public int transposedPosition(int t) { return transposedPosition[t]; }

    /** rowStart as an array of rows+1 entries, for kernels (shared, do not modify). */
    public int[] rowStarts() { return rowStart; }

    /** The column of every entry in CSR order, for kernels (shared, do not modify). */
    public int[] columnIndices() { return column; }

    /** columnStart as an array of columns+1 entries, for kernels (shared, do not modify). */
    public int[] columnStarts() { return columnStart; }

    /** The row of every entry in transposed (CSC) order, for kernels (shared, do not modify). */
    public int[] transposedRows() { return transposedRow; }

    /** The CSR position of every entry in transposed (CSC) order, for kernels (shared, do not modify). */
    public int[] transposedPositions() { return transposedPosition; }

    /**
     * True when Ω is square and (i, j) ∈ Ω ⇔ (j, i) ∈ Ω. Then column j lists the same indices as row j, and transposed
     * slot t holds the mirror (j, i) of the entry (i, j) at CSR position t.
     */
    public boolean isSymmetric() { return symmetric; }

    /** True when (i, j) ∈ Ω (binary search in row i). */
    public boolean contains(int i, int j) {
        return Arrays.binarySearch(column, rowStart[i], rowStart[i + 1], j) >= 0;
    }

    private static void checkProbability(double p) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("probability must be in (0, 1], got " + p);
    }

    private static int expected(long total, double p) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, (long) (total * p * 1.01) + 64));
    }

    /**
     * Advances cursor[0] to the next included position: the gap to it is geometric, ⌊log(1−U)/log(1−p)⌋ failures
     * before a success. StrictMath keeps the draws identical on every JVM. Returns false past the end.
     */
    private static boolean nextGap(SplittableRandom rng, double p, long[] cursor, long total) {
        long skip;
        if (p >= 1) {
            skip = 0;
        } else {
            double g = StrictMath.floor(StrictMath.log1p(-rng.nextDouble()) / StrictMath.log1p(-p));
            if (!(g < total)) return false;
            skip = (long) g;
        }
        long next = cursor[0] + skip + 1;
        if (next >= total) return false;
        cursor[0] = next;
        return true;
    }

    /** A growable list of longs (construction only). */
    private static final class LongList {
        private long[] data;
        private int size;

        LongList(int capacity) { data = new long[Math.max(1, capacity)]; }

        void add(long v) {
            if (size == data.length) data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
            data[size++] = v;
        }

        long get(int k) { return data[k]; }

        int size() { return size; }
    }
}
