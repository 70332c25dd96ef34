package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.irlab.problem.Objective;
import org.irlab.problem.SymmetricSensing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OscillationDetectorTest {
    /** f(x) = ½λ‖x‖² (+ a flat direction) — GD multiplies x by (1 − ηλ) each step. */
    static Objective quadratic(double lambda) {
        return new Objective() {
            @Override public int dimension() { return 2; }
            @Override public double value(double[] x) { return 0.5 * lambda * x[0] * x[0]; }
            @Override public void gradient(double[] x, double[] g) { g[0] = lambda * x[0]; g[1] = 0; }
            @Override public double valueAndGradient(double[] x, double[] g) { gradient(x, g); return value(x); }
            @Override public void hessianVector(double[] x, double[] v, double[] out) { out[0] = lambda * v[0]; out[1] = 0; }
        };
    }

    @ParameterizedTest
    @CsvSource({"2.0, true", "2.0000001, true", "1.9, false", "1.0, false", "0.5, false"})
    void periodTwoIsFlaggedAndContractionIsNot(double etaTimesLambda, boolean expected) {
        double lambda = 4;
        DescentResult r = PerturbedDescent.run(quadratic(lambda), new double[] {1, 0},
                DescentSettings.gd(etaTimesLambda / lambda, 2000, -1), IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(expected ? Status.OSCILLATING : Status.ITERATION_LIMIT);
    }

    @Test
    void detectorNeedsAFullWindowOfReversalsAndResets() {
        OscillationDetector d = new OscillationDetector(1, 5, 0);
        double[] g = {1};
        for (int t = 0; t < 5; t++) {
            g[0] = t % 2 == 0 ? 1 : -1;
            assertThat(d.observe(t, g, 1)).isFalse();
        }
        g[0] = -1; // the fifth reversal in a row
        assertThat(d.observe(5, g, 1)).isTrue();
        assertThat(d.detectedAt()).isEqualTo(5);
        d.reset();
        assertThat(d.oscillating()).isFalse();
        // same-direction steps never count
        for (int t = 0; t < 20; t++) assertThat(d.observe(t, new double[] {1}, 1)).isFalse();
    }

    /** The paper's η = 0.1 on symmetric sensing, seed 1: IPGD escapes, then GD locks into a period-2 cycle. */
    @Test
    void statedStepSizeOnSymmetricSensingIsReportedAsOscillating() {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1);
        DescentSettings s = new DescentSettings(Algorithm.IPGD_PLUS, 0.1, 4000, 1e-15, 1e-7, 50, 1e-10, 5000, 0, 2);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[400], s, IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.OSCILLATING);
        assertThat(p.error(r.x())).isGreaterThan(0.1);
        assertThat(r.message()).contains("edge of stability");
    }
    /**
     * A caller that keeps the previous gradient itself (the distributed descent) and passes ⟨∇f_t, ∇f_{t−1}⟩ decides
     * exactly as the detector that keeps it: same flags at every step on a sequence that reverses, shrinks, floors
     * and resets.
     */
    @Test
    void theScalarFeedDecidesAsTheArrayFeed() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(19);
        OscillationDetector kept = new OscillationDetector(3, 4, 1e-3), fed = new OscillationDetector(0, 4, 1e-3);
        double[] g = new double[3], last = new double[3];
        int flagged = 0;
        for (int t = 0; t < 400; t++) {
            if (t % 97 == 0) {
                kept.reset();
                fed.reset();
            }
            double sign = (t / 40) % 2 == 0 ? -1 : 1, scale = (t / 60) % 3 == 0 ? 1e-4 : 1 + rng.nextDouble();
            for (int k = 0; k < 3; k++) g[k] = (sign * last[k] + (rng.nextDouble() - 0.5) * 0.2) * scale;
            double norm = org.irlab.linalg.Kernels.norm(g);
            double dot = fed.hasPrevious() ? org.irlab.linalg.Kernels.dot(g, last, 3) : Double.NaN;
            boolean a = kept.observe(t, g, norm), b = fed.observe(t, norm, dot);
            assertThat(b).as("step %d", t).isEqualTo(a);
            if (a) flagged++;
            System.arraycopy(g, 0, last, 0, 3);
        }
        assertThat(flagged).as("the sequence oscillates somewhere").isPositive();
        assertThat(fed.detectedAt()).isEqualTo(kept.detectedAt());
    }
}
