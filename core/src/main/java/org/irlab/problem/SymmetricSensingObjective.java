package org.irlab.problem;

import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;

/**
 * Symmetric matrix sensing f(X) = c·Σᵢ (⟨Aᵢ, XXᵀ⟩ − yᵢ)² with each Aᵢ stored once, symmetrised and packed: since
 * M = XXᵀ is symmetric, ⟨Aᵢ, M⟩ = ⟨Âᵢ, pack(M)⟩ over the n(n+1)/2 upper-triangle entries, where Âᵢ holds
 * Aᵢ[j,l] + Aᵢ[l,j] off the diagonal and Aᵢ[j,j] on it; and the gradient needs only G + Gᵀ (G = 2cΣ rᵢAᵢ), whose
 * packed form is 2cΣ rᵢÂᵢ with the diagonal doubled. Half the flops and memory of the dense operator, and one read
 * of the operator per gradient (residuals and their weighted sum fused per block of measurements).
 *
 * <p>∇f = SX with S = G + Gᵀ; ∇²f·V = ṠX + SV with Ṡ from ṙᵢ = ⟨Âᵢ, pack(XVᵀ + VXᵀ)⟩. The loss is summed from the
 * residuals themselves (not from a Gram form), so losses near 1e-30 keep their digits. Measurements are cut into
 * chunks fixed by N alone, each accumulating its own partial S, added in chunk order: the same bits for any thread
 * count, and for the scalar and SIMD {@link MeasurementKernel}.
 *
 * <p>Two gradient routes ({@link GradientRoute}). DIRECT makes one fused pass over the operator per gradient
 * (2N·n(n+1)/2 multiply-adds). GRAM uses that f is a quadratic in m = pack(XXᵀ) and applies the Gram matrix
 * 2cÂᵀÂ, formed once, relative to an anchor where the residuals were summed directly ({@code GramAnchor}):
 * (n(n+1)/2)² multiply-adds, fewer when n(n+1)/2 &lt; N, with the loss as accurate as the direct pass's.
 */
public final class SymmetricSensingObjective implements RoutedObjective, SampledObjective {
    /**
     * Below this many operator entries (N·n(n+1)/2) one thread is faster than two on a shared 2-core machine
     * (measured; see bench/RESULTS.md). Tuning knob: {@code -Dirlab.sensing.parallelMinEntries}.
     */
    static final long PARALLEL_MIN_ENTRIES = Long.getLong("irlab.sensing.parallelMinEntries", 1L << 20);

    /**
     * Largest cached Gram matrix 2cÂᵀÂ for Hessian-vector products, in entries (n(n+1)/2 squared; 2²³ entries =
     * 64 MiB, n ≤ 75). Tuning knob: {@code -Dirlab.sensing.gramMaxEntries} (0 turns the cache off). The two ways
     * round a product differently, so the knob changes the last bits of HVPs and of whatever uses them (deviation
     * rates, curvature probes of automatic step sizes).
     */
    static final long GRAM_MAX_ENTRIES = Long.getLong("irlab.sensing.gramMaxEntries", 1L << 23);

    private final int n, k, measurements, packed, chunk, chunks;
    private final GradientRoute route;
    private final double[] operator;      // N × packed, row i = Âᵢ
    private final double[] observations;
    private final double scale;
    private final MeasurementKernel kernel;
    private final double[] m, mDot, residual, residualDot, s, sDot, sFull, sDotFull, work;
    private final double[][] partial, partialDot;
    private final double[] hessianPoint;    // the x whose S is in sFull for hessianVector
    private boolean hessianPointValid;
    private boolean backwards;
    private double[] gram;                  // 2cÂᵀÂ, packed × packed, built at the first product when it pays
    private boolean gramDecided;
    private java.util.function.Supplier<double[]> sharedGram; // see shareGram
    private GramAnchor anchor;              // the Gram route's state, made at its first gradient
    // inputs of the chunk bodies (set before each parallel pass; the bodies are created once)
    private double[] passM, passOffsets, passOut, passDot;
    private double[][] passPartial;
    private final Parallel.ChunkBody accumulateBody = this::accumulateChunk;
    private final Parallel.ChunkBody residualBody = this::residualChunk;
    private SymmetricSensingObjective batchView;  // the objective of the last batch size, over gathered rows
    private double[] batchOperator, batchObservations;

    /**
     * Packs a dense operator. Uses the kernel chosen by {@link MeasurementKernels#selected()}.
     *
     * @param dense        N×(n·n) row-major, row i = vec(Aᵢ) (read only, not kept)
     * @param observations y, length N (not copied; must not be modified)
     * @param scale        c
     */
    public SymmetricSensingObjective(int n, int searchRank, double[] dense, double[] observations, double scale) {
        this(n, searchRank, pack(n, dense, observations.length), observations, scale, MeasurementKernels.selected());
    }

