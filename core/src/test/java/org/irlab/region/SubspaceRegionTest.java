package org.irlab.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;

class SubspaceRegionTest {
    @Test
    void projectionIsIdempotentWithAResidualOrthogonalToTheBasis() {
        SplittableRandom rng = new SplittableRandom(3);
        int d = 9, k = 4;
        double[] q = Randoms.orthonormalColumns(rng, d, k);
        SubspaceRegion region = new SubspaceRegion(d, k, q);
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        double[] signal = new double[d], residual = new double[d], again = new double[d];
        region.split(x, signal, residual);
        region.project(signal, again);
        assertThat(Kernels.distance(again, signal)).isLessThanOrEqualTo(ROUNDING * Kernels.norm(x) * d);
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int i = 0; i < d; i++) s += q[i * k + c] * residual[i];
            assertThat(Math.abs(s)).isLessThanOrEqualTo(ROUNDING * Kernels.norm(x) * d);
        }
        assertThat(region.residualNorm(x)).isEqualTo(Kernels.norm(residual));
        // Pythagoras: ‖x‖² = ‖x♯‖² + ‖x⊥‖²
        double lhs = Kernels.dot(x, x), rhs = Kernels.dot(signal, signal) + Kernels.dot(residual, residual);
        assertThat(Math.abs(lhs - rhs)).isLessThanOrEqualTo(ROUNDING * lhs);
        // projecting in place gives the same signal
        double[] inPlace = x.clone();
        region.project(inPlace, inPlace);
        assertThat(inPlace).containsExactly(signal);
    }

    @Test
    void aVectorInTheSubspaceHasNoResidualAndTheEmptyBasisKeepsNothing() {
        SplittableRandom rng = new SplittableRandom(4);
        int d = 6, k = 2;
        double[] q = Randoms.orthonormalColumns(rng, d, k);
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = 2 * q[i * k] - 3 * q[i * k + 1];
        assertThat(new SubspaceRegion(d, k, q).residualNorm(x)).isLessThanOrEqualTo(ROUNDING * 4 * d);
        SubspaceRegion empty = new SubspaceRegion(d, 0, new double[0]);
        assertThat(empty.residualNorm(x)).isEqualTo(Kernels.norm(x));
    }
}
