package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective.Route;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense masked route against the sparse one: the same value to the last bit, gradients equal to re-ordered
 * round-off, Hessian-vector products likewise, the route chosen from density and size, and the Objective contract.
 */
class CompletionDenseRouteTest {
    private static double[] gaussian(int n, long seed, double scale) {
        double[] t = new double[n];
        Randoms.gaussian(new SplittableRandom(seed), scale, t);
        return t;
    }

    /** Shapes and ranks across the tails of the row blocks (16), panels (64), tiles (4) and vectors. */
    @ParameterizedTest
    @CsvSource({"9,7,3,0.5", "37,53,13,0.45", "70,130,67,0.3", "33,17,1,0.9", "20,20,20,1.0"})
    void sameValueBitsAndGradientAsTheSparseRoute(int n1, int n2, int rank, double p) {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(n1 * 31L + n2), n1, n2, p);
        double[] t = gaussian(omega.size(), 2, 1.0);
        CompletionObjective sparse = CompletionObjective.asymmetric(omega, t, rank, 0.3, Route.SPARSE);
        CompletionObjective dense = CompletionObjective.asymmetric(omega, t, rank, 0.3, Route.DENSE);
        assertThat(dense.route()).isEqualTo(Route.DENSE);
        assertThat(sparse.route()).isEqualTo(Route.SPARSE);
        double[] x = gaussian(sparse.dimension(), 3, 0.4);
        double[] g1 = new double[x.length], g2 = new double[x.length];
        double f1 = sparse.valueAndGradient(x, g1), f2 = dense.valueAndGradient(x, g2);
        assertThat(f2).isEqualTo(f1);
        assertThat(dense.value(x)).isEqualTo(f1);
        double[] difference = g1.clone();
        Kernels.axpy(-1, g2, difference);
        assertThat(Kernels.norm(difference)).isLessThanOrEqualTo(REORDERED * Kernels.norm(g1));
        // Hessian-vector products (twice: the second call reuses the route's buffers)
        double[] v = gaussian(x.length, 4, 1.0), h1 = new double[x.length], h2 = new double[x.length];
        for (int call = 0; call < 2; call++) {
            sparse.hessianVector(x, v, h1);
            dense.hessianVector(x, v, h2);
            System.arraycopy(h1, 0, difference, 0, h1.length);
            Kernels.axpy(-1, h2, difference);
            assertThat(Kernels.norm(difference)).isLessThanOrEqualTo(REORDERED * Kernels.norm(h1));
            v = gaussian(x.length, 5, 1.0);
        }
    }

    @Test
    void routeIsChosenFromDensityAndSize() {
        SparsePattern dense = SparsePattern.bernoulli(new SplittableRandom(1), 256, 300, 0.5);
        SparsePattern sparse = SparsePattern.bernoulli(new SplittableRandom(2), 256, 300, 0.05);
        SparsePattern small = SparsePattern.bernoulli(new SplittableRandom(3), 20, 20, 0.5);
        assertThat(CompletionObjective.asymmetric(dense, gaussian(dense.size(), 1, 1), 20, 1).route())
                .isEqualTo(Route.DENSE);
        assertThat(CompletionObjective.asymmetric(sparse, gaussian(sparse.size(), 1, 1), 20, 1).route())
                .isEqualTo(Route.SPARSE);
        // the paper's 20×20 problems keep the sparse route (and their bits)
        assertThat(CompletionObjective.asymmetric(small, gaussian(small.size(), 1, 1), 20, 1).route())
                .isEqualTo(Route.SPARSE);
        assertThat(CompletionObjective.asymmetric(dense, gaussian(dense.size(), 1, 1), 20, 1, true, null).route())
                .isEqualTo(Route.SPARSE);
        SparsePattern square = SparsePattern.bernoulli(new SplittableRandom(4), 256, 256, 0.5);
        assertThat(CompletionObjective.symmetric(square, gaussian(square.size(), 1, 1), 20, 1).route())
                .isEqualTo(Route.SPARSE);
        assertThatThrownBy(() -> CompletionObjective.create(dense, gaussian(dense.size(), 1, 1), 3, 1, false, true,
                null, CompletionObjective.CHUNK_WORK, null, Route.DENSE)).hasMessageContaining("dense route");
    }

    /** The dense route against the Objective contract (finite differences, independent gradient, aliasing). */
    @Nested class Contract extends ObjectiveContract {
        @Override protected Objective objective() {
            SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(11), 9, 7, 0.6);
            return CompletionObjective.asymmetric(omega, gaussian(omega.size(), 12, 1.0), 3, 0.4, Route.DENSE);
        }
    }
}
