package org.irlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionTerm;
import org.irlab.problem.Objective;

/**
 * The data term of the rank-free model, f(X, Y) = c·Σ_Ω (⟨Xᵢ, Yⱼ⟩ − Tᵢⱼ)², evaluated on Spark: the ratings are cached
 * twice, as blocks of users (CSR) and as blocks of items (CSR of the transpose), each block a partition; every
 * evaluation broadcasts x = [X; Y] (and v for ∇²f·v), each user block returns its X rows of the output and its share
 * of f, each item block its Y rows, and {@code treeAggregate} gathers the disjoint pieces, which the driver places by
 * block and whose shares of f it adds in block order — so the result does not depend on task order or timing. The
 * rows are computed by IRLab's {@link org.irlab.problem.CompletionObjective} kernels on each block, so they are the
 * local objective's X rows and (column-pass) Y rows to the last bit; only f is summed in another grouping.
 */
final class SparkCompletionTerm implements CompletionTerm {
    private final JavaSparkContext spark;
    private final JavaRDD<RatingBlock> blocks;
    private final int rows, columns, rank, dimension, userBlocks;
    private final double scale;
    private final SparkStatistics statistics;

    SparkCompletionTerm(JavaSparkContext spark, SparsePattern omega, double[] target, int rank, double scale,
                        int partitionsPerSide, SparkStatistics statistics) {
        this.spark = spark;
        this.rows = omega.rows();
        this.columns = omega.columns();
        this.rank = rank;
        this.scale = scale;
        this.dimension = (rows + columns) * rank;
        this.statistics = statistics;
        List<RatingBlock> users = RatingBlocks.users(omega, target, partitionsPerSide);
        List<RatingBlock> items = RatingBlocks.items(omega, target, partitionsPerSide);
        this.userBlocks = users.size();
        List<RatingBlock> all = new ArrayList<>(users);
        all.addAll(items);
        // parallelize keeps each partition's data in the partition object, which every task of every job would carry
        // again: a local checkpoint cuts that lineage once the blocks sit in the executors' block managers
        this.blocks = spark.parallelize(all, all.size());
        this.blocks.rdd().localCheckpoint();
        this.blocks.count(); // materialise once, outside the timed evaluations
        statistics.blocks(users.size(), items.size());
    }

    @Override public int dimension() { return dimension; }

    @Override public int rows() { return rows; }

    @Override public int columns() { return columns; }

    @Override public int searchRank() { return rank; }

    @Override public int rightOffset() { return rows * rank; }

    @Override public boolean hasBiases() { return false; }

    @Override public int rowBiasOffset() { return -1; }

    @Override public int columnBiasOffset() { return -1; }

    @Override public double predict(double[] x, int i, int j) {
        double s = 0;
        int a = i * rank, b = rightOffset() + j * rank;
        for (int p = 0; p < rank; p++) s += x[a + p] * x[b + p];
        return s;
    }

    @Override public double value(double[] x) {
        check(x);
        long t0 = System.nanoTime();
        Broadcast<double[]> bx = spark.broadcast(x);
        int n1 = rows, r = rank;
        double c = scale;
        try {
            List<double[]> shares = blocks.filter(b -> b.side == RatingBlock.Side.USERS)
                    .map(b -> new double[] {b.index, b.value(bx.value(), n1, r, c)}).collect();
            double[] ordered = new double[userBlocks];
            for (double[] s : shares) ordered[(int) s[0]] = s[1];
            double sum = 0;
            for (double s : ordered) sum += s;
            statistics.evaluation("value", 8L * x.length, 16L * shares.size(), System.nanoTime() - t0);
            return sum;
        } finally {
            bx.destroy();
        }
    }

    @Override public void gradient(double[] x, double[] gradientOut) { valueAndGradient(x, gradientOut); }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        check(x);
        check(gradientOut);
        Objective.checkNoAlias(gradientOut, x);
        long t0 = System.nanoTime();
        Broadcast<double[]> bx = spark.broadcast(x);
        int n1 = rows, r = rank;
        double c = scale;
        try {
            Pieces pieces = blocks.treeAggregate(new Pieces(), (p, b) -> p.add(b.gradient(bx.value(), n1, r, c)),
                    Pieces::merge, 2);
            double f = pieces.place(gradientOut, n1, r, userBlocks);
            statistics.evaluation("gradient", 8L * x.length, pieces.bytes(), System.nanoTime() - t0);
            return f;
        } finally {
            bx.destroy();
        }
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        check(x);
        check(v);
        check(out);
        Objective.checkNoAlias(out, x, v);
        long t0 = System.nanoTime();
        Broadcast<double[]> bx = spark.broadcast(x), bv = spark.broadcast(v);
        int n1 = rows, r = rank;
        double c = scale;
        try {
            Pieces pieces = blocks.treeAggregate(new Pieces(),
                    (p, b) -> p.add(b.hessianVector(bx.value(), bv.value(), n1, r, c)), Pieces::merge, 2);
            pieces.place(out, n1, r, userBlocks);
            statistics.evaluation("hessianVector", 16L * x.length, pieces.bytes(), System.nanoTime() - t0);
        } finally {
            bx.destroy();
            bv.destroy();
        }
    }

    /** Frees the cached blocks. */
    @Override public void close() {
        blocks.unpersist(false);
    }

    private void check(double[] a) {
        if (a.length != dimension) {
            throw new IllegalArgumentException("array has " + a.length + " entries, expected " + dimension);
        }
    }

    /** The pieces of one evaluation, gathered by treeAggregate (merging only concatenates: nothing is summed). */
    static final class Pieces implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<RatingBlock.Piece> list = new ArrayList<>();

        Pieces add(RatingBlock.Piece p) {
            list.add(p);
            return this;
        }

        static Pieces merge(Pieces a, Pieces b) {
            a.list.addAll(b.list);
            return a;
        }

        long bytes() {
            long n = 0;
            for (RatingBlock.Piece p : list) n += 8L * p.rows().length + 8;
            return n;
        }

        /** Writes every piece's rows into out; returns the user blocks' shares of f added in block order. */
        double place(double[] out, int rows, int rank, int userBlocks) {
            list.sort(Comparator.comparing(RatingBlock.Piece::side).thenComparingInt(RatingBlock.Piece::index));
            double f = 0;
            for (RatingBlock.Piece p : list) {
                int at = (p.side() == RatingBlock.Side.USERS ? p.first() : rows + p.first()) * rank;
                System.arraycopy(p.rows(), 0, out, at, p.rows().length);
                if (p.side() == RatingBlock.Side.USERS) f += p.value();
            }
            return f;
        }
    }
}
