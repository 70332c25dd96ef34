package org.irlab.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.linalg.SparsePattern;

/** Cuts a ratings matrix into blocks of consecutive rows (users) or columns (items) of about equal entry counts. */
final class RatingBlocks {
    private RatingBlocks() {}

    /** Blocks of users: CSR rows over all items. */
    static List<RatingBlock> users(SparsePattern omega, double[] target, int blocks) {
        return cut(RatingBlock.Side.USERS, omega.rowStarts(), omega.columnIndices(), target, null, omega.columns(),
                blocks);
    }

    /** Blocks of items: the CSR rows of the transpose (users in ascending order within an item). */
    static List<RatingBlock> items(SparsePattern omega, double[] target, int blocks) {
        return cut(RatingBlock.Side.ITEMS, omega.columnStarts(), omega.transposedRows(), target,
                omega.transposedPositions(), omega.rows(), blocks);
    }

    /**
     * At most {@code blocks} ranges [from, to) of consecutive lines (rows or columns) with about equal entry counts,
     * none empty of lines, from the CSR start offsets of the lines (length lines + 1).
     */
    static int[][] ranges(int[] start, int blocks) {
        int lines = start.length - 1;
        long total = start[lines];
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        for (int b = 0; b < blocks && from < lines; b++) {
            long goal = total * (b + 1) / blocks;
            int to = b == blocks - 1 ? lines : from + 1;
            while (to < lines && start[to] < goal) to++;
            ranges.add(new int[] {from, to});
            from = to;
        }
        return ranges.toArray(int[][]::new);
    }

    /**
     * @param order null (entries in CSR order), or the CSR position of each transposed entry (values are read through
     *              it)
     */
    private static List<RatingBlock> cut(RatingBlock.Side side, int[] start, int[] index, double[] values, int[] order,
                                         int otherCount, int blocks) {
        int[][] ranges = ranges(start, blocks);
        int capacity = 0;
        for (int[] range : ranges) capacity = Math.max(capacity, range[1] - range[0]);
        List<RatingBlock> out = new ArrayList<>();
        for (int[] range : ranges) {
            int lo = start[range[0]], hi = start[range[1]];
            int[] rowStart = new int[range[1] - range[0] + 1];
            for (int i = range[0]; i <= range[1]; i++) rowStart[i - range[0]] = start[i] - lo;
            int[] column = Arrays.copyOfRange(index, lo, hi);
            double[] value = new double[hi - lo];
            for (int k = lo; k < hi; k++) value[k - lo] = values[order == null ? k : order[k]];
            out.add(new RatingBlock(side, out.size(), range[0], range[1] - range[0], capacity, otherCount, rowStart,
                    column, value));
        }
        return out;
    }
}
