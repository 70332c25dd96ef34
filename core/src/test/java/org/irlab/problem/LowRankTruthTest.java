package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.testing.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ground truth: spectrum Σ*, orthonormal factors, and a balanced factor that reproduces M*. */
class LowRankTruthTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hasTheRequestedSpectrumAndBalancedFactor(boolean symmetric) {
        int n1 = 9, n2 = symmetric ? 9 : 6, r = 3, searchRank = 5;
        double[] sigma = {10, 5, 1};
        LowRankTruth truth = symmetric ? LowRankTruth.symmetric(new SplittableRandom(3), n1, sigma)
                : LowRankTruth.asymmetric(new SplittableRandom(3), n1, n2, sigma);
        assertThat(truth.isSymmetric()).isEqualTo(symmetric);
        double[] m = truth.dense();
        double[] s = Dense.singularValues(m, n1, n2);
        for (int k = 0; k < r; k++) assertThat(s[k]).isCloseTo(sigma[k], within(REORDERED));
        for (int k = r; k < s.length; k++) assertThat(s[k]).isLessThan(REORDERED);
        double[] row = new double[n2];
        truth.row(4, row);
        for (int j = 0; j < n2; j++) assertThat(row[j]).isEqualTo(m[4 * n2 + j]);

        double[] z = truth.balancedFactor(searchRank);
        int zx = 0, zy = symmetric ? 0 : n1 * searchRank;
        double[] product = Dense.timesTranspose(z, zx, z, zy, n1, searchRank, n2);
        assertThat(Kernels.distance(product, m)).isLessThan(REORDERED);
        for (int i = 0; i < z.length / searchRank; i++) {
            for (int k = r; k < searchRank; k++) assertThat(z[i * searchRank + k]).isZero();
        }
        if (!symmetric) {
            assertThat(new BalanceRegularizer(n1, n2, searchRank, 1).imbalanceNorm(z)).isLessThan(REORDERED);
        }
    }
}
