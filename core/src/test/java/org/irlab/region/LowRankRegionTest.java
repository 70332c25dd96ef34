package org.irlab.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
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
        assertThat(Kernels.distance(again, signal)).isLessThan(REORDERED * Kernels.norm(signal));
        // residual norm from the singular values equals ‖x − P(x)‖
        assertThat(region.residualNorm(x)).isCloseTo(Kernels.norm(residual), within(REORDERED * (1 + Kernels.norm(x))));
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
        assertThat(region.residualNorm(x))
                .isCloseTo(new LowRankRegion(rows, cols, rank).residualNorm(block), within(ROUNDING));
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

    /**
     * The residual vector of a nearly-converged point keeps its own relative accuracy: x = A + δB with A of rank 2
     * (σ ~ 3) and B in its normal space (orthogonal row and column spaces). x − P(x) would carry errors of size
     * ε‖A‖/δ relative to δB (1e-5 at δ = 1e-11); the split must return δB to ~1e-12 relative, and with no
     * component along the signal's rows, so that U♯x⊥ᵀ = 0 holds to round-off.
     */
    @ParameterizedTest
    @CsvSource({"1e-11, 1", "1e-13, 2", "1e-3, 3"})
    void splitResidualIsAccurateWhenTiny(double delta, long seed) {
        int n = 20, k = 20;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] left = Randoms.orthonormalColumns(rng, n, 5), right = Randoms.orthonormalColumns(rng, k, 5);
        double[] a = new double[n * k], b = new double[n * k], x = new double[n * k];
        double[] sigA = {3, 2}, sigB = {1, 0.5, 0.25};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < 2; t++) a[i * k + j] += sigA[t] * left[i * 5 + t] * right[j * 5 + t];
                for (int t = 0; t < 3; t++) b[i * k + j] += delta * sigB[t] * left[i * 5 + 2 + t] * right[j * 5 + 2 + t];
            }
        }
        for (int i = 0; i < x.length; i++) x[i] = a[i] + b[i];
        LowRankRegion region = new LowRankRegion(n, k, 2);
        double[] signal = new double[x.length], residual = new double[x.length];
        region.split(x, signal, residual);
        // x itself carries rounding of size ε‖A‖ in every direction; its normal part belongs to x⊥
        double eps = Math.ulp(1.0);
        assertThat(Kernels.distance(residual, b)).isLessThan(REORDERED * Kernels.norm(b) + 20 * eps * Kernels.norm(a));
        assertThat(Kernels.distance(signal, a)).isLessThan(ROUNDING * Kernels.norm(a));
        // ‖U♯x⊥ᵀ‖_F relative to ‖U♯‖·‖x⊥‖: round-off, where x − P(x) leaves ε‖A‖/δ
        assertThat(crossTerm(signal, residual, n, k)).isLessThan(REORDERED);
        ImplicitRegion subtracting = new ImplicitRegion() { // the interface's default split, x⊥ = x − x♯
            @Override public int dimension() { return region.dimension(); }
            @Override public void project(double[] v, double[] out) { region.project(v, out); }
            @Override public double residualNorm(double[] v) { return region.residualNorm(v); }
        };
        subtracting.split(x, signal, residual);
        if (delta < 1e-9) assertThat(crossTerm(signal, residual, n, k)).isGreaterThan(1e-8);
    }

    private static double crossTerm(double[] signal, double[] residual, int n, int k) {
        double cross = 0;
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                double t = Kernels.dot(signal, i * k, residual, l * k, k);
                cross += t * t;
            }
        }
        return Math.sqrt(cross) / (Kernels.norm(signal) * Kernels.norm(residual));
    }

    /** In a product region each part's accurate residual is kept, and x♯ + x⊥ = x to round-off. */
    @Test
    void productRegionSplitKeepsEachPartsResidual() {
        int rows = 6, cols = 4, block = rows * cols;
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = new double[2 * block];
        Randoms.gaussian(rng, 1.0, x);
        LowRankRegion first = new LowRankRegion(rows, cols, 2, 0, 2 * block);
        LowRankRegion second = new LowRankRegion(rows, cols, 1, block, 2 * block);
        ProductRegion product = new ProductRegion(java.util.List.of(first, second));
        double[] signal = new double[x.length], residual = new double[x.length];
        double[] s1 = new double[x.length], r1 = new double[x.length], s2 = new double[x.length], r2 = new double[x.length];
        product.split(x, signal, residual);
        first.split(x, s1, r1);
        second.split(x, s2, r2);
        for (int i = 0; i < block; i++) {
            assertThat(residual[i]).isEqualTo(r1[i]);
            assertThat(signal[i]).isEqualTo(s1[i]);
            assertThat(residual[block + i]).isEqualTo(r2[block + i]);
            assertThat(signal[block + i]).isEqualTo(s2[block + i]);
            assertThat(r1[block + i]).isZero();
            assertThat(r2[i]).isZero();
        }
        double[] sum = new double[x.length];
        for (int i = 0; i < x.length; i++) sum[i] = signal[i] + residual[i];
        assertThat(Kernels.distance(sum, x)).isLessThan(ROUNDING * Kernels.norm(x));
        assertThat(Kernels.norm(residual)).isCloseTo(product.residualNorm(x), within(ROUNDING));
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
        assertThat(r.residualNorm(x)).isCloseTo(Math.sqrt(expected), within(ROUNDING));
        assertThat(Kernels.norm(res)).isCloseTo(Math.sqrt(expected), within(ROUNDING));
    }
}