    /** As {@link #SymmetricSensingObjective(int, int, double[], double[], double, MeasurementKernel, GradientRoute)}, direct. */
    public SymmetricSensingObjective(int n, int searchRank, double[] packedOperator, double[] observations,
                                     double scale, MeasurementKernel kernel) {
        this(n, searchRank, packedOperator, observations, scale, kernel, GradientRoute.DIRECT);
    }

    /**
     * @param packedOperator N × n(n+1)/2, row i = Âᵢ ({@link #pack}); not copied, must not be modified
     * @param kernel         the inner-product kernel (any gives the same bits)
     * @param route          the gradient route ({@link #resolve} decides AUTO)
     */
    public SymmetricSensingObjective(int n, int searchRank, double[] packedOperator, double[] observations,
                                     double scale, MeasurementKernel kernel, GradientRoute route) {
        this.n = n;
        this.k = searchRank;
        this.measurements = observations.length;
        this.packed = n * (n + 1) / 2;
        if (packedOperator.length != (long) measurements * packed) {
            throw new IllegalArgumentException("packed operator has " + packedOperator.length + " entries, expected "
                    + measurements + "x" + packed);
        }
        this.operator = packedOperator;
        this.observations = observations;
        this.scale = scale;
        this.kernel = kernel;
        this.chunk = chunkSize(measurements);
        this.chunks = Parallel.chunks(measurements, chunk);
        m = new double[packed];
        mDot = new double[packed];
        residual = new double[measurements];
        residualDot = new double[measurements];
        s = new double[packed];
        sDot = new double[packed];
        sFull = new double[n * n];
        sDotFull = new double[n * n];
        work = new double[n * k];
        hessianPoint = new double[n * k];
        partial = new double[chunks][packed];
        partialDot = new double[chunks][packed];
        this.route = resolve(route, n, measurements);
    }

    /**
     * AUTO becomes GRAM when n(n+1)/2 &lt; N (a step then costs (n(n+1)/2)² instead of 2N·n(n+1)/2) and the Gram
     * matrix is within the cache limit {@link #GRAM_MAX_ENTRIES}; DIRECT otherwise.
     */
    public static GradientRoute resolve(GradientRoute asked, int n, int measurements) {
        if (asked != GradientRoute.AUTO) return asked;
        long packed = (long) n * (n + 1) / 2;
        return packed < measurements && packed * packed <= GRAM_MAX_ENTRIES ? GradientRoute.GRAM : GradientRoute.DIRECT;
    }

    /** Measurements per chunk: a multiple of the kernel block, at most about 64 chunks; depends on N only. */
    static int chunkSize(int measurements) {
        int size = Math.max(64, (measurements + 63) / 64);
        return (size + MeasurementKernel.BLOCK - 1) / MeasurementKernel.BLOCK * MeasurementKernel.BLOCK;
    }

    /** Index of entry (j, l), j ≤ l, in the packed upper triangle (row-major). */
    static int packedIndex(int n, int j, int l) {
        return j * n - j * (j - 1) / 2 + (l - j);
    }

    /** Âᵢ for every row of a dense N×(n·n) operator: N × n(n+1)/2, off-diagonal Aᵢ[j,l] + Aᵢ[l,j]. */
    public static double[] pack(int n, double[] dense, int measurements) {
        if (dense.length != (long) measurements * n * n) {
            throw new IllegalArgumentException("dense operator has " + dense.length + " entries, expected "
                    + measurements + "x" + n * n);
        }
        int packed = n * (n + 1) / 2;
        double[] out = new double[Math.multiplyExact(measurements, packed)];
        for (int i = 0; i < measurements; i++) {
            int src = i * n * n, dst = i * packed;
            for (int j = 0; j < n; j++) {
                out[dst++] = dense[src + j * n + j];
                for (int l = j + 1; l < n; l++) out[dst++] = dense[src + j * n + l] + dense[src + l * n + j];
            }
        }
        return out;
    }

    public int n() { return n; }

    /** y (shared, do not modify). */
    public double[] observations() { return observations; }

    /**
     * The operator as N dense symmetric matrices (Aᵢ + Aᵢᵀ)/2, N×(n·n) row-major (a new array): off the diagonal
     * Âᵢ/2, which {@link #pack} turns back into exactly Âᵢ (halving and doubling are exact), so an objective built
     * from it uses the same doubles as this one; and ⟨(Aᵢ + Aᵢᵀ)/2, XXᵀ⟩ = ⟨Aᵢ, XXᵀ⟩.
     */
    public double[] symmetrisedOperator() {
        return symmetrised(n, operator, measurements);
    }

