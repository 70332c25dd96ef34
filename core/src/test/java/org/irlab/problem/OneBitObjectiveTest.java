package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused 1-bit passes against {@link LogisticLoss} composed with the dense factor models (which form M, G and the
 * n×n products explicitly), with one chunk and strip and with many.
 */
class OneBitObjectiveTest {
    private static double[] random(long seed, int d, double scale) {
        double[] x = new double[d];
        Randoms.gaussian(new SplittableRandom(seed), scale, x);
        return x;
    }

    private static void assertRelative(double[] got, double[] want) {
        assertThat(Kernels.distance(got, want)).isLessThanOrEqualTo(REORDERED * Kernels.norm(want));
    }

    private static void assertAgree(Objective fused, Objective dense, int d) {
        double[] x = random(3, d, 0.6), v = random(4, d, 1.0);
        double[] g = new double[d], gRef = new double[d], h = new double[d], hRef = new double[d];
        double value = fused.valueAndGradient(x, g), valueRef = dense.valueAndGradient(x, gRef);
        fused.hessianVector(x, v, h);
        dense.hessianVector(x, v, hRef);
        assertThat(Math.abs(value - valueRef)).isLessThanOrEqualTo(REORDERED * Math.abs(valueRef));
        assertThat(fused.value(x)).isEqualTo(value);
        assertRelative(g, gRef);
        assertRelative(h, hRef);
    }

    @ParameterizedTest(name = "n1 = {0}, n2 = {1}, chunk work {3}, strip {4}")
    @CsvSource({"13, 150, 4, 16384, 64", "13, 150, 4, 40, 16", "31, 7, 3, 5, 1", "6, 9, 5, 16384, 64"})
    void twoFactorsAgreeWithTheDenseComposition(int n1, int n2, int k, int chunkWork, int strip) {
        double[] alpha = new double[n1 * n2];
        SplittableRandom rng = new SplittableRandom(n1 + n2);
        for (int i = 0; i < alpha.length; i++) alpha[i] = rng.nextDouble();
        assertAgree(OneBitObjective.asymmetric(n1, n2, k, alpha, chunkWork, strip),
                new FactorizedObjective(new AsymmetricFactorModel(n1, n2, k), new LogisticLoss(n1, n2, alpha)),
                (n1 + n2) * k);
    }

    @ParameterizedTest(name = "n = {0}, chunk work {2}")
    @CsvSource({"40, 4, 16384", "40, 4, 30", "7, 9, 1"})
    void symmetricAgreesWithTheDenseComposition(int n, int k, int chunkWork) {
        double[] alpha = new double[n * n];
        SplittableRandom rng = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) alpha[i * n + j] = alpha[j * n + i] = rng.nextDouble();
        }
        assertAgree(OneBitObjective.symmetric(n, k, alpha, chunkWork, 64),
                new FactorizedObjective(new SymmetricFactorModel(n, k), new LogisticLoss(n, n, alpha)), n * k);
    }

    @Test
    void symmetricModelNeedsSymmetricAlpha() {
        double[] alpha = {0.5, 0.2, 0.3, 0.5};
        assertThatThrownBy(() -> OneBitObjective.symmetric(2, 1, alpha)).hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> OneBitObjective.asymmetric(2, 2, 1, new double[] {0, 1, 2, 0}))
                .hasMessageContaining("[0, 1]");
    }
}
