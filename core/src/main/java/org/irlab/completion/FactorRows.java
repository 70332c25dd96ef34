package org.irlab.completion;

import java.io.IOException;
import org.irlab.linalg.Householder;

/**
 * The rows of one side's factor of a low-rank model (rows × rank, row-major), wherever they live: in this JVM
 * ({@link #of}) or in the blocks of a distributed fit, read block by block in row order, with the R of their thin QR
 * (for the spectrum of a product L·Rᵀ without holding either factor in one place).
 */
public interface FactorRows {
    /** Receives consecutive rows: {@code count} rows from row {@code first}, row-major in {@code values[0 … count·rank)}. */
    @FunctionalInterface
    interface Block {
        /** @param values the rows (read-only, valid during the call only) */
        void accept(int first, int count, double[] values) throws IOException;
    }

    int rows();

    int rank();

    /** Hands every row to {@code block} once, in row order, in blocks of consecutive rows. */
    void forEach(Block block) throws IOException;

    /**
     * R of the thin QR factorisation of the rows (rank × rank row-major, upper triangular, rows past min(rows, rank)
     * zero); R is unique up to the signs of its rows, which leave the singular values of R_L R_Rᵀ unchanged.
     */
    double[] triangular();

    /** All rows in one new array (O(rows·rank) here). */
    double[] gather();

    /** The rows in one array when they are held in this JVM (not a copy: do not modify), else null. */
    default double[] held() { return null; }

    /** Frees the rows where they live (nothing for rows in this JVM); they cannot be read afterwards. */
    default void release() {}

    /** The rows of {@code values} (rows × rank row-major; not copied). */
    static FactorRows of(double[] values, int rows, int rank) {
        if (values.length != (long) rows * rank) {
            throw new IllegalArgumentException(values.length + " values are not " + rows + " rows of " + rank);
        }
        return new Held(values, rows, rank);
    }

    /** Rows held in this JVM, in one array. */
    final class Held implements FactorRows {
        private final double[] values;
        private final int rows, rank;

        private Held(double[] values, int rows, int rank) {
            this.values = values;
            this.rows = rows;
            this.rank = rank;
        }

        @Override public int rows() { return rows; }

        @Override public int rank() { return rank; }

        @Override public void forEach(Block block) throws IOException { block.accept(0, rows, values); }

        @Override public double[] triangular() { return Householder.triangular(values, rows, rank); }

        @Override public double[] gather() { return values.clone(); }

        @Override public double[] held() { return values; }
    }
}
