package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Java fdlibm log gives StrictMath.log's bits: where the Gaussian draws use it, across the range, at the edges. */
class FdlibmLogTest {
    @Test
    void equalsStrictMathOnTheUnitIntervalBitForBit() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int i = 0; i < 2_000_000; i++) {
            double s = rng.nextDouble();
            assertThat(Double.doubleToRawLongBits(FdlibmLog.log(s))).as("log(%s)", s)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.log(s)));
        }
    }

    @Test
    void equalsStrictMathAcrossTheRangeAndAtTheEdges() {
        SplittableRandom rng = new SplittableRandom(18);
        for (int i = 0; i < 1_000_000; i++) {
            double x = Double.longBitsToDouble(rng.nextLong() & 0x7fffffffffffffffL); // any non-negative double
            assertThat(Double.doubleToRawLongBits(FdlibmLog.log(x))).as("log(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.log(x)));
        }
        double[] edges = {0.0, -0.0, -1.0, Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
                Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, 1.0, Math.nextUp(1.0), Math.nextDown(1.0),
                2.0, 0.5, Math.sqrt(2), Math.sqrt(0.5), 1 + 0x1p-21, 1 - 0x1p-21, 1 + 0x1p-19, Math.E};
        for (double x : edges) {
            assertThat(Double.doubleToRawLongBits(FdlibmLog.log(x))).as("log(%s)", x)
                    .isEqualTo(Double.doubleToRawLongBits(StrictMath.log(x)));
        }
        for (int e = -1074; e <= 1023; e++) {
            double x = Math.scalb(1.0, e);
            for (double y : new double[] {x, Math.nextUp(x), x * 1.5}) {
                assertThat(Double.doubleToRawLongBits(FdlibmLog.log(y))).as("log(%s)", y)
                        .isEqualTo(Double.doubleToRawLongBits(StrictMath.log(y)));
            }
        }
    }
}
