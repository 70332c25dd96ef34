package org.irlab.model;

import org.irlab.completion.RankingMetrics;
import org.irlab.linalg.Parallel;

/**
 * Top-k recommendations from a {@link Model}: for each user the k unseen items of largest predicted rating
 * (unclipped, so items above the clip range still rank by how far above; ties by item index), never an item the
 * user rated in the fitted data. A user the model does not know gets the items of largest μ + b_item.
 */
public final class Recommender {
    private static final int USERS_PER_CHUNK = 8;

    private Recommender() {}

    /**
     * The top-k items of each listed user.
     *
     * @param users user indices, or −1 for a user the model does not know (ranked by the item biases)
     * @return for each listed user its items, best first (fewer than k when fewer are unseen)
     */
    public static int[][] recommend(Model model, int[] users, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        Factors f = model.planes().get(0);
        int items = model.items();
        int[][] out = new int[users.length][];
        Parallel.forEachChunk(users.length, USERS_PER_CHUNK, (long) users.length * items * (f.rank() + 2),
                (chunk, from, to) -> {
                    double[] scores = new double[items];
                    boolean[] excluded = new boolean[items];
                    int[] top = new int[Math.min(k, items)];
                    for (int p = from; p < to; p++) {
                        int u = users[p];
                        for (int j = 0; j < items; j++) scores[j] = f.fallback(u, j);
                        if (u >= 0) mark(model, u, excluded, true);
                        int n = RankingMetrics.topItems(scores, excluded, top.length, top);
                        if (u >= 0) mark(model, u, excluded, false);
                        out[p] = java.util.Arrays.copyOf(top, n);
                    }
                });
        return out;
    }

    private static void mark(Model model, int user, boolean[] excluded, boolean value) {
        int[] start = model.seenStart(), seen = model.seenItems();
        for (int p = start[user]; p < start[user + 1]; p++) excluded[seen[p]] = value;
    }
}
