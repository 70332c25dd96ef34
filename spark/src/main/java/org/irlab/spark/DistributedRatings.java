package org.irlab.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.irlab.completion.AdditiveCompletion;
import org.irlab.completion.Errors;
import org.irlab.completion.FitRatings;
import org.irlab.completion.SparseRatings;
import scala.Tuple2;

/**
 * {@link FitRatings} on the executors: the ratings as a cached RDD of {@link UserRatings} (one user block per
 * partition), each operation of the method one pass whose per-block results are summed in the fixed tree of
 * {@link TreeSum} (the same bits on any number of executors). The driver holds the shape, the training range and
 * count, and n₂-sized vectors (column biases, σ̂'s v, per-item sums); the row biases live in the blocks as a function
 * of the column biases (b_u is recomputed from c where the rows are), so nothing of size |Ω| or n₁·r' reaches it.
 */
final class DistributedRatings implements FitRatings {
    private final JavaSparkContext spark;
    private final JavaRDD<UserRatings> blocks;
    private final int rows, columns, blockCount, capacity;
    private final long size, heldSize;
    private final double sum, low, high;
    private final int[] columnCounts;
    private final UserRatings.Offset offset; // null: the values as read
    private final Broadcast<UserRatings.Offset> shared;
    private final SparkStatistics statistics;

    private DistributedRatings(JavaSparkContext spark, JavaRDD<UserRatings> blocks, int rows, int columns,
                               int blockCount, int capacity, long size, long heldSize, double sum, double low,
                               double high, int[] columnCounts, UserRatings.Offset offset, SparkStatistics statistics) {
        this.spark = spark;
        this.blocks = blocks;
        this.rows = rows;
        this.columns = columns;
        this.blockCount = blockCount;
        this.capacity = capacity;
        this.size = size;
        this.heldSize = heldSize;
        this.sum = sum;
        this.low = low;
        this.high = high;
        this.columnCounts = columnCounts;
        this.offset = offset;
        this.shared = offset == null ? null : spark.broadcast(offset);
        this.statistics = statistics;
    }

    /**
     * The data of the blocks (cached here; one block per partition, block b in partition b, users in block order):
     * its count, sum, range and per-item counts taken in one pass.
     */
    static DistributedRatings of(JavaSparkContext spark, JavaRDD<UserRatings> blocks, int rows, int columns,
                                 SparkStatistics statistics) {
        blocks.persist(StorageLevel.MEMORY_AND_DISK());
        List<Integer> counts = blocks.map(b -> b.count).collect();
        int capacity = 0;
        for (int c : counts) capacity = Math.max(capacity, c);
        TreeSum.Partial p = TreeSum.of(blocks.mapToPair(b -> new Tuple2<>(b.index, b.summary())), counts.size());
        int[] perItem = new int[columns];
        for (int j = 0; j < columns; j++) perItem[j] = (int) p.y()[j];
        return new DistributedRatings(spark, blocks, rows, columns, counts.size(), capacity, (long) p.scalars()[1],
                (long) p.scalars()[2], p.scalars()[0], p.maxima()[1] == Double.NEGATIVE_INFINITY ? Double.NaN
                : -p.maxima()[1], p.maxima()[0] == Double.NEGATIVE_INFINITY ? Double.NaN : p.maxima()[0], perItem,
                null, statistics);
    }

    /**
     * The training part {@code train} and held part {@code held} of a matrix in this JVM cut into {@code blockCount}
     * user blocks of about equal training counts and distributed (tests, and data the driver already holds).
     */
    static DistributedRatings of(JavaSparkContext spark, SparseRatings train, SparseRatings held, int blockCount,
                                 SparkStatistics statistics) {
        int[][] ranges = RatingBlocks.ranges(train.rowStart(), blockCount);
        List<UserRatings> cut = new ArrayList<>();
        for (int[] range : ranges) {
            List<int[]> entries = new ArrayList<>();
            for (SparseRatings part : held == null ? List.of(train) : List.of(train, held)) {
                for (int k = part.rowStart()[range[0]]; k < part.rowStart()[range[1]]; k++) {
                    entries.add(new int[] {part.entryRow()[k], part.entryColumn()[k], part == train ? 0 : 1, k});
                }
            }
            int n = entries.size();
            int[] u = new int[n], i = new int[n];
            double[] v = new double[n];
            boolean[] h = new boolean[n];
            for (int k = 0; k < n; k++) {
                int[] e = entries.get(k);
                u[k] = e[0];
                i[k] = e[1];
                h[k] = e[2] == 1;
                v[k] = (h[k] ? held : train).values()[e[3]];
            }
            cut.add(UserRatings.of(cut.size(), range[0], range[1] - range[0], train.columns(), u, i, v, h));
        }
        return of(spark, spark.parallelize(cut, cut.size()), train.rows(), train.columns(), statistics);
    }

    JavaRDD<UserRatings> blocks() { return blocks; }

    int blockCount() { return blockCount; }

    @Override public int rows() { return rows; }

    @Override public int columns() { return columns; }

    @Override public long size() { return size; }

    @Override public long heldSize() { return heldSize; }

    @Override public double mean() { return sum / size; }

    @Override public double min() { return low; }

    @Override public double max() { return high; }

    @Override public int[] columnCounts() { return columnCounts.clone(); }

