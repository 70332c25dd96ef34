package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankingMetricsTest {
    /** A completion that predicts a fixed table. */
    private record Table(double[][] values) implements Completion {
        @Override public double predict(int row, int column) { return values[row][column]; }

        @Override public Map<String, Object> hyperParameters() { return Map.of(); }

        @Override public Map<String, Object> diagnostics() { return Map.of(); }
    }

    private static SparseRatings entries(int rows, int columns, double[][] triples) {
        int[] r = new int[triples.length], c = new int[triples.length];
        double[] v = new double[triples.length];
        for (int k = 0; k < triples.length; k++) {
            r[k] = (int) triples[k][0];
            c[k] = (int) triples[k][1];
            v[k] = triples[k][2];
        }
        return SparseRatings.of(rows, columns, r, c, v);
    }

    /**
     * Hand-computed: 2 users × 6 items. User 0 has seen item 0; scores rank its candidates 5, 3, 1, 2, 4; its test
     * items are 3 (rating 5, relevant), 4 (4, relevant), 1 (2, not). Top 3 = [5, 3, 1]: one hit at position 2.
     * precision@3 = 1/3, recall@3 = 1/2, DCG = 1/log₂3, IDCG = 1 + 1/log₂3. User 1 has seen items 0 and 5, test
     * item 2 (rating 4); scores rank 2 first among 1..4: hit at position 1: precision 1/3, recall 1, NDCG 1.
     */
    @Test void handComputedCase() {
        double[][] scores = {{9, 2, 1, 8, 0, 10}, {3, 1, 7, 2, 5, 9}};
        SparseRatings seen = entries(2, 6, new double[][] {{0, 0, 3}, {1, 0, 2}, {1, 5, 1}});
        SparseRatings test = entries(2, 6, new double[][] {{0, 3, 5}, {0, 4, 4}, {0, 1, 2}, {1, 2, 4}});
        RankingMetrics m = RankingMetrics.of(new Table(scores), seen, test, 3, 4.0);
        double l3 = Math.log(3) / Math.log(2);
        assertThat(m.users()).isEqualTo(2);
        assertThat(m.precision()).isCloseTo((1.0 / 3 + 1.0 / 3) / 2, within(1e-15));
        assertThat(m.recall()).isCloseTo((0.5 + 1) / 2, within(1e-15));
        assertThat(m.ndcg()).isCloseTo(((1 / l3) / (1 + 1 / l3) + 1) / 2, within(1e-15));
    }

    @Test void theThresholdDecidesRelevanceAndUsersWithoutRelevantItemsAreLeftOut() {
        double[][] scores = {{9, 2, 1, 8, 0, 10}, {3, 1, 7, 2, 5, 9}};
        SparseRatings seen = entries(2, 6, new double[][] {{0, 0, 3}});
        SparseRatings test = entries(2, 6, new double[][] {{0, 1, 2}, {1, 2, 4.5}});
        RankingMetrics m = RankingMetrics.of(new Table(scores), seen, test, 2, 4.5);
        // only user 1 counts: candidates are every item (nothing seen), top 2 = [5, 2]: hit at position 2
        assertThat(m.users()).isEqualTo(1);
        assertThat(m.precision()).isEqualTo(0.5);
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.ndcg()).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-15));
        assertThat(RankingMetrics.of(new Table(scores), seen, test, 2, 5).users()).isZero();
    }

    @ParameterizedTest(name = "k = {0}")
    @ValueSource(ints = {1, 3, 7, 50, 200})
    void topItemsAgreesWithAFullSortAndNeverReturnsAnExcludedItem(int k) {
        SplittableRandom rng = new SplittableRandom(k);
        double[] scores = new double[120];
        boolean[] excluded = new boolean[120];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = rng.nextInt(30); // many ties
            excluded[j] = rng.nextDouble() < 0.3;
        }
        int[] top = new int[k];
        int n = RankingMetrics.topItems(scores, excluded, k, top);
        Integer[] all = java.util.stream.IntStream.range(0, 120).filter(j -> !excluded[j]).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(all, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
        assertThat(n).isEqualTo(Math.min(k, all.length));
        for (int p = 0; p < n; p++) {
            assertThat(top[p]).isEqualTo(all[p]);
            assertThat(excluded[top[p]]).isFalse();
        }
    }

    @Test void aPerfectRankerScoresOne() {
        SplittableRandom rng = new SplittableRandom(5);
        SparseRatings all = new Synthetic(30, 25, 2, rng).observe(0.5, 0, rng);
        Split s = Split.holdOut(all, Split.perRow(all, 0.3, rng), 0.0, rng);
        SparseRatings seen = s.train();
        double[][] scores = new double[30][25]; // test values where known, −∞-like elsewhere
        for (double[] row : scores) Arrays.fill(row, -1e9);
        for (int k = 0; k < s.test().size(); k++) {
            scores[s.test().entryRow()[k]][s.test().entryColumn()[k]] = s.test().values()[k];
        }
        RankingMetrics m = RankingMetrics.of(new Table(scores), seen, s.test(), 1, 0.5);
        assertThat(m.users()).isPositive();
        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.ndcg()).isEqualTo(1.0);
    }
}
