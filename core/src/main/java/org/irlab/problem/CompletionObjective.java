package org.irlab.problem;

import java.util.Arrays;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.SparsePattern;

/**
 * Matrix completion on the observed entries only (eq. (123) of the IPGD paper, scaled by c): with the model
 * mᵢⱼ = ⟨Xᵢ, Yⱼ⟩ (+ bᵢ + cⱼ with the optional bias blocks) and optional entry weights wᵢⱼ,
 * f = c·Σ_{(i,j)∈Ω} eᵢⱼ², eᵢⱼ = wᵢⱼ(mᵢⱼ − Tᵢⱼ), for x = [X; Y] (x = [X; Y; b; c] with biases) or, in the symmetric
 * model, x = X and Y = X. With rᵢⱼ = mᵢⱼ − Tᵢⱼ and, along v = [V; W; β; γ], ṁᵢⱼ = ⟨Vᵢ, Yⱼ⟩ + ⟨Xᵢ, Wⱼ⟩ + βᵢ + γⱼ:
 * ∇_{Xᵢ} f = 2c Σⱼ wᵢⱼ²rᵢⱼYⱼ, ∇_{Yⱼ} f = 2c Σᵢ wᵢⱼ²rᵢⱼXᵢ, ∇_{bᵢ} f = 2c Σⱼ wᵢⱼ²rᵢⱼ, ∇_{cⱼ} f = 2c Σᵢ wᵢⱼ²rᵢⱼ, and
 * ∇²f·v has rows 2c Σⱼ wᵢⱼ²(ṁᵢⱼYⱼ + rᵢⱼWⱼ), 2c Σᵢ wᵢⱼ²(ṁᵢⱼXᵢ + rᵢⱼVᵢ), 2c Σⱼ wᵢⱼ²ṁᵢⱼ and 2c Σᵢ wᵢⱼ²ṁᵢⱼ (in the
 * symmetric model both factor sums add into X). The biases are Koren's per-row and per-column offsets; a balancing
 * term is composed beside it ({@link SumObjective#block}, {@link BalanceRegularizer}).
 *
 * <p>Each call is one fused pass over the CSR rows of Ω: it streams the column indices and T, gathers the Yⱼ rows,
 * and writes nothing of size |Ω| (with biases it keeps one coefficient per entry, from which the bias rows are
 * summed). The transposed side (the Y rows, or the EᵀX half of a symmetric model on a one-sided Ω) is made one of
 * three ways, chosen from the sizes alone:
 * <ul>
 *   <li>{@link Transpose#MIRRORED}: symmetric model with Ω, T (and the weights) symmetric (as in {@link
 *       LowRankRecovery#symmetricCompletion}): E is symmetric to the last bit, ∇f = 4cEX, nothing else to do;</li>
 *   <li>{@link Transpose#SCATTER}: the row pass also adds c·eᵢⱼXᵢ into row j of a partial sum owned by its slot
 *       (a fixed group of row chunks); the slots' partials are then added in slot order. Memory: slots × n₂ × r';
 *       used when the columns hold enough entries for that to pay;</li>
 *   <li>{@link Transpose#COLUMN_PASS}: a second pass over the CSC columns recomputes eᵢⱼ from a column-ordered copy
 *       of T and gathers the Xᵢ rows. Memory: |Ω| more doubles (twice that with weights).</li>
 * </ul>
 * Rows are cut into chunks of about {@value #CHUNK_WORK} entries and chunks into slots, all fixed by Ω alone; each
 * output row is written by one chunk (or summed over the slots in slot order) and the value is the in-order sum of
 * per-chunk partials, so the result is the same bits for any thread count (see {@link Parallel}). Every residual is
 * computed in the same order whichever pass computes it. No call allocates, apart from the fork/join tasks when
 * running on several threads.
 */
public final class CompletionObjective implements CompletionTerm {
    /** Target work (entries plus rows) of one chunk. */
    static final int CHUNK_WORK = 1 << 15;
    /** Most slots of the scatter mode; at least {@link #MIN_SLOTS} or the column pass is used. */
    static final int SLOTS = 8, MIN_SLOTS = 4;
    /** Rows per chunk when adding up the slots' partial sums (and when summing the bias rows). */
    private static final int REDUCE_ROWS = 1024;
    /** Below this many floating-point operations a call stays on the caller's thread (fork/join costs more). */
    static final long PARALLEL_WORK = 1 << 20;

    /** How the transposed side of the gradient is made. */
    enum Transpose { MIRRORED, SCATTER, COLUMN_PASS }

    /**
     * One side of Ω as the kernels see it: the index of the gathered row of each entry, where the gathered rows
     * start in x, T and the squared weights in this side's entry order, and where the gathered rows' biases start
     * in x (−1: no biases).
     */
    static final class Side {
        final int[] index;
        final int gather, gatherBias;
        final double[] target, weight;

        Side(int[] index, int gather, double[] target, double[] weight, int gatherBias) {
            this.index = index;
            this.gather = gather;
            this.target = target;
            this.weight = weight;
            this.gatherBias = gatherBias;
        }
    }

