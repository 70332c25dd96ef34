package org.irlab.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MeasurementKernel} on jdk.incubator.vector: the eight partial sums of a dot product are one 512-bit vector
 * (or two 256-bit ones where the hardware is narrower), and the row sums and rank-one updates are lane-wise (one
 * body, at the preferred width), so results equal the scalar kernel's bit for bit. Compiled separately (it needs {@code --add-modules jdk.incubator.vector}) and loaded
 * reflectively by {@link MeasurementKernels} only when asked for.
 */
final class VectorMeasurementKernel implements MeasurementKernel {
    private static final VectorSpecies<Double> W512 = DoubleVector.SPECIES_512, W256 = DoubleVector.SPECIES_256;
    /** The widest species the JIT prefers, for the lane-wise kernels (accumulate, addOuter). */
    private static final VectorSpecies<Double> ROWS = DoubleVector.SPECIES_PREFERRED.length() >= 8 ? W512 : W256;

    private final boolean wide;

    /** Uses 512-bit vectors when the JIT prefers them, else 256-bit ones. */
    VectorMeasurementKernel() {
        this(DoubleVector.SPECIES_PREFERRED.length() >= 8);
    }

    VectorMeasurementKernel(boolean wide) {
        this.wide = wide;
    }

    @Override public String name() { return wide ? "simd-512" : "simd-256"; }

    @Override public double dot(double[] a, int aOff, double[] b, int bOff, int len) {
        int bound = len & ~7;
        if (wide) {
            DoubleVector acc = DoubleVector.zero(W512);
            for (int p = 0; p < bound; p += 8) {
                acc = acc.add(DoubleVector.fromArray(W512, a, aOff + p).mul(DoubleVector.fromArray(W512, b, bOff + p)));
            }
            return finish(acc, a, aOff, b, bOff, bound, len);
        }
        DoubleVector lo = DoubleVector.zero(W256), hi = lo;
        for (int p = 0; p < bound; p += 8) {
            lo = lo.add(DoubleVector.fromArray(W256, a, aOff + p).mul(DoubleVector.fromArray(W256, b, bOff + p)));
            hi = hi.add(DoubleVector.fromArray(W256, a, aOff + p + 4).mul(DoubleVector.fromArray(W256, b, bOff + p + 4)));
        }
        return finish(lo, hi, a, aOff, b, bOff, bound, len);
    }

    /** Adds the tail to lane 0 and combines the eight lanes in the contract's tree. */
    private static double finish(DoubleVector acc, double[] a, int aOff, double[] b, int bOff, int bound, int len) {
        double l0 = acc.lane(0);
        for (int p = bound; p < len; p++) l0 += a[aOff + p] * b[bOff + p];
        return ((l0 + acc.lane(1)) + (acc.lane(2) + acc.lane(3))) + ((acc.lane(4) + acc.lane(5)) + (acc.lane(6) + acc.lane(7)));
    }

    private static double finish(DoubleVector lo, DoubleVector hi, double[] a, int aOff, double[] b, int bOff,
                                 int bound, int len) {
        double l0 = lo.lane(0);
        for (int p = bound; p < len; p++) l0 += a[aOff + p] * b[bOff + p];
        return ((l0 + lo.lane(1)) + (lo.lane(2) + lo.lane(3))) + ((hi.lane(0) + hi.lane(1)) + (hi.lane(2) + hi.lane(3)));
    }

