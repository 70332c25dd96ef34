package org.irlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * The sum of one {@link Partial} per block (or any other {@link Algebra} of nodes: TSQR's R factors, whose "sum" is
 * the R of the two stacked), the same bits whatever order Spark merges them in: the blocks are the
 * leaves of a fixed binary tree over their indices, a node is the sum left + right of its two children once both are
 * present, and what remains at the end (the binary decomposition of 0…B−1, fixed by B) is added left to right. A
 * {@code treeAggregate} or a driver-side merge in task-completion order thus gives the result of one fixed grouping.
 * Holds at most about log₂B partials at a time. A leaf is the block's own value and is never written (a re-executed
 * task reads it again); a null leaf, a block reported twice and a total that misses a block are refused.
 */
final class TreeSum<T extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How nodes combine: the sum of two adjacent nodes, left then right, and a copy the sum may write. */
    interface Algebra<T> extends Serializable {
        /** left + right, written into left (owned by the sum) or into a new node. */
        T join(T left, T right);

        /** A copy of a node that a later {@link #join} may write (the node itself if join never writes). */
        T copy(T node);
    }

    /** Partials added entry by entry ({@link Partial#sum}). */
    static final Algebra<Partial> PARTIALS = new Algebra<>() {
        private static final long serialVersionUID = 1L;

        @Override public Partial join(Partial left, Partial right) { return Partial.sum(left, right); }

        @Override public Partial copy(Partial node) { return node.copy(); }
    };

    private final Algebra<T> algebra;
    /** (level, index) → the sum of the leaves index·2^level … (index+1)·2^level − 1 (level 0: a block's own partial). */
    private final TreeMap<Long, T> nodes = new TreeMap<>();

    TreeSum(Algebra<T> algebra) { this.algebra = algebra; }

    /** An empty sum of partials. */
    static TreeSum<Partial> partials() { return new TreeSum<>(PARTIALS); }

    /** Adds the partial of block {@code leaf} (kept as it is: the sums it enters are new arrays). */
    TreeSum<T> add(int leaf, T p) {
        if (leaf < 0) throw new IllegalStateException("a partial of block " + leaf);
        if (p == null) throw new IllegalStateException("block " + leaf + " handed no partial to the sum");
        insert(0, leaf, p);
        return this;
    }

    private void insert(int level, long index, T p) {
        while (true) {
            T sibling = nodes.remove(key(level, index ^ 1));
            if (sibling == null) {
                if (nodes.putIfAbsent(key(level, index), p) != null) {
                    throw new IllegalStateException("blocks " + (index << level) + "…" + (((index + 1) << level) - 1)
                            + " were added to the sum twice");
                }
                return;
            }
            T left = (index & 1) == 0 ? p : sibling, right = (index & 1) == 0 ? sibling : p;
            // level 0 holds the blocks' own partials: their sum goes to new arrays; above, the nodes are this sum's own
            p = level == 0 ? algebra.join(algebra.copy(left), right) : algebra.join(left, right);
            level++;
            index >>= 1;
        }
    }

    private static long key(int level, long index) { return ((long) level << 40) | index; }

    /** Both sums in one (the other is left as it was). */
    static <T extends Serializable> TreeSum<T> merge(TreeSum<T> a, TreeSum<T> b) {
        for (Map.Entry<Long, T> e : b.nodes.entrySet()) {
            long k = e.getKey();
            a.insert((int) (k >>> 40), k & ((1L << 40) - 1), e.getValue());
        }
        return a;
    }

    /**
     * The total over blocks 0 … count − 1: the remaining nodes added in the order of the leaves they cover (a new
     * partial); refused unless they cover every block once.
     */
    T total(int count) {
        List<long[]> ranges = new ArrayList<>(); // {first leaf, level, key}
        for (long k : nodes.keySet()) {
            int level = (int) (k >>> 40);
            ranges.add(new long[] {(k & ((1L << 40) - 1)) << level, level, k});
        }
        ranges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        T sum = null;
        long next = 0;
        for (long[] r : ranges) {
            if (r[0] != next) {
                throw new IllegalStateException(r[0] < next ? "block " + r[0] + " was added to the sum twice"
                        : "blocks " + next + "…" + (r[0] - 1) + " of " + count + " are missing from the sum");
            }
            next = r[0] + (1L << r[1]);
            T p = nodes.get(r[2]);
            sum = sum == null ? algebra.copy(p) : algebra.join(sum, p);
        }
        if (next != count) {
            throw new IllegalStateException(next < count ? "blocks " + next + "…" + (count - 1) + " of " + count
                    + " are missing from the sum" : "the sum has blocks past the " + count + " expected");
        }
        return sum;
    }

    /** Partials summed by groups of this many consecutive blocks per level of {@link #of}. */
    static final int FAN_IN = 8;

    /**
     * The total of the partials keyed by their block index (0 … count − 1, each once) in the fixed tree:
     * {@code treeAggregate} when there are at most {@link #FAN_IN} blocks; otherwise levels of {@code reduceByKey} on
     * aligned groups of FAN_IN consecutive blocks (each group a whole subtree, so every level sends on one partial per
     * group — Spark's own treeAggregate groups partitions i, i + k, … that are no subtree, and would send every partial
     * to the driver), the last FAN_IN or fewer merged by treeAggregate's final step. The partials are read, never
     * written: evaluating the same RDD again (a retried task, a resubmitted stage) gives the same bits.
     */
    static Partial of(JavaPairRDD<Integer, Partial> partials, int count) { return of(partials, count, PARTIALS); }

    /** {@link #of(JavaPairRDD, int)} for nodes of any algebra (the same tree, the same levels). */
    static <T extends Serializable> T of(JavaPairRDD<Integer, T> partials, int count, Algebra<T> algebra) {
        if (count <= FAN_IN) {
            return partials.treeAggregate(new TreeSum<>(algebra), (s, p) -> s.add(p._1(), p._2()), TreeSum::merge, 2)
                    .total(count);
        }
        int shift = Integer.numberOfTrailingZeros(FAN_IN);
        JavaPairRDD<Integer, TreeSum<T>> level = partials.mapToPair(
                p -> new Tuple2<>(p._1() >> shift, new TreeSum<>(algebra).add(p._1(), p._2())));
        for (int groups = (count + FAN_IN - 1) / FAN_IN; ; groups = (groups + FAN_IN - 1) / FAN_IN) {
            level = level.reduceByKey(TreeSum::merge, groups);
            if (groups <= FAN_IN) break;
            level = level.mapToPair(t -> new Tuple2<>(t._1() >> shift, t._2()));
        }
        return level.values().treeAggregate(new TreeSum<>(algebra), TreeSum::merge, TreeSum::merge, 2).total(count);
    }

    /**
     * What one block hands back from one pass: a few scalars and, for gradients and ∇²f·v, its n₂ × r' part of Y
     * (or another n₂-sized sum), summed; and maxima, combined by max (null when none).
     */
    record Partial(double[] scalars, double[] y, double[] maxima) implements Serializable {
        Partial(double[] scalars, double[] y) { this(scalars, y, null); }

        /** a + b entry by entry (maxima: the larger), written into a's arrays (a must be owned by the sum). */
        static Partial sum(Partial a, Partial b) {
            for (int k = 0; k < a.scalars.length; k++) a.scalars[k] += b.scalars[k];
            if (a.y != null) for (int k = 0; k < a.y.length; k++) a.y[k] += b.y[k];
            if (a.maxima != null) for (int k = 0; k < a.maxima.length; k++) a.maxima[k] = Math.max(a.maxima[k], b.maxima[k]);
            return a;
        }

        /** The same values in new arrays. */
        Partial copy() {
            return new Partial(scalars.clone(), y == null ? null : y.clone(), maxima == null ? null : maxima.clone());
        }
    }
}
