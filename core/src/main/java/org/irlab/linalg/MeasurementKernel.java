package org.irlab.linalg;

/**
 * Inner products of many measurement rows with one vector, and weighted sums of rows: the two halves of a sensing
 * gradient, fused per block so that each row comes from memory once (and the small dense products around them).
 *
 * <p>The floating-point order is part of the contract, so that every implementation (scalar or SIMD, any vector
 * width) returns the same bits. A dot product keeps {@link #LANES} partial sums, entry p going to sum p mod 8 while
 * p &lt; 8·⌊len/8⌋ and the remaining entries, in order, to sum 0; it returns ((s₀+s₁)+(s₂+s₃)) + ((s₄+s₅)+(s₆+s₇)).
 * A weighted row sum takes rows in consecutive blocks of {@link #BLOCK} starting at {@code from}, each block as
 * {@code acc[p] = acc[p] + w₀·row₀[p] + w₁·row₁[p] + …} evaluated left to right, with wᵢ = coef·weights[…]. Products
 * are rounded before they are added (no fused multiply-add).
 */
public interface MeasurementKernel {
    /** Partial sums of a dot product (one 512-bit vector of doubles, or two 256-bit ones). */
    int LANES = 8;

    /** Rows summed together in {@link #accumulate}. */
    int BLOCK = 8;

    /** Σ a[aOff + p]·b[bOff + p] for p &lt; len, in the lane order of the class comment. */
    double dot(double[] a, int aOff, double[] b, int bOff, int len);

    /**
     * out[i] = ⟨row i, v⟩ − offsets[i] for from ≤ i &lt; to, row i being rows[i·width .. (i+1)·width)
     * ({@code offsets} null means 0). Reads rows, v, offsets; writes out[from..to) only.
     */
    void residuals(double[] rows, int width, int from, int to, double[] v, double[] offsets, double[] out);

    /**
     * acc[accOff + p] += Σ_{from ≤ i &lt; to} (coef·weights[wOff + i − from])·rows[i·stride + column + p] for p &lt; len,
     * in blocks of {@link #BLOCK} rows. Writes acc[accOff .. accOff + len) only.
     */
    void accumulate(double[] rows, int stride, int column, int len, int from, int to, double coef, double[] weights,
                    int wOff, double[] acc, int accOff);

    /**
     * {@link #residuals}, then acc[0..width) += Σ coef·out[i]·row i, block by block (each block's rows are still in
     * cache when they are summed). Writes out[from..to) and acc[0..width).
     */
    default void residualsAndAccumulate(double[] rows, int width, int from, int to, double[] v, double[] offsets,
                                        double coef, double[] out, double[] acc) {
        for (int i = from; i < to; i += BLOCK) {
            int end = Math.min(to, i + BLOCK);
            residuals(rows, width, i, end, v, offsets, out);
            accumulate(rows, width, 0, width, i, end, coef, out, i, acc, 0);
        }
    }

    /**
     * acc[accOff + r·len + j] += (coef·u[uOff + r])·v[vOff + j] for r &lt; rows, j &lt; len: a rank-one update, entry
     * by entry (so every implementation gives the same bits). Writes acc[accOff .. accOff + rows·len) only.
     */
    void addOuter(double[] acc, int accOff, int rows, int len, double coef, double[] u, int uOff, double[] v, int vOff);

    /** C (m×n) ← A (m×k)·B (k×n), each entry summed over k in the {@link #accumulate} order. c must not alias. */
    default void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
        if (c == a || c == b) throw new IllegalArgumentException("output aliases an input");
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, i * n, (i + 1) * n, 0.0);
            accumulate(b, n, 0, n, 0, k, 1.0, a, i * k, c, i * n);
        }
    }

    /**
     * A panel of a matrix product: c[cOff + i·ldc + p] = Σ_{k &lt; depth} (coef·a[aOff + i·lda + k])·b[bOff + k·ldb + p]
     * for i &lt; m, p &lt; len, each entry summed from 0 in order k = 0, 1, … (the order of {@link #accumulate} into
     * zeros). Overwrites those entries of c only; c must not alias a or b.
     */
    default void product(double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc,
                         int m, int depth, int len, double coef) {
        if (c == a || c == b) throw new IllegalArgumentException("output aliases an input");
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda, ci = cOff + i * ldc;
            java.util.Arrays.fill(c, ci, ci + len, 0.0);
            for (int k = 0; k < depth; k++) {
                double w = coef * a[ai + k];
                int bk = bOff + k * ldb;
                for (int p = 0; p < len; p++) c[ci + p] = c[ci + p] + w * b[bk + p];
            }
        }
    }

    /** A short name for reports ("scalar", "simd-512", "simd-256"). */
    String name();
}
