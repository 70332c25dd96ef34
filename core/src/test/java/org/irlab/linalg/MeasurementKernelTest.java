package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeasurementKernelTest {
    private static MeasurementKernel simd(boolean wide) {
        Optional<MeasurementKernel> k = MeasurementKernels.simd(wide);
        assumeThat(k).as("jdk.incubator.vector present (surefire adds the module)").isPresent();
        return k.get();
    }

    /**
     * Widths and ranges that exercise every tail (width mod 8 and mod 4, block remainders, a range not starting at
     * 0), for 512-bit and 256-bit vectors.
     */
    @ParameterizedTest
    @CsvSource({"1,0,3,true", "3,0,9,true", "4,0,8,false", "5,2,19,true", "13,1,26,false", "21,0,61,true",
                "28,5,40,false", "210,0,37,true", "210,3,37,false", "17,0,16,true", "17,0,16,false"})
    void simdGivesTheScalarBits(int width, int from, int to, boolean wide) {
        SplittableRandom rng = new SplittableRandom(31L * width + to);
        double[] rows = new double[to * width], v = new double[width], offsets = new double[to];
        Randoms.gaussian(rng, 1.0, rows);
        Randoms.gaussian(rng, 1.0, v);
        Randoms.gaussian(rng, 1.0, offsets);
        MeasurementKernel scalar = MeasurementKernels.scalar(), vector = simd(wide);
        double[] out1 = new double[to], out2 = new double[to], acc1 = new double[width], acc2 = new double[width];
        Randoms.gaussian(rng, 1.0, acc1);
        System.arraycopy(acc1, 0, acc2, 0, width);
        scalar.residualsAndAccumulate(rows, width, from, to, v, offsets, 0.37, out1, acc1);
        vector.residualsAndAccumulate(rows, width, from, to, v, offsets, 0.37, out2, acc2);
        assertThat(out2).containsExactly(out1);
        assertThat(acc2).containsExactly(acc1);
        scalar.residuals(rows, width, from, to, v, null, out1);
        vector.residuals(rows, width, from, to, v, null, out2);
        assertThat(out2).containsExactly(out1);
        for (int len = 0; len <= width; len++) {
            assertThat(vector.dot(rows, from * width, v, 0, len)).isEqualTo(scalar.dot(rows, from * width, v, 0, len));
        }
        // a column window of the rows, weights from an offset, into an offset of the output
        if (width > 2) {
            double[] acc3 = new double[width + 3], acc4 = new double[width + 3];
            scalar.accumulate(rows, width, 1, width - 2, from, to, -1.5, offsets, 0, acc3, 2);
            vector.accumulate(rows, width, 1, width - 2, from, to, -1.5, offsets, 0, acc4, 2);
            assertThat(acc4).containsExactly(acc3);
        }
        int m = 3, k = Math.min(width, 11), n = Math.max(1, to - from);
        double[] a = java.util.Arrays.copyOf(rows, m * k), b = java.util.Arrays.copyOfRange(rows, 0, k * n);
        double[] c1 = new double[m * n], c2 = new double[m * n];
        if (rows.length >= k * n) {
            scalar.multiply(a, b, c1, m, k, n);
            vector.multiply(a, b, c2, m, k, n);
            assertThat(c2).containsExactly(c1);
        }
    }

    /** addOuter: the same bits on every kernel, and the rank-one update it names. */
    @ParameterizedTest
    @CsvSource({"3,20,true", "5,20,false", "4,13,true", "2,3,true", "7,8,false"})
    void addOuterIsTheRankOneUpdate(int rows, int len, boolean wide) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + len);
        double[] u = new double[rows + 2], v = new double[len + 1], acc = new double[rows * len + 3];
        Randoms.gaussian(rng, 1.0, u);
        Randoms.gaussian(rng, 1.0, v);
        Randoms.gaussian(rng, 1.0, acc);
        double[] expected = acc.clone(), scalarOut = acc.clone(), vectorOut = acc.clone();
        for (int r = 0; r < rows; r++) for (int j = 0; j < len; j++) expected[3 + r * len + j] += 0.5 * u[2 + r] * v[1 + j];
        MeasurementKernels.scalar().addOuter(scalarOut, 3, rows, len, 0.5, u, 2, v, 1);
        simd(wide).addOuter(vectorOut, 3, rows, len, 0.5, u, 2, v, 1);
        assertThat(vectorOut).containsExactly(scalarOut);
        assertThat(scalarOut).containsExactly(expected);
    }

    /** multiply computes A·B. */
    @ParameterizedTest
    @CsvSource({"3,4,5", "20,20,20", "1,9,2"})
    void multiplyIsTheMatrixProduct(int m, int k, int n) {
        SplittableRandom rng = new SplittableRandom(m * 100L + k * 10L + n);
        double[] a = new double[m * k], b = new double[k * n], c = new double[m * n], expected = new double[m * n];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        MeasurementKernels.scalar().multiply(a, b, c, m, k, n);
        Kernels.multiply(a, b, expected, m, k, n);
        for (int i = 0; i < c.length; i++) assertThat(c[i])
                .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(REORDERED));
    }

    /** The scalar kernel computes what it says: dot products and the weighted row sum, up to rounding. */
    @ParameterizedTest
    @CsvSource({"3,0,9", "21,3,50"})
    void scalarKernelMatchesPlainSums(int width, int from, int to) {
        SplittableRandom rng = new SplittableRandom(width);
        double[] rows = new double[to * width], v = new double[width], offsets = new double[to];
        Randoms.gaussian(rng, 1.0, rows);
        Randoms.gaussian(rng, 1.0, v);
        Randoms.gaussian(rng, 1.0, offsets);
        double[] out = new double[to], acc = new double[width];
        MeasurementKernels.scalar().residualsAndAccumulate(rows, width, from, to, v, offsets, 2.0, out, acc);
        double[] expectedAcc = new double[width];
        for (int i = from; i < to; i++) {
            double d = 0;
            for (int p = 0; p < width; p++) d += rows[i * width + p] * v[p];
            assertThat(out[i]).isCloseTo(d - offsets[i], org.assertj.core.data.Offset.offset(REORDERED));
            for (int p = 0; p < width; p++) expectedAcc[p] += 2.0 * out[i] * rows[i * width + p];
        }
        for (int p = 0; p < width; p++) assertThat(acc[p]).isCloseTo(expectedAcc[p], org.assertj.core.data.Offset.offset(1e-11));
        for (int i = 0; i < from; i++) assertThat(out[i]).isZero();
    }

    /**
     * product: a panel of A·B with offsets and leading dimensions, the same bits on every kernel (every tail of the
     * 4-row tiles and of the vectors), each entry the in-order sum of its products, and nothing else of c written.
     */
    @ParameterizedTest
    @CsvSource({"1,1,1,true", "3,5,7,true", "4,9,16,true", "5,13,17,false", "8,20,33,true", "9,3,8,false",
                "7,1,24,true", "13,21,40,false", "2,0,5,true"})
    void productIsAPanelOfTheMatrixProduct(int m, int depth, int len, boolean wide) {
        SplittableRandom rng = new SplittableRandom(m * 1000L + depth * 10L + len);
        int lda = depth + 2, ldb = len + 3, ldc = len + 1, aOff = 1, bOff = 2, cOff = 3;
        double[] a = new double[aOff + m * lda], b = new double[bOff + Math.max(depth, 1) * ldb];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        double[] c1 = new double[cOff + m * ldc + 2], c2;
        Randoms.gaussian(rng, 1.0, c1);
        c2 = c1.clone();
        double[] before = c1.clone();
        MeasurementKernels.scalar().product(a, aOff, lda, b, bOff, ldb, c1, cOff, ldc, m, depth, len, -0.75);
        simd(wide).product(a, aOff, lda, b, bOff, ldb, c2, cOff, ldc, m, depth, len, -0.75);
        assertThat(c2).containsExactly(c1);
        for (int i = 0; i < c1.length; i++) {
            int row = (i - cOff) / ldc, p = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && p < len;
            if (!inside) {
                assertThat(c1[i]).as("entry %d outside the panel", i).isEqualTo(before[i]);
                continue;
            }
            double t = 0;
            for (int k = 0; k < depth; k++) t = t + -0.75 * a[aOff + row * lda + k] * b[bOff + k * ldb + p];
            assertThat(c1[i]).isEqualTo(t);
        }
    }
}
