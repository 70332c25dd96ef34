package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.irlab.problem.FactorSpectrum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TSQR (tall-skinny QR): the R of blocks of rows combined pairwise along a fixed binary tree ({@link
 * Householder#triangular}, {@link Householder#stacked}) has the singular values of the whole matrix (EJML's SVD of A,
 * dense) and RᵀR = AᵀA; the spectrum of L·Rᵀ from the two sides' R equals FactorSpectrum's on the whole factors. On
 * random tall matrices, rank-deficient ones (rank d &lt; c, a zero column) and blocks with fewer rows than columns or
 * none at all.
 */
class TallSkinnyQrTest {
    /** A rows × c matrix of rank d (d = c: full rank), zero column {@code zero} (−1: none). */
    static double[] matrix(int rows, int c, int d, int zero, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = new double[rows * d], v = new double[d * c], a = new double[rows * c];
        Randoms.gaussian(rng, 1.0, u);
        Randoms.gaussian(rng, 1.0, v);
        Kernels.multiply(u, v, a, rows, d, c);
        if (zero >= 0) for (int i = 0; i < rows; i++) a[i * c + zero] = 0;
        return a;
    }

    /** R of the row blocks cut at {@code cuts}, combined pairwise along the fixed tree of the block indices. */
    static double[] tsqr(double[] a, int c, int[] cuts) {
        double[][] level = new double[cuts.length - 1][];
        for (int b = 0; b + 1 < cuts.length; b++) {
            level[b] = Householder.triangular(Arrays.copyOfRange(a, cuts[b] * c, cuts[b + 1] * c), cuts[b + 1] - cuts[b], c);
        }
        while (level.length > 1) {
            double[][] next = new double[(level.length + 1) / 2][];
            for (int k = 0; k < next.length; k++) {
                next[k] = 2 * k + 1 < level.length ? Householder.stacked(level[2 * k], level[2 * k + 1], c) : level[2 * k];
            }
            level = next;
        }
        return level[0];
    }

    static double[] singularValues(double[] a, int rows, int c) {
        var svd = DecompositionFactory_DDRM.svd(rows, c, false, false, true);
        assertThat(svd.decompose(new DMatrixRMaj(rows, c, true, a))).isTrue();
        double[] s = Arrays.copyOf(svd.getSingularValues(), Math.min(rows, c));
        Arrays.sort(s);
        double[] out = new double[s.length];
        for (int t = 0; t < s.length; t++) out[t] = s[s.length - 1 - t];
        return out;
    }

    @ParameterizedTest(name = "{0} × {1}, rank {2}, zero column {3}, cuts {4}")
    @CsvSource({
        "200, 6, 6, -1, '0 50 100 150 200'",
        "203, 9, 9, -1, '0 3 3 90 120 203'",   // a block of 3 rows (< c) and an empty block
        "160, 8, 3, -1, '0 40 80 120 160'",    // rank-deficient
        "97, 7, 7, 2, '0 10 20 30 40 50 60 97'",
        "50, 12, 4, 0, '0 5 11 50'",           // rank-deficient, a zero column, short blocks
        "5, 8, 5, -1, '0 2 5'"                 // fewer rows than columns
    })
    void theTreeOfBlockRsHasTheSpectrumAndGramOfTheWholeMatrix(int rows, int c, int d, int zero, String cutText) {
        int[] cuts = Arrays.stream(cutText.split(" ")).mapToInt(Integer::parseInt).toArray();
        double[] a = matrix(rows, c, d, zero, rows * 31L + c);
        double[] r = tsqr(a, c, cuts);
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < Math.min(i, c); j++) assertThat(r[i * c + j]).as("below the diagonal").isZero();
        }
        double[] gramA = new double[c * c], gramR = new double[c * c];
        Kernels.multiplyTransA(a, a, gramA, c, rows, c);
        Kernels.multiplyTransA(r, r, gramR, c, c, c);
        assertThat(Kernels.distance(gramR, gramA)).isLessThanOrEqualTo(1e-13 * Kernels.norm(gramA));
        double[] expected = singularValues(a, rows, c), actual = singularValues(r, c, c);
        double top = expected[0];
        for (int t = 0; t < expected.length; t++) {
            assertThat(actual[t]).as("σ%d", t + 1).isCloseTo(expected[t], within(1e-12 * top));
        }
        for (int t = expected.length; t < c; t++) assertThat(actual[t]).isCloseTo(0, within(1e-12 * top));
        if (d < Math.min(rows, c)) assertThat(actual[d]).as("the rank is kept").isLessThan(1e-12 * top);
    }

    @ParameterizedTest(name = "{0} × {1} times {2} × {1}")
    @CsvSource({"120, 6, 40", "30, 10, 90", "7, 9, 50"})
    void theSpectrumOfAProductFromBlockRsIsFactorSpectrums(int n1, int c, int n2) {
        double[] left = matrix(n1, c, c, -1, 5), right = matrix(n2, c, c, -1, 6);
        double[] x = Arrays.copyOf(left, (n1 + n2) * c);
        System.arraycopy(right, 0, x, n1 * c, n2 * c);
        FactorSpectrum whole = new FactorSpectrum(n1, n2, c);
        double[] expected = new double[whole.count()];
        whole.singularValues(x, expected);
        // the same R in one block: the same bits
        assertThat(FactorSpectrum.singularValues(Householder.triangular(left, n1, c), Math.min(n1, c),
                Householder.triangular(right, n2, c), Math.min(n2, c), c)).containsExactly(expected);
        // R of the left side by blocks: the same values to round-off
        double[] byBlocks = FactorSpectrum.singularValues(tsqr(left, c, new int[] {0, n1 / 3, n1 / 2, n1}),
                Math.min(n1, c), Householder.triangular(right, n2, c), Math.min(n2, c), c);
        for (int t = 0; t < expected.length; t++) {
            assertThat(byBlocks[t]).isCloseTo(expected[t], within(1e-12 * expected[0]));
        }
    }
}
