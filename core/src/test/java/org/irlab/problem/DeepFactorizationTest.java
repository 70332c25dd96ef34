package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.PerturbedDescent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeepFactorizationTest {
    private static final int PRODUCT_NORM = 0, NUCLEAR = 1, SPECTRAL = 2, ERANK = 3, DISTANCE = 4, DET = 5, IMBALANCE = 6;

    /** Metrics of W itself: depth 1, x = W. */
    private static double[] metricsOf(double... w) {
        int d = (int) Math.round(Math.sqrt(w.length));
        double[] targets = new double[d * d];
        targets[0] = 0; // any observed entry; metrics do not depend on it
        for (int i = 1; i < targets.length; i++) targets[i] = Double.NaN;
        DeepFactorization p = DeepFactorization.create(d, 1, targets, 1);
        double[] out = new double[p.metricNames().size()];
        p.metrics(w, out);
        return out;
    }

    /** σ₂ of a 2×2 matrix from σ₁σ₂ = |det| and σ₁² + σ₂² = ‖W‖²_F, without an SVD. */
    private static double smallerSingularValue(double a, double b, double c, double d) {
        double fro2 = a * a + b * b + c * c + d * d, det = a * d - b * c;
        double larger2 = (fro2 + Math.sqrt(Math.max(0, fro2 * fro2 - 4 * det * det))) / 2;
        return Math.abs(det) / Math.sqrt(larger2);
    }

    @Test
    void metricNamesAreTheTraceColumns() {
        assertThat(DeepFactorization.seedExample(2).metricNames()).containsExactly("productNorm", "nuclearNorm",
                "spectralNorm", "effectiveRank", "distanceToInfimalRank", "determinant", "imbalance");
    }

    @Test
    void metricsOfTheIdentity() {
        double[] m = metricsOf(1, 0, 0, 1);
        assertThat(m[ERANK]).isCloseTo(2, within(ROUNDING));
        assertThat(m[PRODUCT_NORM]).isCloseTo(Math.sqrt(2), within(ROUNDING));
        assertThat(m[NUCLEAR]).isCloseTo(2, within(ROUNDING));
        assertThat(m[SPECTRAL]).isCloseTo(1, within(ROUNDING));
        assertThat(m[DISTANCE]).isCloseTo(1, within(ROUNDING));
        assertThat(m[DET]).isEqualTo(1.0);
        assertThat(m[IMBALANCE]).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.3, 1.1, 2.5})
    void metricsOfDiagThreeOneAreRotationInvariant(double angle) {
        // W = R(θ)·diag(3, 1)·R(2θ)ᵀ has σ = (3, 1) for every θ
        double c1 = Math.cos(angle), s1 = Math.sin(angle), c2 = Math.cos(2 * angle), s2 = Math.sin(2 * angle);
        double[] w = {
            3 * c1 * c2 + s1 * s2, 3 * c1 * s2 - s1 * c2,
            3 * s1 * c2 - c1 * s2, 3 * s1 * s2 + c1 * c2};
        double[] m = metricsOf(w);
        assertThat(m[ERANK]).isCloseTo(4 * Math.pow(3, -0.75), within(ROUNDING));
        assertThat(m[NUCLEAR]).isCloseTo(4, within(ROUNDING));
        assertThat(m[SPECTRAL]).isCloseTo(3, within(ROUNDING));
        assertThat(m[PRODUCT_NORM]).isCloseTo(Math.sqrt(10), within(ROUNDING));
        assertThat(m[DISTANCE]).isCloseTo(1, within(ROUNDING));
        assertThat(m[DET]).isCloseTo(3, within(ROUNDING));
    }

    @Test
    void aRankOneMatrixHasEffectiveRankOneAndNoDistanceToRankOne() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] u = new double[3], v = new double[3];
        Randoms.gaussian(rng, 1.0, u);
        Randoms.gaussian(rng, 1.0, v);
        double[] w = new double[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) w[i * 3 + j] = u[i] * v[j];
        double[] m = metricsOf(w);
        assertThat(m[ERANK]).isCloseTo(1, within(REORDERED));
        assertThat(m[DISTANCE]).isLessThanOrEqualTo(ROUNDING * m[PRODUCT_NORM]);
        assertThat(m[SPECTRAL]).isCloseTo(Kernels.norm(u) * Kernels.norm(v), within(REORDERED));
    }

    @Test
    void theSeedsNearlyRankOneExampleHasEffectiveRankNearOne() {
        // W = 10³E₁₁ + I (Section 5 of 004): σ = (1001, 1)
        double[] m = metricsOf(1001, 0, 0, 1);
        double p = 1001.0 / 1002, q = 1.0 / 1002;
        assertThat(m[ERANK]).isCloseTo(Math.exp(-p * Math.log(p) - q * Math.log(q)), within(ROUNDING));
        assertThat(m[ERANK]).isBetween(1.0, 1.01);
    }

    @Test
    void distanceToInfimalRankOfATwoByTwoIsItsSmallerSingularValue() {
        SplittableRandom rng = new SplittableRandom(6);
        for (int k = 0; k < 10; k++) {
            double[] w = new double[4];
            Randoms.gaussian(rng, 2.0, w);
            double[] m = metricsOf(w);
            assertThat(m[DISTANCE]).isCloseTo(smallerSingularValue(w[0], w[1], w[2], w[3]), within(REORDERED));
            assertThat(m[DET]).isCloseTo(w[0] * w[3] - w[1] * w[2], within(REORDERED));
        }
    }

    @Test
    void errorIsTheRootOfTwiceTheLossOnTheObservedEntries() {
        DeepFactorization p = DeepFactorization.seedExample(3);
        double[] x = new double[p.objective().dimension()];
        Randoms.gaussian(new SplittableRandom(8), 0.7, x);
        double[] w = new double[4];
        p.product(x, w);
        // ℓ = ½[(W₁₂ − 1)² + (W₂₁ − 1)² + W₂₂²], the seed's loss written out (Section 7)
        double loss = 0.5 * ((w[1] - 1) * (w[1] - 1) + (w[2] - 1) * (w[2] - 1) + w[3] * w[3]);
        assertThat(p.objective().value(x)).isCloseTo(loss, within(ROUNDING));
        assertThat(p.error(x)).isCloseTo(Math.sqrt(2 * loss), within(ROUNDING));
        assertThat(p.distanceToSolutions(x)).isNaN();
    }

    @Test
    void imbalanceOfKnownFactors() {
        // W₁ = diag(1, 2), W₂ = I: W₂ᵀW₂ − W₁W₁ᵀ = diag(0, −3)
        DeepFactorization p = DeepFactorization.create(2, 2, new double[] {1, Double.NaN, Double.NaN, 1}, 1);
        double[] out = new double[7];
        p.metrics(new double[] {1, 0, 0, 2, 1, 0, 0, 1}, out);
        assertThat(out[IMBALANCE]).isCloseTo(3, within(ROUNDING));
        assertThat(out[DET]).isCloseTo(2, within(ROUNDING));
    }

    @Test
    void regionResidualIsTheNormOfTheFactorsSmallerSingularValues() {
        DeepFactorization p = DeepFactorization.seedExample(3);
        SplittableRandom rng = new SplittableRandom(9);
        for (int k = 0; k < 5; k++) {
            double[] x = new double[12];
            Randoms.gaussian(rng, 1.0, x);
            double s = 0;
            for (int j = 0; j < 3; j++) {
                double t = smallerSingularValue(x[4 * j], x[4 * j + 1], x[4 * j + 2], x[4 * j + 3]);
                s += t * t;
            }
            assertThat(p.region().residualNorm(x)).isCloseTo(Math.sqrt(s), within(REORDERED));
            double[] signal = new double[12];
            p.region().project(x, signal);
            assertThat(p.region().residualNorm(signal)).isLessThanOrEqualTo(ROUNDING);
        }
    }

    /** W_j = s_j·u_j u_{j−1}ᵀ: rank one with row space of W_{j+1} = column space of W_j (aligned) unless misaligned. */
    private static double[] rankOneChain(int depth, boolean aligned, SplittableRandom rng) {
        double[][] u = new double[depth + 1][2];
        for (double[] v : u) {
            Randoms.gaussian(rng, 1.0, v);
            Kernels.scale(1 / Kernels.norm(v), v);
        }
        double[] x = new double[4 * depth];
        for (int j = 1; j <= depth; j++) {
            double[] left = u[j];
            double[] right = u[j - 1];
            if (!aligned && j > 1) {  // a random row space instead of the column space of W_{j−1}
                right = new double[2];
                Randoms.gaussian(rng, 1.0, right);
                Kernels.scale(1 / Kernels.norm(right), right);
            }
            for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) x[4 * (j - 1) + 2 * a + b] = 0.8 * left[a] * right[b];
        }
        return x;
    }

    @Test
    void alignedRankOneChainsStayInTheRegionUnderGdAndMisalignedOnesLeaveIt() {
        DeepFactorization p = DeepFactorization.seedExample(3);
        SplittableRandom rng = new SplittableRandom(10);
        double[] aligned = rankOneChain(3, true, rng);
        assertThat(p.region().residualNorm(aligned)).isLessThanOrEqualTo(ROUNDING);
        DescentResult r = PerturbedDescent.run(p.objective(), aligned, DescentSettings.gd(0.05, 200, 0),
                org.irlab.optim.IterationObserver.NONE);
        assertThat(Kernels.distance(r.x(), aligned)).as("GD moved").isGreaterThan(0.1);
        assertThat(p.region().residualNorm(r.x())).isLessThanOrEqualTo(REORDERED * Kernels.norm(r.x()));

        double[] misaligned = rankOneChain(3, false, rng);
        assertThat(p.region().residualNorm(misaligned)).isLessThanOrEqualTo(ROUNDING);
        DescentResult s = PerturbedDescent.run(p.objective(), misaligned, DescentSettings.gd(0.05, 1, 0),
                org.irlab.optim.IterationObserver.NONE);
        assertThat(p.region().residualNorm(s.x())).isGreaterThan(1e-3);
    }

    /** One checkpoint of a GD trajectory. */
    private record Checkpoint(int iteration, double loss, double[] metrics, double w11, double residual) {}

    /** GD from a balanced point, recording at t = 2^k (k ≥ 8) and at the end. */
    private static List<Checkpoint> trajectory(DeepFactorization p, DeepFactorization.Orientation orientation,
                                               boolean positive, long seed, double eta, int steps) {
        double[] x0 = new double[p.objective().dimension()];
        p.balancedPoint(0.1, orientation, positive, new SplittableRandom(seed), x0);
        List<Checkpoint> out = new ArrayList<>();
        double[] w = new double[p.size() * p.size()];
        PerturbedDescent.run(p.objective(), x0, DescentSettings.gd(eta, steps, 0), (t, x, f, g, gn, last) -> {
            if (t >= 256 && Integer.bitCount(t) == 1) {
                double[] m = new double[p.metricNames().size()];
                p.metrics(x, m);
                p.product(x, w);
                out.add(new Checkpoint(t, f, m, w[0], p.region().residualNorm(x)));
            }
        });
        return out;
    }

    static Stream<Arguments> positiveDeterminantRuns() {
        return Stream.of(
                Arguments.of(DeepFactorization.Orientation.IDENTITY, 0L),
                Arguments.of(DeepFactorization.Orientation.RANDOM, 1L),
                Arguments.of(DeepFactorization.Orientation.RANDOM, 2L),
                Arguments.of(DeepFactorization.Orientation.RANDOM, 3L));
    }

    /**
     * The seed's Theorem 1 (004, Sections 5–8) under GD, depth 3, α = 0.1, η = 0.005, 2²⁰ steps: with det W(0) &gt; 0
     * the determinant stays positive, the loss goes to zero, every norm grows at every checkpoint (t = 2^k) and by
     * more than 10× once ℓ &lt; ½, eq. (20) |W₁₁| ≥ 1/√(2ℓ) − 2 holds, and the effective rank decreases to 1.
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("positiveDeterminantRuns")
    void withPositiveDeterminantTheLossVanishesWhileNormsBlowUpAndTheEffectiveRankTendsToOne(
            DeepFactorization.Orientation orientation, long seed) {
        DeepFactorization p = DeepFactorization.seedExample(3);
        List<Checkpoint> run = trajectory(p, orientation, true, seed, 0.005, 1 << 20);
        assertThat(run).hasSize(13); // 2^8 … 2^20
        Checkpoint first = null;
        for (int k = 0; k < run.size(); k++) {
            Checkpoint c = run.get(k);
            assertThat(c.metrics()[DET]).as("det W at t = %d", c.iteration()).isPositive();
            assertThat(c.metrics()[IMBALANCE]).as("imbalance at t = %d", c.iteration()).isLessThan(1e-2);
            if (k > 0) {
                Checkpoint b = run.get(k - 1);
                assertThat(c.loss()).as("loss at t = %d", c.iteration()).isLessThan(b.loss());
                for (int metric : new int[] {PRODUCT_NORM, NUCLEAR, SPECTRAL}) {
                    assertThat(c.metrics()[metric]).as("norm %d at t = %d", metric, c.iteration())
                            .isGreaterThan(b.metrics()[metric]);
                }
                assertThat(c.metrics()[ERANK]).as("erank at t = %d", c.iteration()).isLessThanOrEqualTo(b.metrics()[ERANK]);
                assertThat(c.metrics()[DISTANCE]).as("distance to rank 1 at t = %d", c.iteration())
                        .isLessThan(b.metrics()[DISTANCE]);
            }
            if (c.loss() < 0.5) {
                if (first == null) first = c;
                double root = Math.sqrt(2 * c.loss());
                assertThat(Math.abs(c.w11())).as("eq. (20) at t = %d", c.iteration()).isGreaterThanOrEqualTo(1 / root - 2);
                assertThat(c.metrics()[DISTANCE]).as("eq. (13) with c₂ = √2 at t = %d", c.iteration())
                        .isLessThanOrEqualTo(root);
                if (c != first) {
                    assertThat(c.residual()).isLessThan(run.get(k - 1).residual());
                }
            }
        }
        Checkpoint last = run.get(run.size() - 1);
        assertThat(first).isNotNull();
        assertThat(first.iteration()).isLessThanOrEqualTo(1 << 12);
        assertThat(last.loss()).isLessThan(first.loss() / 500);
        assertThat(last.metrics()[PRODUCT_NORM]).isGreaterThan(10 * first.metrics()[PRODUCT_NORM]);
        assertThat(last.metrics()[ERANK] - 1).isBetween(0.0, 1e-6);
        assertThat(run.get(0).metrics()[ERANK] - 1).isGreaterThan(1e-2);
    }

    /** The hypothesis matters: with det W(0) &lt; 0, GD reaches zero loss at a bounded, rank-2 completion. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void withNegativeDeterminantGdConvergesToABoundedFullRankCompletion(long seed) {
        DeepFactorization p = DeepFactorization.seedExample(3);
        List<Checkpoint> run = trajectory(p, DeepFactorization.Orientation.RANDOM, false, seed, 0.01, 1 << 13);
        Checkpoint last = run.get(run.size() - 1);
        assertThat(last.loss()).isLessThan(1e-20);
        assertThat(last.metrics()[PRODUCT_NORM]).isLessThan(1.5);
        assertThat(last.metrics()[ERANK]).isGreaterThan(1.9);
        assertThat(last.metrics()[DET]).isCloseTo(-1, within(1e-9));
    }

    /**
     * A departure of GD from gradient flow, kept as a regression record: at depth 2 from a random balanced point,
     * σ₂(W) decays exponentially (σ̇ ∝ σ for L = 2, eq. (16)) until it is smaller than the O(η) imbalance GD creates;
     * then det W crosses zero and GD converges to a finite-norm zero-loss completion, although det W(0) &gt; 0.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void atDepthTwoFiniteStepsLetTheDeterminantCrossZero(long seed) {
        DeepFactorization p = DeepFactorization.seedExample(2);
        List<Checkpoint> run = trajectory(p, DeepFactorization.Orientation.RANDOM, true, seed, 0.005, 1 << 16);
        assertThat(run.get(0).metrics()[DET]).isPositive();
        Checkpoint last = run.get(run.size() - 1);
        assertThat(last.loss()).isLessThan(1e-20);
        assertThat(last.metrics()[DET]).isCloseTo(-1, within(1e-9));
        assertThat(last.metrics()[PRODUCT_NORM]).isLessThan(10);
    }
}