    @Override public void residuals(double[] rows, int width, int from, int to, double[] v, double[] offsets,
                                    double[] out) {
        int i = from;
        if (wide) {
            int bound = width & ~7;
            for (; i + 8 <= to; i += 8) {
                int r0 = i * width, r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
                int r4 = r3 + width, r5 = r4 + width, r6 = r5 + width, r7 = r6 + width;
                DoubleVector a0 = DoubleVector.zero(W512), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                for (int p = 0; p < bound; p += 8) {
                    DoubleVector x = DoubleVector.fromArray(W512, v, p);
                    a0 = a0.add(DoubleVector.fromArray(W512, rows, r0 + p).mul(x));
                    a1 = a1.add(DoubleVector.fromArray(W512, rows, r1 + p).mul(x));
                    a2 = a2.add(DoubleVector.fromArray(W512, rows, r2 + p).mul(x));
                    a3 = a3.add(DoubleVector.fromArray(W512, rows, r3 + p).mul(x));
                    a4 = a4.add(DoubleVector.fromArray(W512, rows, r4 + p).mul(x));
                    a5 = a5.add(DoubleVector.fromArray(W512, rows, r5 + p).mul(x));
                    a6 = a6.add(DoubleVector.fromArray(W512, rows, r6 + p).mul(x));
                    a7 = a7.add(DoubleVector.fromArray(W512, rows, r7 + p).mul(x));
                }
                store(out, offsets, i, finish(a0, rows, r0, v, 0, bound, width));
                store(out, offsets, i + 1, finish(a1, rows, r1, v, 0, bound, width));
                store(out, offsets, i + 2, finish(a2, rows, r2, v, 0, bound, width));
                store(out, offsets, i + 3, finish(a3, rows, r3, v, 0, bound, width));
                store(out, offsets, i + 4, finish(a4, rows, r4, v, 0, bound, width));
                store(out, offsets, i + 5, finish(a5, rows, r5, v, 0, bound, width));
                store(out, offsets, i + 6, finish(a6, rows, r6, v, 0, bound, width));
                store(out, offsets, i + 7, finish(a7, rows, r7, v, 0, bound, width));
            }
        }
        for (; i < to; i++) store(out, offsets, i, dot(rows, i * width, v, 0, width));
    }

    private static void store(double[] out, double[] offsets, int i, double d) {
        out[i] = offsets == null ? d : d - offsets[i];
    }

    /**
     * One body for every width: a weighted row sum and a rank-one update are lane-wise, so the vector width does not
     * change their bits; {@link #ROWS} is a compile-time constant (the Vector API is intrinsified only then).
     */
    @Override public void accumulate(double[] rows, int stride, int column, int len, int from, int to, double coef,
                                     double[] weights, int wOff, double[] acc, int accOff) {
        final VectorSpecies<Double> s = ROWS;
        int step = s.length(), bound = len - len % step;
        int i = from;
        for (; i + BLOCK <= to; i += BLOCK) {
            int w = wOff + i - from;
            double w0 = coef * weights[w], w1 = coef * weights[w + 1], w2 = coef * weights[w + 2];
            double w3 = coef * weights[w + 3], w4 = coef * weights[w + 4], w5 = coef * weights[w + 5];
            double w6 = coef * weights[w + 6], w7 = coef * weights[w + 7];
            int r0 = i * stride + column, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
            int r4 = r3 + stride, r5 = r4 + stride, r6 = r5 + stride, r7 = r6 + stride;
            DoubleVector v0 = DoubleVector.broadcast(s, w0), v1 = DoubleVector.broadcast(s, w1);
            DoubleVector v2 = DoubleVector.broadcast(s, w2), v3 = DoubleVector.broadcast(s, w3);
            DoubleVector v4 = DoubleVector.broadcast(s, w4), v5 = DoubleVector.broadcast(s, w5);
            DoubleVector v6 = DoubleVector.broadcast(s, w6), v7 = DoubleVector.broadcast(s, w7);
            int p = 0;
            for (; p < bound; p += step) {
                DoubleVector t = DoubleVector.fromArray(s, acc, accOff + p)
                        .add(DoubleVector.fromArray(s, rows, r0 + p).mul(v0))
                        .add(DoubleVector.fromArray(s, rows, r1 + p).mul(v1))
                        .add(DoubleVector.fromArray(s, rows, r2 + p).mul(v2))
                        .add(DoubleVector.fromArray(s, rows, r3 + p).mul(v3))
                        .add(DoubleVector.fromArray(s, rows, r4 + p).mul(v4))
                        .add(DoubleVector.fromArray(s, rows, r5 + p).mul(v5))
                        .add(DoubleVector.fromArray(s, rows, r6 + p).mul(v6))
                        .add(DoubleVector.fromArray(s, rows, r7 + p).mul(v7));
                t.intoArray(acc, accOff + p);
            }
            for (; p < len; p++) {
                acc[accOff + p] = acc[accOff + p] + w0 * rows[r0 + p] + w1 * rows[r1 + p] + w2 * rows[r2 + p]
                        + w3 * rows[r3 + p] + w4 * rows[r4 + p] + w5 * rows[r5 + p] + w6 * rows[r6 + p]
                        + w7 * rows[r7 + p];
            }
        }
        int count = to - i;
        if (count <= 0) return;
        int w = wOff + i - from, r = i * stride + column;
        int p = 0;
        for (; p < bound; p += step) {
            DoubleVector t = DoubleVector.fromArray(s, acc, accOff + p);
            for (int q = 0; q < count; q++) {
                t = t.add(DoubleVector.fromArray(s, rows, r + q * stride + p).mul(DoubleVector.broadcast(s, coef * weights[w + q])));
            }
            t.intoArray(acc, accOff + p);
        }
        for (; p < len; p++) {
            double t = acc[accOff + p];
            for (int q = 0; q < count; q++) t = t + coef * weights[w + q] * rows[r + q * stride + p];
            acc[accOff + p] = t;
        }
    }

