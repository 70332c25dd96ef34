package org.irlab.completion;

import java.util.Arrays;
import org.irlab.linalg.Parallel;
import org.irlab.problem.Objective;

/**
 * The asymmetric completion objective with optional bias terms and the balancing term,
 * f(X, Y, b, c) = (1/|Ω|)·Σ_{(i,j)∈Ω} (u_i v_j⟨X_i, Y_j⟩ + b_i + c_j − t_ij)² + w·‖XᵀX − YᵀY‖²_F,
 * on x = [X; Y; b; c] (X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'} row-major; the bias blocks b ∈ ℝ^{n₁}, c ∈ ℝ^{n₂} only when
 * {@code biases} is set; the fixed weights u, v are 1 unless given). With u = v = 1 and no biases this is eq. (123)
 * of the IPGD paper scaled by 1/|Ω| plus the balancing term of Section 7; the biases are Koren's per-row and
 * per-column offsets.
 *
 * <p>It is {@link org.irlab.problem.ObservedEntriesModel} + {@link org.irlab.problem.SquaredLoss} +
 * {@link org.irlab.problem.BalanceRegularizer} fused and extended by the bias blocks and weights (those classes have
 * neither): one gradient is a row-wise sweep over Ω (residuals, loss, the X and b gradients) and a column-wise sweep
 * (the Y and c gradients), both cut into fixed chunks run in parallel ({@link Parallel}: the same bits on any thread
 * count). Cost O(|Ω|·r') per gradient, plus O((n₁+n₂)·r'²) when w &gt; 0; no n₁×n₂ array is ever formed. Work
 * buffers: two arrays of |Ω| doubles (and r'² per 1024 rows for the balancing term).
 */
public final class CompletionObjective implements Objective {
    /** Entries per chunk of a sweep (rows or columns are never split, so a chunk may hold more). */
    private static final int ENTRY_CHUNK = 2048;
    private static final int BALANCE_CHUNK = 1024;

    private final SparseRatings target;
    private final int rows, columns, rank, dimension, rightOffset, rowBiasOffset, columnBiasOffset;
    private final boolean biases;
    private final double scale, balance;
    private final double[] rowScale, columnScale;
    private final double[] coefficient, direction, rowPartial, columnPartial;
    private final int[] rowBounds, columnBounds;
    private final double[] imbalance, imbalanceDot, balancePartial;

    /**
     * @param target  the values t on Ω (shared, not modified)
     * @param rank    r', the number of columns of X and Y
     * @param biases  whether x carries the bias blocks b and c
     * @param balance the weight w ≥ 0 of ‖XᵀX − YᵀY‖²_F
     */
    public CompletionObjective(SparseRatings target, int rank, boolean biases, double balance) {
        this(target, rank, biases, balance, null, null);
    }

    /**
     * The objective with the factor product weighted per entry, model = u_i·v_j·⟨X_i, Y_j⟩ (+ b_i + c_j): GD on
     * (X, Y) is then GD on the unweighted factors U·X, V·Y preconditioned by diag(u²) and diag(v²).
     *
     * @param rowScale    u (n₁ positive entries; copied), or null for all ones
     * @param columnScale v (n₂ positive entries; copied), or null for all ones
     */
    public CompletionObjective(SparseRatings target, int rank, boolean biases, double balance, double[] rowScale,
                               double[] columnScale) {
        if (rank < 1) throw new IllegalArgumentException("rank must be ≥ 1, got " + rank);
        if (!(balance >= 0) || !Double.isFinite(balance)) throw new IllegalArgumentException("balance must be ≥ 0");
        if (target.size() == 0) throw new IllegalArgumentException("no observed entries");
        this.target = target;
        this.rows = target.rows();
        this.columns = target.columns();
        this.rank = rank;
        this.biases = biases;
        this.balance = balance;
        this.scale = 1.0 / target.size();
        this.rowScale = checkScale(rowScale, target.rows(), "rowScale");
        this.columnScale = checkScale(columnScale, target.columns(), "columnScale");
        this.rightOffset = Math.multiplyExact(rows, rank);
        this.rowBiasOffset = Math.addExact(rightOffset, Math.multiplyExact(columns, rank));
        this.columnBiasOffset = rowBiasOffset + (biases ? rows : 0);
        this.dimension = Math.addExact(columnBiasOffset, biases ? columns : 0);
        this.coefficient = new double[target.size()];
        this.direction = new double[target.size()];
        this.rowBounds = bounds(target.rowStart());
        this.columnBounds = bounds(target.columnStart());
        this.rowPartial = new double[rowBounds.length - 1];
        this.columnPartial = new double[columnBounds.length - 1];
        this.imbalance = new double[rank * rank];
        this.imbalanceDot = new double[rank * rank];
        this.balancePartial = balance > 0
                ? new double[Parallel.chunks(rows + columns, BALANCE_CHUNK) * rank * rank] : new double[0];
    }

