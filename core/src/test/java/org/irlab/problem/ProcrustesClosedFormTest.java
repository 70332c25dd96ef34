package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** min_O ‖X − ZO‖_F on the stacked, zero-padded balanced factor the asymmetric problems use. */
class ProcrustesClosedFormTest {
    private static final int N1 = 7, N2 = 5, RANK = 2, SEARCH_RANK = 4, ROWS = N1 + N2;

    private static double[] solution() {
        return LowRankTruth.asymmetric(new SplittableRandom(11), N1, N2, new double[] {4, 1}).balancedFactor(SEARCH_RANK);
    }

    private static double[] rotate(double[] z, double[] o) {
        double[] x = new double[z.length];
        Kernels.multiply(z, o, x, ROWS, SEARCH_RANK, SEARCH_RANK);
        return x;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void isZeroOnARotatedSolution(long seed) {
        double[] z = solution();
        double[] x = rotate(z, Dense.orthogonal(new SplittableRandom(seed), SEARCH_RANK));
        assertThat(new Procrustes(ROWS, SEARCH_RANK).distance(x, z)).isLessThan(ROUNDING * Kernels.norm(z));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void isExactlyTheNormOfAPerturbationOrthogonalToTheSolution(long seed) {
        // x = ZO + E with ZᵀE = 0: ‖x − ZQ‖² = ‖Z(O − Q)‖² + ‖E‖², minimised at Q = O with value ‖E‖
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = solution();
        double[] e = new double[z.length];
        Randoms.gaussian(rng, 1e-3, e);
        double[] coefficients = new double[RANK * SEARCH_RANK], inSpan = new double[z.length];
        // remove from E its component in the column space of Z, so that ZᵀE = 0
        double[] zBasis = orthonormalBasisOfColumns(z);
        Kernels.multiplyTransA(zBasis, e, coefficients, RANK, ROWS, SEARCH_RANK);
        Kernels.multiply(zBasis, coefficients, inSpan, ROWS, RANK, SEARCH_RANK);
        for (int i = 0; i < e.length; i++) e[i] -= inSpan[i];
        double[] x = rotate(z, Dense.orthogonal(rng, SEARCH_RANK));
        for (int i = 0; i < x.length; i++) x[i] += e[i];
        assertThat(new Procrustes(ROWS, SEARCH_RANK).distance(x, z))
                .isCloseTo(Kernels.norm(e), within(REORDERED * Kernels.norm(e)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 0.01, 0.5})
    void isExactForARadialScaling(double t) {
        // x = (1 + t)ZO: ZᵀX = (1 + t)ZᵀZ O has polar factor O, so the distance is t‖Z‖; the absolute error stays at
        // round-off of ‖Z‖ even when the distance itself is tiny
        double[] z = solution();
        double[] x = rotate(z, Dense.orthogonal(new SplittableRandom(5), SEARCH_RANK));
        for (int i = 0; i < x.length; i++) x[i] *= 1 + t;
        assertThat(new Procrustes(ROWS, SEARCH_RANK).distance(x, z))
                .isCloseTo(t * Kernels.norm(z), within(REORDERED * t * Kernels.norm(z) + ROUNDING * Kernels.norm(z)));
    }

    /** Orthonormal basis (ROWS×RANK) of the nonzero columns of Z by Gram–Schmidt. */
    private static double[] orthonormalBasisOfColumns(double[] z) {
        double[] b = new double[ROWS * RANK];
        for (int k = 0; k < RANK; k++) {
            for (int i = 0; i < ROWS; i++) b[i * RANK + k] = z[i * SEARCH_RANK + k];
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int k = 0; k < RANK; k++) {
                for (int l = 0; l < k; l++) {
                    double p = 0;
                    for (int i = 0; i < ROWS; i++) p += b[i * RANK + k] * b[i * RANK + l];
                    for (int i = 0; i < ROWS; i++) b[i * RANK + k] -= p * b[i * RANK + l];
                }
                double norm = 0;
                for (int i = 0; i < ROWS; i++) norm += b[i * RANK + k] * b[i * RANK + k];
                for (int i = 0; i < ROWS; i++) b[i * RANK + k] /= Math.sqrt(norm);
            }
        }
        return b;
    }
}
