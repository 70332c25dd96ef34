package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective.Transpose;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parallel objectives give the same bits on one, two and three threads (sizes above the sequential cutoff, cut
 * into dozens of chunks), and on one thread a call allocates nothing.
 */
class ThreadCountIdentityTest {
    static Stream<Arguments> objectives() {
        // every call is above the work that stays serial, and is cut into dozens of chunks
        SparsePattern square = SparsePattern.bernoulli(new SplittableRandom(1), 600, 600, 0.3);
        SparsePattern symmetric = SparsePattern.symmetricBernoulli(new SplittableRandom(2), 600, 0.3);
        SparsePattern wide = SparsePattern.bernoulli(new SplittableRandom(3), 500, 640, 0.3);
        for (SparsePattern p : new SparsePattern[] {square, symmetric, wide}) {
            assertThat(CompletionObjective.parallelCost(2L * p.size() * 6)).isPositive();
        }
        assertThat(CompletionObjective.parallelCost(150L * 250 * (2 * 6 + 40))).isPositive();
        double[] symmetricAlpha = LowRankRecovery.symmetricOneBit(200, 2, 6, new double[] {4, 2}, 0, 4).objective()
                instanceof OneBitObjective o ? o.alpha() : null;
        double[] alpha = new double[150 * 250];
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 0; k < alpha.length; k++) alpha[k] = rng.nextDouble();
        return Stream.of(
                Arguments.of("completion, symmetric Ω and T", (Supplier<Objective>) () -> CompletionObjective.symmetric(
                        symmetric, symmetricTarget(symmetric), 6, 1.0, 3000, null)),
                Arguments.of("completion, one-sided Ω, slots", (Supplier<Objective>) () -> CompletionObjective.symmetric(
                        square, gaussian(square.size(), 6), 6, 1.0, 3000, Transpose.SCATTER)),
                Arguments.of("completion, one-sided Ω, column pass", (Supplier<Objective>) () ->
                        CompletionObjective.symmetric(square, gaussian(square.size(), 6), 6, 1.0, 3000,
                                Transpose.COLUMN_PASS)),
                Arguments.of("completion, two factors, slots", (Supplier<Objective>) () ->
                        CompletionObjective.asymmetric(wide, gaussian(wide.size(), 7), 6, 0.5, 3000, Transpose.SCATTER)),
                Arguments.of("completion, two factors, column pass", (Supplier<Objective>) () ->
                        CompletionObjective.asymmetric(wide, gaussian(wide.size(), 7), 6, 0.5, 3000,
                                Transpose.COLUMN_PASS)),
                Arguments.of("completion, two factors, dense masked route", (Supplier<Objective>) () ->
                        CompletionObjective.asymmetric(wide, gaussian(wide.size(), 7), 6, 0.5,
                                CompletionObjective.Route.DENSE)),
                Arguments.of("completion, biases and weights, slots", (Supplier<Objective>) () ->
                        CompletionObjective.create(wide, gaussian(wide.size(), 7), 6, 0.5, false, true,
                                weights(wide.size(), 8), 3000, Transpose.SCATTER)),
                Arguments.of("completion, biases and weights, column pass", (Supplier<Objective>) () ->
                        CompletionObjective.create(wide, gaussian(wide.size(), 7), 6, 0.5, false, true,
                                weights(wide.size(), 8), 3000, Transpose.COLUMN_PASS)),
                Arguments.of("balancing term", (Supplier<Objective>) () -> new BalanceRegularizer(3000, 2500, 6, 0.3)),
                Arguments.of("1-bit, symmetric", (Supplier<Objective>) () -> OneBitObjective.symmetric(
                        200, 6, symmetricAlpha, 1000, 16)),
                Arguments.of("1-bit, two factors", (Supplier<Objective>) () -> OneBitObjective.asymmetric(
                        150, 250, 6, alpha, 1000, 16)));
    }

    private static double[] gaussian(int n, long seed) {
        double[] t = new double[n];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, t);
        return t;
    }

    static double[] weights(int n, long seed) {
        double[] w = new double[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) w[k] = 0.5 + rng.nextDouble();
        return w;
    }

    private static double[] symmetricTarget(SparsePattern omega) {
        LowRankTruth truth = LowRankTruth.symmetric(new SplittableRandom(9), omega.rows(), new double[] {3, 1});
        return LowRankRecovery.observed(truth, omega);
    }

    /** value, fused value, gradient and Hessian-vector product, concatenated. */
    private static double[] evaluate(Objective f, int threads) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            int d = f.dimension();
            double[] x = new double[d], v = new double[d];
            SplittableRandom rng = new SplittableRandom(21);
            Randoms.gaussian(rng, 0.3, x);
            Randoms.gaussian(rng, 1.0, v);
            double[] result = new double[2 + 2 * d];
            double[] g = new double[d], h = new double[d];
            result[0] = f.value(x);
            result[1] = f.valueAndGradient(x, g);
            f.hessianVector(x, v, h);
            System.arraycopy(g, 0, result, 2, d);
            System.arraycopy(h, 0, result, 2 + d, d);
            return result;
        } finally {
            Parallel.setThreads(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void sameBitsOnOneTwoAndThreeThreads(String name, Supplier<Objective> make) {
        Objective f = make.get();
        double[] one = evaluate(f, 1);
        assertThat(evaluate(f, 2)).containsExactly(one);
        assertThat(evaluate(make.get(), 3)).containsExactly(one);
        assertThat(one[0]).isEqualTo(one[1]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objectives")
    void callsAllocateNothingOnOneThread(String name, Supplier<Objective> make) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Objective f = make.get();
        int d = f.dimension();
        double[] x = new double[d], v = new double[d], g = new double[d];
        Randoms.gaussian(new SplittableRandom(1), 0.3, x);
        Randoms.gaussian(new SplittableRandom(2), 1.0, v);
        int before = Parallel.threads();
        Parallel.setThreads(1);
        try {
            // warm-up rounds link the code, size lazy buffers and let the JIT settle (it allocates once, early)
            for (int t = 0; t < 5; t++) {
                f.value(x);
                f.valueAndGradient(x, g);
                f.hessianVector(x, v, g);
            }
            long empty = -threads.getCurrentThreadAllocatedBytes() + threads.getCurrentThreadAllocatedBytes();
            long start = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 5; t++) {
                f.value(x);
                f.valueAndGradient(x, g);
                f.hessianVector(x, v, g);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - start;
            assertThat(allocated).isLessThanOrEqualTo(empty);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
