package org.irlab.linalg;

/**
 * Eigenvalues of a symmetric tridiagonal matrix T (diagonal a, off-diagonal b) by the implicit QL algorithm with
 * Wilkinson-type shifts (EISPACK tql2), tracking either every eigenvector or only their first and last components
 * — the Lanczos quantities (Gauss weights and residual factors) — at O(k²) cost. Eigenvalues come out ascending.
 * Work buffers are owned and sized for {@code capacity}; nothing is allocated per call.
 */
public final class TridiagonalEigen {
    private static final double EPS = Math.ulp(1.0);
    private final int capacity;
    private final double[] diagonal, offDiagonal, values;
    private double[] rows;           // tracked rows of the eigenvector matrix Z, row-major (tracked × size)
    private final double[] scratch;  // for sorting
    private final int[] order;
    private int size, tracked;
    private boolean full;

    /** @param capacity the largest size k this instance will decompose */
    public TridiagonalEigen(int capacity) {
        this.capacity = capacity;
        diagonal = new double[capacity];
        offDiagonal = new double[capacity];
        values = new double[capacity];
        rows = new double[2 * capacity];
        scratch = new double[capacity];
        order = new int[capacity];
    }

    /** The largest size this instance accepts. */
    public int capacity() { return capacity; }

    /**
     * Decomposes the k×k tridiagonal T with T[i][i] = a[i] and T[i][i+1] = T[i+1][i] = b[i] (i &lt; k − 1).
     * Inputs are not modified.
     *
     * @param vectors true to keep every eigenvector (O(k³); the first such call allocates capacity² doubles once);
     *                false to keep only their first and last components (O(k²))
     */
    public void decompose(double[] a, double[] b, int k, boolean vectors) {
        if (k < 1 || k > capacity) throw new IllegalArgumentException("size " + k + " outside [1, " + capacity + "]");
        if (vectors && rows.length < k * k) rows = new double[Math.multiplyExact(capacity, capacity)]; // once
        size = k;
        full = vectors;
        tracked = vectors ? k : Math.min(2, k);
        System.arraycopy(a, 0, diagonal, 0, k);
        for (int i = 0; i < k - 1; i++) offDiagonal[i] = b[i];
        offDiagonal[k - 1] = 0;
        java.util.Arrays.fill(rows, 0, tracked * k, 0.0);
        if (vectors) {
            for (int i = 0; i < k; i++) rows[i * k + i] = 1;
        } else {
            rows[0] = 1;                       // row 0 of Z
            if (k > 1) rows[k + k - 1] = 1;    // row k−1 of Z
        }
        ql(k);
        sort(k);
    }

    /** Number of eigenvalues of the last decomposition. */
    public int size() { return size; }

    /** The i-th smallest eigenvalue θ_i. */
    public double value(int i) { return values[i]; }

    /** First component s_i[0] of the i-th unit eigenvector. */
    public double first(int i) { return rows[i]; }

    /** Last component s_i[k−1] of the i-th unit eigenvector. */
    public double last(int i) { return size == 1 ? rows[0] : rows[full ? (size - 1) * size + i : size + i]; }

    /** Component j of the i-th unit eigenvector (needs {@code vectors = true}). */
    public double vector(int i, int j) {
        if (!full) throw new IllegalStateException("decomposed without vectors");
        return rows[j * size + i];
    }

    private void ql(int n) {
        double[] d = diagonal, e = offDiagonal, z = rows;
        int m0 = tracked;
        double f = 0, tst1 = 0;
        int budget = 60 * n + 60;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n) {
                if (Math.abs(e[m]) <= EPS * tst1) break;
                m++;
            }
            if (m == n) m = n - 1; // e[n−1] = 0, unreachable but keeps indices safe
            if (m > l) {
                do {
                    if (--budget < 0) throw new ArithmeticException("tridiagonal QL did not converge");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = c, c3 = c;
                    double el1 = e[l + 1];
                    double s = 0, s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < m0; k++) {
                            int row = k * n;
                            double zh = z[row + i + 1];
                            z[row + i + 1] = s * z[row + i] + c * zh;
                            z[row + i] = c * z[row + i] - s * zh;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1);
            }
            d[l] = d[l] + f;
            e[l] = 0;
        }
    }

    private void sort(int n) {
        for (int i = 0; i < n; i++) order[i] = i;
        // insertion sort by value: nearly sorted after QL, so close to linear
        for (int i = 1; i < n; i++) {
            int oi = order[i];
            double v = diagonal[oi];
            int j = i - 1;
            while (j >= 0 && diagonal[order[j]] > v) { order[j + 1] = order[j]; j--; }
            order[j + 1] = oi;
        }
        for (int i = 0; i < n; i++) values[i] = diagonal[order[i]];
        for (int k = 0; k < tracked; k++) {
            int row = k * n;
            for (int i = 0; i < n; i++) scratch[i] = rows[row + order[i]];
            System.arraycopy(scratch, 0, rows, row, n);
        }
    }

    /** √(a² + b²) without overflow, faster than Math.hypot. */
    private static double hypot(double a, double b) {
        double x = Math.abs(a), y = Math.abs(b);
        if (x < y) { double t = x; x = y; y = t; }
        if (x == 0) return 0;
        double q = y / x;
        return x * Math.sqrt(1 + q * q);
    }
}
