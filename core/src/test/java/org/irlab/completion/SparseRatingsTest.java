package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseRatingsTest {
    private static SparseRatings small() {
        // rows given out of order: (2,1) (0,3) (0,0) (1,2) (2,0)
        return SparseRatings.of(3, 4, new int[] {2, 0, 0, 1, 2}, new int[] {1, 3, 0, 2, 0},
                new double[] {5, 2, 1, 4, 3});
    }

    @Test void storesRowsSortedAndColumnsAsAPermutation() {
        SparseRatings m = small();
        assertThat(m.rowStart()).containsExactly(0, 2, 3, 5);
        assertThat(m.entryColumn()).containsExactly(0, 3, 2, 0, 1);
        assertThat(m.values()).containsExactly(1, 2, 4, 3, 5);
        assertThat(m.columnStart()).containsExactly(0, 2, 3, 4, 5);
        // column 0 holds rows 0 and 2 (entries 0 and 3), column 1 row 2 (entry 4) ...
        assertThat(m.columnOrder()).containsExactly(0, 3, 4, 2, 1);
        assertThat(m.find(1, 2)).isEqualTo(2);
        assertThat(m.find(1, 3)).isEqualTo(-1);
        assertThat(m.rowCount(0)).isEqualTo(2);
        assertThat(m.columnCount(3)).isEqualTo(1);
    }

    @Test void refusesRepeatedPairsBadIndicesAndNonFiniteValues() {
        assertThatThrownBy(() -> SparseRatings.of(2, 2, new int[] {0, 0}, new int[] {1, 1}, new double[] {1, 2}))
                .hasMessageContaining("(0, 1) appears twice");
        assertThatThrownBy(() -> SparseRatings.of(2, 2, new int[] {2}, new int[] {0}, new double[] {1}))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> SparseRatings.of(2, 2, new int[] {0}, new int[] {0}, new double[] {Double.NaN}))
                .hasMessageContaining("NaN");
    }

    @ParameterizedTest @ValueSource(longs = {1, 2, 3})
    void matrixVectorProductsMatchTheDenseMatrix(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SparseRatings m = new Synthetic(7, 9, 2, rng).observe(0.4, 0.1, rng);
        double[] dense = new double[7 * 9];
        for (int k = 0; k < m.size(); k++) dense[m.entryRow()[k] * 9 + m.entryColumn()[k]] = m.values()[k];
        double[] x = new double[9], y = new double[7], z = new double[7], t = new double[9];
        Randoms.gaussian(rng, 1.0, x);
        Randoms.gaussian(rng, 1.0, z);
        m.multiply(x, y);
        m.multiplyTranspose(z, t);
        for (int i = 0; i < 7; i++) {
            double s = 0;
            for (int j = 0; j < 9; j++) s += dense[i * 9 + j] * x[j];
            assertThat(y[i]).isCloseTo(s, org.assertj.core.data.Offset.offset(REORDERED));
        }
        for (int j = 0; j < 9; j++) {
            double s = 0;
            for (int i = 0; i < 7; i++) s += dense[i * 9 + j] * z[i];
            assertThat(t[j]).isCloseTo(s, org.assertj.core.data.Offset.offset(REORDERED));
        }
        SparseRatings tr = m.transpose();
        for (int k = 0; k < m.size(); k++) {
            assertThat(tr.values()[tr.find(m.entryColumn()[k], m.entryRow()[k])]).isEqualTo(m.values()[k]);
        }
    }

    @Test void splitPartitionsTheEntriesDeterministically() {
        SplittableRandom rng = new SplittableRandom(4);
        SparseRatings all = new Synthetic(30, 20, 2, rng).observe(0.5, 0, rng);
        Split a = Split.random(all, 0.2, 0.1, new SplittableRandom(9));
        Split b = Split.random(all, 0.2, 0.1, new SplittableRandom(9));
        int test = (int) Math.round(0.2 * all.size());
        assertThat(a.test().size()).isEqualTo(test);
        assertThat(a.validation().size()).isEqualTo((int) Math.round(0.1 * (all.size() - test)));
        assertThat(a.train().size() + a.validation().size() + a.test().size()).isEqualTo(all.size());
        assertThat(a.test().entryColumn()).isEqualTo(b.test().entryColumn());
        assertThat(a.test().entryRow()).isEqualTo(b.test().entryRow());
        for (SparseRatings part : new SparseRatings[] {a.train(), a.validation(), a.test()}) {
            for (int k = 0; k < part.size(); k++) {
                int i = part.entryRow()[k], j = part.entryColumn()[k];
                int found = (a.train().find(i, j) >= 0 ? 1 : 0) + (a.validation().find(i, j) >= 0 ? 1 : 0)
                        + (a.test().find(i, j) >= 0 ? 1 : 0);
                assertThat(found).as("(%d,%d) in exactly one part", i, j).isEqualTo(1);
                assertThat(part.values()[k]).isEqualTo(all.values()[all.find(i, j)]);
            }
        }
        Split c = Split.random(all, 0.2, 0.1, new SplittableRandom(10));
        assertThat(c.test().entryRow()).isNotEqualTo(a.test().entryRow());
    }
}
