package org.irlab.completion;

import java.util.Arrays;
import java.util.Map;

/** {@link FitRatings} in this JVM: the training and held parts as {@link SparseRatings}. */
public final class LocalRatings implements FitRatings {
    private final SparseRatings train, held;
    private final double[] heldOffset; // null until centred
    private final double low, high;
    private double[] image; // A·v, the power iteration's work array

    LocalRatings(SparseRatings train, SparseRatings held, double[] heldOffset, double low, double high) {
        this.train = train;
        this.held = held == null ? null : held.size() == 0 ? null : held;
        this.heldOffset = heldOffset;
        this.low = low;
        this.high = high;
    }

    /** The training part (centred after {@link #centred}). */
    public SparseRatings train() { return train; }

    /** The held part as a descent scores it (its offsets those of {@link #centred}, else 0), or null. */
    public RankFreeDescent.Held held() {
        if (held == null) return null;
        double[] offset = heldOffset != null ? heldOffset : new double[held.size()];
        return new RankFreeDescent.Held(held.entryRow(), held.entryColumn(), held.values(), offset, low, high);
    }

    @Override public int rows() { return train.rows(); }

    @Override public int columns() { return train.columns(); }

    @Override public long size() { return train.size(); }

    @Override public long heldSize() { return held == null ? 0 : held.size(); }

    @Override public double mean() { return train.mean(); }

    @Override public double min() { return low; }

    @Override public double max() { return high; }

    @Override public int[] columnCounts() {
        int[] n = new int[columns()];
        for (int j = 0; j < n.length; j++) n[j] = train.columnCount(j);
        return n;
    }

    @Override public BiasSweeps biasSweeps(double mu) {
        double[] rowBias = new double[rows()];
        return new BiasSweeps() {
            @Override public double[] sweep(double lambda, double[] columnBias, double[] sums) {
                int[] rowStart = train.rowStart(), column = train.entryColumn(), row = train.entryRow();
                int[] columnStart = train.columnStart(), order = train.columnOrder();
                double[] x = train.values();
                double change = 0, size = 0;
                for (int i = 0; i < train.rows(); i++) {
                    double s = 0;
                    for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += x[k] - mu - columnBias[column[k]];
                    int n = rowStart[i + 1] - rowStart[i];
                    double b = n + lambda > 0 ? s / (n + lambda) : 0;
                    change = Math.max(change, Math.abs(b - rowBias[i]));
                    size = Math.max(size, Math.abs(b));
                    rowBias[i] = b;
                }
                for (int j = 0; j < train.columns(); j++) {
                    double s = 0;
                    for (int p = columnStart[j]; p < columnStart[j + 1]; p++) {
                        int k = order[p];
                        s += x[k] - mu - rowBias[row[k]];
                    }
                    sums[j] = s;
                }
                return new double[] {change, size};
            }

            @Override public Errors held(double[] columnBias) {
                return Errors.of(new AdditiveCompletion(mu, rowBias, columnBias, Map.of(), Map.of()), held);
            }

            @Override public double[] rowBiases() { return rowBias.clone(); }
        };
    }

    @Override public LocalRatings centred(AdditiveCompletion offset) {
        double[] offsets = null;
        if (held != null) {
            offsets = new double[held.size()];
            int[] row = held.entryRow(), column = held.entryColumn();
            for (int k = 0; k < offsets.length; k++) offsets[k] = offset.predict(row[k], column[k]);
        }
        return new LocalRatings(train.withValues(offset.residuals(train)), held, offsets, low, high);
    }

    @Override public double gramStep(double[] v, double[] out) {
        if (image == null) image = new double[rows()];
        train.multiply(v, image);
        double norm = org.irlab.linalg.Kernels.norm(image);
        train.multiplyTranspose(image, out);
        return norm;
    }

    @Override public LocalRatings all() {
        if (held == null) return this;
        int n = train.size(), m = held.size();
        int[] r = Arrays.copyOf(train.entryRow(), n + m), c = Arrays.copyOf(train.entryColumn(), n + m);
        double[] x = Arrays.copyOf(train.values(), n + m);
        System.arraycopy(held.entryRow(), 0, r, n, m);
        System.arraycopy(held.entryColumn(), 0, c, n, m);
        System.arraycopy(held.values(), 0, x, n, m);
        SparseRatings union = SparseRatings.of(rows(), columns(), r, c, x);
        return new LocalRatings(union, null, null, union.min(), union.max());
    }
}