    private static double[] checkScale(double[] scale, int n, String name) {
        double[] out = new double[n];
        if (scale == null) {
            Arrays.fill(out, 1.0);
            return out;
        }
        if (scale.length != n) throw new IllegalArgumentException(name + " has " + scale.length + " entries, expected " + n);
        for (int i = 0; i < n; i++) {
            if (!(scale[i] > 0) || !Double.isFinite(scale[i])) throw new IllegalArgumentException(name + " must be > 0");
            out[i] = scale[i];
        }
        return out;
    }

    /** u_i (1 when unweighted). */
    public double rowScale(int i) { return rowScale[i]; }

    /** v_j (1 when unweighted). */
    public double columnScale(int j) { return columnScale[j]; }

    public int rows() { return rows; }

    public int columns() { return columns; }

    /** r'. */
    public int rank() { return rank; }

    public boolean hasBiases() { return biases; }

    /** The weight w of the balancing term. */
    public double balance() { return balance; }

    /** Position of Y in x (= n₁r'); X occupies [0, n₁r'). */
    public int rightOffset() { return rightOffset; }

    /** Position of b in x (n₁ entries; only with biases). */
    public int rowBiasOffset() { return rowBiasOffset; }

    /** Position of c in x (n₂ entries; only with biases). */
    public int columnBiasOffset() { return columnBiasOffset; }

    @Override public int dimension() { return dimension; }

    /** The model's value ⟨X_i, Y_j⟩ (+ b_i + c_j) at one entry. */
    public double predict(double[] x, int i, int j) {
        double s = rowScale[i] * columnScale[j] * dot(x, i * rank, x, rightOffset + j * rank, rank);
        return biases ? s + x[rowBiasOffset + i] + x[columnBiasOffset + j] : s;
    }

    /** (1/|Ω|)·Σ_Ω (model − t)², the data term alone (the mean squared training residual). */
    public double dataTerm(double[] x) {
        return residuals(x, false);
    }

    /** ‖XᵀX − YᵀY‖_F (without the weight). */
    public double imbalanceNorm(double[] x) {
        computeImbalance(x, imbalance);
        double s = 0;
        for (double v : imbalance) s += v * v;
        return Math.sqrt(s);
    }

