package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MatrixMeasuresTest {
    @Test
    void effectiveRankOfEqualSingularValuesIsTheirCount() {
        assertThat(MatrixMeasures.effectiveRank(new double[] {1, 1})).isCloseTo(2, within(ROUNDING));
        assertThat(MatrixMeasures.effectiveRank(new double[] {0.3, 0.3, 0.3, 0.3, 0.3})).isCloseTo(5, within(ROUNDING));
    }

    @Test
    void effectiveRankOfOneNonzeroSingularValueIsOneAndZerosDoNotCount() {
        assertThat(MatrixMeasures.effectiveRank(new double[] {7.5, 0, 0})).isEqualTo(1.0);
        assertThat(MatrixMeasures.effectiveRank(new double[] {2, 2, 0})).isCloseTo(2, within(ROUNDING));
    }

    @Test
    void effectiveRankOfDiagThreeOneIsFourOverThreeToTheThreeQuarters() {
        // ρ = (3/4, 1/4): exp(H) = (3/4)^{−3/4}(1/4)^{−1/4} = 4·3^{−3/4} ≈ 1.7548
        assertThat(MatrixMeasures.effectiveRank(new double[] {3, 1}))
                .isCloseTo(4 * Math.pow(3, -0.75), within(ROUNDING));
        assertThat(MatrixMeasures.effectiveRank(new double[] {1, 3}))
                .isCloseTo(4 * Math.pow(3, -0.75), within(ROUNDING));
    }

    @Test
    void effectiveRankIsUndefinedAtZero() {
        assertThat(MatrixMeasures.effectiveRank(new double[] {0, 0})).isNaN();
    }

    @Test
    void distanceToRankIsTheTailNormAndSurvivesHugeValues() {
        assertThat(MatrixMeasures.distanceToRank(new double[] {5, 3, 4}, 1)).isCloseTo(5, within(ROUNDING));
        assertThat(MatrixMeasures.distanceToRank(new double[] {5, 3, 4}, 3)).isZero();
        assertThat(MatrixMeasures.distanceToRank(new double[] {5, 0, 0}, 1)).isZero();
        assertThat(MatrixMeasures.distanceToRank(new double[] {1e300, 3e200, 4e200}, 1)).isCloseTo(5e200, within(1e186));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8})
    void determinantMatchesEjml(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        double[] a = new double[n * n];
        Randoms.gaussian(rng, 1.0, a);
        double[] copy = a.clone();
        double det = MatrixMeasures.determinant(a, n, new double[n * n]);
        double expected = CommonOps_DDRM.det(new DMatrixRMaj(n, n, true, a.clone()));
        assertThat(det).isCloseTo(expected, within(REORDERED * Math.max(1, Math.abs(expected))));
        assertThat(a).containsExactly(copy);
        assertThat(MatrixMeasures.determinant(new double[] {0, 1, 1, 0}, 2, new double[4])).isEqualTo(-1.0);
        assertThat(MatrixMeasures.determinant(new double[] {1, 2, 2, 4}, 2, new double[4])).isZero();
    }
}
