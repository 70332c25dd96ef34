package org.irlab.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LowRankRegionTest {
    @ParameterizedTest
    @CsvSource({"20, 20, 3, 1", "12, 5, 2, 2", "5, 12, 4, 3", "6, 6, 6, 4"})
    void projectionIsTheTruncatedSvd(int rows, int cols, int rank, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        Randoms.gaussian(rng, 1.0, x);
        LowRankRegion region = new LowRankRegion(rows, cols, rank);
        double[] signal = new double[x.length], residual = new double[x.length];
        region.split(x, signal, residual);
        // rank of the signal ≤ r
        DMatrixRMaj s = DMatrixRMaj.wrap(rows, cols, signal.clone());
        assertThat(SingularOps_DDRM.rank(s, 1e-10)).isLessThanOrEqualTo(rank);
        // idempotent
        double[] again = new double[x.length];
        region.project(signal, again);
        assertThat(Kernels.distance(again, signal)).isLessThan(1e-12 * Kernels.norm(signal));
        // residual norm from the singular values equals ‖x − P(x)‖
        assertThat(region.residualNorm(x)).isCloseTo(Kernels.norm(residual), within(1e-12 * (1 + Kernels.norm(x))));
        // residual is orthogonal to the signal (Eckart–Young: the discarded part lives in the other singular spaces)
        assertThat(Math.abs(Kernels.dot(signal, residual))).isLessThan(1e-11 * Kernels.norm(x) * Kernels.norm(x));
        // Eckart–Young: no rank-r competitor is closer; try random rank-r matrices near P(x)
        for (int k = 0; k < 20; k++) {
            double[] a = new double[rows * rank], b = new double[rank * cols], other = new double[rows * cols];
            Randoms.gaussian(rng, 1.0, a);
            Randoms.gaussian(rng, 1.0, b);
            Kernels.multiply(a, b, other, rows, rank, cols);
            assertThat(Kernels.distance(x, other)).isGreaterThanOrEqualTo(region.residualNorm(x));
        }
        double[] other = signal.clone();
        for (int i = 0; i < other.length; i++) other[i] *= 1.001; // still rank ≤ r
        assertThat(Kernels.distance(x, other)).isGreaterThanOrEqualTo(region.residualNorm(x));
    }

    @ParameterizedTest
    @CsvSource({"8, 4, 2, 5"})
    void offsetBlocksLeaveOtherCoordinatesAlone(int rows, int cols, int rank, long seed) {
        int offset = 7, d = offset + rows * cols + 5;
        double[] x = new double[d];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, x);
        LowRankRegion region = new LowRankRegion(rows, cols, rank, offset, d);
        double[] signal = new double[d];
        region.project(x, signal);
        for (int i = 0; i < offset; i++) assertThat(signal[i]).isEqualTo(x[i]);
        for (int i = offset + rows * cols; i < d; i++) assertThat(signal[i]).isEqualTo(x[i]);
        double[] block = java.util.Arrays.copyOfRange(x, offset, offset + rows * cols);
        assertThat(region.residualNorm(x)).isCloseTo(new LowRankRegion(rows, cols, rank).residualNorm(block), within(1e-14));
    }

    @ParameterizedTest
    @CsvSource({"1e-14", "1e-10", "1e-6"})
    void tinyResidualsAreResolvedToRoundOff(double size) {
        // X = signal of rank 2 with σ ~ 3 plus a rank-one residual of known norm orthogonal to it
        int n = 20, k = 20;
        double[] q = Randoms.orthonormalColumns(new SplittableRandom(9), n, 3);
        double[] x = new double[n * k];
        double[] sig = {3, 1, size};
        for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) x[i * k + j] = q[i * 3 + j] * sig[j];
        LowRankRegion region = new LowRankRegion(n, k, 2);
        assertThat(region.residualNorm(x)).isCloseTo(size, within(2e-15 * 3 + 1e-3 * size));
    }

    @ParameterizedTest
    @CsvSource({"6, 3"})
    void supportRegionZeroesOffSupport(int d, long seed) {
        boolean[] support = {true, false, true, false, false, true};
        double[] x = new double[d];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, x);
        SupportRegion r = new SupportRegion(support);
        double[] s = new double[d], res = new double[d];
        r.split(x, s, res);
        double expected = 0;
        for (int i = 0; i < d; i++) {
            assertThat(s[i]).isEqualTo(support[i] ? x[i] : 0.0);
            if (!support[i]) expected += x[i] * x[i];
        }
        assertThat(r.residualNorm(x)).isCloseTo(Math.sqrt(expected), within(1e-15));
        assertThat(Kernels.norm(res)).isCloseTo(Math.sqrt(expected), within(1e-15));
    }
}
