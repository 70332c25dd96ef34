package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcrustesTest {
    @ParameterizedTest
    @CsvSource({"20, 20, 1", "10, 4, 2", "6, 6, 3"})
    void rotatedSolutionIsAtDistanceZeroAndKnownPerturbationIsExact(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[rows * cols];
        Randoms.gaussian(rng, 1.0, z);
        double[] o = Randoms.orthonormalColumns(rng, cols, cols);
        double[] x = new double[rows * cols];
        Kernels.multiply(z, o, x, rows, cols, cols);
        Procrustes p = new Procrustes(rows, cols);
        assertThat(p.distance(x, z)).isLessThan(REORDERED * Kernels.norm(z));
        // add a tiny perturbation E with ZᵀE ... the distance is ‖E‖ to first order; 1e-10 must be resolved
        double[] e = new double[rows * cols];
        Randoms.gaussian(rng, 1.0, e);
        Kernels.scale(1e-10 / Kernels.norm(e), e);
        double[] xe = x.clone();
        Kernels.axpy(1.0, e, xe);
        double dist = p.distance(xe, z);
        assertThat(dist).isLessThanOrEqualTo(1e-10 * (1 + 1e-5));
        assertThat(dist).isGreaterThan(0.3e-10); // the rotation can absorb only part of a random E
    }

    @ParameterizedTest
    @CsvSource({"8, 3, 4"})
    void matchesBruteForceOverRandomRotations(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[rows * cols], x = new double[rows * cols];
        Randoms.gaussian(rng, 1.0, z);
        Randoms.gaussian(rng, 1.0, x);
        double best = new Procrustes(rows, cols).distance(x, z);
        double[] zo = new double[rows * cols];
        for (int k = 0; k < 2000; k++) {
            double[] o = Randoms.orthonormalColumns(rng, cols, cols);
            if (k % 2 == 0) for (int i = 0; i < cols; i++) o[i * cols] = -o[i * cols]; // reflections too
            Kernels.multiply(z, o, zo, rows, cols, cols);
            assertThat(Kernels.distance(x, zo)).isGreaterThanOrEqualTo(best - REORDERED);
        }
        // and the closed form ‖X‖² + ‖Z‖² − 2‖ZᵀX‖_* agrees at this O(1) scale
        double[] c = new double[cols * cols];
        Kernels.multiplyTransA(z, x, c, cols, rows, cols);
        var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(cols, cols, false, false, true);
        svd.decompose(org.ejml.data.DMatrixRMaj.wrap(cols, cols, c));
        double nuclear = 0;
        for (double s : svd.getSingularValues()) nuclear += s;
        double closed = Math.sqrt(Kernels.dot(x, x) + Kernels.dot(z, z) - 2 * nuclear);
        assertThat(best).isCloseTo(closed, within(1e-10));
    }
}
