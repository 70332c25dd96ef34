package org.irlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.completion.SparseRatings;

/**
 * Collects (row, column, value, line[, time]) entries as a loader reads them, then resolves repeated pairs by a
 * {@link DuplicatePolicy} (by sorting, so memory stays O(entries)) and builds the {@link SparseRatings}.
 */
public final class CoordinateBuilder {
    private int[] rows = new int[1024], columns = new int[1024], lines = new int[1024];
    private double[] values = new double[1024];
    private double[] times; // null until the first entry with a time
    private int size;

    /** The largest |value| accepted: squared errors of larger values could overflow to infinity. */
    public static final double MAX_MAGNITUDE = 1e100;

    /** Refuses a finite value too large to square and sum, naming its line. */
    public static void checkMagnitude(String source, int line, double value) {
        if (Math.abs(value) > MAX_MAGNITUDE) {
            throw new BadInputException(source + ": line " + line + ": value " + value + " is out of range (|value| ≤ "
                    + MAX_MAGNITUDE + "; its squared errors would overflow)");
        }
    }

    void add(int row, int column, double value, int line) {
        if (size == values.length) {
            int n = Math.max(16, size + (size >> 1));
            rows = Arrays.copyOf(rows, n);
            columns = Arrays.copyOf(columns, n);
            lines = Arrays.copyOf(lines, n);
            values = Arrays.copyOf(values, n);
            if (times != null) times = Arrays.copyOf(times, n);
        }
        rows[size] = row;
        columns[size] = column;
        values[size] = value;
        lines[size] = line;
        size++;
    }

    /** Adds an entry with its time (a loader gives every entry a time or none). */
    void add(int row, int column, double value, int line, double time) {
        if (times == null) {
            if (size > 0) throw new IllegalStateException("an entry with a time after entries without");
            times = new double[values.length];
        }
        add(row, column, value, line);
        times[size - 1] = time;
    }

    int size() { return size; }

    /** The result, the duplicates it found, and the time of each entry (entry order; null without times). */
    record Built(SparseRatings ratings, int duplicates, List<Integer> duplicateLines, double[] times) {}

    /**
     * Builds the matrix. Under {@link DuplicatePolicy#ERROR} repeated pairs are only counted (the caller refuses the
     * input); the entries are ordered by (row, column, line) so "last" means the last line, and "latest" the largest
     * time, the last line among equal times. The time kept is that of the value kept (the latest for a mean).
     *
     * @throws BadInputException under {@link DuplicatePolicy#LATEST} when the entries have no times
     */
    Built build(int rowCount, int columnCount, DuplicatePolicy policy) {
        if (policy == DuplicatePolicy.LATEST && times == null) {
            throw new BadInputException("--duplicates latest needs a time column (e.g. timestamp; see --columns)");
        }
        int[] rowStart = new int[rowCount + 1];
        for (int k = 0; k < size; k++) rowStart[rows[k] + 1]++;
        for (int i = 0; i < rowCount; i++) rowStart[i + 1] += rowStart[i];
        int[] next = Arrays.copyOf(rowStart, rowCount), order = new int[size];
        for (int k = 0; k < size; k++) order[next[rows[k]]++] = k; // entries stay in line order within a row
        int[] r = new int[size], c = new int[size];
        double[] v = new double[size], t = times == null ? null : new double[size];
        int kept = 0, duplicates = 0;
        int[] repeated = new int[16];
        long[] keys = new long[16];
        int[] group = new int[16];
        double[] kept2 = new double[2];
        for (int i = 0; i < rowCount; i++) {
            int from = rowStart[i], to = rowStart[i + 1], n = to - from;
            if (keys.length < n) keys = new long[Math.max(n, 2 * keys.length)];
            for (int p = 0; p < n; p++) keys[p] = ((long) columns[order[from + p]] << 32) | (from + p);
            Arrays.sort(keys, 0, n);
            int p = 0;
            while (p < n) {
                int column = columns[order[(int) keys[p]]];
                int count = 0, q = p;
                while (q < n && (int) (keys[q] >>> 32) == column) {
                    int kk = order[(int) keys[q]];
                    if (count > 0) {
                        if (duplicates == repeated.length) repeated = Arrays.copyOf(repeated, 2 * duplicates);
                        repeated[duplicates++] = lines[kk];
                    }
                    if (group.length == count) group = Arrays.copyOf(group, 2 * count);
                    group[count++] = kk;
                    q++;
                }
                policy.resolve(values, times, group, count, kept2);
                r[kept] = i;
                c[kept] = column;
                v[kept] = kept2[0];
                if (t != null) t[kept] = kept2[1];
                kept++;
                p = q;
            }
        }
        Arrays.sort(repeated, 0, duplicates);
        List<Integer> duplicateLines = new ArrayList<>();
        for (int p = 0; p < Math.min(duplicates, InputReport.SHOWN); p++) duplicateLines.add(repeated[p]);
        SparseRatings ratings = SparseRatings.of(rowCount, columnCount, Arrays.copyOf(r, kept), Arrays.copyOf(c, kept),
                Arrays.copyOf(v, kept));
        return new Built(ratings, duplicates, duplicateLines, t == null ? null : Arrays.copyOf(t, kept));
    }
}
