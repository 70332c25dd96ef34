package org.irlab.spark;

import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.irlab.completion.FactorRows;
import org.irlab.linalg.Householder;
import scala.Tuple2;

/**
 * Factor rows that stay in the executors, one {@link Block} of consecutive rows per partition: read here one block at a
 * time in row order (the driver holds one block's rows, never the factor), their R by TSQR — each block's R on its
 * executor, combined pairwise (R of the two stacked) along {@link TreeSum}'s fixed tree, so the bits do not depend on
 * scheduling. Owns its cached RDD: {@link #release} frees it.
 */
final class BlockFactorRows implements FactorRows {
    /** Rows first … first + count − 1 of a factor, row-major; block {@code index} of the cut. */
    record Block(int index, int first, int count, double[] values) implements Serializable {}

    /** R factors combined by stacking (TSQR): the R of [R_top; R_bottom]; nodes are never written. */
    private record Stacking(int rank) implements TreeSum.Algebra<double[]> {
        @Override public double[] join(double[] top, double[] bottom) { return Householder.stacked(top, bottom, rank); }

        @Override public double[] copy(double[] node) { return node; }
    }

    private final JavaRDD<Block> blocks;
    private final int rows, rank, blockCount;
    private final SparkStatistics statistics;

    /**
     * The rows held by {@code blocks} (cached and materialized by the caller; block b in any partition); a
     * {@link #gather} is counted in {@code statistics}.
     */
    BlockFactorRows(JavaRDD<Block> blocks, int rows, int rank, int blockCount, SparkStatistics statistics) {
        this.blocks = blocks;
        this.statistics = statistics;
        this.rows = rows;
        this.rank = rank;
        this.blockCount = blockCount;
    }

    @Override public int rows() { return rows; }

    @Override public int rank() { return rank; }

    /** The blocks fetched one partition at a time in row order ({@link RowOrder}). */
    @Override public void forEach(FactorRows.Block block) throws IOException {
        RowOrder.forEach(blocks, Block::first, Block::count, rows, b -> block.accept(b.first(), b.count(), b.values()));
    }

    @Override public double[] triangular() {
        int r = rank;
        return TreeSum.of(blocks.mapToPair(b -> new Tuple2<>(b.index(), Householder.triangular(b.values(), b.count(), r))),
                blockCount, new Stacking(rank));
    }

    /** Every row here (tests and small models only: O(rows·rank) on the driver). */
    @Override public double[] gather() {
        if ((long) rows * rank > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(rows + " × " + rank + " factor rows do not fit one array");
        }
        statistics.gathered(rows);
        double[] out = new double[rows * rank];
        try {
            forEach((first, count, values) -> System.arraycopy(values, 0, out, first * rank, count * rank));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @Override public void release() { blocks.unpersist(false); }
}
