package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelsTest {
    /** Regression: a subnormal largest entry made 1/scale infinite and the norm NaN (GD on a contraction "diverged"). */
    @Test
    void normIsExactAtSubnormalHugeAndOrdinaryScales() {
        assertThat(Kernels.norm(new double[] {Double.MIN_VALUE, 0})).isEqualTo(Double.MIN_VALUE);
        assertThat(Kernels.norm(new double[] {3e-320, 4e-320})).isCloseTo(5e-320, within(1e-322));
        assertThat(Kernels.norm(new double[] {3e200, 4e200})).isCloseTo(5e200, within(1e186));
        assertThat(Kernels.norm(new double[] {3, 4})).isEqualTo(5.0);
        assertThat(Kernels.norm(new double[] {0, 0})).isZero();
        assertThat(Kernels.norm(new double[] {1, Double.NaN})).isNaN();
        assertThat(Kernels.norm(new double[] {1, Double.POSITIVE_INFINITY})).isInfinite();
    }

    @Test
    void productsAgreeWithTheirDefinitions() {
        double[] a = {1, 2, 3, 4, 5, 6}; // 2×3
        double[] b = {1, 0, -1, 2, 0.5, 1}; // 3×2
        double[] c = new double[4];
        Kernels.multiply(a, b, c, 2, 3, 2);
        assertThat(c).containsExactly(1 * 1 + 2 * -1 + 3 * 0.5, 1 * 0 + 2 * 2 + 3 * 1, 4 * 1 + 5 * -1 + 6 * 0.5, 4 * 0 + 5 * 2 + 6 * 1);
        double[] ct = new double[4];
        Kernels.multiplyTransB(a, a, ct, 2, 3, 2); // A Aᵀ
        assertThat(ct).containsExactly(14, 32, 32, 77);
        double[] ata = new double[9];
        Kernels.multiplyTransA(a, a, ata, 3, 2, 3); // Aᵀ A
        assertThat(ata).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        double[] y = new double[2];
        Kernels.multiplyVector(a, new double[] {1, 1, 1}, y, 2, 3);
        assertThat(y).containsExactly(6, 15);
        double[] z = new double[3];
        Kernels.multiplyTransposeVector(a, new double[] {1, -1}, z, 2, 3);
        assertThat(z).containsExactly(-3, -3, -3);
    }

    /** The four-rows-at-a-time product keeps each row's sum exactly as {@code dot} forms it (tails of rows and columns too). */
    @ParameterizedTest
    @CsvSource({"1,1", "3,2", "4,1", "5,3", "7,7", "8,400", "9,401", "37,16"})
    void multiplyVectorGivesEachRowTheBitsOfDot(int m, int n) {
        SplittableRandom rng = new SplittableRandom(31L * m + n);
        double[] a = new double[m * n], x = new double[n], y = new double[m];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextDouble(-1, 1) * Math.pow(10, rng.nextInt(-8, 9));
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble(-1, 1);
        Kernels.multiplyVector(a, x, y, m, n);
        for (int i = 0; i < m; i++) {
            assertThat(Double.doubleToRawLongBits(y[i])).as("row %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(Kernels.dot(a, i * n, x, 0, n)));
        }
    }
}
