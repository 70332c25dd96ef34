package org.irlab.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;

/** Cuts the centred training ratings and the validation part into {@link UserBlock}s of about equal entry counts. */
final class UserBlocks {
    private UserBlocks() {}

    /**
     * The user blocks of {@code target} (cut as {@link RatingBlocks#users} cuts them), each with the validation
     * entries of its users (in their order in {@code held}; none when held is null) and no slots yet.
     */
    static List<UserBlock> cut(SparseRatings target, RankFreeDescent.Held held, int rank, double scale, int blocks) {
        List<RatingBlock> users = RatingBlocks.users(target.pattern(), target.values(), blocks);
        int[] blockOf = new int[target.rows()];
        for (RatingBlock b : users) Arrays.fill(blockOf, b.first, b.first + b.count, b.index);
        int n = users.size();
        int[] heldCount = new int[n];
        if (held != null) for (int i : held.row()) heldCount[blockOf[i]]++;
        int[][] heldRow = new int[n][], heldColumn = new int[n][];
        double[][] heldValue = new double[n][], heldOffset = new double[n][];
        for (int b = 0; b < n; b++) {
            heldRow[b] = new int[heldCount[b]];
            heldColumn[b] = new int[heldCount[b]];
            heldValue[b] = new double[heldCount[b]];
            heldOffset[b] = new double[heldCount[b]];
        }
        int[] filled = new int[n];
        double low = held == null ? 0 : held.low(), high = held == null ? 0 : held.high();
        if (held != null) {
            for (int k = 0; k < held.row().length; k++) {
                int i = held.row()[k], b = blockOf[i], at = filled[b]++;
                heldRow[b][at] = i - users.get(b).first;
                heldColumn[b][at] = held.column()[k];
                heldValue[b][at] = held.value()[k];
                heldOffset[b][at] = held.offset()[k];
            }
        }
        List<UserBlock> out = new ArrayList<>(n);
        for (RatingBlock b : users) {
            out.add(new UserBlock(b.index, b.first, b.count, b.capacity, b.columns, rank, scale, b.rowStart, b.column,
                    b.value, heldRow[b.index], heldColumn[b.index], heldValue[b.index], heldOffset[b.index], low, high,
                    new double[0][]));
        }
        return out;
    }
}