    private final SparsePattern omega;
    private final int rank, rows, columns, dimension, rightOffset, transposedRows, rowBiasOffset, columnBiasOffset;
    private final double scale;
    private final double[] target, columnTarget, weight;
    private final boolean symmetricModel, biases;
    private final Transpose transpose;
    private final Side rowSide, columnSide;
    private final int[] rowStart, columnStart, transposedPosition; // Ω's arrays (shared)
    private final int[] rowChunks, columnChunks; // chunk c covers [chunks[c], chunks[c+1])
    private final int[] slotChunks;               // slot s covers row chunks [slotChunks[s], slotChunks[s+1])
    private final double[][] slotSums;            // per slot, transposedRows × r'
    private final double[] partial;
    private final double[] entryCoefficient;      // biases only: 2c·w²·r (gradient) or 2c·w²·ṁ (HVP), CSR order
    private final Parallel.ChunkBody valueBody, gradientBody, hessianBody, slotGradientBody, slotHessianBody,
            reduceBody, biasBody;
    // the arguments of the current call, read by the chunk bodies (an objective is used by one caller at a time)
    private double[] x, v, out;
    private final int chunkWork;
    private CompletionObjective batchView;        // batches: the same objective with entry weights set per batch
    private double[] batchWeight;

    /** Symmetric model M = XXᵀ on a square Ω (x = X ∈ ℝ^{n×r'}). */
    public static CompletionObjective symmetric(SparsePattern omega, double[] target, int searchRank, double scale) {
        return new CompletionObjective(omega, target, searchRank, scale, true, false, null, CHUNK_WORK, null);
    }

    /** Two-factor model M = XYᵀ on Ω ⊆ [n₁]×[n₂] (x = [X; Y] stacked row-major). */
    public static CompletionObjective asymmetric(SparsePattern omega, double[] target, int searchRank, double scale) {
        return new CompletionObjective(omega, target, searchRank, scale, false, false, null, CHUNK_WORK, null);
    }

