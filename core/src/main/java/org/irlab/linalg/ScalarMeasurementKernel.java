package org.irlab.linalg;

/** The portable {@link MeasurementKernel}: plain loops in the contract's order (the reference for SIMD ones). */
final class ScalarMeasurementKernel implements MeasurementKernel {
    static final ScalarMeasurementKernel INSTANCE = new ScalarMeasurementKernel();

    private ScalarMeasurementKernel() {}

    @Override public String name() { return "scalar"; }

    @Override public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int p = 0;
        for (; p + 7 < len; p += 8) {
            int i = aOff + p, j = bOff + p;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; p < len; p++) s0 += a[aOff + p] * b[bOff + p];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override public void residuals(double[] rows, int width, int from, int to, double[] v, double[] offsets,
                                    double[] out) {
        for (int i = from; i < to; i++) {
            double d = dot(rows, i * width, v, 0, width);
            out[i] = offsets == null ? d : d - offsets[i];
        }
    }

    @Override public void accumulate(double[] rows, int stride, int column, int len, int from, int to, double coef,
                                     double[] weights, int wOff, double[] acc, int accOff) {
        int i = from;
        for (; i + BLOCK <= to; i += BLOCK) {
            int w = wOff + i - from;
            double w0 = coef * weights[w], w1 = coef * weights[w + 1], w2 = coef * weights[w + 2];
            double w3 = coef * weights[w + 3], w4 = coef * weights[w + 4], w5 = coef * weights[w + 5];
            double w6 = coef * weights[w + 6], w7 = coef * weights[w + 7];
            int r0 = i * stride + column, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
            int r4 = r3 + stride, r5 = r4 + stride, r6 = r5 + stride, r7 = r6 + stride;
            for (int p = 0; p < len; p++) {
                acc[accOff + p] = acc[accOff + p] + w0 * rows[r0 + p] + w1 * rows[r1 + p] + w2 * rows[r2 + p]
                        + w3 * rows[r3 + p] + w4 * rows[r4 + p] + w5 * rows[r5 + p] + w6 * rows[r6 + p]
                        + w7 * rows[r7 + p];
            }
        }
        int count = to - i;
        if (count <= 0) return;
        int w = wOff + i - from, r = i * stride + column;
        for (int p = 0; p < len; p++) {
            double t = acc[accOff + p];
            for (int q = 0; q < count; q++) t = t + coef * weights[w + q] * rows[r + q * stride + p];
            acc[accOff + p] = t;
        }
    }

    @Override public void addOuter(double[] acc, int accOff, int rows, int len, double coef, double[] u, int uOff,
                                   double[] v, int vOff) {
        for (int r = 0; r < rows; r++) {
            double s = coef * u[uOff + r];
            int base = accOff + r * len;
            for (int j = 0; j < len; j++) acc[base + j] += s * v[vOff + j];
        }
    }
}
