package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Structure and sampling of the sorted index arrays that store Ω. */
class SparsePatternTest {
    /** Rows sorted, columns in range, transpose a consistent permutation sorted by row. */
    static void assertWellFormed(SparsePattern p) {
        int seen = 0;
        for (int i = 0; i < p.rows(); i++) {
            for (int k = p.rowStart(i); k < p.rowStart(i + 1); k++) {
                assertThat(p.column(k)).isBetween(0, p.columns() - 1);
                if (k > p.rowStart(i)) assertThat(p.column(k)).isGreaterThan(p.column(k - 1));
                seen++;
            }
        }
        assertThat(seen).isEqualTo(p.size());
        boolean[] hit = new boolean[p.size()];
        for (int j = 0; j < p.columns(); j++) {
            for (int t = p.columnStart(j); t < p.columnStart(j + 1); t++) {
                int k = p.transposedPosition(t);
                assertThat(hit[k]).isFalse();
                hit[k] = true;
                assertThat(p.column(k)).isEqualTo(j);
                int i = p.transposedRow(t);
                assertThat(k).isBetween(p.rowStart(i), p.rowStart(i + 1) - 1);
                if (t > p.columnStart(j)) assertThat(i).isGreaterThan(p.transposedRow(t - 1));
            }
        }
        assertThat(hit).containsOnly(true);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3, 0.8})
    void bernoulliSamplesEachEntryWithProbabilityP(double p) {
        int rows = 300, columns = 200;
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(4), rows, columns, p);
        assertWellFormed(omega);
        double n = (double) rows * columns, sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) omega.size()).isCloseTo(n * p, org.assertj.core.api.Assertions.within(5 * sd));
        // no position bias: the first and the last third of the rows hold the same share
        int first = omega.rowStart(rows / 3), last = omega.size() - omega.rowStart(rows - rows / 3);
        double third = n / 3 * p, sdThird = Math.sqrt(n / 3 * p * (1 - p));
        assertThat((double) first).isCloseTo(third, org.assertj.core.api.Assertions.within(5 * sdThird));
        assertThat((double) last).isCloseTo(third, org.assertj.core.api.Assertions.within(5 * sdThird));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.8})
    void symmetricBernoulliIsSymmetricAndSamplesPairs(double p) {
        int n = 250;
        SparsePattern omega = SparsePattern.symmetricBernoulli(new SplittableRandom(9), n, p);
        assertWellFormed(omega);
        int diagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int k = omega.rowStart(i); k < omega.rowStart(i + 1); k++) {
                int j = omega.column(k);
                assertThat(omega.contains(j, i)).as("(%d,%d) without its mirror", i, j).isTrue();
                if (i == j) diagonal++;
            }
        }
        double pairs = n * (n + 1) / 2.0, sd = Math.sqrt(pairs * p * (1 - p));
        double sampledPairs = (omega.size() + diagonal) / 2.0;
        assertThat(sampledPairs).isCloseTo(pairs * p, org.assertj.core.api.Assertions.within(5 * sd));
        assertThat((double) diagonal).isCloseTo(n * p, org.assertj.core.api.Assertions.within(5 * Math.sqrt(n * p * (1 - p)) + 1));
    }

    @Test
    void probabilityOneGivesEveryEntry() {
        SparsePattern all = SparsePattern.bernoulli(new SplittableRandom(1), 7, 5, 1.0);
        SparsePattern full = SparsePattern.full(7, 5);
        assertThat(all.size()).isEqualTo(35);
        assertWellFormed(full);
        for (int k = 0; k < 35; k++) assertThat(all.column(k)).isEqualTo(full.column(k));
        assertThat(SparsePattern.symmetricBernoulli(new SplittableRandom(1), 6, 1.0).size()).isEqualTo(36);
    }

    @Test
    void sameSeedSamePattern() {
        SparsePattern a = SparsePattern.bernoulli(new SplittableRandom(77), 40, 60, 0.4);
        SparsePattern b = SparsePattern.bernoulli(new SplittableRandom(77), 40, 60, 0.4);
        assertThat(a.size()).isEqualTo(b.size());
        for (int k = 0; k < a.size(); k++) assertThat(a.column(k)).isEqualTo(b.column(k));
        for (int i = 0; i <= 40; i++) assertThat(a.rowStart(i)).isEqualTo(b.rowStart(i));
    }

    @Test
    void explicitConstructionIsValidated() {
        SparsePattern p = new SparsePattern(2, 3, new int[] {0, 2, 3}, new int[] {0, 2, 1});
        assertWellFormed(p);
        assertThat(p.contains(0, 2)).isTrue();
        assertThat(p.contains(1, 2)).isFalse();
        assertThatThrownBy(() -> new SparsePattern(2, 3, new int[] {0, 2, 3}, new int[] {2, 0, 1}))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> new SparsePattern(2, 3, new int[] {0, 2, 3}, new int[] {0, 3, 1}))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> SparsePattern.bernoulli(new SplittableRandom(1), 2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symmetryIsDetectedAndTheArrayViewsMatchTheAccessors() {
        SparsePattern symmetric = SparsePattern.symmetricBernoulli(new SplittableRandom(3), 60, 0.3);
        SparsePattern square = SparsePattern.bernoulli(new SplittableRandom(3), 60, 60, 0.3);
        assertThat(symmetric.isSymmetric()).isTrue();
        assertThat(square.isSymmetric()).isFalse();
        assertThat(SparsePattern.full(5, 5).isSymmetric()).isTrue();
        assertThat(SparsePattern.full(5, 6).isSymmetric()).isFalse();
        // the two triangles of a symmetric pattern, but one mirror missing
        assertThat(new SparsePattern(2, 2, new int[] {0, 1, 2}, new int[] {1, 1}).isSymmetric()).isFalse();
        for (SparsePattern p : new SparsePattern[] {symmetric, square}) {
            for (int i = 0; i <= p.rows(); i++) assertThat(p.rowStarts()[i]).isEqualTo(p.rowStart(i));
            for (int j = 0; j <= p.columns(); j++) assertThat(p.columnStarts()[j]).isEqualTo(p.columnStart(j));
            for (int k = 0; k < p.size(); k++) {
                assertThat(p.columnIndices()[k]).isEqualTo(p.column(k));
                assertThat(p.transposedRows()[k]).isEqualTo(p.transposedRow(k));
            }
        }
        // symmetric: slot t of the transpose is the mirror of CSR entry t
        for (int i = 0; i < symmetric.rows(); i++) {
            for (int k = symmetric.rowStart(i); k < symmetric.rowStart(i + 1); k++) {
                int mirror = symmetric.transposedPosition(k);
                assertThat(symmetric.column(mirror)).isEqualTo(i);
                assertThat(mirror).isBetween(symmetric.rowStart(symmetric.column(k)),
                        symmetric.rowStart(symmetric.column(k) + 1) - 1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void uniformSubsetsHaveExactlyTheirSizeAndAreReproducible(long seed) {
        SparsePattern a = SparsePattern.uniformSubset(new SplittableRandom(seed), 20, 15, 240);
        assertThat(a.size()).isEqualTo(240);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < a.rows(); i++) {
            for (int k = a.rowStart(i); k < a.rowStart(i + 1); k++) {
                if (k > a.rowStart(i)) assertThat(a.column(k)).isGreaterThan(a.column(k - 1));
                assertThat(seen.add((long) i * 15 + a.column(k))).isTrue();
            }
        }
        SparsePattern again = SparsePattern.uniformSubset(new SplittableRandom(seed), 20, 15, 240);
        assertThat(again.columnIndices()).containsExactly(a.columnIndices());
        assertThat(again.rowStarts()).containsExactly(a.rowStarts());

        SparsePattern s = SparsePattern.symmetricUniformSubset(new SplittableRandom(seed), 20, 168);
        assertThat(s.isSymmetric()).isTrue();
        int pairs = 0;
        for (int i = 0; i < s.rows(); i++) {
            for (int k = s.rowStart(i); k < s.rowStart(i + 1); k++) if (s.column(k) >= i) pairs++;
        }
        assertThat(pairs).isEqualTo(168);
        assertThat(SparsePattern.uniformSubset(new SplittableRandom(seed), 4, 5, 20).size()).isEqualTo(20);
    }

    /** Every entry is equally likely: inclusion counts over many draws pass a χ² test at the 0.1% level. */
    @Test
    void uniformSubsetsIncludeEveryEntryEquallyOften() {
        int rows = 6, columns = 5, total = rows * columns, count = 12, draws = 4000;
        long[] hits = new long[total];
        SplittableRandom rng = new SplittableRandom(9);
        for (int t = 0; t < draws; t++) {
            SparsePattern p = SparsePattern.uniformSubset(rng, rows, columns, count);
            for (int i = 0; i < rows; i++) {
                for (int k = p.rowStart(i); k < p.rowStart(i + 1); k++) hits[i * columns + p.column(k)]++;
            }
        }
        double expected = (double) draws * count / total, chi2 = 0;
        for (long h : hits) chi2 += (h - expected) * (h - expected) / expected;
        // 29 degrees of freedom: the 0.999 quantile of χ² is 58.3 (the counts are slightly anti-correlated, which
        // only lowers the statistic)
        assertThat(chi2).isLessThan(58.3);
    }
}
