package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static SparseRatings data(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Synthetic(23, 17, 2, rng).observe(0.4, 0.1, rng);
    }

    @ParameterizedTest(name = "{0} folds, seed {1}")
    @CsvSource({"2, 1", "3, 2", "5, 3", "7, 4", "10, 5"})
    void kFoldsPartitionTheEntriesIntoNearlyEqualParts(int k, long seed) {
        SparseRatings all = data(seed);
        int[][] folds = Split.folds(all.size(), k, new SplittableRandom(seed));
        assertThat(folds.length).isEqualTo(k);
        int[] seen = new int[all.size()];
        for (int[] fold : folds) {
            assertThat(fold.length).isBetween(all.size() / k, all.size() / k + 1);
            assertThat(fold).isSorted();
            for (int e : fold) seen[e]++;
        }
        assertThat(seen).containsOnly(1); // every entry in exactly one test fold
        // each fold's split: test = the fold, train and validation = the rest, all disjoint
        for (int[] fold : folds) {
            Split s = Split.holdOut(all, fold, 0.1, new SplittableRandom(seed));
            assertThat(s.train().size() + s.validation().size() + s.test().size()).isEqualTo(all.size());
            assertThat(s.validation().size()).isEqualTo((int) Math.round(0.1 * (all.size() - fold.length)));
            for (int kk = 0; kk < s.test().size(); kk++) {
                int i = s.test().entryRow()[kk], j = s.test().entryColumn()[kk];
                assertThat(s.train().find(i, j)).isEqualTo(-1);
                assertThat(s.validation().find(i, j)).isEqualTo(-1);
                assertThat(s.test().values()[kk]).isEqualTo(all.values()[all.find(i, j)]);
            }
        }
    }

    @ParameterizedTest(name = "fraction {0}, seed {1}")
    @CsvSource({"0.1, 1", "0.2, 2", "0.5, 3", "0.05, 4"})
    void keyedSplitIsAPartitionDecidedPerEntryWithABinomialCount(double fraction, long seed) {
        SparseRatings all = new Synthetic(300, 200, 2, new SplittableRandom(seed)).observe(0.3, 0.1,
                new SplittableRandom(seed));
        Split s = Split.keyed(all, fraction, seed);
        assertThat(s.train().size() + s.validation().size()).isEqualTo(all.size());
        assertThat(s.test().size()).isZero();
        for (int k = 0; k < all.size(); k++) {
            int i = all.entryRow()[k], j = all.entryColumn()[k];
            boolean held = Split.heldOut(seed, i, j, fraction);
            assertThat(s.validation().find(i, j) >= 0).isEqualTo(held);
            assertThat(s.train().find(i, j) >= 0).isEqualTo(!held); // disjoint, and together all of Ω
        }
        // the count is Binomial(|Ω|, fraction): within 5 standard deviations
        double mean = fraction * all.size(), sd = Math.sqrt(all.size() * fraction * (1 - fraction));
        assertThat((double) s.validation().size()).isBetween(mean - 5 * sd, mean + 5 * sd);
        // another seed holds out other entries; the same seed the same ones
        assertThat(Split.keyed(all, fraction, seed).validation().entryColumn()).containsExactly(
                s.validation().entryColumn());
        assertThat(Split.keyed(all, fraction, seed + 1).validation().entryColumn()).isNotEqualTo(
                s.validation().entryColumn());
    }

    @Test void keyedDecisionIsUniform() {
        // the hash's u over a grid of entries: the share below f is f within 4 sd for several f
        int n = 400, below = 0;
        for (double f : new double[] {0.01, 0.1, 0.37, 0.9}) {
            below = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (Split.heldOut(11, i, j, f)) below++;
            double sd = Math.sqrt(n * n * f * (1 - f));
            assertThat((double) below).isBetween(f * n * n - 4 * sd, f * n * n + 4 * sd);
        }
    }

    @Test void foldsNeedAtLeastTwoAndAtMostOneEntryEach() {
        assertThatThrownBy(() -> Split.folds(10, 1, new SplittableRandom(1))).hasMessageContaining("folds");
        assertThatThrownBy(() -> Split.folds(10, 11, new SplittableRandom(1))).hasMessageContaining("folds");
    }

    @Test void latestTakesTheNewestEntriesWithTiesByEntryNumber() {
        double[] times = {5, 1, 9, 9, 3, 7};
        assertThat(Split.latest(times, 0.5)).containsExactly(2, 3, 5); // 9, 9, 7
        assertThat(Split.latest(times, 0.34)).containsExactly(2, 3); // round(2.04) = 2
        assertThat(Split.latest(new double[] {4, 4, 4}, 0.34)).containsExactly(2); // ties: the later entry
    }

    @Test void perRowHoldsOutFromEveryRowAndLeavesEachATrainingEntry() {
        SparseRatings all = data(7);
        int[] test = Split.perRow(all, 0.25, new SplittableRandom(3));
        int[] perRow = new int[all.rows()];
        for (int e : test) perRow[all.entryRow()[e]]++;
        for (int i = 0; i < all.rows(); i++) {
            int n = all.rowCount(i);
            int expected = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(0.25 * n)));
            assertThat(perRow[i]).as("row " + i + " of " + n).isEqualTo(expected);
        }
        assertThat(test).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.equals(test, Split.perRow(all, 0.25, new SplittableRandom(3)))).isTrue();
    }
}