    @Override public BiasSweeps biasSweeps(double mu) {
        if (offset != null) throw new IllegalStateException("the biases are fitted on the values as read");
        return new BiasSweeps() {
            double lambda, lastLambda;
            double[] column, lastColumn; // the row biases are those of (lambda, column); before them (last…)

            @Override public double[] sweep(double l, double[] columnBias, double[] sums) {
                double[] c = columnBias.clone(), before = column;
                double lb = lambda;
                TreeSum.Partial p = TreeSum.of(blocks.mapToPair(b -> new Tuple2<>(b.index,
                        b.biasSweep(mu, l, c, lb, before))), blockCount);
                System.arraycopy(p.y(), 0, sums, 0, columns);
                lastLambda = lambda;
                lastColumn = column;
                lambda = l;
                column = c;
                return p.maxima().clone();
            }

            @Override public Errors held(double[] columnBias) {
                double[] c = columnBias.clone(), rowsFrom = column;
                double l = lambda;
                TreeSum.Partial p = TreeSum.of(blocks.mapToPair(b -> new Tuple2<>(b.index,
                        b.biasErrors(mu, l, rowsFrom, c))), blockCount);
                return new Errors(Math.sqrt(p.scalars()[0] / heldSize), p.scalars()[1] / heldSize, (int) heldSize);
            }

            @Override public double[] rowBiases() {
                double[] rowsFrom = column;
                double l = lambda;
                double[] b = new double[rows];
                for (Tuple2<Integer, double[]> part : blocks.map(k -> new Tuple2<>(k.first,
                        k.rowBiases(mu, l, rowsFrom))).collect()) {
                    System.arraycopy(part._2(), 0, b, part._1(), part._2().length);
                }
                return b;
            }
        };
    }

    @Override public DistributedRatings centred(AdditiveCompletion by) {
        return new DistributedRatings(spark, blocks, rows, columns, blockCount, capacity, size, heldSize, sum, low,
                high, columnCounts, new UserRatings.Offset(by.mean(), by.rowBias(), by.columnBias()), statistics);
    }

    @Override public double gramStep(double[] v, double[] out) {
        Broadcast<double[]> b = spark.broadcast(v.clone());
        Broadcast<UserRatings.Offset> o = shared;
        try {
            TreeSum.Partial p = TreeSum.of(blocks.mapToPair(k -> new Tuple2<>(k.index,
                    k.gramStep(o == null ? null : o.value(), b.value()))), blockCount);
            System.arraycopy(p.y(), 0, out, 0, columns);
            return Math.sqrt(p.scalars()[0]);
        } finally {
            b.destroy();
        }
    }

    @Override public DistributedRatings all() {
        if (offset != null) throw new IllegalStateException("the union is taken of the values as read");
        if (heldSize == 0) return this;
        return of(spark, blocks.map(UserRatings::merged), rows, columns, statistics);
    }

    /** The user blocks as the descents at search rank r' hold them (centred, with the held part when scored). */
    JavaRDD<UserBlock> descending(int rank) {
        Broadcast<UserRatings.Offset> o = shared;
        int cap = capacity, r = rank;
        double scale = 1.0 / size, lo = low, hi = high;
        boolean scored = heldSize > 0;
        return blocks.map(b -> b.descending(o == null ? null : o.value(), cap, r, scale, scored, lo, hi));
    }

    /**
     * The blocks of the transpose as the descents at search rank r' hold them: items as the block rows (about equal
     * training counts per block, as many blocks as users have), users as the broadcast side. The entries travel once,
     * by item block (one shuffle of |Ω|), to blocks made on the executors; each block exists even when empty.
     */
    JavaRDD<UserBlock> descendingTransposed(int rank) {
        int[] start = new int[columns + 1];
        for (int j = 0; j < columns; j++) start[j + 1] = start[j] + columnCounts[j];
        int[][] ranges = RatingBlocks.ranges(start, blockCount);
        int n = ranges.length, cap = 0;
        int[] blockOf = new int[columns], first = new int[n], count = new int[n];
        for (int b = 0; b < n; b++) {
            java.util.Arrays.fill(blockOf, ranges[b][0], ranges[b][1], b);
            first[b] = ranges[b][0];
            count[b] = ranges[b][1] - ranges[b][0];
            cap = Math.max(cap, count[b]);
        }
        Broadcast<int[]> owner = spark.broadcast(blockOf);
        UserRatings.Offset transposed = offset == null ? null : offset.transposed();
        int r = rank, users = rows, capacity = cap;
        double scale = 1.0 / size, lo = low, hi = high;
        boolean scored = heldSize > 0;
        JavaRDD<Integer> every = spark.parallelize(java.util.stream.IntStream.range(0, n).boxed().toList(), n);
        return blocks.flatMapToPair(b -> b.byItemBlock(owner.value(), n).iterator())
                .union(every.mapToPair(b -> new Tuple2<>(b, new UserRatings.Entries(new int[0], new int[0],
                        new double[0], new boolean[0]))))
                .groupByKey(n)
                .map(t -> UserRatings.of(t._1(), first[t._1()], count[t._1()], users, t._2()).descending(transposed,
                        capacity, r, scale, scored, lo, hi));
    }

    SparkStatistics statistics() { return statistics; }

    /** Frees the cached blocks. */
    void release() {
        blocks.unpersist(false);
        if (shared != null) shared.destroy();
    }
}
