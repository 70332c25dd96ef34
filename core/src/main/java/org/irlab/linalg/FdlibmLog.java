package org.irlab.linalg;

/**
 * The natural logarithm of fdlibm's e_log.c (the algorithm and the bits of {@link StrictMath#log}), in Java: the
 * seeded Gaussian draws call it once per draw, and on JDK 17 {@code StrictMath.log} is a native call that costs about
 * half of a paper-size instance's generation. Tested bit for bit against {@code StrictMath.log}.
 *
 * <p>log(x) = k·ln2 + log(1 + f) with x = 2^k·(1 + f), √2/2 &lt; 1 + f &lt; √2, and log(1 + f) = 2s + s·R(s²) with
 * s = f/(2 + f), R a degree-14 minimax polynomial (fdlibm, © 1993 Sun Microsystems; "Permission to use, copy,
 * modify, and distribute this software is freely granted, provided that this notice is preserved").
 */
final class FdlibmLog {
    private static final double LN2_HI = Double.longBitsToDouble(0x3FE62E42FEE00000L);
    private static final double LN2_LO = Double.longBitsToDouble(0x3DEA39EF35793C76L);
    private static final double TWO54 = Double.longBitsToDouble(0x4350000000000000L);
    private static final double LG1 = Double.longBitsToDouble(0x3FE5555555555593L);
    private static final double LG2 = Double.longBitsToDouble(0x3FD999999997FA04L);
    private static final double LG3 = Double.longBitsToDouble(0x3FD2492494229359L);
    private static final double LG4 = Double.longBitsToDouble(0x3FCC71C51D8E78AFL);
    private static final double LG5 = Double.longBitsToDouble(0x3FC7466496CB03DEL);
    private static final double LG6 = Double.longBitsToDouble(0x3FC39A09D078C69FL);
    private static final double LG7 = Double.longBitsToDouble(0x3FC2F112DF3E5244L);

    private static double zero = 0.0;               // not a constant: the division must happen at run time

    private FdlibmLog() {}

    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >> 32);
        int lx = (int) bits;
        int k = 0;
        if (hx < 0x00100000) {                          // x < 2^-1022
            if (((hx & 0x7fffffff) | lx) == 0) return Double.NEGATIVE_INFINITY;
            if (hx < 0) return (x - x) / zero;        // NaN with the hardware's bits, as fdlibm's
            k -= 54;
            x *= TWO54;                                  // subnormal: scale up
            hx = (int) (Double.doubleToRawLongBits(x) >> 32);
        }
        if (hx >= 0x7ff00000) return x + x;
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;
        x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32)
                | (Double.doubleToRawLongBits(x) & 0xffffffffL)); // normalise x or x/2
        k += i >> 20;
        double f = x - 1.0;
        double dk;
        if ((0x000fffff & (2 + hx)) < 3) {              // |f| < 2^-20
            if (f == 0) {
                if (k == 0) return 0;
                dk = k;
                return dk * LN2_HI + dk * LN2_LO;
            }
            double r = f * f * (0.5 - 0.33333333333333333 * f);
            if (k == 0) return f - r;
            dk = k;
            return dk * LN2_HI - ((r - dk * LN2_LO) - f);
        }
        double s = f / (2.0 + f);
        dk = k;
        double z = s * s;
        i = hx - 0x6147a;
        double w = z * z;
        int j = 0x6b851 - hx;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        i |= j;
        double r = t2 + t1;
        if (i > 0) {
            double hfsq = 0.5 * f * f;
            if (k == 0) return f - (hfsq - s * (hfsq + r));
            return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
        }
        if (k == 0) return f - s * (f - r);
        return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    }
}
