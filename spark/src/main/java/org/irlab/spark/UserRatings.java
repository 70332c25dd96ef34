package org.irlab.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.irlab.completion.Errors;

/**
 * The ratings of one block of consecutive users as read on an executor: their training entries (CSR over all items,
 * items ascending within a user) and their held-out entries (sorted by user, then item), both with the values as
 * read. Immutable. Each operation of {@link DistributedRatings} is one pass over the blocks, each block handing back a
 * {@link TreeSum.Partial}; the row-side results (row biases, A·v) stay in the block's computation and never leave it.
 */
final class UserRatings implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index, first, count, columns;
    final int[] rowStart, column;
    final double[] value;
    final int[] heldRow, heldColumn;
    final double[] heldValue;

    UserRatings(int index, int first, int count, int columns, int[] rowStart, int[] column, double[] value,
                int[] heldRow, int[] heldColumn, double[] heldValue) {
        this.index = index;
        this.first = first;
        this.count = count;
        this.columns = columns;
        this.rowStart = rowStart;
        this.column = column;
        this.value = value;
        this.heldRow = heldRow;
        this.heldColumn = heldColumn;
        this.heldValue = heldValue;
    }

    /**
     * The block of users first … first + count − 1 from its entries in any order: user and item indices, values, and
     * whether each is held out.
     */
    static UserRatings of(int index, int first, int count, int columns, int[] user, int[] item, double[] value,
                          boolean[] held) {
        int n = value.length;
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> user[a] != user[b] ? Integer.compare(user[a], user[b])
                : Integer.compare(item[a], item[b]));
        int trained = 0;
        for (boolean h : held) if (!h) trained++;
        int[] rowStart = new int[count + 1], column = new int[trained];
        double[] train = new double[trained];
        int[] heldRow = new int[n - trained], heldColumn = new int[n - trained];
        double[] heldValue = new double[n - trained];
        int t = 0, h = 0;
        for (int p = 0; p < n; p++) {
            int k = order[p], i = user[k] - first;
            if (i < 0 || i >= count) throw new IllegalArgumentException("user " + user[k] + " outside the block");
            if (held[k]) {
                heldRow[h] = i;
                heldColumn[h] = item[k];
                heldValue[h++] = value[k];
            } else {
                rowStart[i + 1]++;
                column[t] = item[k];
                train[t++] = value[k];
            }
        }
        for (int i = 0; i < count; i++) rowStart[i + 1] += rowStart[i];
        return new UserRatings(index, first, count, columns, rowStart, column, train, heldRow, heldColumn, heldValue);
    }

    /** The training and held entries together as training entries (the refit's data), nothing held. */
    UserRatings merged() {
        int n = value.length + heldValue.length;
        int[] user = new int[n], item = new int[n];
        double[] v = new double[n];
        for (int i = 0; i < count; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                user[k] = first + i;
                item[k] = column[k];
                v[k] = value[k];
            }
        }
        for (int k = 0; k < heldValue.length; k++) {
            user[value.length + k] = first + heldRow[k];
            item[value.length + k] = heldColumn[k];
            v[value.length + k] = heldValue[k];
        }
        return of(index, first, count, columns, user, item, v, new boolean[n]);
    }

    /** The centring's prediction μ + b_u + c_j of (first + i, j) under {@code offset} (null: 0). */
    static double offset(Offset offset, int user, int item) {
        return offset == null ? 0 : offset.mean + offset.rowBias[user] + offset.columnBias[item];
    }

    /** The training value of entry k as the pass sees it: the value minus the offset (the residual). */
    private double x(Offset offset, int i, int k) {
        return offset == null ? value[k] : value[k] - offset(offset, first + i, column[k]);
    }

    /** The offset μ + b + c of a centred view (the arrays broadcast once). */
    record Offset(double mean, double[] rowBias, double[] columnBias) implements Serializable {
        /** The offset of the transpose (row and column biases swapped). */
        Offset transposed() { return new Offset(mean, columnBias, rowBias); }
    }

    /** Scalars {Σx, training count, held count}; maxima {max x, −min x}; y: training entries per item. */
    TreeSum.Partial summary() {
        double sum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        double[] counts = new double[columns];
        for (int k = 0; k < value.length; k++) {
            sum += value[k];
            max = Math.max(max, value[k]);
            min = Math.min(min, value[k]);
            counts[column[k]]++;
        }
        return new TreeSum.Partial(new double[] {sum, value.length, heldValue.length}, counts,
                new double[] {max, -min});
    }

    /** b_u = Σ_i(x − μ − c_i)/(n_u + λ) of the block's row i (0 when c is null: the biases before the first sweep). */
    private double rowBias(int i, double mu, double lambda, double[] columnBias) {
        if (columnBias == null) return 0;
        double s = 0;
        for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += value[k] - mu - columnBias[column[k]];
        int n = rowStart[i + 1] - rowStart[i];
        return n + lambda > 0 ? s / (n + lambda) : 0;
    }

    /**
     * One row half-sweep of the bias fit: the row biases of (λ, c) against those of (λ', c'); maxima {max |Δb|,
     * max |b|}, y: Σ_u (x − μ − b_u) per item.
     */
    TreeSum.Partial biasSweep(double mu, double lambda, double[] columnBias, double lastLambda, double[] lastColumn) {
        double change = 0, size = 0;
        double[] sums = new double[columns];
        for (int i = 0; i < count; i++) {
            double b = rowBias(i, mu, lambda, columnBias);
            change = Math.max(change, Math.abs(b - rowBias(i, mu, lastLambda, lastColumn)));
            size = Math.max(size, Math.abs(b));
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) sums[column[k]] += value[k] - mu - b;
        }
        return new TreeSum.Partial(new double[0], sums, new double[] {change, size});
    }

    /** Scalars {Σd², Σ|d|} of d = μ + b_u + c_j − x on the held entries, b the row biases of (λ, c'). */
    TreeSum.Partial biasErrors(double mu, double lambda, double[] rowColumnBias, double[] columnBias) {
        double squares = 0, absolutes = 0;
        int row = -1;
        double b = 0;
        for (int k = 0; k < heldValue.length; k++) {
            if (heldRow[k] != row) {
                row = heldRow[k];
                b = rowBias(row, mu, lambda, rowColumnBias);
            }
            double d = mu + b + columnBias[heldColumn[k]] - heldValue[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        return new TreeSum.Partial(new double[] {squares, absolutes}, null);
    }

    /** The block's row biases of (λ, c). */
    double[] rowBiases(double mu, double lambda, double[] columnBias) {
        double[] b = new double[count];
        for (int i = 0; i < count; i++) b[i] = rowBias(i, mu, lambda, columnBias);
        return b;
    }

    /** Scalars {‖(A·v)_block‖²}; y: the block's part of Aᵀ(A·v); A the (centred) training values. */
    TreeSum.Partial gramStep(Offset offset, double[] v) {
        double squares = 0;
        double[] product = new double[columns];
        for (int i = 0; i < count; i++) {
            double u = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) u += x(offset, i, k) * v[column[k]];
            squares += u * u;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) product[column[k]] += x(offset, i, k) * u;
        }
        return new TreeSum.Partial(new double[] {squares}, product);
    }

    /** Entries in any order (values as read), with the item as the row: a piece of a block of the transpose. */
    record Entries(int[] row, int[] column, double[] value, boolean[] held) implements Serializable {}

    /**
     * This block's entries (training and held) cut by the item block that holds them in the transpose
     * ({@code blockOf[j]}), each piece in (item, user) coordinates; keys with no entry are left out.
     */
    java.util.List<scala.Tuple2<Integer, Entries>> byItemBlock(int[] blockOf, int blocks) {
        int[] size = new int[blocks];
        for (int j : column) size[blockOf[j]]++;
        for (int j : heldColumn) size[blockOf[j]]++;
        int[][] rows = new int[blocks][], columns = new int[blocks][];
        double[][] values = new double[blocks][];
        boolean[][] held = new boolean[blocks][];
        for (int b = 0; b < blocks; b++) {
            rows[b] = new int[size[b]];
            columns[b] = new int[size[b]];
            values[b] = new double[size[b]];
            held[b] = new boolean[size[b]];
        }
        int[] at = new int[blocks];
        for (int i = 0; i < count; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int b = blockOf[column[k]], p = at[b]++;
                rows[b][p] = column[k];
                columns[b][p] = first + i;
                values[b][p] = value[k];
            }
        }
        for (int k = 0; k < heldValue.length; k++) {
            int b = blockOf[heldColumn[k]], p = at[b]++;
            rows[b][p] = heldColumn[k];
            columns[b][p] = first + heldRow[k];
            values[b][p] = heldValue[k];
            held[b][p] = true;
        }
        java.util.List<scala.Tuple2<Integer, Entries>> out = new java.util.ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            if (size[b] > 0) out.add(new scala.Tuple2<>(b, new Entries(rows[b], columns[b], values[b], held[b])));
        }
        return out;
    }

    /** The block {@code index} of rows first … first + count − 1 of a matrix with {@code columns} columns from pieces. */
    static UserRatings of(int index, int first, int count, int columns, Iterable<Entries> pieces) {
        int n = 0;
        for (Entries e : pieces) n += e.value().length;
        int[] row = new int[n], column = new int[n];
        double[] value = new double[n];
        boolean[] held = new boolean[n];
        int at = 0;
        for (Entries e : pieces) {
            int m = e.value().length;
            System.arraycopy(e.row(), 0, row, at, m);
            System.arraycopy(e.column(), 0, column, at, m);
            System.arraycopy(e.value(), 0, value, at, m);
            System.arraycopy(e.held(), 0, held, at, m);
            at += m;
        }
        return of(index, first, count, columns, row, column, value, held);
    }

    /** The block as the descents hold it: the centred training values, the held entries with their offsets. */
    UserBlock descending(Offset offset, int capacity, int rank, double scale, boolean scored, double low,
                         double high) {
        double[] target = new double[value.length];
        for (int i = 0; i < count; i++) for (int k = rowStart[i]; k < rowStart[i + 1]; k++) target[k] = x(offset, i, k);
        int m = scored ? heldValue.length : 0;
        double[] heldOffset = new double[m];
        for (int k = 0; k < m; k++) heldOffset[k] = offset(offset, first + heldRow[k], heldColumn[k]);
        return new UserBlock(index, first, count, capacity, columns, rank, scale, rowStart, column, target,
                Arrays.copyOf(heldRow, m), Arrays.copyOf(heldColumn, m), Arrays.copyOf(heldValue, m), heldOffset,
                low, high, new double[0][]);
    }

    /** Σd², Σ|d| of clip(prediction) − x on held entries; not used by the descents (see {@link UserBlock}). */
    static double[] errors(double[] prediction, double[] value, double low, double high) {
        double squares = 0, absolutes = 0;
        for (int k = 0; k < value.length; k++) {
            double d = Errors.clip(prediction[k], low, high) - value[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        return new double[] {squares, absolutes};
    }
}
