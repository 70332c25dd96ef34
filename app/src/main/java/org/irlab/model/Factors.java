package org.irlab.model;

import org.irlab.completion.Completion;
import org.irlab.completion.LowRankCompletion;

/**
 * The parts of a fitted completion that predict, as a model directory stores them: μ + b_row[i] + b_column[j] +
 * ⟨L_i, R_j⟩ with row-major factors L (rows × rank) and R (columns × rank), rank 0 for the mean and bias baselines.
 * {@link #predict} adds in the order {@link LowRankCompletion} does, so a saved model predicts the same bits.
 *
 * @param left  L, rows × rank row-major (not copied)
 * @param right R, columns × rank row-major (not copied)
 */
public record Factors(double mean, double[] rowBias, double[] columnBias, int rank, double[] left, double[] right) {
    public Factors {
        if (rank < 0 || left.length != (long) rowBias.length * rank || right.length != (long) columnBias.length * rank) {
            throw new IllegalArgumentException("factor shapes do not match " + rowBias.length + "×" + columnBias.length
                    + " at rank " + rank);
        }
    }

    /**
     * The parts of a mean, bias or low-rank completion held here ({@link ModelContents.Plane#of}; factors held
     * elsewhere are gathered).
     *
     * @throws IllegalArgumentException for a completion of another form
     */
    public static Factors of(Completion completion) { return ModelContents.Plane.of(completion).held(); }

    public int rows() { return rowBias.length; }

    public int columns() { return columnBias.length; }

    /** The unclipped prediction at (row, column). */
    public double predict(int row, int column) {
        double offset = mean + rowBias[row] + columnBias[column];
        if (rank == 0) return offset;
        double s = 0;
        int a = row * rank, b = column * rank;
        for (int p = 0; p < rank; p++) s += left[a + p] * right[b + p];
        return offset + s;
    }

    /**
     * The prediction when the row or the column is unknown (−1): the bias terms that are known, μ + b_row or
     * μ + b_column, or μ alone; with both known, {@link #predict}.
     */
    public double fallback(int row, int column) {
        if (row >= 0 && column >= 0) return predict(row, column);
        return mean + (row >= 0 ? rowBias[row] : 0) + (column >= 0 ? columnBias[column] : 0);
    }

    /** The same model with its factors padded with zero columns to a larger rank (predictions unchanged). */
    public Factors padded(int newRank) {
        if (newRank == rank) return this;
        if (newRank < rank) throw new IllegalArgumentException("cannot shrink rank " + rank + " to " + newRank);
        return new Factors(mean, rowBias, columnBias, newRank, pad(left, rows(), newRank),
                pad(right, columns(), newRank));
    }

    private double[] pad(double[] factor, int count, int newRank) {
        double[] out = new double[count * newRank];
        for (int i = 0; i < count; i++) System.arraycopy(factor, i * rank, out, i * newRank, rank);
        return out;
    }
}
