package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankOneSensingObjectiveTest {
    static RankOneSensingObjective objective(int n1, int n2, int k, int m, boolean symmetric, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[m * n1], b = new double[m * n2], y = new double[m];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        Randoms.gaussian(rng, 1.0, y);
        return new RankOneSensingObjective(n1, n2, k, a, b, y, 1.0 / (4 * m), symmetric);
    }

    @Nested class Symmetric extends ObjectiveContract {
        @Override protected Objective objective() { return RankOneSensingObjectiveTest.objective(6, 6, 3, 1100, true, 3); }
    }

    @Nested class Asymmetric extends ObjectiveContract {
        @Override protected Objective objective() { return RankOneSensingObjectiveTest.objective(5, 7, 3, 1100, false, 4); }
    }

    /** The matrix-free objective equals the dense one built from the explicit Aᵢ = aᵢbᵢᵀ. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void agreesWithTheDenseOperator(long seed) {
        int n = 6, k = 4, m = 700;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[m * n], b = new double[m * n], y = new double[m];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        Randoms.gaussian(rng, 1.0, y);
        double[] dense = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < n; p++) for (int q = 0; q < n; q++) dense[i * n * n + p * n + q] = a[i * n + p] * b[i * n + q];
        }
        double scale = 1.0 / (4 * m);
        Objective matrixFree = new RankOneSensingObjective(n, n, k, a, b, y, scale, true);
        Objective reference = new FactorizedObjective(new SymmetricFactorModel(n, k), new SensingLoss(n, n, dense, y, scale));
        double[] x = new double[n * k], v = new double[n * k];
        Randoms.gaussian(rng, 0.7, x);
        Randoms.gaussian(rng, 1.0, v);
        double[] g1 = new double[n * k], g2 = new double[n * k], h1 = new double[n * k], h2 = new double[n * k];
        double f1 = matrixFree.valueAndGradient(x, g1), f2 = reference.valueAndGradient(x, g2);
        matrixFree.hessianVector(x, v, h1);
        reference.hessianVector(x, v, h2);
        assertThat(Math.abs(f1 - f2)).isLessThan(REORDERED * Math.abs(f2));
        assertThat(Kernels.distance(g1, g2)).isLessThan(REORDERED * Kernels.norm(g2));
        assertThat(Kernels.distance(h1, h2)).isLessThan(REORDERED * Kernels.norm(h2));
    }

    /** The SIMD kernel gives the scalar kernel's bits (k = 20 exercises the 512 + 512 + 256-bit split). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void simdGivesTheScalarBits(boolean symmetric) {
        java.util.Optional<org.irlab.linalg.MeasurementKernel> simd = org.irlab.linalg.MeasurementKernels.simd();
        org.assertj.core.api.Assumptions.assumeThat(simd).isPresent();
        int n1 = 13, n2 = symmetric ? 13 : 9, k = 20, m = 530;
        SplittableRandom rng = new SplittableRandom(17);
        double[] a = new double[m * n1], b = new double[m * n2], y = new double[m];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        Randoms.gaussian(rng, 1.0, y);
        Objective scalar = new RankOneSensingObjective(n1, n2, k, a, b, y, 0.01, symmetric,
                org.irlab.linalg.MeasurementKernels.scalar());
        Objective vector = new RankOneSensingObjective(n1, n2, k, a, b, y, 0.01, symmetric, simd.get());
        double[] x = new double[scalar.dimension()], v = new double[scalar.dimension()];
        Randoms.gaussian(rng, 0.3, x);
        Randoms.gaussian(rng, 1.0, v);
        double[] g1 = new double[x.length], g2 = new double[x.length], h1 = new double[x.length], h2 = new double[x.length];
        assertThat(vector.valueAndGradient(x, g2)).isEqualTo(scalar.valueAndGradient(x, g1));
        assertThat(g2).containsExactly(g1);
        scalar.hessianVector(x, v, h1);
        vector.hessianVector(x, v, h2);
        assertThat(h2).containsExactly(h1);
    }

    /** Chunked reductions in a fixed order: one thread and two threads give the same bits. */
    @Test
    void sameBitsForAnyThreadCount() {
        RankOneSensingObjective f = objective(40, 40, 8, 20000, true, 9);
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

    @Test
    void rankOneSymmetricSensingIsRecoveredByIpgdPlus() {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 1200, 1,
                SymmetricSensing.Operator.RANK_ONE);
        var s = new org.irlab.optim.DescentSettings(org.irlab.optim.Algorithm.IPGD_PLUS, 0.05, 100_000, 1e-15, 1e-7, 200,
                1e-10, 5000, 0, 2);
        var r = org.irlab.optim.PerturbedDescent.run(p.objective(), new double[400], s, org.irlab.optim.IterationObserver.NONE);
        assertThat(p.error(r.x())).isLessThan(1e-6);
    }
}
