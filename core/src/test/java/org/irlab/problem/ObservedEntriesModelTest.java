package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The matrix-free completion model against dense references: on the full pattern it must agree with the dense
 * factor models, and on a random Ω the completion objective must equal the naive masked sum written out here.
 */
class ObservedEntriesModelTest {
    private static double[] random(SplittableRandom rng, int n) {
        double[] x = new double[n];
        Randoms.gaussian(rng, 1.0, x);
        return x;
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        double scale = Kernels.norm(expected);
        assertThat(Kernels.distance(actual, expected))
                .isLessThanOrEqualTo(Tolerances.EXACT_ABSOLUTE + Tolerances.EXACT_RELATIVE * scale);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fullPatternAgreesWithTheDenseModel(boolean symmetric) {
        int n1 = 5, n2 = symmetric ? 5 : 7, r = 3;
        SparsePattern full = SparsePattern.full(n1, n2);
        FactorModel sparse = symmetric ? ObservedEntriesModel.symmetric(full, r) : ObservedEntriesModel.asymmetric(full, r);
        FactorModel dense = symmetric ? new SymmetricFactorModel(n1, r) : new AsymmetricFactorModel(n1, n2, r);
        assertThat(sparse.dimension()).isEqualTo(dense.dimension());
        SplittableRandom rng = new SplittableRandom(3);
        int d = dense.dimension(), size = n1 * n2;
        double[] x = random(rng, d), v = random(rng, d), g = random(rng, size);
        double[] a = new double[size], b = new double[size];
        sparse.product(x, a);
        dense.product(x, b);
        assertClose(a, b);
        sparse.pushforward(x, v, a);
        dense.pushforward(x, v, b);
        assertClose(a, b);
        double[] p = new double[d], q = new double[d];
        sparse.pullback(x, g, p);
        dense.pullback(x, g, q);
        assertClose(p, q);
        sparse.curvature(x, g, v, p);
        dense.curvature(x, g, v, q);
        assertClose(p, q);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void completionObjectiveEqualsTheMaskedSum(boolean symmetric) {
        int n1 = 6, n2 = symmetric ? 6 : 9, r = 4;
        LowRankRecovery problem = symmetric
                ? LowRankRecovery.symmetricCompletion(n1, 2, r, new double[] {3, 1}, 0.5, 21)
                : LowRankRecovery.asymmetricCompletion(n1, n2, 2, r, new double[] {3, 1}, 0.5, 0, 21);
        Objective f = problem.objective();
        SparsePattern omega = ((CompletionObjective) f).pattern();
        assertThat(omega.size()).isBetween(1, n1 * n2 - 1);
        LowRankTruth truth = problem.truth();
        double[] x = random(new SplittableRandom(8), f.dimension());
        int yOffset = symmetric ? 0 : n1 * r;
        // naive: f = Σ_{(i,j)∈Ω} (⟨X_i, Y_j⟩ − M*_ij)², ∇_{X_i} = Σ_j 2e_ij Y_j, ∇_{Y_j} = Σ_i 2e_ij X_i
        double value = 0;
        double[] gradient = new double[f.dimension()];
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                if (!omega.contains(i, j)) continue;
                double e = -truth.entry(i, j);
                for (int a = 0; a < r; a++) e += x[i * r + a] * x[yOffset + j * r + a];
                value += e * e;
                for (int a = 0; a < r; a++) {
                    gradient[i * r + a] += 2 * e * x[yOffset + j * r + a];
                    gradient[yOffset + j * r + a] += 2 * e * x[i * r + a];
                }
            }
        }
        double[] g = new double[f.dimension()];
        assertThat(Tolerances.close(f.valueAndGradient(x, g), value, Tolerances.EXACT_RELATIVE, 0)).isTrue();
        assertClose(g, gradient);
    }
}
