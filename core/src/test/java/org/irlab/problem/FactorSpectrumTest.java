package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** σ(XYᵀ) from the two small triangular factors against the SVD of the dense product. */
class FactorSpectrumTest {
    @ParameterizedTest
    @CsvSource({"6, 9, 4", "9, 6, 4", "3, 5, 7", "8, 8, 8"})
    void matchesTheDenseProduct(int n1, int n2, int searchRank) {
        double[] x = new double[(n1 + n2) * searchRank];
        Randoms.gaussian(new SplittableRandom(n1 * 31 + n2), 1.0, x);
        FactorSpectrum spectrum = new FactorSpectrum(n1, n2, searchRank);
        double[] got = new double[spectrum.count()];
        spectrum.singularValues(x, got);
        double[] want = Dense.singularValues(Dense.timesTranspose(x, 0, x, n1 * searchRank, n1, searchRank, n2), n1, n2);
        for (int t = 0; t < got.length; t++) assertThat(got[t]).isCloseTo(want[t], within(REORDERED * want[0]));
        for (int t = got.length; t < want.length; t++) assertThat(want[t]).isLessThan(REORDERED * want[0]);
        double tail = 0;
        for (int t = 2; t < want.length; t++) tail += want[t] * want[t];
        assertThat(spectrum.tailNorm(x, 2)).isCloseTo(Math.sqrt(tail), within(REORDERED * want[0]));
    }

    /** The Gram route for wide factors (r' > min(n₁, n₂)) against the dense product, to √ε of σ₁. */
    @ParameterizedTest
    @CsvSource({"6, 9, 20", "9, 6, 20", "7, 7, 7", "5, 40, 12"})
    void gramRouteMatchesTheDenseProduct(int n1, int n2, int searchRank) {
        double[] x = new double[(n1 + n2) * searchRank];
        Randoms.gaussian(new SplittableRandom(n1 * 17 + n2), 1.0, x);
        double[] left = java.util.Arrays.copyOf(x, n1 * searchRank);
        double[] right = java.util.Arrays.copyOfRange(x, n1 * searchRank, x.length);
        double[] got = FactorSpectrum.singularValuesThroughGram(left, right, n1, n2, searchRank);
        double[] want = Dense.singularValues(Dense.timesTranspose(x, 0, x, n1 * searchRank, n1, searchRank, n2), n1, n2);
        assertThat(got).hasSize(Math.min(Math.min(n1, n2), searchRank));
        for (int t = 0; t < got.length; t++) assertThat(got[t]).isCloseTo(want[t], within(1e-7 * want[0]));
    }

    @Test
    void resolvesTinySingularValuesToRoundOffOfTheLargest() {
        // XYᵀ = diag(10, 1e-9) embedded: a Gram-matrix method would see 1e-9 as ~1e-8 noise
        int n1 = 4, n2 = 3, k = 2;
        double[] x = new double[(n1 + n2) * k];
        x[0] = Math.sqrt(10); x[3] = 1e-5;              // X = [√10 0; 0 1e-5; 0 0; 0 0]
        x[n1 * k] = Math.sqrt(10); x[n1 * k + 3] = 1e-4; // Y = [√10 0; 0 1e-4; 0 0]
        FactorSpectrum spectrum = new FactorSpectrum(n1, n2, k);
        double[] s = new double[spectrum.count()];
        spectrum.singularValues(x, s);
        assertThat(s[0]).isCloseTo(10, within(ROUNDING));
        assertThat(s[1]).isCloseTo(1e-9, within(1e-22));
        assertThat(spectrum.tailNorm(x, 1)).isCloseTo(1e-9, within(1e-22));
    }

    @Test
    void zeroAndRankDeficientFactorsAreFine() {
        FactorSpectrum spectrum = new FactorSpectrum(5, 4, 3);
        double[] zero = new double[27];
        assertThat(spectrum.tailNorm(zero, 1)).isZero();
        double[] x = new double[27];
        x[1] = 2; // only one nonzero column in X, Y = 0
        double[] s = new double[spectrum.count()];
        spectrum.singularValues(x, s);
        assertThat(s).containsOnly(0.0);
    }
}