    /** {@link #symmetrisedOperator()} of a packed operator (N × n(n+1)/2, read only). */
    public static double[] symmetrised(int n, double[] operator, int measurements) {
        int packed = n * (n + 1) / 2;
        double[] out = new double[Math.multiplyExact(measurements, n * n)];
        for (int i = 0; i < measurements; i++) {
            int src = i * packed, dst = i * n * n;
            for (int j = 0; j < n; j++) {
                out[dst + j * n + j] = operator[src++];
                for (int l = j + 1; l < n; l++) {
                    double half = operator[src++] * 0.5;
                    out[dst + j * n + l] = half;
                    out[dst + l * n + j] = half;
                }
            }
        }
        return out;
    }

    public int searchRank() { return k; }

    public int measurements() { return measurements; }

    public double scale() { return scale; }

    /** The kernel in use. */
    public MeasurementKernel kernel() { return kernel; }

    @Override public GradientRoute gradientRoute() { return route; }

    @Override public int terms() { return measurements; }

    /**
     * The batch's rows of the operator and of y are gathered into buffers (made once per batch size) that back an
     * objective of the same class on the direct route with scale c·(N/B): the same kernels and chunking as the full
     * objective, so the full batch in order gives its bits.
     */
    @Override public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
        if (size < 1) throw new IllegalArgumentException("batch must hold at least one measurement");
        if (batchView == null || batchObservations.length != size) {
            batchOperator = new double[Math.multiplyExact(size, packed)];
            batchObservations = new double[size];
            batchView = new SymmetricSensingObjective(n, k, batchOperator, batchObservations,
                    scale * ((double) measurements / size), kernel, GradientRoute.DIRECT);
        }
        for (int b = 0; b < size; b++) {
            int i = batch[b];
            System.arraycopy(operator, i * packed, batchOperator, b * packed, packed);
            batchObservations[b] = observations[i];
        }
        return batchView.valueAndGradient(x, gradientOut);
    }

    @Override public int dimension() { return n * k; }

    /** Always summed from the residuals (one direct pass), whatever the route; leaves the Gram route's anchor alone. */
    @Override public double value(double[] x) {
        gram(x, m);
        runPass(residualBody, m, observations, residual, null, null);
        return loss();
    }

    @Override public void gradient(double[] x, double[] gradientOut) { valueAndGradient(x, gradientOut); }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        gram(x, m);
        double f = route == GradientRoute.GRAM ? gramStep() : directStep();
        unpack(s, sFull);
        System.arraycopy(x, 0, hessianPoint, 0, x.length);
        hessianPointValid = true;
        kernel.multiply(sFull, x, gradientOut, n, n, k);
        return f;
    }

    /** s and f at m by one fused pass over the operator. */
    private double directStep() {
        runPass(accumulateBody, m, observations, residual, partial, s);
        return loss();
    }

    /** s and f at m from the anchor through H; a direct pass (the new anchor) when the anchor declines. */
    private double gramStep() {
        if (anchor == null) {
            if (gram == null) gram = buildGram();
            gramDecided = true;
            anchor = new GramAnchor(gram, packed, kernel);
        }
        double f = anchor.step(m, s);
        if (!Double.isNaN(f)) return f;
        f = directStep();
        anchor.anchor(m, s, f);
        return f;
    }

    /**
     * Products at the x of the last gradient or product (assembling a Hessian, Lanczos) reuse its S: the same bits,
     * half the passes over the operator.
     */
    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        if (!hessianPointValid || !java.util.Arrays.equals(x, hessianPoint)) {
            gram(x, m);
            runPass(accumulateBody, m, observations, residual, partial, s);
            unpack(s, sFull);
            System.arraycopy(x, 0, hessianPoint, 0, x.length);
            hessianPointValid = true;
        }
        symmetricProduct(x, v, mDot);
        if (!gramDecided) decideGram();
        if (gram != null) {
            for (int p = 0; p < packed; p++) sDot[p] = kernel.dot(gram, p * packed, mDot, 0, packed);
        } else {
            runPass(accumulateBody, mDot, null, residualDot, partialDot, sDot);
        }
        unpack(sDot, sDotFull);
        kernel.multiply(sDotFull, x, out, n, n, k);
        kernel.multiply(sFull, v, work, n, n, k);
        for (int i = 0; i < out.length; i++) out[i] += work[i];
    }

    /**
     * Ṡ needs only the linear map mDot ↦ 2cΣ⟨Âᵢ, mDot⟩Âᵢ = (2cÂᵀÂ)·mDot, independent of x: when n(n+1)/2 &lt; 2N the
     * cached Gram matrix applies it in packed² flops instead of a 2N·packed pass over the operator (4–6× fewer at
     * the paper's n = 20, N = 600), which is what makes the Lanczos deviation rate cheap to record. Built once, at
     * the first product (N·packed²/2 flops, about packed/4 passes' worth), upper triangle only and mirrored, from
     * blocks of measurements transposed one at a time (so the operator is never copied whole); the kernel's block
     * order makes the block boundaries invisible: the same bits for any thread count and kernel. The GRAM route
     * builds it at its first gradient, whatever its size.
     */
    private void decideGram() {
        gramDecided = true;
        long entries = (long) packed * packed;
        if (entries > GRAM_MAX_ENTRIES || packed >= 2L * measurements) return;
        gram = buildGram();
    }

    /** 2cÂᵀÂ (see {@link #decideGram}): from the shared source when there is one. */
    private double[] buildGram() {
        return sharedGram != null ? sharedGram.get() : GramAnchor.build(operator, packed, measurements, 2 * scale, kernel);
    }

    /**
     * Takes the Gram matrix from {@code source} instead of building it: objectives on the same operator and scale
     * (instances of one {@link SymmetricSensing.Data}) share one, read only; it is the matrix this objective would
     * build, to the bit (any kernel gives the same bits).
     */
    void shareGram(java.util.function.Supplier<double[]> source) {
        this.sharedGram = source;
    }

    /** c·Σ rᵢ² in measurement order. */
    private double loss() {
        double sum = 0;
        for (int i = 0; i < measurements; i++) sum += residual[i] * residual[i];
        return scale * sum;
    }

    /**
     * One pass over the operator: out = Âv − offsets and, when {@code partials} is given, sum = Σ 2c·outᵢÂᵢ (chunk
     * partials added in chunk order).
     */
    private void runPass(Parallel.ChunkBody body, double[] v, double[] offsets, double[] out, double[][] partials,
                         double[] sum) {
        passM = v;
        passOffsets = offsets;
        passOut = out;
        passPartial = partials;
        long entries = (long) measurements * packed;
        if (entries >= PARALLEL_MIN_ENTRIES && Parallel.threads() > 1) {
            Parallel.forEachChunk(measurements, chunk, Long.MAX_VALUE, body);
        } else {
            // Alternate the direction of the sweep: an operator a little larger than the cache then finds the
            // chunks it touched last still cached. Chunk partials are added in chunk order below, so the order in
            // which chunks run does not change a bit.
            backwards = !backwards;
            for (int i = 0; i < chunks; i++) {
                int c = backwards ? chunks - 1 - i : i;
                body.run(c, c * chunk, Math.min(measurements, (c + 1) * chunk));
            }
        }
        if (partials != null) {
            System.arraycopy(partials[0], 0, sum, 0, packed);
            for (int c = 1; c < chunks; c++) {
                double[] pc = partials[c];
                for (int p = 0; p < packed; p++) sum[p] += pc[p];
            }
        }
    }

    private void residualChunk(int c, int from, int to) {
        kernel.residuals(operator, packed, from, to, passM, passOffsets, passOut);
    }

    private void accumulateChunk(int c, int from, int to) {
        double[] acc = passPartial[c];
        java.util.Arrays.fill(acc, 0.0);
        kernel.residualsAndAccumulate(operator, packed, from, to, passM, passOffsets, 2 * scale, passOut, acc);
    }

    /** pack(XXᵀ): entry (j, l) = ⟨X_j, X_l⟩ with the kernel's dot. */
    private void gram(double[] x, double[] out) {
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) out[p++] = kernel.dot(x, j * k, x, l * k, k);
        }
    }

    /** pack(XVᵀ + VXᵀ): entry (j, l) = ⟨X_j, V_l⟩ + ⟨V_j, X_l⟩. */
    private void symmetricProduct(double[] x, double[] v, double[] out) {
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) out[p++] = kernel.dot(x, j * k, v, l * k, k) + kernel.dot(v, j * k, x, l * k, k);
        }
    }

    /** The full symmetric S from the packed 2cΣrᵢÂᵢ: off-diagonal as is, diagonal doubled. */
    private void unpack(double[] packedSum, double[] full) {
        int p = 0;
        for (int j = 0; j < n; j++) {
            full[j * n + j] = 2 * packedSum[p++];
            for (int l = j + 1; l < n; l++) {
                double value = packedSum[p++];
                full[j * n + l] = value;
                full[l * n + j] = value;
            }
        }
    }
}
