package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.Optional;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packed symmetric sensing objective against the dense composition, across kernels and thread counts. */
class SymmetricSensingPackedTest {
    record Instance(int n, int k, double[] operator, double[] y, double scale) {
        SymmetricSensingObjective packed(MeasurementKernel kernel) {
            return new SymmetricSensingObjective(n, k, SymmetricSensingObjective.pack(n, operator, y.length), y, scale, kernel);
        }

        Objective denseObjective() {
            return new FactorizedObjective(new SymmetricFactorModel(n, k), new SensingLoss(n, n, operator, y, scale));
        }
    }

    static Instance instance(int n, int k, int measurements, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] dense = new double[measurements * n * n], y = new double[measurements];
        Randoms.gaussian(rng, 1.0, dense);
        Randoms.gaussian(rng, 3.0, y);
        return new Instance(n, k, dense, y, 1.0 / (4 * measurements));
    }

    @Nested class Contract extends ObjectiveContract {
        @Override protected Objective objective() { return instance(7, 5, 83, 4).packed(MeasurementKernels.scalar()); }
    }

    /**
     * Same value, gradient and HVP as the dense FactorizedObjective(SymmetricFactorModel, SensingLoss). The last two
     * cases have n(n+1)/2 ≥ 2N, where products take the direct pass instead of the cached Gram matrix.
     */
    @ParameterizedTest
    @CsvSource({"6,4,60,1", "20,20,600,2", "9,3,131,3", "20,5,100,4", "8,3,18,5"})
    void packedAgreesWithDense(int n, int k, int measurements, long seed) {
        Instance inst = instance(n, k, measurements, seed);
        Objective packed = inst.packed(MeasurementKernels.scalar()), dense = inst.denseObjective();
        SplittableRandom rng = new SplittableRandom(seed + 100);
        double[] x = new double[n * k], v = new double[n * k];
        Randoms.gaussian(rng, 0.5, x);
        Randoms.gaussian(rng, 1.0, v);
        double[] g1 = new double[n * k], g2 = new double[n * k], h1 = new double[n * k], h2 = new double[n * k];
        double f1 = packed.valueAndGradient(x, g1), f2 = dense.valueAndGradient(x, g2);
        packed.hessianVector(x, v, h1);
        dense.hessianVector(x, v, h2);
        assertThat(Math.abs(f1 - f2)).isLessThanOrEqualTo(REORDERED * Math.abs(f2));
        assertThat(Kernels.distance(g1, g2)).isLessThanOrEqualTo(REORDERED * Kernels.norm(g2));
        assertThat(Kernels.distance(h1, h2)).isLessThanOrEqualTo(REORDERED * Kernels.norm(h2));
        assertThat(packed.value(x)).isEqualTo(f1);
    }

    /** pack keeps the diagonal and adds the two off-diagonal halves, so ⟨Âᵢ, pack(M)⟩ = ⟨Aᵢ, M⟩ for symmetric M. */
    @Test
    void packedEntriesAreTheSymmetrisedOperator() {
        int n = 4;
        double[] dense = new double[2 * n * n];
        for (int i = 0; i < dense.length; i++) dense[i] = i;
        double[] packed = SymmetricSensingObjective.pack(n, dense, 2);
        assertThat(packed).hasSize(2 * 10);
        // row 1 starts at 16: A[0][0] = 16, A[0][1] + A[1][0] = 17 + 20, A[2][3] + A[3][2] = 27 + 30
        assertThat(packed[10]).isEqualTo(16);
        assertThat(packed[10 + SymmetricSensingObjective.packedIndex(n, 0, 1)]).isEqualTo(37);
        assertThat(packed[10 + SymmetricSensingObjective.packedIndex(n, 2, 3)]).isEqualTo(57);
        assertThat(packed[10 + SymmetricSensingObjective.packedIndex(n, 3, 3)]).isEqualTo(31);
    }

    /** The SIMD kernel gives the scalar kernel's bits for value, gradient and HVP (tails in every dimension). */
    @ParameterizedTest
    @CsvSource({"6,5,61", "20,20,600", "7,4,9"})
    void simdGivesTheScalarBits(int n, int k, int measurements) {
        Optional<MeasurementKernel> simd = MeasurementKernels.simd();
        assumeThat(simd).isPresent();
        Instance inst = instance(n, k, measurements, 11);
        Objective scalar = inst.packed(MeasurementKernels.scalar()), vector = inst.packed(simd.get());
        SplittableRandom rng = new SplittableRandom(12);
        double[] x = new double[n * k], v = new double[n * k];
        Randoms.gaussian(rng, 0.5, x);
        Randoms.gaussian(rng, 1.0, v);
        double[] g1 = new double[n * k], g2 = new double[n * k], h1 = new double[n * k], h2 = new double[n * k];
        assertThat(vector.valueAndGradient(x, g2)).isEqualTo(scalar.valueAndGradient(x, g1));
        assertThat(g2).containsExactly(g1);
        scalar.hessianVector(x, v, h1);
        vector.hessianVector(x, v, h2);
        assertThat(h2).containsExactly(h1);
        assertThat(vector.value(x)).isEqualTo(scalar.value(x));
    }

    /** Reusing S across products at the same x gives the bits of a fresh objective, whatever came before. */
    @Test
    void repeatedProductsAtOnePointGiveFreshBits() {
        Instance inst = instance(6, 4, 70, 21);
        SymmetricSensingObjective used = inst.packed(MeasurementKernels.scalar());
        SplittableRandom rng = new SplittableRandom(22);
        double[] x = new double[24], y = new double[24], v = new double[24], w = new double[24];
        Randoms.gaussian(rng, 0.5, x);
        Randoms.gaussian(rng, 0.5, y);
        Randoms.gaussian(rng, 1.0, v);
        Randoms.gaussian(rng, 1.0, w);
        double[] out = new double[24], fresh = new double[24];
        used.hessianVector(x, v, out);
        used.valueAndGradient(y, out);
        used.hessianVector(x, w, out);
        inst.packed(MeasurementKernels.scalar()).hessianVector(x, w, fresh);
        assertThat(out).containsExactly(fresh);
        used.hessianVector(y, v, out);
        inst.packed(MeasurementKernels.scalar()).hessianVector(y, v, fresh);
        assertThat(out).containsExactly(fresh);
        double[] moved = x.clone();
        moved[3] = Math.nextUp(moved[3]);
        used.hessianVector(x, v, out);
        used.hessianVector(moved, v, out);
        inst.packed(MeasurementKernels.scalar()).hessianVector(moved, v, fresh);
        assertThat(out).containsExactly(fresh);
    }

    /** Above the parallel threshold, one and two threads give the same bits. */
    @Test
    void sameBitsForAnyThreadCount() {
        int n = 20, measurements = (int) (SymmetricSensingObjective.PARALLEL_MIN_ENTRIES / (n * (n + 1) / 2)) + 9;
        Instance inst = instance(n, 6, measurements, 5);
        Objective f = inst.packed(MeasurementKernels.selected());
        double[] x = new double[f.dimension()], v = new double[f.dimension()];
        Randoms.gaussian(new SplittableRandom(1), 0.3, x);
        Randoms.gaussian(new SplittableRandom(2), 1.0, v);
        double[][] g = new double[2][f.dimension()], h = new double[2][f.dimension()];
        double[] values = new double[2];
        int before = Parallel.threads();
        try {
            for (int t = 0; t < 2; t++) {
                Parallel.setThreads(t + 1);
                values[t] = f.valueAndGradient(x, g[t]);
                f.hessianVector(x, v, h[t]);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertThat(values[1]).isEqualTo(values[0]);
        assertThat(g[1]).containsExactly(g[0]);
        assertThat(h[1]).containsExactly(h[0]);
    }

    /**
     * The loss is summed from the residuals, so residuals of 1e-15 give a loss near 1e-30 (a Gram-form
     * ⟨M, 𝒜*𝒜M⟩ − 2⟨y, 𝒜M⟩ + ‖y‖² would cancel to noise of order 1e-16·‖y‖²).
     */
    @Test
    void lossResolvesTinyResiduals() {
        int n = 5, k = 3, measurements = 40, packedSize = n * (n + 1) / 2;
        Instance base = instance(n, k, measurements, 8);
        double[] x = new double[n * k];
        Randoms.gaussian(new SplittableRandom(9), 1.0, x);
        double[] packedOperator = SymmetricSensingObjective.pack(n, base.operator(), measurements);
        MeasurementKernel kernel = MeasurementKernels.scalar();
        double[] gram = new double[packedSize];
        for (int j = 0, p = 0; j < n; j++) for (int l = j; l < n; l++) gram[p++] = kernel.dot(x, j * k, x, l * k, k);
        double[] dots = new double[measurements], y = new double[measurements];
        kernel.residuals(packedOperator, packedSize, 0, measurements, gram, null, dots);
        double expected = 0;
        for (int i = 0; i < measurements; i++) {
            y[i] = dots[i] + 1e-15 * (1 + i % 3);
            double r = dots[i] - y[i]; // exact (Sterbenz)
            expected += r * r;
        }
        expected *= base.scale();
        SymmetricSensingObjective f = new SymmetricSensingObjective(n, k, packedOperator, y, base.scale(), kernel);
        double loss = f.value(x);
        assertThat(expected).isBetween(1e-33, 1e-28);
        assertThat(loss).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-10));
    }
}