    @Override public void addOuter(double[] acc, int accOff, int rows, int len, double coef, double[] u, int uOff,
                                   double[] v, int vOff) {
        final VectorSpecies<Double> s = ROWS;
        int bound = len - len % s.length();
        for (int r = 0; r < rows; r++) {
            double c = coef * u[uOff + r];
            DoubleVector broadcast = DoubleVector.broadcast(s, c);
            int base = accOff + r * len;
            int j = 0;
            for (; j < bound; j += s.length()) {
                DoubleVector t = DoubleVector.fromArray(s, acc, base + j)
                        .add(DoubleVector.fromArray(s, v, vOff + j).mul(broadcast));
                t.intoArray(acc, base + j);
            }
            for (; j < len; j++) acc[base + j] += c * v[vOff + j];
        }
    }

    /** Per thread, the packed strip of b that {@link #product} reads (grown on demand, then reused). */
    private static final ThreadLocal<double[][]> STRIP = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * Strips of 2 vectors' width of b, copied contiguous (b's rows are usually kilobytes apart, which maps every row
     * of a strip to the same few L1 sets), each swept by register tiles of 4 rows × 2 vectors kept over the whole
     * depth: each strip element loaded once serves four rows of c. Every entry is still summed from 0 in order
     * k = 0, 1, …, lane-wise, so the bits are the scalar ones. The columns left over go unpacked.
     */
    @Override public void product(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
                                  int ldc, int m, int depth, int len, double coef) {
        if (c == a || c == b) throw new IllegalArgumentException("output aliases an input");
        final VectorSpecies<Double> s = ROWS;
        final int step = s.length(), width = 2 * step;
        int p = 0;
        if (len >= width && m >= 4) {
            double[][] holder = STRIP.get();
            if (holder[0].length < depth * width) holder[0] = new double[depth * width];
            double[] strip = holder[0];
            for (; p + width <= len; p += width) {
                for (int k = 0, bk = bOff + p, at = 0; k < depth; k++, bk += ldb, at += width) {
                    DoubleVector.fromArray(s, b, bk).intoArray(strip, at);
                    DoubleVector.fromArray(s, b, bk + step).intoArray(strip, at + step);
                }
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    tile(a, aOff + i * lda, lda, strip, 0, width, c, cOff + i * ldc + p, ldc, depth, coef);
                }
                for (; i < m; i++) {
                    int ai = aOff + i * lda, ci = cOff + i * ldc + p;
                    DoubleVector x0 = DoubleVector.zero(s), x1 = x0;
                    for (int k = 0, at = 0; k < depth; k++, at += width) {
                        DoubleVector w = DoubleVector.broadcast(s, coef * a[ai + k]);
                        x0 = x0.add(w.mul(DoubleVector.fromArray(s, strip, at)));
                        x1 = x1.add(w.mul(DoubleVector.fromArray(s, strip, at + step)));
                    }
                    x0.intoArray(c, ci);
                    x1.intoArray(c, ci + step);
                }
            }
        }
        if (p < len) productUnpacked(a, aOff, lda, b, bOff + p, ldb, c, cOff + p, ldc, m, depth, len - p, coef);
    }

    /** {@link #product} reading b in place: register tiles of 4 rows × 2 vectors, then 1 vector, then scalars. */
    private static void productUnpacked(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c,
                                        int cOff, int ldc, int m, int depth, int len, double coef) {
        final VectorSpecies<Double> s = ROWS;
        final int step = s.length();
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            int c0 = cOff + i * ldc, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
            int p = 0;
            for (; p + 2 * step <= len; p += 2 * step) {
                tile(a, a0, lda, b, bOff + p, ldb, c, c0 + p, ldc, depth, coef);
            }
            for (; p + step <= len; p += step) {
                DoubleVector x0 = DoubleVector.zero(s), x1 = x0, x2 = x0, x3 = x0;
                for (int k = 0, bk = bOff + p; k < depth; k++, bk += ldb) {
                    DoubleVector b0 = DoubleVector.fromArray(s, b, bk);
                    x0 = x0.add(DoubleVector.broadcast(s, coef * a[a0 + k]).mul(b0));
                    x1 = x1.add(DoubleVector.broadcast(s, coef * a[a1 + k]).mul(b0));
                    x2 = x2.add(DoubleVector.broadcast(s, coef * a[a2 + k]).mul(b0));
                    x3 = x3.add(DoubleVector.broadcast(s, coef * a[a3 + k]).mul(b0));
                }
                x0.intoArray(c, c0 + p);
                x1.intoArray(c, c1 + p);
                x2.intoArray(c, c2 + p);
                x3.intoArray(c, c3 + p);
            }
            if (p < len) productTail(a, a0, lda, b, bOff + p, ldb, c, c0 + p, ldc, 4, depth, len - p, coef);
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda, ci = cOff + i * ldc;
            int p = 0;
            for (; p + step <= len; p += step) {
                DoubleVector x0 = DoubleVector.zero(s);
                for (int k = 0, bk = bOff + p; k < depth; k++, bk += ldb) {
                    x0 = x0.add(DoubleVector.broadcast(s, coef * a[ai + k]).mul(DoubleVector.fromArray(s, b, bk)));
                }
                x0.intoArray(c, ci + p);
            }
            if (p < len) productTail(a, ai, lda, b, bOff + p, ldb, c, ci + p, ldc, 1, depth, len - p, coef);
        }
    }

    /**
     * The register tile: c[c0 + i·ldc + q] for i &lt; 4, q &lt; 2 vectors, from rows a0 + i·lda of a and the rows
     * b[bAt + k·bStride ..] of b, each entry summed from 0 in order k = 0, 1, ….
     */
    private static void tile(double[] a, int a0, int lda, double[] b, int bAt, int bStride, double[] c, int c0,
                             int ldc, int depth, double coef) {
        final VectorSpecies<Double> s = ROWS;
        final int step = s.length();
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector x00 = DoubleVector.zero(s), x01 = x00, x10 = x00, x11 = x00;
        DoubleVector x20 = x00, x21 = x00, x30 = x00, x31 = x00;
        for (int k = 0, at = bAt; k < depth; k++, at += bStride) {
            DoubleVector b0 = DoubleVector.fromArray(s, b, at), b1 = DoubleVector.fromArray(s, b, at + step);
            DoubleVector w0 = DoubleVector.broadcast(s, coef * a[a0 + k]);
            DoubleVector w1 = DoubleVector.broadcast(s, coef * a[a1 + k]);
            DoubleVector w2 = DoubleVector.broadcast(s, coef * a[a2 + k]);
            DoubleVector w3 = DoubleVector.broadcast(s, coef * a[a3 + k]);
            x00 = x00.add(w0.mul(b0));
            x01 = x01.add(w0.mul(b1));
            x10 = x10.add(w1.mul(b0));
            x11 = x11.add(w1.mul(b1));
            x20 = x20.add(w2.mul(b0));
            x21 = x21.add(w2.mul(b1));
            x30 = x30.add(w3.mul(b0));
            x31 = x31.add(w3.mul(b1));
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + step);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + step);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + step);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + step);
    }

    /** The columns left over by the vectors, entry by entry in the same order. */
    private static void productTail(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff,
                                    int ldc, int m, int depth, int len, double coef) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < len; p++) {
                double t = 0;
                for (int k = 0; k < depth; k++) t = t + coef * a[aOff + i * lda + k] * b[bOff + k * ldb + p];
                c[cOff + i * ldc + p] = t;
            }
        }
    }
}
