package org.irlab.spark;

import java.io.Serializable;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective;

/**
 * One Spark partition of a ratings matrix: a block of consecutive rows — users, or items of the transposed matrix —
 * with all their entries (CSR over every column of its side). Its data term is IRLab's own {@link
 * CompletionObjective} on the block (built once per executor), whose row pass gives the complete gradient (and
 * Hessian-vector) rows of the block's factor: user blocks the X rows and their share of f, item blocks the Y rows.
 */
final class RatingBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which factor the block's rows belong to. */
    enum Side { USERS, ITEMS }

    final Side side;
    final int index, first, count, capacity, columns;
    final int[] rowStart, column;
    final double[] value;
    private transient CompletionObjective term;
    /**
     * Each task thread's work arrays per side (the local point, output and direction), shared by the blocks of that
     * side it evaluates one after another: an executor holds them once per core, not once per cached block.
     */
    private static final ThreadLocal<double[][]> WORK = ThreadLocal.withInitial(() -> new double[6][0]);

    /**
     * @param capacity the most rows of any block of its side: every block's term has this many rows (the ones past
     *                 count have no entries), so one set of work arrays per side serves every block of the side
     * @param rowStart length count + 1, from 0 (not copied)
     * @param column   column of each entry, ascending within a row (not copied)
     * @param value    the (centred) value of each entry (not copied)
     */
    RatingBlock(Side side, int index, int first, int count, int capacity, int columns, int[] rowStart, int[] column,
                double[] value) {
        if (capacity < count) throw new IllegalArgumentException("capacity " + capacity + " < rows " + count);
        this.side = side;
        this.index = index;
        this.first = first;
        this.count = count;
        this.capacity = capacity;
        this.columns = columns;
        this.rowStart = rowStart;
        this.column = column;
        this.value = value;
    }

    int entries() { return value.length; }

    /** What one evaluation hands back: the block's rows of the output and, for user blocks, its share of f. */
    record Piece(Side side, int index, int first, double value, double[] rows) implements Serializable {}

    /**
     * The block's rows of ∇f (and, for a user block, its share of f) at the broadcast x = [X; Y] of an n₁ × n₂ model
     * with search rank r and scale c.
     */
    Piece gradient(double[] x, int rows, int rank, double scale) {
        CompletionObjective f = prepare(x, rows, rank, scale);
        double[][] w = work(rank);
        double v = f.valueAndRowGradient(w[0], w[1]);
        return new Piece(side, index, first, side == Side.USERS ? v : 0, java.util.Arrays.copyOf(w[1], count * rank));
    }

    /** The block's rows of ∇²f·v at x. */
    Piece hessianVector(double[] x, double[] v, int rows, int rank, double scale) {
        CompletionObjective f = prepare(x, rows, rank, scale);
        double[][] w = work(rank);
        gather(v, rows, rank, w[2]);
        f.rowHessianVector(w[0], w[2], w[1]);
        return new Piece(side, index, first, 0, java.util.Arrays.copyOf(w[1], count * rank));
    }

    /** The block's share of f at x (user blocks; item blocks add nothing). */
    double value(double[] x, int rows, int rank, double scale) {
        if (side != Side.USERS) return 0;
        CompletionObjective f = prepare(x, rows, rank, scale);
        return f.value(work(rank)[0]);
    }

    /**
     * The block's term, with this thread's work arrays sized for it and its local point [own rows; every row of the
     * other factor] gathered from x into the first.
     */
    private CompletionObjective prepare(double[] x, int rows, int rank, double scale) {
        if (term == null || term.searchRank() != rank || term.scale() != scale) {
            term = paddedTerm(capacity, count, columns, rowStart, column, value, rank, scale);
        }
        gather(x, rows, rank, work(rank)[0]);
        return term;
    }

    /**
     * The data term of a block of {@code count} CSR rows padded with empty rows to {@code capacity} (so that one set of
     * work arrays serves every block of a side), over {@code columns} columns.
     */
    static CompletionObjective paddedTerm(int capacity, int count, int columns, int[] rowStart, int[] column,
                                          double[] value, int rank, double scale) {
        int[] start = java.util.Arrays.copyOf(rowStart, capacity + 1);
        java.util.Arrays.fill(start, count + 1, capacity + 1, rowStart[count]); // the padding rows are empty
        return CompletionObjective.asymmetric(SparsePattern.wrap(capacity, columns, start, column), value, rank, scale);
    }

    /** This thread's three work arrays for this block's side, (capacity + columns)·r long (allocated once). */
    private double[][] work(int rank) {
        double[][] all = WORK.get();
        int at = side == Side.USERS ? 0 : 3, size = (capacity + columns) * rank;
        for (int k = at; k < at + 3; k++) if (all[k].length != size) all[k] = new double[size];
        return new double[][] {all[at], all[at + 1], all[at + 2]};
    }

    /**
     * [own rows; other factor] of a vector laid out as [X; Y] with n₁ = {@code rows}: a user block takes X rows
     * first…first+count and all of Y, an item block Y rows first…first+count and all of X.
     */
    private void gather(double[] x, int rows, int rank, double[] into) {
        int own = (side == Side.USERS ? first : rows + first) * rank;
        System.arraycopy(x, own, into, 0, count * rank);
        int other = side == Side.USERS ? rows * rank : 0;
        System.arraycopy(x, other, into, capacity * rank, columns * rank);
    }
}
