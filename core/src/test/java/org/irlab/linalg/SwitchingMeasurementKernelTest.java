package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scalar-then-SIMD kernel: the scalar kernel's bits before, during and after the switch, and it does switch. */
class SwitchingMeasurementKernelTest {
    @Test
    void givesTheScalarBitsThroughTheSwitch() throws InterruptedException {
        Optional<MeasurementKernel> simd = MeasurementKernels.simd();
        assumeThat(simd).isPresent();
        MeasurementKernel scalar = MeasurementKernels.scalar();
        SwitchingMeasurementKernel k = new SwitchingMeasurementKernel(scalar, simd.get(), 100_000);
        assertThat(k.name()).isEqualTo("scalar→" + simd.get().name());
        int width = 37, rows = 21;
        double[] operator = new double[rows * width], v = new double[width], w = new double[rows];
        Randoms.gaussian(new SplittableRandom(5), 1.0, operator);
        Randoms.gaussian(new SplittableRandom(6), 1.0, v);
        Randoms.gaussian(new SplittableRandom(7), 1.0, w);
        boolean sawScalar = false;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!k.switched() && System.nanoTime() < deadline) {
            sawScalar = true;
            check(k, scalar, operator, v, w, width, rows);
            Thread.sleep(1);
        }
        assertThat(sawScalar).isTrue();
        assertThat(k.switched()).as("switched to SIMD within a minute").isTrue();
        check(k, scalar, operator, v, w, width, rows);
    }

    private static void check(MeasurementKernel k, MeasurementKernel scalar, double[] operator, double[] v, double[] w,
                              int width, int rows) {
        assertThat(k.dot(operator, 3, v, 0, width - 3)).isEqualTo(scalar.dot(operator, 3, v, 0, width - 3));
        double[] a1 = new double[width], a2 = new double[width], o1 = new double[rows], o2 = new double[rows];
        k.residualsAndAccumulate(operator, width, 0, rows, v, w, 0.5, o1, a1);
        scalar.residualsAndAccumulate(operator, width, 0, rows, v, w, 0.5, o2, a2);
        assertThat(o1).containsExactly(o2);
        assertThat(a1).containsExactly(a2);
        double[] c1 = new double[rows * rows], c2 = new double[rows * rows];
        k.multiply(operator, operator, c1, rows, rows, rows);
        scalar.multiply(operator, operator, c2, rows, rows, rows);
        assertThat(c1).containsExactly(c2);
    }
}
