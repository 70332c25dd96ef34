package org.irlab.completion;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Descents run on the transpose of a matrix, seen as descents on the matrix: the same start draws, steps and stops as
 * on the transposed table (the descents' rows the matrix's columns), each x handed out as [X; Y] of the matrix (its
 * rows' factor first), the validation errors of an average taken on the matrix's own held part.
 */
public final class TransposedDescents implements RankFreeDescent.Descents {
    private final RankFreeDescent.Descents inner;
    private final RankFreeDescent.Held held;
    private final int rows, columns, rank;

    /** {@code inner} on the transpose of an n₁ × n₂ matrix ({@code rows} × {@code columns}) whose held part is held. */
    TransposedDescents(RankFreeDescent.Descents inner, RankFreeDescent.Held held, int rows, int columns, int rank) {
        this.inner = inner;
        this.held = held;
        this.rows = rows;
        this.columns = columns;
        this.rank = rank;
    }

    /**
     * x = [X; Y] of an n₁ × n₂ matrix from x' = [Y; X] of its transpose (the transpose's n₂ rows first, then its n₁
     * columns), each a row-major block of {@code rank} columns.
     */
    public static double[] untransposed(double[] transposed, int rows, int columns, int rank) {
        if (transposed.length != (rows + columns) * rank) {
            throw new IllegalArgumentException("x of the transpose has " + transposed.length + " entries, not ("
                    + rows + " + " + columns + ")·" + rank);
        }
        double[] x = new double[transposed.length];
        System.arraycopy(transposed, columns * rank, x, 0, rows * rank);
        System.arraycopy(transposed, 0, x, rows * rank, columns * rank);
        return x;
    }

    @Override public RankFreeDescent.Outcome descend(double alpha, double sigmaHat, SplittableRandom rng, int budget,
                                                     String label, RankFreeDescent.Outcome rival) {
        return inner.descend(alpha, sigmaHat, rng, budget, label, rival);
    }

    @Override public double[] best(RankFreeDescent.Outcome outcome) {
        return untransposed(inner.best(outcome), rows, columns, rank);
    }

    @Override public double bestLoss(RankFreeDescent.Outcome outcome) { return inner.bestLoss(outcome); }

    @Override public void forget(RankFreeDescent.Outcome outcome) { inner.forget(outcome); }

    @Override public Errors heldErrors(List<RankFreeDescent.Outcome> members, LowRankCompletion average) {
        return RankFreeDescent.errors(held, average);
    }

    @Override public void close() { inner.close(); }
}
