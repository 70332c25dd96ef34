package org.irlab.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;

/**
 * The blocks of consecutive rows of an RDD brought to the driver one partition at a time (a job each), in the order of
 * their first row: the driver holds one partition's blocks at a time, never the whole. Gaps and overlaps are refused.
 */
final class RowOrder {
    private RowOrder() {}

    /** Receives one block. */
    @FunctionalInterface
    interface Visitor<T> {
        void accept(T block) throws IOException;
    }

    /**
     * Visits the blocks of {@code rdd} in row order; {@code first} and {@code count} give a block's rows, which must
     * tile 0 … rows − 1.
     */
    static <T> void forEach(JavaRDD<T> rdd, Function<T, Integer> first, Function<T, Integer> count, int rows,
                            Visitor<T> visitor) throws IOException {
        List<int[]> where = new ArrayList<>(rdd.mapPartitionsWithIndex((Integer p, Iterator<T> it) -> {
            List<int[]> out = new ArrayList<>();
            while (it.hasNext()) out.add(new int[] {first.call(it.next()), p});
            return out.iterator();
        }, true).collect());
        where.sort((a, b) -> Integer.compare(a[0], b[0]));
        int next = 0;
        java.util.Set<Integer> fetched = new java.util.HashSet<>();
        try {
            for (int[] w : where) {
                if (!fetched.add(w[1])) continue; // a partition holding several blocks was fetched whole
                List<T> part = new ArrayList<>(rdd.collectPartitions(new int[] {w[1]})[0]);
                List<Integer> firsts = new ArrayList<>();
                for (T b : part) firsts.add(first.call(b));
                Integer[] order = new Integer[part.size()];
                for (int k = 0; k < order.length; k++) order[k] = k;
                java.util.Arrays.sort(order, (a, b) -> Integer.compare(firsts.get(a), firsts.get(b)));
                for (int k : order) {
                    T b = part.get(k);
                    int f = firsts.get(k);
                    if (f != next) {
                        throw new IllegalStateException("blocks of rows " + (f < next ? "overlap at row " + f
                                : "missing: rows " + next + "…" + (f - 1)) + " (or a partition's blocks are not consecutive)");
                    }
                    visitor.accept(b);
                    next += count.call(b);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (next != rows) throw new IllegalStateException("blocks of rows missing: rows " + next + "…" + (rows - 1));
    }
}
