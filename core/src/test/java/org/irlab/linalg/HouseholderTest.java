package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** R of a thin QR: upper triangular, RᵀR = AᵀA, and ‖RB‖ = ‖AB‖ for any B (Q is orthogonal). */
class HouseholderTest {
    @ParameterizedTest
    @CsvSource({"50, 6", "6, 6", "4, 7", "1, 3", "300, 25"})
    void rIsTriangularWithTheGramMatrixOfA(int m, int c) {
        double[] a = new double[m * c];
        Randoms.gaussian(new SplittableRandom(m * 7L + c), 1.0, a);
        double[] r = a.clone();
        Householder.triangularize(r, m, c, new double[m], new double[c]);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < Math.min(i, c); j++) assertThat(r[i * c + j]).as("below the diagonal").isZero();
        }
        double[] gramA = new double[c * c], gramR = new double[c * c];
        Kernels.multiplyTransA(a, a, gramA, c, m, c);
        Kernels.multiplyTransA(r, r, gramR, c, m, c);
        assertThat(Kernels.distance(gramA, gramR)).isLessThanOrEqualTo(REORDERED * Kernels.norm(gramA));
    }

    @Test
    void zeroColumnsAndHugeOrTinyEntriesAreFine() {
        int m = 5, c = 3;
        double[] a = new double[m * c];
        for (int i = 0; i < m; i++) {
            a[i * c + 1] = 1e200 * (i + 1);   // huge: squares would overflow
            a[i * c + 2] = 1e-200 * (i - 2);  // tiny: squares would underflow
        }
        Householder.triangularize(a, m, c, new double[m], new double[c]);
        // the zero column is skipped; column norms are kept (Q is orthogonal) without overflow or underflow
        for (int i = 0; i < m; i++) assertThat(a[i * c]).isZero();
        for (int i = 2; i < m; i++) assertThat(a[i * c + 1]).isZero();
        assertThat(Math.hypot(a[1], a[c + 1])).isCloseTo(1e200 * Math.sqrt(55),
                org.assertj.core.api.Assertions.within(1e186));
        double[] last = {a[2], a[c + 2], a[2 * c + 2]};
        assertThat(Kernels.norm(last)).isCloseTo(1e-200 * Math.sqrt(10), org.assertj.core.api.Assertions.within(1e-214));
    }
}
