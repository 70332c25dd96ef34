package org.irlab.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one {@link Partial} per block, the same bits whatever order Spark merges them in: the blocks are the
 * leaves of a fixed binary tree over their indices, a node is the sum left + right of its two children once both are
 * present, and what remains at the end (the binary decomposition of 0…B−1, fixed by B) is added left to right. A
 * {@code treeAggregate} or a driver-side merge in task-completion order thus gives the result of one fixed grouping.
 * Holds at most about log₂B partials at a time.
 */
final class TreeSum implements Serializable {
    private static final long serialVersionUID = 1L;
    /** (level, index) → the sum of the leaves index·2^level … (index+1)·2^level − 1. */
    private final TreeMap<Long, Partial> nodes = new TreeMap<>();

    /** Adds the partial of block {@code leaf}. */
    TreeSum add(int leaf, Partial p) {
        insert(0, leaf, p);
        return this;
    }

    private void insert(int level, long index, Partial p) {
        while (true) {
            Partial sibling = nodes.remove(key(level, index ^ 1));
            if (sibling == null) {
                nodes.put(key(level, index), p);
                return;
            }
            p = (index & 1) == 0 ? Partial.sum(p, sibling) : Partial.sum(sibling, p);
            level++;
            index >>= 1;
        }
    }

    private static long key(int level, long index) { return ((long) level << 40) | index; }

    /** Both sums in one (the other is left as it was). */
    static TreeSum merge(TreeSum a, TreeSum b) {
        for (Map.Entry<Long, Partial> e : b.nodes.entrySet()) {
            long k = e.getKey();
            a.insert((int) (k >>> 40), k & ((1L << 40) - 1), e.getValue());
        }
        return a;
    }

    /** The total: the remaining nodes added in the order of the leaves they cover (null when no block reported). */
    Partial total() {
        Partial sum = null;
        // the remaining nodes cover disjoint ranges; order them by their first leaf
        TreeMap<Long, Partial> byStart = new TreeMap<>();
        for (Map.Entry<Long, Partial> e : nodes.entrySet()) {
            long k = e.getKey();
            int level = (int) (k >>> 40);
            byStart.put((k & ((1L << 40) - 1)) << level, e.getValue());
        }
        for (Partial p : byStart.values()) sum = sum == null ? p : Partial.sum(sum, p);
        return sum;
    }

    /**
     * What one block hands back from one pass: a few scalars and, for gradients and ∇²f·v, its n₂ × r' part of Y
     * (or another n₂-sized sum), summed; and maxima, combined by max (null when none).
     */
    record Partial(double[] scalars, double[] y, double[] maxima) implements Serializable {
        Partial(double[] scalars, double[] y) { this(scalars, y, null); }

        /** a + b entry by entry (maxima: the larger), written into a's arrays (each partial is owned by its sum). */
        static Partial sum(Partial a, Partial b) {
            for (int k = 0; k < a.scalars.length; k++) a.scalars[k] += b.scalars[k];
            if (a.y != null) for (int k = 0; k < a.y.length; k++) a.y[k] += b.y[k];
            if (a.maxima != null) for (int k = 0; k < a.maxima.length; k++) a.maxima[k] = Math.max(a.maxima[k], b.maxima[k]);
            return a;
        }
    }
}
