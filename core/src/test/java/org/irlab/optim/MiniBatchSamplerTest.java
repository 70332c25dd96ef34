package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.irlab.problem.SampledObjective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MiniBatch}'s draws themselves (not the estimator): over 10⁴ seeded batches of B = 4 of N = 10 terms each
 * term is included at rate B/N (within 5 standard deviations), batches are handed over in ascending order, without
 * replacement they have no repeats, and with replacement repeats occur at the rate 1 − N!/((N−B)!·N^B).
 */
class MiniBatchSamplerTest {
    static final int N = 10, B = 4, DRAWS = 10_000;

    /** Records each batch it is handed; the objective itself is irrelevant (f = 0). */
    static final class Recorder implements SampledObjective {
        final int[][] seen = new int[DRAWS][];
        int calls;

        @Override public int terms() { return N; }

        @Override public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
            seen[calls++] = java.util.Arrays.copyOf(batch, size);
            gradientOut[0] = 0;
            return 0;
        }

        @Override public int dimension() { return 1; }

        @Override public double value(double[] x) { return 0; }

        @Override public void gradient(double[] x, double[] gradientOut) { gradientOut[0] = 0; }

        @Override public double valueAndGradient(double[] x, double[] gradientOut) { return value(x); }

        @Override public void hessianVector(double[] x, double[] v, double[] out) { out[0] = 0; }
    }

    static Recorder draw(MiniBatch.Sampling sampling, long seed) {
        Recorder r = new Recorder();
        MiniBatch batches = new MiniBatch(r, B, sampling, seed);
        double[] x = new double[1], g = new double[1];
        for (int i = 0; i < DRAWS; i++) batches.valueAndGradient(x, g);
        return r;
    }

    @ParameterizedTest
    @EnumSource(MiniBatch.Sampling.class)
    void everyTermIsIncludedAtRateBOverN(MiniBatch.Sampling sampling) {
        Recorder r = draw(sampling, 17);
        long[] count = new long[N];
        for (int[] batch : r.seen) {
            assertThat(batch).hasSize(B).isSorted();
            for (int i : batch) count[i]++;
        }
        double p = (double) B / N, expected = DRAWS * B / (double) N;
        // per term: B draws of rate 1/N (with replacement) or one inclusion of rate B/N (without): variance ≤ DRAWS·B/N
        double sd = Math.sqrt(DRAWS * (sampling == MiniBatch.Sampling.WITHOUT_REPLACEMENT ? p * (1 - p)
                : B * (1.0 / N) * (1 - 1.0 / N)));
        for (int i = 0; i < N; i++) {
            assertThat(Math.abs(count[i] - expected)).as("term %d drawn %d times, expected %s", i, count[i], expected)
                    .isLessThan(5 * sd);
        }
    }

    @Test
    void repeatsOnlyWithReplacementAtTheirRate() {
        for (int[] batch : draw(MiniBatch.Sampling.WITHOUT_REPLACEMENT, 3).seen) {
            assertThat(batch).doesNotHaveDuplicates();
        }
        int withRepeats = 0;
        for (int[] batch : draw(MiniBatch.Sampling.WITH_REPLACEMENT, 3).seen) {
            if (java.util.Arrays.stream(batch).distinct().count() < B) withRepeats++;
        }
        double q = 1 - (double) N * (N - 1) * (N - 2) * (N - 3) / Math.pow(N, B); // 0.496
        double sd = Math.sqrt(DRAWS * q * (1 - q));
        assertThat(Math.abs(withRepeats - DRAWS * q)).as("%d batches with a repeat", withRepeats)
                .isLessThan(5 * sd);
    }

    @Test
    void theSameSeedDrawsTheSameBatches() {
        Recorder a = draw(MiniBatch.Sampling.WITHOUT_REPLACEMENT, 9), b = draw(MiniBatch.Sampling.WITHOUT_REPLACEMENT, 9);
        Recorder c = draw(MiniBatch.Sampling.WITHOUT_REPLACEMENT, 10);
        assertThat(a.seen).isDeepEqualTo(b.seen);
        assertThat(java.util.Arrays.deepEquals(a.seen, c.seen)).isFalse();
    }
}
