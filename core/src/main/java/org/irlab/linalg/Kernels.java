package org.irlab.linalg;

/**
 * BLAS-like kernels on flat row-major {@code double[]} arrays. Outputs are caller-owned and must not alias inputs
 * unless a method says so; nothing here allocates.
 */
public final class Kernels {
    private Kernels() {}

    /** Returns Σ a[i]·b[i] over the first {@code n} entries. */
    public static double dot(double[] a, double[] b, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) s0 += a[i] * b[i];
        return (s0 + s1) + (s2 + s3);
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("length mismatch " + a.length + " vs " + b.length);
        return dot(a, b, a.length);
    }

    /** Returns Σ a[aOff+i]·b[bOff+i], i &lt; n. */
    public static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
        }
        if (i < n) s0 += a[aOff + i] * b[bOff + i];
        return s0 + s1;
    }

    /** y ← y + alpha·x (may alias only when x == y). */
    public static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += alpha * x[i];
    }

    /** Euclidean norm, scaled so that neither overflow nor underflow loses the result. */
    public static double norm(double[] x) {
        // one pass for the largest magnitude and the plain sum of squares; the sum is used only when no entry can
        // overflow or underflow it, and is then the same number a second pass would give
        double scale = 0, s = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
            s += v * v;
        }
        if (scale == 0 || !Double.isFinite(scale)) return scale == 0 ? 0 : (Double.isNaN(scale) ? Double.NaN : Double.POSITIVE_INFINITY);
        if (scale > 1e150 || scale < 1e-150) {
            s = 0;
            // divide (not multiply by 1/scale, which overflows for subnormal scales)
            for (double v : x) { double w = v / scale; s += w * w; }
            return scale * Math.sqrt(s);
        }
        return Math.sqrt(s);
    }

    /** Euclidean distance ‖a − b‖. */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) { double d = a[i] - b[i]; s += d * d; }
        return Math.sqrt(s);
    }

    public static void scale(double alpha, double[] x) {
        for (int i = 0; i < x.length; i++) x[i] *= alpha;
    }

    /** True when every entry is finite. */
    public static boolean isFinite(double[] x) {
        for (double v : x) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** C (m×n) ← A (m×k) · B (k×n). */
    public static void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
        checkNoAlias(a, b, c);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0.0);
            int ai = i * k;
            for (int p = 0; p < k; p++) {
                double aip = a[ai + p];
                if (aip == 0) continue;
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
            }
        }
    }

    /** C (m×n) ← A (m×k) · Bᵀ where B is n×k. */
    public static void multiplyTransB(double[] a, double[] b, double[] c, int m, int k, int n) {
        checkNoAlias(a, b, c);
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) c[i * n + j] = dot(a, ai, b, j * k, k);
        }
    }

    /** C (m×n) ← Aᵀ · B where A is k×m and B is k×n. */
    public static void multiplyTransA(double[] a, double[] b, double[] c, int m, int k, int n) {
        checkNoAlias(a, b, c);
        java.util.Arrays.fill(c, 0, m * n, 0.0);
        for (int p = 0; p < k; p++) {
            int ap = p * m, bp = p * n;
            for (int i = 0; i < m; i++) {
                double api = a[ap + i];
                if (api == 0) continue;
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
            }
        }
    }

    /**
     * y (m) ← A (m×n) · x (n): yᵢ = {@link #dot(double[], int, double[], int, int) dot}(a, i·n, x, 0, n) to the
     * bit. Four rows at a time, each with its own two accumulators in that order: eight independent sums instead of
     * two, so the loop is no longer bound by the latency of one addition chain.
     */
    public static void multiplyVector(double[] a, double[] x, double[] y, int m, int n) {
        int i = 0;
        for (; i + 3 < m; i += 4) rowDots(a, i * n, x, n, y, i);
        for (; i < m; i++) y[i] = dot(a, i * n, x, 0, n);
    }

    /**
     * y[at..at+3] ← the dot products of the four consecutive n-long rows of {@code a} from {@code offset} with x,
     * each summed exactly as {@link #dot(double[], int, double[], int, int)} sums it.
     */
    public static void rowDots(double[] a, int offset, double[] x, int n, double[] y, int at) {
        int r0 = offset, r1 = offset + n, r2 = offset + 2 * n, r3 = offset + 3 * n;
        double s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
        int p = 0;
        for (; p + 1 < n; p += 2) {
            double x0 = x[p], x1 = x[p + 1];
            s00 += a[r0 + p] * x0;
            s01 += a[r0 + p + 1] * x1;
            s10 += a[r1 + p] * x0;
            s11 += a[r1 + p + 1] * x1;
            s20 += a[r2 + p] * x0;
            s21 += a[r2 + p + 1] * x1;
            s30 += a[r3 + p] * x0;
            s31 += a[r3 + p + 1] * x1;
        }
        if (p < n) {
            double x0 = x[p];
            s00 += a[r0 + p] * x0;
            s10 += a[r1 + p] * x0;
            s20 += a[r2 + p] * x0;
            s30 += a[r3 + p] * x0;
        }
        y[at] = s00 + s01;
        y[at + 1] = s10 + s11;
        y[at + 2] = s20 + s21;
        y[at + 3] = s30 + s31;
    }

    /** y (n) ← Aᵀ · x where A is m×n and x has m entries. */
    public static void multiplyTransposeVector(double[] a, double[] x, double[] y, int m, int n) {
        java.util.Arrays.fill(y, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            double xi = x[i];
            if (xi == 0) continue;
            int ai = i * n;
            for (int j = 0; j < n; j++) y[j] += xi * a[ai + j];
        }
    }

    private static void checkNoAlias(double[] a, double[] b, double[] c) {
        if (c == a || c == b) throw new IllegalArgumentException("output aliases an input");
    }
}