    @Override public double value(double[] x) {
        double f = residuals(x, false);
        if (balance > 0) f += balance * squaredImbalance(x);
        return f;
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] g) {
        checkLengths(x, g);
        double c = 4 * balance;
        double penalty = balance > 0 ? balance * squaredImbalance(x) : 0; // leaves XᵀX − YᵀY in `imbalance`
        final double[] d = imbalance;
        double twice = 2 * scale;
        // one row-wise sweep: residuals (kept for the column sweep), the loss, the X and b gradients
        forEachRowChunk((chunk, from, to) -> {
            int[] rowStart = target.rowStart(), column = target.entryColumn();
            double[] t = target.values();
            double loss = 0;
            for (int i = from; i < to; i++) {
                int o = i * rank;
                Arrays.fill(g, o, o + rank, 0.0);
                double bias = 0, u = rowScale[i], b = biases ? x[rowBiasOffset + i] : 0;
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    int j = column[k], yj = rightOffset + j * rank;
                    double w = u * columnScale[j];
                    double e = w * dot(x, o, x, yj, rank) - t[k];
                    if (biases) e += b + x[columnBiasOffset + j];
                    loss += e * e;
                    double ge = twice * e;
                    coefficient[k] = ge;
                    axpy(ge * w, x, yj, g, o, rank);
                    bias += ge;
                }
                if (biases) g[rowBiasOffset + i] = bias;
                if (c > 0) multiplyAdd(c, x, o, d, g, o);
            }
            rowPartial[chunk] = loss;
        });
        double f = scale * Parallel.sumInOrder(rowPartial, rowPartial.length) + penalty;
        forEachColumnChunk((chunk, from, to) -> {
            int[] order = target.columnOrder(), entryRow = target.entryRow();
            for (int j = from; j < to; j++) {
                int o = rightOffset + j * rank;
                Arrays.fill(g, o, o + rank, 0.0);
                double bias = 0, v = columnScale[j];
                for (int p = target.columnStart()[j]; p < target.columnStart()[j + 1]; p++) {
                    int k = order[p];
                    int i = entryRow[k];
                    double e = coefficient[k];
                    axpy(e * v * rowScale[i], x, i * rank, g, o, rank);
                    bias += e;
                }
                if (biases) g[columnBiasOffset + j] = bias;
                if (c > 0) multiplyAdd(-c, x, o, d, g, o);
            }
        });
        return f;
    }

    /**
     * H·v = (2/|Ω|)·[Jᵀ(Jv) + (E·V_Y; Eᵀ·V_X; 0; 0)] + 4w·[V_X D + X Ḋ; −(V_Y D + Y Ḋ); 0; 0] with E the residuals on
     * Ω, (Jv)_ij = ⟨V_X,i, Y_j⟩ + ⟨X_i, V_Y,j⟩ + v_b,i + v_c,j, D = XᵀX − YᵀY and Ḋ = V_XᵀX + XᵀV_X − V_YᵀY − YᵀV_Y.
     */
    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        checkLengths(x, v);
        checkLengths(x, out);
        residuals(x, true); // coefficient = (2/|Ω|)·E
        forEachRowChunk((chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                for (int k = target.rowStart()[i]; k < target.rowStart()[i + 1]; k++) {
                    int yj = rightOffset + target.entryColumn()[k] * rank;
                    double jv = rowScale[i] * columnScale[target.entryColumn()[k]]
                            * (dot(v, i * rank, x, yj, rank) + dot(x, i * rank, v, yj, rank));
                    if (biases) jv += v[rowBiasOffset + i] + v[columnBiasOffset + target.entryColumn()[k]];
                    direction[k] = 2 * scale * jv;
                }
            }
        });
        double c = 4 * balance;
        if (balance > 0) {
            computeImbalance(x, imbalance);
            computeImbalanceDot(x, v, imbalanceDot);
        }
        forEachRowChunk((chunk, from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * rank;
                Arrays.fill(out, o, o + rank, 0.0);
                double bias = 0;
                for (int k = target.rowStart()[i]; k < target.rowStart()[i + 1]; k++) {
                    int j = target.entryColumn()[k], yj = rightOffset + j * rank;
                    double w = rowScale[i] * columnScale[j];
                    axpy(w * direction[k], x, yj, out, o, rank);
                    axpy(w * coefficient[k], v, yj, out, o, rank);
                    bias += direction[k];
                }
                if (biases) out[rowBiasOffset + i] = bias;
                if (c > 0) {
                    multiplyAdd(c, v, o, imbalance, out, o);
                    multiplyAdd(c, x, o, imbalanceDot, out, o);
                }
            }
        });
        forEachColumnChunk((chunk, from, to) -> {
            int[] order = target.columnOrder(), entryRow = target.entryRow();
            for (int j = from; j < to; j++) {
                int o = rightOffset + j * rank;
                Arrays.fill(out, o, o + rank, 0.0);
                double bias = 0;
                for (int p = target.columnStart()[j]; p < target.columnStart()[j + 1]; p++) {
                    int k = order[p];
                    int xi = entryRow[k] * rank;
                    double w = rowScale[entryRow[k]] * columnScale[j];
                    axpy(w * direction[k], x, xi, out, o, rank);
                    axpy(w * coefficient[k], v, xi, out, o, rank);
                    bias += direction[k];
                }
                if (biases) out[columnBiasOffset + j] = bias;
                if (c > 0) {
                    multiplyAdd(-c, v, o, imbalance, out, o);
                    multiplyAdd(-c, x, o, imbalanceDot, out, o);
                }
            }
        });
    }

    /**
     * Row-wise sweep: returns (1/|Ω|)·Σ_Ω e², e = model − t, and when {@code store} writes (2/|Ω|)·e into
     * {@link #coefficient} (the gradient of the data term with respect to each entry's prediction).
     */
    private double residuals(double[] x, boolean store) {
        if (x.length != dimension) throw new IllegalArgumentException("x has " + x.length + " entries, expected "
                + dimension);
        double twice = 2 * scale;
        forEachRowChunk((chunk, from, to) -> {
            int[] rowStart = target.rowStart(), column = target.entryColumn();
            double[] t = target.values();
            double s = 0;
            for (int i = from; i < to; i++) {
                int xi = i * rank;
                double b = biases ? x[rowBiasOffset + i] : 0, u = rowScale[i];
                for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                    int j = column[k];
                    double e = u * columnScale[j] * dot(x, xi, x, rightOffset + j * rank, rank) - t[k];
                    if (biases) e += b + x[columnBiasOffset + j];
                    s += e * e;
                    if (store) coefficient[k] = twice * e;
                }
            }
            rowPartial[chunk] = s;
        });
        return scale * Parallel.sumInOrder(rowPartial, rowPartial.length);
    }

    /** ‖XᵀX − YᵀY‖²_F, leaving the difference in {@link #imbalance}. */
    private double squaredImbalance(double[] x) {
        computeImbalance(x, imbalance);
        double s = 0;
        for (double v : imbalance) s += v * v;
        return s;
    }

    /** d ← XᵀX − YᵀY: per-chunk partial sums of ±x_i x_iᵀ (upper triangle), added in chunk order, mirrored. */
    private void computeImbalance(double[] x, double[] d) {
        int r = rank, r2 = r * r, n = rows + columns;
        int chunks = Parallel.chunks(n, BALANCE_CHUNK);
        double[] partial = balancePartial.length > 0 ? balancePartial : new double[chunks * r2];
        Parallel.forEachChunk(n, BALANCE_CHUNK, (long) n * r2, (chunk, from, to) -> {
            int base = chunk * r2;
            Arrays.fill(partial, base, base + r2, 0.0);
            for (int i = from; i < to; i++) {
                int o = i * r; // X and Y are contiguous: row i < n₁ of X, else row i − n₁ of Y
                double sign = i < rows ? 1 : -1;
                for (int a = 0; a < r; a++) {
                    double xa = sign * x[o + a];
                    if (xa == 0) continue;
                    int row = base + a * r;
                    for (int b = a; b < r; b++) partial[row + b] += xa * x[o + b];
                }
            }
        });
        Arrays.fill(d, 0.0);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int base = chunk * r2;
            for (int a = 0; a < r; a++) for (int b = a; b < r; b++) d[a * r + b] += partial[base + a * r + b];
        }
        for (int a = 0; a < r; a++) for (int b = a + 1; b < r; b++) d[b * r + a] = d[a * r + b];
    }

    /** d ← V_XᵀX + XᵀV_X − V_YᵀY − YᵀV_Y. */
    private void computeImbalanceDot(double[] x, double[] v, double[] d) {
        int r = rank, r2 = r * r, n = rows + columns;
        int chunks = Parallel.chunks(n, BALANCE_CHUNK);
        double[] partial = balancePartial;
        Parallel.forEachChunk(n, BALANCE_CHUNK, (long) n * r2, (chunk, from, to) -> {
            int base = chunk * r2;
            Arrays.fill(partial, base, base + r2, 0.0);
            for (int i = from; i < to; i++) {
                int o = i * r;
                double sign = i < rows ? 1 : -1;
                for (int a = 0; a < r; a++) {
                    double va = sign * v[o + a];
                    if (va == 0) continue;
                    int row = base + a * r;
                    for (int b = 0; b < r; b++) partial[row + b] += va * x[o + b];
                }
            }
        });
        Arrays.fill(d, 0.0);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int base = chunk * r2;
            for (int p = 0; p < r2; p++) d[p] += partial[base + p];
        }
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                double s = d[a * r + b] + d[b * r + a];
                d[a * r + b] = s;
                d[b * r + a] = s;
            }
        }
    }

    private long cost() { return (long) target.size() * rank; }

    /**
     * Chunk boundaries over rows (or columns) with about {@link #ENTRY_CHUNK} entries each, from the CSR (CSC) start
     * offsets: chunk c is lines [bounds[c], bounds[c+1]). Balanced by entries, not lines, so that the contiguous
     * groups of chunks {@link Parallel} hands to its threads carry equal work on skewed data; fixed by the data alone.
     */
    private static int[] bounds(int[] start) {
        int n = start.length - 1;
        int[] b = new int[n + 1];
        int count = 0;
        b[count++] = 0;
        for (int i = 1; i < n; i++) {
            if (start[i] - start[b[count - 1]] >= ENTRY_CHUNK) b[count++] = i;
        }
        b[count++] = n;
        return Arrays.copyOf(b, count);
    }

    private void forEachRowChunk(Parallel.ChunkBody body) {
        int[] b = rowBounds;
        Parallel.forEachChunk(b.length - 1, 1, cost(), (c, from, to) -> body.run(c, b[c], b[c + 1]));
    }

    private void forEachColumnChunk(Parallel.ChunkBody body) {
        int[] b = columnBounds;
        Parallel.forEachChunk(b.length - 1, 1, cost(), (c, from, to) -> body.run(c, b[c], b[c + 1]));
    }

    private void checkLengths(double[] x, double[] other) {
        if (x.length != dimension || other.length != dimension) {
            throw new IllegalArgumentException("expected arrays of " + dimension + " entries");
        }
        if (x == other) throw new IllegalArgumentException("output aliases input");
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 3 < n; p += 4) {
            s0 += a[ao + p] * b[bo + p];
            s1 += a[ao + p + 1] * b[bo + p + 1];
            s2 += a[ao + p + 2] * b[bo + p + 2];
            s3 += a[ao + p + 3] * b[bo + p + 3];
        }
        for (; p < n; p++) s0 += a[ao + p] * b[bo + p];
        return (s0 + s1) + (s2 + s3);
    }

    /** y[yo…] += alpha·x[xo…] over n entries. */
    private static void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n) {
        for (int p = 0; p < n; p++) y[yo + p] += alpha * x[xo + p];
    }

    /** out[oo…oo+r) += alpha·(a[ao…ao+r) · D) for the r×r matrix D. */
    private void multiplyAdd(double alpha, double[] a, int ao, double[] d, double[] out, int oo) {
        int r = rank;
        for (int k = 0; k < r; k++) {
            double s = alpha * a[ao + k];
            if (s == 0) continue;
            axpy(s, d, k * r, out, oo, r);
        }
    }
}
