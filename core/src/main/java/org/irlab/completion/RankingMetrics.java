package org.irlab.completion;

import org.irlab.linalg.Parallel;

/**
 * Top-k ranking quality of a completion used as a recommender, averaged over the users (rows) with at least one
 * relevant test item. For user u, the candidates are the items u has no entry for in {@code seen} (what the model
 * was fitted on), ranked by the predicted value (unclipped; ties by item index, lower first); the relevant items
 * Rel_u are u's test items whose value is ≥ the threshold. With L_u the first k candidates:
 * precision@k = |L_u ∩ Rel_u|/k, recall@k = |L_u ∩ Rel_u|/|Rel_u|, and NDCG@k = DCG/IDCG with binary gains,
 * DCG = Σ_{p=1..k} [L_u(p) ∈ Rel_u]/log₂(p + 1), IDCG = Σ_{p=1..min(k, |Rel_u|)} 1/log₂(p + 1) (Järvelin &amp;
 * Kekäläinen 2002). This is the full ranking {@code irlab complete recommend} returns, not a re-ranking of the test
 * items alone.
 *
 * @param users the number of users averaged over (those with a relevant test item)
 */
public record RankingMetrics(int k, double threshold, double precision, double recall, double ndcg, int users) {
    private static final int USERS_PER_CHUNK = 16;

    /**
     * Computes the metrics.
     *
     * @param seen the entries the model was fitted on (train + validation), same shape as {@code test}
     * @param test held-out entries, disjoint from {@code seen}
     */
    public static RankingMetrics of(Completion model, SparseRatings seen, SparseRatings test, int k,
                                    double threshold) {
        if (k < 1) throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        if (seen.rows() != test.rows() || seen.columns() != test.columns()) {
            throw new IllegalArgumentException("seen and test differ in shape");
        }
        int rows = test.rows(), columns = test.columns();
        double[] precision = new double[rows], recall = new double[rows], ndcg = new double[rows];
        boolean[] counted = new boolean[rows];
        int[] testStart = test.rowStart(), testColumn = test.entryColumn();
        double[] testValue = test.values();
        Parallel.forEachChunk(rows, USERS_PER_CHUNK, (long) rows * columns * 8, (chunk, from, to) -> {
            double[] scores = new double[columns];
            boolean[] excluded = new boolean[columns];
            int[] top = new int[k];
            for (int u = from; u < to; u++) {
                int relevant = 0;
                for (int p = testStart[u]; p < testStart[u + 1]; p++) if (testValue[p] >= threshold) relevant++;
                if (relevant == 0) continue;
                for (int j = 0; j < columns; j++) scores[j] = model.predict(u, j);
                markSeen(seen, u, excluded, true);
                int n = topItems(scores, excluded, k, top);
                markSeen(seen, u, excluded, false);
                int hits = 0;
                double dcg = 0, ideal = 0;
                for (int p = 0; p < n; p++) {
                    int j = top[p];
                    int e = find(testColumn, testStart[u], testStart[u + 1], j);
                    if (e >= 0 && testValue[e] >= threshold) {
                        hits++;
                        dcg += 1 / log2(p + 2);
                    }
                }
                for (int p = 0; p < Math.min(k, relevant); p++) ideal += 1 / log2(p + 2);
                precision[u] = (double) hits / k;
                recall[u] = (double) hits / relevant;
                ndcg[u] = dcg / ideal;
                counted[u] = true;
            }
        });
        int users = 0;
        double sp = 0, sr = 0, sn = 0;
        for (int u = 0; u < rows; u++) {
            if (!counted[u]) continue;
            users++;
            sp += precision[u];
            sr += recall[u];
            sn += ndcg[u];
        }
        return users == 0 ? new RankingMetrics(k, threshold, Double.NaN, Double.NaN, Double.NaN, 0)
                : new RankingMetrics(k, threshold, sp / users, sr / users, sn / users, users);
    }

    /**
     * The indices of the (at most) k largest scores among those not excluded, largest first, ties by index (lower
     * first), written to {@code out}; returns how many were written (fewer than k when fewer are left). O(n log k).
     */
    public static int topItems(double[] scores, boolean[] excluded, int k, int[] out) {
        // a min-heap of the best so far, its root the worst kept (smallest score, then largest index)
        int size = 0;
        for (int j = 0; j < scores.length; j++) {
            if (excluded[j] || Double.isNaN(scores[j])) continue;
            if (size < k) {
                out[size] = j;
                siftUp(out, size++, scores);
            } else if (better(j, out[0], scores)) {
                out[0] = j;
                siftDown(out, size, scores);
            }
        }
        for (int end = size - 1; end > 0; end--) { // heap sort: the worst goes to the end
            int t = out[0];
            out[0] = out[end];
            out[end] = t;
            siftDown(out, end, scores);
        }
        return size;
    }

    /** True when item a ranks before item b. */
    private static boolean better(int a, int b, double[] s) {
        return s[a] > s[b] || s[a] == s[b] && a < b;
    }

    private static void siftUp(int[] heap, int p, double[] s) {
        while (p > 0) {
            int parent = (p - 1) / 2;
            if (!better(heap[parent], heap[p], s)) break;
            int t = heap[parent];
            heap[parent] = heap[p];
            heap[p] = t;
            p = parent;
        }
    }

    private static void siftDown(int[] heap, int size, double[] s) {
        int p = 0;
        while (true) {
            int l = 2 * p + 1, r = l + 1, worst = p;
            if (l < size && better(heap[worst], heap[l], s)) worst = l;
            if (r < size && better(heap[worst], heap[r], s)) worst = r;
            if (worst == p) return;
            int t = heap[p];
            heap[p] = heap[worst];
            heap[worst] = t;
            p = worst;
        }
    }

    private static void markSeen(SparseRatings seen, int u, boolean[] excluded, boolean value) {
        int[] start = seen.rowStart(), column = seen.entryColumn();
        for (int p = start[u]; p < start[u + 1]; p++) excluded[column[p]] = value;
    }

    private static int find(int[] column, int from, int to, int j) {
        int k = java.util.Arrays.binarySearch(column, from, to, j);
        return k >= 0 ? k : -1;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
