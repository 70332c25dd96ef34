package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomsTest {
    /** ‖ξ‖ has the ball's law P(‖ξ‖ ≤ s) = (s/γ)^d, not the sphere's (‖ξ‖ = γ): Kolmogorov–Smirnov at 0.1%. */
    @ParameterizedTest
    @CsvSource({"1, 1.0, 11", "3, 2.0, 12", "10, 1e-15, 13", "400, 1e-15, 14"})
    void ballRadiusFollowsGammaTimesUniformToTheOneOverD(int d, double gamma, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int samples = 4000;
        double[] radii = new double[samples];
        double[] xi = new double[d];
        for (int k = 0; k < samples; k++) {
            Randoms.uniformBall(rng, gamma, xi);
            radii[k] = Kernels.norm(xi);
            assertThat(radii[k]).isLessThanOrEqualTo(gamma * (1 + REORDERED));
        }
        Arrays.sort(radii);
        double ks = 0;
        for (int k = 0; k < samples; k++) {
            double cdf = Math.pow(radii[k] / gamma, d);
            ks = Math.max(ks, Math.max(Math.abs(cdf - (k + 1.0) / samples), Math.abs(cdf - (double) k / samples)));
        }
        assertThat(ks).as("KS distance").isLessThan(1.95 / Math.sqrt(samples));
        // the median radius is γ·2^{-1/d}, far below γ once d is large only in relative terms: check it
        assertThat(radii[samples / 2] / gamma).isCloseTo(Math.pow(0.5, 1.0 / d), org.assertj.core.data.Offset.offset(0.05));
    }

    /** Directions are isotropic: the mean unit vector is ~0 and the second moment is ~I/d. */
    @ParameterizedTest
    @CsvSource({"2, 21", "5, 22"})
    void ballDirectionIsIsotropic(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int samples = 20000;
        double[] mean = new double[d];
        double[][] second = new double[d][d];
        double[] xi = new double[d];
        for (int k = 0; k < samples; k++) {
            Randoms.uniformBall(rng, 1.0, xi);
            double n = Kernels.norm(xi);
            for (int i = 0; i < d; i++) {
                mean[i] += xi[i] / n / samples;
                for (int j = 0; j < d; j++) second[i][j] += xi[i] * xi[j] / (n * n) / samples;
            }
        }
        for (int i = 0; i < d; i++) {
            assertThat(Math.abs(mean[i])).isLessThan(4 / Math.sqrt(samples));
            for (int j = 0; j < d; j++) {
                double expected = i == j ? 1.0 / d : 0.0;
                assertThat(Math.abs(second[i][j] - expected)).isLessThan(6 / Math.sqrt(samples) / d + 0.005);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"20, 3, 1", "7, 7, 2"})
    void orthonormalColumnsAreOrthonormal(int rows, int cols, long seed) {
        double[] q = Randoms.orthonormalColumns(new SplittableRandom(seed), rows, cols);
        double[] gram = new double[cols * cols];
        Kernels.multiplyTransA(q, q, gram, cols, rows, cols);
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < cols; j++) {
                assertThat(gram[i * cols + j])
                        .isCloseTo(i == j ? 1 : 0, org.assertj.core.data.Offset.offset(REORDERED));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"31", "32"})
    void gaussianHasUnitVarianceAndIsReproducible(long seed) {
        double[] a = new double[50000], b = new double[50000];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, a);
        Randoms.gaussian(new SplittableRandom(seed), 1.0, b);
        assertThat(a).containsExactly(b);
        double m = 0, v = 0;
        for (double x : a) m += x / a.length;
        for (double x : a) v += (x - m) * (x - m) / a.length;
        assertThat(Math.abs(m)).isLessThan(0.02);
        assertThat(Math.abs(v - 1)).isLessThan(0.03);
    }

    /** The blocked fill gives the numbers of single draws, and leaves the generator where they leave it. */
    @ParameterizedTest
    @CsvSource({"0,1.0", "1,1.0", "255,2.5", "256,1.0", "257,-0.5", "1000,3.0"})
    void filledDrawsAreTheSingleDraws(int n, double scale) {
        SplittableRandom one = new SplittableRandom(n + 17), filled = new SplittableRandom(n + 17);
        double[] expected = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) expected[i] = scale * Randoms.gaussian(one);
        Randoms.gaussian(filled, scale, out);
        assertThat(out).containsExactly(expected);
        assertThat(filled.nextLong()).isEqualTo(one.nextLong());
    }

    /**
     * A keyed row's draws do not depend on where they are written or which other rows are drawn; rows are
     * independent standard normals (mean, variance and the correlation of neighbouring rows within 4.5 standard
     * errors over 20,000 rows).
     */
    @Test void keyedRowsAreTheSameAnywhereAndIndependent() {
        double[] a = new double[5], b = new double[12];
        Randoms.gaussianRow(7, 123, 2.0, a, 0, 5);
        Randoms.gaussianRow(7, 122, 2.0, b, 0, 5);
        Randoms.gaussianRow(7, 123, 2.0, b, 7, 5);
        assertThat(Arrays.copyOfRange(b, 7, 12)).containsExactly(a);
        assertThat(Arrays.copyOfRange(b, 0, 5)).isNotEqualTo(a);
        int rows = 20_000;
        double[] first = new double[rows], row = new double[2];
        double sum = 0, squares = 0, cross = 0;
        for (int i = 0; i < rows; i++) {
            Randoms.gaussianRow(99, i, 1.0, row, 0, 2);
            first[i] = row[0];
            sum += row[0];
            squares += row[0] * row[0];
            if (i > 0) cross += first[i - 1] * row[0];
        }
        double se = 1 / Math.sqrt(rows);
        assertThat(Math.abs(sum / rows)).isLessThan(4.5 * se);
        assertThat(Math.abs(squares / rows - 1)).isLessThan(4.5 * Math.sqrt(2) * se);
        assertThat(Math.abs(cross / (rows - 1))).isLessThan(4.5 * se);
    }
}
