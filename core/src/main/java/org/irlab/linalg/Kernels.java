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

    /** y (m) ← A (m×n) · x (n). */
    public static void multiplyVector(double[] a, double[] x, double[] y, int m, int n) {
        for (int i = 0; i < m; i++) y[i] = dot(a, i * n, x, 0, n);
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
