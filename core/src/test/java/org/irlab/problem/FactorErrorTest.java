package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ‖XYᵀ − U*Σ*V*ᵀ‖_F by thin QR against the exact value (every product and sum in BigDecimal, from the very doubles of
 * the factors) and against the dense entry-by-entry computation in doubles: both must be within 1e-13·‖M*‖ of the
 * exact error, at random points, at exact solutions and at points 1e-10 away from one.
 */
class FactorErrorTest {
    private static final double[] SIGMA = {5, 2, 0.5};

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("symmetric 12, r' = 5", 12, 12, true, 5),
                Arguments.of("9 x 14, r' = 4", 9, 14, false, 4),
                Arguments.of("14 x 9, r' = 6", 14, 9, false, 6),
                Arguments.of("5 x 8, r' + r > n1", 5, 8, false, 5),
                Arguments.of("symmetric 6, r' + r > n", 6, 6, true, 5));
    }

    private static LowRankTruth truth(int n1, int n2, boolean symmetric) {
        SplittableRandom rng = new SplittableRandom(n1 * 100L + n2);
        return symmetric ? LowRankTruth.symmetric(rng, n1, SIGMA) : LowRankTruth.asymmetric(rng, n1, n2, SIGMA);
    }

    /** The exact ‖XYᵀ − UΣVᵀ‖_F of the given doubles, rounded once at the end. */
    static double exactError(LowRankTruth truth, double[] x, int k) {
        int n1 = truth.rows(), n2 = truth.columns(), r = truth.rank(), yOffset = truth.isSymmetric() ? 0 : n1 * k;
        double[] u = truth.left(), v = truth.right(), s = truth.singularValues();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                BigDecimal e = BigDecimal.ZERO;
                for (int a = 0; a < k; a++) {
                    e = e.add(new BigDecimal(x[i * k + a]).multiply(new BigDecimal(x[yOffset + j * k + a])));
                }
                for (int t = 0; t < r; t++) {
                    e = e.subtract(new BigDecimal(u[i * r + t]).multiply(new BigDecimal(s[t]))
                            .multiply(new BigDecimal(v[j * r + t])));
                }
                sum = sum.add(e.multiply(e));
            }
        }
        return sum.sqrt(MathContext.DECIMAL128).doubleValue();
    }

    /** The dense computation in doubles: form XYᵀ and M*, subtract, take the norm. */
    static double denseError(LowRankTruth truth, double[] x, int k) {
        int n1 = truth.rows(), n2 = truth.columns();
        double[] product = Dense.timesTranspose(x, 0, x, truth.isSymmetric() ? 0 : n1 * k, n1, k, n2);
        return Kernels.distance(product, truth.dense());
    }

    private static double[] points(LowRankTruth truth, int k, String kind) {
        int d = (truth.isSymmetric() ? truth.rows() : truth.rows() + truth.columns()) * k;
        double[] x = new double[d];
        SplittableRandom rng = new SplittableRandom(kind.hashCode());
        if (kind.equals("random")) {
            Randoms.gaussian(rng, 0.8, x);
            return x;
        }
        double[] z = truth.balancedFactor(k);
        Kernels.multiply(z, Dense.orthogonal(rng, k), x, d / k, k, k);
        if (kind.equals("near")) {
            double[] noise = new double[d];
            Randoms.gaussian(rng, 1e-11, noise);
            Kernels.axpy(1, noise, x);
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void asAccurateAsTheDenseSumAtRandomNearAndExactSolutions(String name, int n1, int n2, boolean symmetric, int k) {
        LowRankTruth truth = truth(n1, n2, symmetric);
        FactorError error = new FactorError(truth, k);
        double scale = Math.sqrt(25 + 4 + 0.25); // ‖M*‖_F = ‖Σ*‖_F
        double tolerance = 1e-13 * scale;
        for (String kind : new String[] {"random", "near", "exact"}) {
            double[] x = points(truth, k, kind);
            double exact = exactError(truth, x, k);
            if (kind.equals("near")) assertThat(exact).as("a point near a solution").isBetween(1e-12, 1e-9);
            double qr = error.error(x);
            assertThat(Math.abs(qr - exact)).as("%s point: QR %s vs exact %s", kind, qr, exact)
                    .isLessThanOrEqualTo(tolerance);
            assertThat(Math.abs(denseError(truth, x, k) - exact)).as("%s point, dense", kind)
                    .isLessThanOrEqualTo(tolerance);
            assertThat(error.error(x)).as("repeatable").isEqualTo(qr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void atTheOriginTheErrorIsTheNormOfTheTruth(String name, int n1, int n2, boolean symmetric, int k) {
        LowRankTruth truth = truth(n1, n2, symmetric);
        double[] zero = new double[(symmetric ? n1 : n1 + n2) * k];
        assertThat(new FactorError(truth, k).error(zero)).isCloseTo(exactError(truth, zero, k),
                org.assertj.core.api.Assertions.within(ROUNDING * 6));
    }
}
