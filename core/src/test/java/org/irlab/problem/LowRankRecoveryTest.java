package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ground-truth metrics and stationarity of the truth for the five low-rank problems (small rectangular sizes). */
class LowRankRecoveryTest {
    private static final double[] SIGMA = {6, 2};

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("asymmetric-sensing", (LongFunction<LowRankRecovery>) s ->
                        LowRankRecovery.asymmetricSensing(6, 4, 2, 5, SIGMA, 80, 1.0 / 16, s)),
                Arguments.of("symmetric-completion", (LongFunction<LowRankRecovery>) s ->
                        LowRankRecovery.symmetricCompletion(6, 2, 5, SIGMA, 0.7, s)),
                Arguments.of("asymmetric-completion", (LongFunction<LowRankRecovery>) s ->
                        LowRankRecovery.asymmetricCompletion(6, 4, 2, 5, SIGMA, 0.7, 0.25, s)),
                Arguments.of("symmetric-one-bit", (LongFunction<LowRankRecovery>) s ->
                        LowRankRecovery.symmetricOneBit(6, 2, 5, SIGMA, 0, s)),
                Arguments.of("asymmetric-one-bit", (LongFunction<LowRankRecovery>) s ->
                        LowRankRecovery.asymmetricOneBit(6, 4, 2, 5, SIGMA, 0, 1.0 / 16, s)));
    }

    private static double[] rotatedSolution(LowRankRecovery p, long seed) {
        int k = p.searchRank();
        double[] z = p.truth().balancedFactor(k);
        double[] x = new double[z.length];
        Kernels.multiply(z, Dense.orthogonal(new SplittableRandom(seed), k), x, z.length / k, k, k);
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyRotatedBalancedFactorIsAStationarySolution(String type, LongFunction<LowRankRecovery> make) {
        LowRankRecovery p = make.apply(3);
        double[] x = rotatedSolution(p, 17);
        assertThat(p.error(x)).isLessThan(REORDERED);
        assertThat(p.distanceToSolutions(x)).isLessThan(REORDERED);
        assertThat(p.region().residualNorm(x)).isLessThan(REORDERED);
        double[] g = new double[x.length];
        p.objective().valueAndGradient(x, g);
        assertThat(Kernels.norm(g)).isLessThan(REORDERED);
        if (!p.truth().isSymmetric()) {
            double[] m = new double[2];
            p.metrics(x, m);
            assertThat(m[0]).as("imbalance").isLessThan(REORDERED);
            assertThat(m[1]).as("tailNorm").isLessThan(REORDERED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void errorAndMetricsAgreeWithDenseReferences(String type, LongFunction<LowRankRecovery> make) {
        LowRankRecovery p = make.apply(5);
        LowRankTruth truth = p.truth();
        int n1 = truth.rows(), n2 = truth.columns(), k = p.searchRank();
        assertThat(p.objective().dimension()).isEqualTo((truth.isSymmetric() ? n1 : n1 + n2) * k);
        // at the origin the error is ‖M*‖_F = ‖Σ*‖_F
        assertThat(p.error(new double[p.objective().dimension()])).isCloseTo(Math.sqrt(40), within(REORDERED));
        double[] x = new double[p.objective().dimension()];
        Randoms.gaussian(new SplittableRandom(9), 0.7, x);
        double[] product = Dense.timesTranspose(x, 0, x, truth.isSymmetric() ? 0 : n1 * k, n1, k, n2);
        assertThat(p.error(x)).isCloseTo(Kernels.distance(product, truth.dense()), within(REORDERED * p.error(x)));
        assertThat(p.metricNames()).isEqualTo(truth.isSymmetric() ? java.util.List.of()
                : java.util.List.of("imbalance", "tailNorm"));
        if (!truth.isSymmetric()) {
            double[] m = new double[2];
            p.metrics(x, m);
            double[] xtx = new double[k * k], yty = new double[k * k];
            Kernels.multiplyTransA(java.util.Arrays.copyOfRange(x, 0, n1 * k), java.util.Arrays.copyOfRange(x, 0, n1 * k), xtx, k, n1, k);
            double[] y = java.util.Arrays.copyOfRange(x, n1 * k, x.length);
            Kernels.multiplyTransA(y, y, yty, k, n2, k);
            assertThat(m[0]).isCloseTo(Kernels.distance(xtx, yty), within(REORDERED * m[0]));
            double[] s = Dense.singularValues(product, n1, n2);
            double tail = 0;
            for (int t = truth.rank(); t < s.length; t++) tail += s[t] * s[t];
            assertThat(m[1]).isCloseTo(Math.sqrt(tail), within(REORDERED * s[0]));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void sameSeedSameInstanceOtherSeedOtherInstance(String type, LongFunction<LowRankRecovery> make) {
        double[] x = new double[make.apply(1).objective().dimension()];
        Randoms.gaussian(new SplittableRandom(4), 0.5, x);
        assertThat(make.apply(7).objective().value(x)).isEqualTo(make.apply(7).objective().value(x));
        assertThat(make.apply(7).objective().value(x)).isNotEqualTo(make.apply(8).objective().value(x));
    }

    @Test
    void oneBitSamplesAreFractionsAroundTheSigmoidOfTheTruth() {
        int s = 400;
        LowRankRecovery p = LowRankRecovery.symmetricOneBit(12, 2, 4, SIGMA, s, 2);
        double[] alpha = ((OneBitObjective) p.objective()).alpha();
        double[] m = p.truth().dense();
        int n = 12, far = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double a = alpha[i * n + j];
                assertThat(a * s).isCloseTo(Math.rint(a * s), within(1e-9)); // a count over s draws
                assertThat(a).isEqualTo(alpha[j * n + i]);                    // one set of draws per pair
                double q = LogisticLoss.sigmoid(m[i * n + j]);
                if (Math.abs(a - q) > 3 * Math.sqrt(q * (1 - q) / s) + 1.0 / s) far++;
            }
        }
        assertThat(far).as("entries beyond 3 standard deviations").isLessThanOrEqualTo(3);
    }

    @Test
    void zeroBalanceDropsTheRegularizerButKeepsTheImbalanceMetric() {
        LowRankRecovery p = LowRankRecovery.asymmetricSensing(5, 4, 2, 3, SIGMA, 40, 0, 1);
        assertThat(((RoutedObjective.Composed) p.objective()).objective()).isInstanceOf(FactorizedObjective.class);
        LowRankRecovery q = LowRankRecovery.asymmetricSensing(5, 4, 2, 3, SIGMA, 40, 0.5, 1);
        assertThat(((RoutedObjective.Composed) q.objective()).objective()).isInstanceOf(SumObjective.class);
        double[] x = new double[p.objective().dimension()];
        Randoms.gaussian(new SplittableRandom(2), 1, x);
        double[] m = new double[2];
        p.metrics(x, m);
        double imbalance = new BalanceRegularizer(5, 4, 3, 1).imbalanceNorm(x);
        assertThat(m[0]).isEqualTo(imbalance);
        assertThat(q.objective().value(x) - p.objective().value(x))
                .isCloseTo(0.5 * imbalance * imbalance, within(REORDERED * q.objective().value(x)));
    }
}