    /**
     * Two-factor model with optional bias blocks (x = [X; Y; b; c]) and optional entry weights.
     *
     * @param weights wᵢⱼ on Ω in CSR order (finite, ≥ 0; copied), or null for all ones
     */
    public static CompletionObjective asymmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                                 boolean biases, double[] weights) {
        return new CompletionObjective(omega, target, searchRank, scale, false, biases, weights, CHUNK_WORK, null);
    }

    /** Symmetric model with entry weights (symmetric weights keep the mirrored route). */
    public static CompletionObjective symmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                                double[] weights) {
        return new CompletionObjective(omega, target, searchRank, scale, true, false, weights, CHUNK_WORK, null);
    }

    /** Any model with chunks of the given work and, unless null, the transposed side forced (tests). */
    static CompletionObjective create(SparsePattern omega, double[] target, int searchRank, double scale,
                                      boolean symmetric, boolean biases, double[] weights, int chunkWork,
                                      Transpose force) {
        return new CompletionObjective(omega, target, searchRank, scale, symmetric, biases, weights, chunkWork, force);
    }

    /** The symmetric model with chunks of the given work and, unless null, the transposed side forced (tests). */
    static CompletionObjective symmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                         int chunkWork, Transpose force) {
        return create(omega, target, searchRank, scale, true, false, null, chunkWork, force);
    }

    /** The two-factor model with chunks of the given work and, unless null, the transposed side forced (tests). */
    static CompletionObjective asymmetric(SparsePattern omega, double[] target, int searchRank, double scale,
                                          int chunkWork, Transpose force) {
        return create(omega, target, searchRank, scale, false, false, null, chunkWork, force);
    }

    /**
     * @param target T on Ω in CSR order (length |Ω|); not copied, must not be modified
     * @param scale  c
     */
    private CompletionObjective(SparsePattern omega, double[] target, int searchRank, double scale, boolean symmetric,
                                boolean biases, double[] weights, int chunkWork, Transpose force) {
        if (chunkWork < 1) throw new IllegalArgumentException("chunkWork must be >= 1");
        if (target.length != omega.size()) {
            throw new IllegalArgumentException("target has " + target.length + " entries, Ω has " + omega.size());
        }
        if (searchRank < 1) throw new IllegalArgumentException("searchRank must be >= 1");
        if (!Double.isFinite(scale)) throw new IllegalArgumentException("scale must be finite");
        if (symmetric && omega.rows() != omega.columns()) {
            throw new IllegalArgumentException("symmetric model needs a square Ω");
        }
        if (symmetric && biases) throw new IllegalArgumentException("bias blocks need the two-factor model");
        this.omega = omega;
        this.chunkWork = chunkWork;
        this.target = target;
        this.rank = searchRank;
        this.scale = scale;
        this.rows = omega.rows();
        this.columns = omega.columns();
        this.symmetricModel = symmetric;
        this.biases = biases;
        this.weight = squaredWeights(weights, omega.size());
        this.rightOffset = symmetric ? 0 : Math.multiplyExact(rows, searchRank);
        int factors = Math.multiplyExact(symmetric ? rows : rows + columns, searchRank);
        this.rowBiasOffset = biases ? factors : -1;
        this.columnBiasOffset = biases ? factors + rows : -1;
        this.dimension = Math.addExact(factors, biases ? rows + columns : 0);
        this.transposedRows = columns;
        this.rowStart = omega.rowStarts();
        this.columnStart = omega.columnStarts();
        this.transposedPosition = omega.transposedPositions();
        boolean mirrored = symmetric && omega.isSymmetric() && symmetricValues(omega, target)
                && (weight == null || symmetricValues(omega, weight));
        if (force == Transpose.MIRRORED && !mirrored) throw new IllegalArgumentException("Ω or T is not symmetric");
        if (force != null) {
            this.transpose = force;
        } else if (mirrored) {
            this.transpose = Transpose.MIRRORED;
        } else {
            this.transpose = scatterSlots(omega.size(), columns, searchRank) >= MIN_SLOTS ? Transpose.SCATTER
                    : Transpose.COLUMN_PASS;
        }
        boolean columnPass = transpose == Transpose.COLUMN_PASS;
        this.rowChunks = chunkBoundaries(omega, rows, false, symmetric && columnPass, chunkWork);
        this.columnChunks = symmetric || !columnPass ? new int[] {0}
                : chunkBoundaries(omega, columns, true, false, chunkWork);
        int rowChunkCount = rowChunks.length - 1;
        if (columnPass) {
            this.columnTarget = inColumnOrder(target);
        } else {
            this.columnTarget = null;
        }
        this.rowSide = new Side(omega.columnIndices(), rightOffset, target, weight, columnBiasOffset);
        this.columnSide = columnPass ? new Side(omega.transposedRows(), 0, columnTarget,
                weight == null ? null : inColumnOrder(weight), rowBiasOffset) : null;
        if (transpose == Transpose.SCATTER) {
            int slots = Math.max(1, Math.min(Math.min(SLOTS, rowChunkCount),
                    Math.max(MIN_SLOTS, scatterSlots(omega.size(), columns, searchRank))));
            this.slotChunks = new int[slots + 1];
            for (int s = 0; s <= slots; s++) slotChunks[s] = (int) ((long) s * rowChunkCount / slots);
            this.slotSums = new double[slots][Math.multiplyExact(columns, searchRank)];
        } else {
            this.slotChunks = new int[] {0};
            this.slotSums = new double[0][];
        }
        this.partial = new double[rowChunkCount];
        this.entryCoefficient = biases ? new double[omega.size()] : null;
        this.valueBody = this::valueChunk;
        this.gradientBody = this::gradientChunk;
        this.hessianBody = this::hessianChunk;
        this.slotGradientBody = this::slotGradient;
        this.slotHessianBody = this::slotHessian;
        this.reduceBody = this::reduceSlots;
        this.biasBody = this::biasRows;
    }

    /** Whether batches of observed entries are supported: the two-factor model without biases and entry weights. */
    public boolean sampleable() { return !symmetricModel && !biases && weight == null; }

    /**
     * The unbiased batch estimate f_B = c·(|Ω|/B)·Σ_{(i,j)∈B} rᵢⱼ² and its gradient, for the entries at CSR positions
     * {@code batch[0..size)} (repeats count twice): the same passes as {@link #valueAndGradient} on a twin objective
     * whose squared entry weights are the batch counts times |Ω|/B (0 off the batch). Each call is a full pass over
     * Ω, so a batch costs what the full gradient costs; the full batch has weights 1 and gives its bits (a weight of
     * 1 is an exact multiplication).
     */
    public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
        if (!sampleable()) throw new UnsupportedOperationException("batches need the two-factor model without biases"
                + " or entry weights");
        if (size < 1) throw new IllegalArgumentException("batch must hold at least one entry");
        int entries = omega.size();
        if (batchView == null) {
            double[] ones = new double[entries];
            java.util.Arrays.fill(ones, 1.0);
            batchView = new CompletionObjective(omega, target, rank, scale, false, false, ones, chunkWork, transpose);
            batchWeight = new double[entries];
        }
        double share = (double) entries / size;
        java.util.Arrays.fill(batchWeight, 0.0);
        for (int b = 0; b < size; b++) batchWeight[batch[b]] += share;
        batchView.setSquaredWeights(batchWeight);
        return batchView.valueAndGradient(x, gradientOut);
    }

    /** Overwrites w² in CSR order (and its column-ordered copy). */
    private void setSquaredWeights(double[] squared) {
        System.arraycopy(squared, 0, weight, 0, weight.length);
        if (columnSide != null) {
            double[] column = columnSide.weight;
            for (int t = 0; t < column.length; t++) column[t] = squared[transposedPosition[t]];
        }
    }

    private double[] inColumnOrder(double[] values) {
        double[] out = new double[values.length];
        for (int t = 0; t < out.length; t++) out[t] = values[transposedPosition[t]];
        return out;
    }

    /** w² (null when there are no weights). */
    private static double[] squaredWeights(double[] weights, int size) {
        if (weights == null) return null;
        if (weights.length != size) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries, Ω has " + size);
        }
        double[] w = new double[size];
        for (int k = 0; k < size; k++) {
            if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("weight " + k + " is " + weights[k] + " (must be finite and ≥ 0)");
            }
            w[k] = weights[k] * weights[k];
        }
        return w;
    }

    /**
     * Slots the scatter mode can afford: at most {@link #SLOTS}, at most |Ω|/(4·n₂) (so adding up the slots costs
     * under a quarter of the pass) and at most 2|Ω|/(n₂r') (so the slots hold no more than twice T).
     */
    static int scatterSlots(long entries, int transposedRows, int searchRank) {
        long byWork = entries / (4L * Math.max(1, transposedRows));
        long byMemory = 2 * entries / ((long) Math.max(1, transposedRows) * searchRank);
        return (int) Math.min(SLOTS, Math.min(byWork, byMemory));
    }

    /** True when the values at (i, j) and at (j, i) are the same double for every entry of the symmetric Ω. */
    private static boolean symmetricValues(SparsePattern omega, double[] values) {
        for (int t = 0; t < values.length; t++) {
            if (Double.doubleToLongBits(values[t]) != Double.doubleToLongBits(values[omega.transposedPosition(t)])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Chunk boundaries over [0, count) (rows, or columns when {@code byColumn}): a chunk closes once its entries
     * plus its rows reach {@code chunkWork}. {@code both}: a row's work is its row and its column of Ω.
     */
    private static int[] chunkBoundaries(SparsePattern omega, int count, boolean byColumn, boolean both,
                                         int chunkWork) {
        long total = count + (both ? 2L : 1L) * omega.size();
        int[] bounds = new int[(int) (total / chunkWork) + 2];
        int chunks = 0;
        long work = 0;
        for (int i = 0; i < count; i++) {
            if (byColumn || both) work += omega.columnStart(i + 1) - omega.columnStart(i);
            if (!byColumn) work += omega.rowStart(i + 1) - omega.rowStart(i);
            work++;
            if (work >= chunkWork && i + 1 < count) {
                bounds[++chunks] = i + 1;
                work = 0;
            }
        }
        bounds[++chunks] = count;
        return Arrays.copyOf(bounds, chunks + 1);
    }

    public SparsePattern pattern() { return omega; }

    public int searchRank() { return rank; }

    public boolean isSymmetric() { return symmetricModel; }

    /** Whether x carries the bias blocks b and c. */
    public boolean hasBiases() { return biases; }

    /** n₁, the rows of the matrix. */
    public int rows() { return rows; }

    /** n₂, the columns of the matrix. */
    public int columns() { return columns; }

    /** Position of Y in x (= n₁r'; 0 in the symmetric model, where Y = X). */
    public int rightOffset() { return rightOffset; }

    /** Entries of the factor blocks, (n₁ + n₂)·r' (n·r' for the symmetric model). */
    public int factorDimension() { return biases ? rowBiasOffset : dimension; }

    /** Position of b in x (n₁ entries), or −1 without biases. */
    public int rowBiasOffset() { return rowBiasOffset; }

    /** Position of c in x (n₂ entries), or −1 without biases. */
    public int columnBiasOffset() { return columnBiasOffset; }

    /** T on Ω in CSR order (shared, do not modify). */
    public double[] target() { return target; }

    public double scale() { return scale; }

    /** The model at one entry, mᵢⱼ = ⟨Xᵢ, Yⱼ⟩ (+ bᵢ + cⱼ). */
    public double predict(double[] x, int i, int j) {
        int xi = i * rank, yj = rightOffset + j * rank;
        double d = 0;
        for (int a = 0; a < rank; a++) d += x[xi + a] * x[yj + a];
        return biases ? d + (x[rowBiasOffset + i] + x[columnBiasOffset + j]) : d;
    }

    /** How the transposed side is made (tests). */
    Transpose transpose() { return transpose; }

    /** Number of row chunks plus column chunks (tests). */
    int chunkCount() { return partial.length + columnChunks.length - 1; }

    /** Number of scatter slots (tests). */
    int slotCount() { return slotSums.length; }

    @Override public int dimension() { return dimension; }

    @Override public double value(double[] x) {
        checkLength(x);
        this.x = x;
        int chunks = partial.length;
        Parallel.forEachChunk(chunks, 1, parallelCost(2L * omega.size() * rank), valueBody);
        this.x = null;
        return scale * Parallel.sumInOrder(partial, chunks);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        checkLength(x);
        checkLength(gradientOut);
        Objective.checkNoAlias(gradientOut, x);
        this.x = x;
        this.out = gradientOut;
        pass(6L * omega.size() * rank, slotGradientBody, gradientBody);
        this.x = null;
        this.out = null;
        return scale * Parallel.sumInOrder(partial, partial.length);
    }

    /**
     * f and only the row half of ∇f — the X rows — in one row pass (two-factor model, no bias blocks); the Y rows of
     * {@code gradientOut} are left as they were. The rows are the bits {@link #valueAndGradient} writes. Used where
     * another pass (another block of a distributed evaluation, on the transposed matrix) makes the Y rows.
     */
    public double valueAndRowGradient(double[] x, double[] gradientOut) {
        checkLength(x);
        checkLength(gradientOut);
        Objective.checkNoAlias(gradientOut, x);
        if (symmetricModel || biases) throw new UnsupportedOperationException("a row half needs the two-factor model without bias blocks");
        this.x = x;
        this.out = gradientOut;
        Parallel.forEachChunk(partial.length, 1, parallelCost(4L * omega.size() * rank), gradientBody);
        this.x = null;
        this.out = null;
        return scale * Parallel.sumInOrder(partial, partial.length);
    }

    /** Only the row half of ∇²f·v (the X rows); the Y rows of {@code out} are left as they were. */
    public void rowHessianVector(double[] x, double[] v, double[] out) {
        checkLength(x);
        checkLength(v);
        checkLength(out);
        Objective.checkNoAlias(out, x, v);
        if (symmetricModel || biases) throw new UnsupportedOperationException("a row half needs the two-factor model without bias blocks");
        this.x = x;
        this.v = v;
        this.out = out;
        Parallel.forEachChunk(partial.length, 1, parallelCost(8L * omega.size() * rank), hessianBody);
        this.x = null;
        this.v = null;
        this.out = null;
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        checkLength(x);
        checkLength(v);
        checkLength(out);
        Objective.checkNoAlias(out, x, v);
        this.x = x;
        this.v = v;
        this.out = out;
        pass(12L * omega.size() * rank, slotHessianBody, hessianBody);
        this.x = null;
        this.v = null;
        this.out = null;
    }

    /**
     * One output pass: the slots (then their reduction) or the row and column chunks, then the bias rows; the
     * bodies read the call's arguments from the fields.
     */
    private void pass(long flops, Parallel.ChunkBody slotBody, Parallel.ChunkBody chunkBody) {
        long cost = parallelCost(flops);
        if (transpose == Transpose.SCATTER) {
            Parallel.forEachChunk(slotSums.length, 1, cost, slotBody);
            reduce();
        } else {
            Parallel.forEachChunk(partial.length + columnChunks.length - 1, 1, cost, chunkBody);
        }
        if (biases) sumBiasRows();
    }

    /** The work to report to {@link Parallel}: none below {@link #PARALLEL_WORK}, so that small calls stay serial. */
    static long parallelCost(long flops) {
        return flops >= PARALLEL_WORK ? flops : 0;
    }

    private void checkLength(double[] a) {
        if (a.length != dimension) {
            throw new IllegalArgumentException("array has " + a.length + " entries, expected " + dimension);
        }
    }

    /** Adds the slots' partial sums, in slot order, into the transposed rows of out. */
    private void reduce() {
        Parallel.forEachChunk(transposedRows, REDUCE_ROWS,
                parallelCost((long) slotSums.length * transposedRows * rank), reduceBody);
    }

    private void reduceSlots(int c, int from, int to) {
        double[] out = this.out;
        int r = rank, base = rightOffset;
        int lo = from * r, hi = to * r;
        if (symmetricModel) {
            // the X rows already hold the row pass: add the EᵀX half after it
            for (double[] sum : slotSums) for (int k = lo; k < hi; k++) out[base + k] += sum[k];
        } else {
            System.arraycopy(slotSums[0], lo, out, base + lo, hi - lo);
            for (int s = 1; s < slotSums.length; s++) {
                double[] sum = slotSums[s];
                for (int k = lo; k < hi; k++) out[base + k] += sum[k];
            }
        }
    }

    /** The bias rows of the output: the stored entry coefficients summed over each row (CSR) and column (CSC). */
    private void sumBiasRows() {
        Parallel.forEachChunk(rows + columns, REDUCE_ROWS, parallelCost(2L * omega.size()), biasBody);
    }

    private void biasRows(int c, int from, int to) {
        double[] out = this.out, e = entryCoefficient;
        for (int line = from; line < to; line++) {
            double s = 0;
            if (line < rows) {
                for (int k = rowStart[line]; k < rowStart[line + 1]; k++) s += e[k];
                out[rowBiasOffset + line] = s;
            } else {
                int j = line - rows;
                for (int t = columnStart[j]; t < columnStart[j + 1]; t++) s += e[transposedPosition[t]];
                out[columnBiasOffset + j] = s;
            }
        }
    }

    private double ownBias(double[] a, int offset, int line) {
        return offset < 0 ? 0 : a[offset + line];
    }

    /** Σ w²e² over the rows of chunk c. */
    private void valueChunk(int c, int unusedFrom, int unusedTo) {
        double s = 0;
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            s += squaredResiduals(x, i * rank, rowSide, rowStart[i], rowStart[i + 1], ownBias(x, rowBiasOffset, i),
                    rank);
        }
        partial[c] = s;
    }

    /** Slot s: its row chunks in order, the X rows of the gradient and the slot's partial Σᵢ 2c·w²rᵢⱼXᵢ. */
    private void slotGradient(int s, int unusedFrom, int unusedTo) {
        double[] x = this.x, g = this.out, sum = slotSums[s];
        int r = rank;
        double coefficient = 2 * scale;
        Arrays.fill(sum, 0.0);
        for (int c = slotChunks[s]; c < slotChunks[s + 1]; c++) {
            double value = 0;
            for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
                int xi = i * r;
                Arrays.fill(g, xi, xi + r, 0.0);
                value += gradientRowScatter(x, xi, rowSide, rowStart[i], rowStart[i + 1],
                        ownBias(x, rowBiasOffset, i), coefficient, g, sum, entryCoefficient, r);
            }
            partial[c] = value;
        }
    }

    /** Slot s: the X rows of ∇²f·v and the slot's partial Σᵢ 2c·w²(ṁᵢⱼXᵢ + rᵢⱼVᵢ). */
    private void slotHessian(int s, int unusedFrom, int unusedTo) {
        double[] x = this.x, v = this.v, h = this.out, sum = slotSums[s];
        int r = rank;
        double coefficient = 2 * scale;
        Arrays.fill(sum, 0.0);
        for (int c = slotChunks[s]; c < slotChunks[s + 1]; c++) {
            for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
                int xi = i * r;
                Arrays.fill(h, xi, xi + r, 0.0);
                hessianRowScatter(x, v, xi, rowSide, rowStart[i], rowStart[i + 1], ownBias(x, rowBiasOffset, i),
                        ownBias(v, rowBiasOffset, i), coefficient, h, sum, entryCoefficient, r);
            }
        }
    }

    /** Chunks [0, rowChunks) are row chunks (value and X rows); the rest are column chunks (Y rows). */
    private void gradientChunk(int c, int unusedFrom, int unusedTo) {
        double[] x = this.x, g = this.out;
        int r = rank;
        int rowChunkCount = partial.length;
        boolean mirrored = transpose == Transpose.MIRRORED;
        double coefficient = (mirrored ? 4 : 2) * scale;
        if (c >= rowChunkCount) {
            // ∇_{Yⱼ} = 2c Σᵢ w²rᵢⱼXᵢ over column j of Ω
            int cc = c - rowChunkCount;
            for (int j = columnChunks[cc], end = columnChunks[cc + 1]; j < end; j++) {
                int yj = rightOffset + j * r;
                Arrays.fill(g, yj, yj + r, 0.0);
                gradientRow(x, yj, columnSide, columnStart[j], columnStart[j + 1], ownBias(x, columnBiasOffset, j),
                        coefficient, g, null, r);
            }
            return;
        }
        double s = 0;
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            int xi = i * r;
            Arrays.fill(g, xi, xi + r, 0.0);
            s += gradientRow(x, xi, rowSide, rowStart[i], rowStart[i + 1], ownBias(x, rowBiasOffset, i), coefficient,
                    g, entryCoefficient, r);
            if (symmetricModel && !mirrored) {
                // the EᵀX half: entries (h, i) of column i, residual ⟨X_h, X_i⟩ − T_hi
                gradientRow(x, xi, columnSide, columnStart[i], columnStart[i + 1], 0, coefficient, g, null, r);
            }
        }
        partial[c] = s;
    }

    private void hessianChunk(int c, int unusedFrom, int unusedTo) {
        double[] x = this.x, v = this.v, h = this.out;
        int r = rank;
        int rowChunkCount = partial.length;
        boolean mirrored = transpose == Transpose.MIRRORED;
        double coefficient = (mirrored ? 4 : 2) * scale;
        if (c >= rowChunkCount) {
            // rows of Y: 2c Σᵢ w²(ṁᵢⱼXᵢ + rᵢⱼVᵢ)
            int cc = c - rowChunkCount;
            for (int j = columnChunks[cc], end = columnChunks[cc + 1]; j < end; j++) {
                int yj = rightOffset + j * r;
                Arrays.fill(h, yj, yj + r, 0.0);
                hessianRow(x, v, yj, columnSide, columnStart[j], columnStart[j + 1], ownBias(x, columnBiasOffset, j),
                        ownBias(v, columnBiasOffset, j), coefficient, h, null, r);
            }
            return;
        }
        for (int i = rowChunks[c], end = rowChunks[c + 1]; i < end; i++) {
            int xi = i * r;
            Arrays.fill(h, xi, xi + r, 0.0);
            hessianRow(x, v, xi, rowSide, rowStart[i], rowStart[i + 1], ownBias(x, rowBiasOffset, i),
                    ownBias(v, rowBiasOffset, i), coefficient, h, entryCoefficient, r);
            if (symmetricModel && !mirrored) {
                hessianRow(x, v, xi, columnSide, columnStart[i], columnStart[i + 1], 0, 0, coefficient, h, null, r);
            }
        }
    }

    /*
     * The kernels. One output row o = x[at..at+r) (a row of X, or of Y in a column pass) meets the entries
     * k ∈ [from, to) of its row (column) of Ω; entry k pairs it with the gathered row p = x[gather + index[k]·r..].
     * Every residual is r = (Σ_a o_a·p_a, summed in order a = 0, 1, …) − T_k (+ (own bias + gathered bias)),
     * whichever pass computes it, so the row and the column pass (and, for symmetric data, the entries (i, j) and
     * (j, i)) see the same bits; without biases and weights the extra terms are not formed and a weight of 1 is an
     * exact no-op. Entries are taken eight (four for the Hessian) at a time: the independent sums keep the
     * floating-point units busy, and each output element is loaded and stored once per group instead of once per
     * entry. {@code store} (biases only) receives each entry's coefficient, from which the bias rows are summed.
     */

    /** Σ_k w_k²r_k² (no output). */
    static double squaredResiduals(double[] x, int at, Side side, int from, int to, double ownBias, int r) {
        int[] index = side.index;
        int gather = side.gather, bias = side.gatherBias;
        double[] target = side.target, weight = side.weight;
        double s = 0;
        int k = from;
        for (; k + 3 < to; k += 4) {
            int p0 = gather + index[k] * r, p1 = gather + index[k + 1] * r;
            int p2 = gather + index[k + 2] * r, p3 = gather + index[k + 3] * r;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (int a = 0; a < r; a++) {
                double o = x[at + a];
                d0 += o * x[p0 + a];
                d1 += o * x[p1 + a];
                d2 += o * x[p2 + a];
                d3 += o * x[p3 + a];
            }
            double e0 = d0 - target[k], e1 = d1 - target[k + 1], e2 = d2 - target[k + 2], e3 = d3 - target[k + 3];
            if (bias >= 0) {
                e0 += ownBias + x[bias + index[k]];
                e1 += ownBias + x[bias + index[k + 1]];
                e2 += ownBias + x[bias + index[k + 2]];
                e3 += ownBias + x[bias + index[k + 3]];
            }
            if (weight == null) {
                s += e0 * e0;
                s += e1 * e1;
                s += e2 * e2;
                s += e3 * e3;
            } else {
                s += weight[k] * e0 * e0;
                s += weight[k + 1] * e1 * e1;
                s += weight[k + 2] * e2 * e2;
                s += weight[k + 3] * e3 * e3;
            }
        }
        for (; k < to; k++) {
            int p = gather + index[k] * r;
            double d = 0;
            for (int a = 0; a < r; a++) d += x[at + a] * x[p + a];
            double e = residual(d, x, side, k, ownBias);
            s += (weight == null ? 1 : weight[k]) * e * e;
        }
        return s;
    }

    /** r_k from the dot product d: d − T_k, plus (own bias + gathered bias) with biases. */
    private static double residual(double d, double[] x, Side side, int k, double ownBias) {
        double e = d - side.target[k];
        return side.gatherBias < 0 ? e : e + (ownBias + x[side.gatherBias + side.index[k]]);
    }

    /** out[at + a] += Σ_k c_k·p_a with c_k = coefficient·w_k²·r_k; returns Σ_k w_k²r_k². */
    static double gradientRow(double[] x, int at, Side side, int from, int to, double ownBias, double coefficient,
                              double[] out, double[] store, int r) {
        return gradientRowScatter(x, at, side, from, to, ownBias, coefficient, out, null, store, r);
    }

    /**
     * {@link #gradientRow}, and, unless {@code sum} is null, also sum[index[k]·r + a] += c_k·o_a: the transposed side
     * scattered into the rows of a partial sum (the indices of one row of Ω are distinct, so no two updates of a
     * group collide).
     */
    static double gradientRowScatter(double[] x, int at, Side side, int from, int to, double ownBias,
                                     double coefficient, double[] out, double[] sum, double[] store, int r) {
        int[] index = side.index;
        int gather = side.gather, bias = side.gatherBias;
        double[] target = side.target, weight = side.weight;
        double s = 0;
        int k = from;
        for (; k + 7 < to; k += 8) {
            int j0 = index[k] * r, j1 = index[k + 1] * r, j2 = index[k + 2] * r, j3 = index[k + 3] * r;
            int j4 = index[k + 4] * r, j5 = index[k + 5] * r, j6 = index[k + 6] * r, j7 = index[k + 7] * r;
            int p0 = gather + j0, p1 = gather + j1, p2 = gather + j2, p3 = gather + j3;
            int p4 = gather + j4, p5 = gather + j5, p6 = gather + j6, p7 = gather + j7;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0;
            for (int a = 0; a < r; a++) {
                double o = x[at + a];
                d0 += o * x[p0 + a];
                d1 += o * x[p1 + a];
                d2 += o * x[p2 + a];
                d3 += o * x[p3 + a];
                d4 += o * x[p4 + a];
                d5 += o * x[p5 + a];
                d6 += o * x[p6 + a];
                d7 += o * x[p7 + a];
            }
            double e0 = d0 - target[k], e1 = d1 - target[k + 1], e2 = d2 - target[k + 2], e3 = d3 - target[k + 3];
            double e4 = d4 - target[k + 4], e5 = d5 - target[k + 5], e6 = d6 - target[k + 6], e7 = d7 - target[k + 7];
            if (bias >= 0) {
                e0 += ownBias + x[bias + index[k]];
                e1 += ownBias + x[bias + index[k + 1]];
                e2 += ownBias + x[bias + index[k + 2]];
                e3 += ownBias + x[bias + index[k + 3]];
                e4 += ownBias + x[bias + index[k + 4]];
                e5 += ownBias + x[bias + index[k + 5]];
                e6 += ownBias + x[bias + index[k + 6]];
                e7 += ownBias + x[bias + index[k + 7]];
            }
            double w0 = 1, w1 = 1, w2 = 1, w3 = 1, w4 = 1, w5 = 1, w6 = 1, w7 = 1;
            if (weight != null) {
                w0 = weight[k];
                w1 = weight[k + 1];
                w2 = weight[k + 2];
                w3 = weight[k + 3];
                w4 = weight[k + 4];
                w5 = weight[k + 5];
                w6 = weight[k + 6];
                w7 = weight[k + 7];
            }
            // w·e·e and coefficient·w·e are e·e and coefficient·e exactly when w = 1
            s += w0 * e0 * e0;
            s += w1 * e1 * e1;
            s += w2 * e2 * e2;
            s += w3 * e3 * e3;
            s += w4 * e4 * e4;
            s += w5 * e5 * e5;
            s += w6 * e6 * e6;
            s += w7 * e7 * e7;
            double c0 = coefficient * w0 * e0, c1 = coefficient * w1 * e1;
            double c2 = coefficient * w2 * e2, c3 = coefficient * w3 * e3;
            double c4 = coefficient * w4 * e4, c5 = coefficient * w5 * e5;
            double c6 = coefficient * w6 * e6, c7 = coefficient * w7 * e7;
            if (store != null) {
                store[k] = c0;
                store[k + 1] = c1;
                store[k + 2] = c2;
                store[k + 3] = c3;
                store[k + 4] = c4;
                store[k + 5] = c5;
                store[k + 6] = c6;
                store[k + 7] = c7;
            }
            if (sum == null) {
                for (int a = 0; a < r; a++) {
                    out[at + a] += ((c0 * x[p0 + a] + c1 * x[p1 + a]) + (c2 * x[p2 + a] + c3 * x[p3 + a]))
                            + ((c4 * x[p4 + a] + c5 * x[p5 + a]) + (c6 * x[p6 + a] + c7 * x[p7 + a]));
                }
            } else {
                for (int a = 0; a < r; a++) {
                    double o = x[at + a];
                    out[at + a] += ((c0 * x[p0 + a] + c1 * x[p1 + a]) + (c2 * x[p2 + a] + c3 * x[p3 + a]))
                            + ((c4 * x[p4 + a] + c5 * x[p5 + a]) + (c6 * x[p6 + a] + c7 * x[p7 + a]));
                    sum[j0 + a] += c0 * o;
                    sum[j1 + a] += c1 * o;
                    sum[j2 + a] += c2 * o;
                    sum[j3 + a] += c3 * o;
                    sum[j4 + a] += c4 * o;
                    sum[j5 + a] += c5 * o;
                    sum[j6 + a] += c6 * o;
                    sum[j7 + a] += c7 * o;
                }
            }
        }
        for (; k < to; k++) {
            int j = index[k] * r, p = gather + j;
            double d = 0;
            for (int a = 0; a < r; a++) d += x[at + a] * x[p + a];
            double e = residual(d, x, side, k, ownBias);
            double w = weight == null ? 1 : weight[k];
            s += w * e * e;
            double ce = coefficient * w * e;
            if (store != null) store[k] = ce;
            if (sum == null) {
                for (int a = 0; a < r; a++) out[at + a] += ce * x[p + a];
            } else {
                for (int a = 0; a < r; a++) {
                    out[at + a] += ce * x[p + a];
                    sum[j + a] += ce * x[at + a];
                }
            }
        }
        return s;
    }

    /**
     * out[at + a] += Σ_k (f_k·p_a + e_k·q_a) with q the same row of v, e_k = coefficient·w_k²·r_k and
     * f_k = coefficient·w_k²·ṁ_k, ṁ_k = Σ_a v[at + a]·p_a + Σ_a o_a·q_a (+ (own bias of v + gathered bias of v)).
     */
    static void hessianRow(double[] x, double[] v, int at, Side side, int from, int to, double ownBias,
                           double ownBiasV, double coefficient, double[] out, double[] store, int r) {
        hessianRowScatter(x, v, at, side, from, to, ownBias, ownBiasV, coefficient, out, null, store, r);
    }

    /**
     * {@link #hessianRow}, and, unless {@code sum} is null, also sum[index[k]·r + a] += f_k·o_a + e_k·v[at + a], the
     * transposed side scattered into a partial sum; {@code store} receives f_k.
     */
    static void hessianRowScatter(double[] x, double[] v, int at, Side side, int from, int to, double ownBias,
                                  double ownBiasV, double coefficient, double[] out, double[] sum, double[] store,
                                  int r) {
        int[] index = side.index;
        int gather = side.gather, bias = side.gatherBias;
        double[] target = side.target, weight = side.weight;
        int k = from;
        for (; k + 3 < to; k += 4) {
            int j0 = index[k] * r, j1 = index[k + 1] * r, j2 = index[k + 2] * r, j3 = index[k + 3] * r;
            int p0 = gather + j0, p1 = gather + j1, p2 = gather + j2, p3 = gather + j3;
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            double u0 = 0, u1 = 0, u2 = 0, u3 = 0; // Σ v_o·p
            double w0 = 0, w1 = 0, w2 = 0, w3 = 0; // Σ o·q
            for (int a = 0; a < r; a++) {
                double o = x[at + a], vo = v[at + a];
                double q0 = x[p0 + a], q1 = x[p1 + a], q2 = x[p2 + a], q3 = x[p3 + a];
                d0 += o * q0;
                d1 += o * q1;
                d2 += o * q2;
                d3 += o * q3;
                u0 += vo * q0;
                u1 += vo * q1;
                u2 += vo * q2;
                u3 += vo * q3;
                w0 += o * v[p0 + a];
                w1 += o * v[p1 + a];
                w2 += o * v[p2 + a];
                w3 += o * v[p3 + a];
            }
            double r0 = d0 - target[k], r1 = d1 - target[k + 1], r2 = d2 - target[k + 2], r3 = d3 - target[k + 3];
            double m0 = u0 + w0, m1 = u1 + w1, m2 = u2 + w2, m3 = u3 + w3;
            if (bias >= 0) {
                r0 += ownBias + x[bias + index[k]];
                r1 += ownBias + x[bias + index[k + 1]];
                r2 += ownBias + x[bias + index[k + 2]];
                r3 += ownBias + x[bias + index[k + 3]];
                m0 += ownBiasV + v[bias + index[k]];
                m1 += ownBiasV + v[bias + index[k + 1]];
                m2 += ownBiasV + v[bias + index[k + 2]];
                m3 += ownBiasV + v[bias + index[k + 3]];
            }
            double c0 = coefficient, c1 = coefficient, c2 = coefficient, c3 = coefficient;
            if (weight != null) {
                c0 *= weight[k];
                c1 *= weight[k + 1];
                c2 *= weight[k + 2];
                c3 *= weight[k + 3];
            }
            double e0 = c0 * r0, e1 = c1 * r1, e2 = c2 * r2, e3 = c3 * r3;
            double f0 = c0 * m0, f1 = c1 * m1, f2 = c2 * m2, f3 = c3 * m3;
            if (store != null) {
                store[k] = f0;
                store[k + 1] = f1;
                store[k + 2] = f2;
                store[k + 3] = f3;
            }
            if (sum == null) {
                for (int a = 0; a < r; a++) {
                    out[at + a] += ((f0 * x[p0 + a] + e0 * v[p0 + a]) + (f1 * x[p1 + a] + e1 * v[p1 + a]))
                            + ((f2 * x[p2 + a] + e2 * v[p2 + a]) + (f3 * x[p3 + a] + e3 * v[p3 + a]));
                }
            } else {
                for (int a = 0; a < r; a++) {
                    double o = x[at + a], vo = v[at + a];
                    out[at + a] += ((f0 * x[p0 + a] + e0 * v[p0 + a]) + (f1 * x[p1 + a] + e1 * v[p1 + a]))
                            + ((f2 * x[p2 + a] + e2 * v[p2 + a]) + (f3 * x[p3 + a] + e3 * v[p3 + a]));
                    sum[j0 + a] += f0 * o + e0 * vo;
                    sum[j1 + a] += f1 * o + e1 * vo;
                    sum[j2 + a] += f2 * o + e2 * vo;
                    sum[j3 + a] += f3 * o + e3 * vo;
                }
            }
        }
        for (; k < to; k++) {
            int j = index[k] * r, p = gather + j;
            double d = 0, u = 0, w = 0;
            for (int a = 0; a < r; a++) {
                double q = x[p + a];
                d += x[at + a] * q;
                u += v[at + a] * q;
                w += x[at + a] * v[p + a];
            }
            double m = u + w;
            if (bias >= 0) m += ownBiasV + v[bias + index[k]];
            double c = weight == null ? coefficient : coefficient * weight[k];
            double e = c * residual(d, x, side, k, ownBias), f = c * m;
            if (store != null) store[k] = f;
            if (sum == null) {
                for (int a = 0; a < r; a++) out[at + a] += f * x[p + a] + e * v[p + a];
            } else {
                for (int a = 0; a < r; a++) {
                    out[at + a] += f * x[p + a] + e * v[p + a];
                    sum[j + a] += f * x[at + a] + e * v[at + a];
                }
            }
        }
    }
}
