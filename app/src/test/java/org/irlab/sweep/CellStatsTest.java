package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CellStatsTest {
    /** Published Wilson score 95% intervals (Newcombe 1998, Table I; Brown, Cai and DasGupta 2001). */
    @ParameterizedTest
    @CsvSource({"0, 10, 0.0, 0.2775", "5, 10, 0.2366, 0.7634", "10, 10, 0.7225, 1.0", "1, 29, 0.0061, 0.1718",
                "81, 263, 0.2553, 0.3662", "15, 148, 0.0624, 0.1605"})
    void wilsonMatchesPublishedIntervals(int k, int n, double low, double high) {
        double[] ci = CellStats.wilson(k, n, CellStats.Z95);
        assertThat(ci[0]).isCloseTo(low, within(6e-5));
        assertThat(ci[1]).isCloseTo(high, within(6e-5));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 37})
    void wilsonIsInsideTheUnitIntervalContainsTheRateAndMirrors(int n) {
        for (int k = 0; k <= n; k++) {
            double[] ci = CellStats.wilson(k, n, CellStats.Z95);
            double[] mirror = CellStats.wilson(n - k, n, CellStats.Z95);
            assertThat(ci[0]).isBetween(0.0, (double) k / n);
            assertThat(ci[1]).isBetween((double) k / n, 1.0);
            assertThat(ci[0]).isCloseTo(1 - mirror[1], within(Tolerances.REORDERED));
            // the interval is where the score test does not reject: |p̂ − p| ≤ z √(p(1−p)/n) at its ends (closed form)
            for (double p : ci) {
                if (p <= 0 || p >= 1) continue;
                assertThat(Math.abs((double) k / n - p)).isCloseTo(CellStats.Z95 * Math.sqrt(p * (1 - p) / n), within(Tolerances.REORDERED));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void quantilesInterpolateLikeNumPy() {
        double[] v = {1, 2, 3, 4};
        assertThat(CellStats.quantile(v, 0.25)).isEqualTo(1.75);
        assertThat(CellStats.quantile(v, 0.5)).isEqualTo(2.5);
        assertThat(CellStats.quantile(v, 0.75)).isEqualTo(3.25);
        assertThat(CellStats.quantile(new double[] {7}, 0.25)).isEqualTo(7);
        assertThat(CellStats.quantile(new double[0], 0.5)).isNaN();
        // odd length: the median is the middle order statistic; quartiles by h = (n − 1) q
        SplittableRandom rng = new SplittableRandom(16);
        double[] w = new double[11];
        for (int i = 0; i < w.length; i++) w[i] = rng.nextDouble();
        Arrays.sort(w);
        assertThat(CellStats.quantile(w, 0.5)).isEqualTo(w[5]);
        assertThat(CellStats.quantile(w, 0.25)).isEqualTo(w[2] + 0.5 * (w[3] - w[2]));
        assertThat(CellStats.quantile(w, 0.75)).isEqualTo(w[7] + 0.5 * (w[8] - w[7]));
    }
}
