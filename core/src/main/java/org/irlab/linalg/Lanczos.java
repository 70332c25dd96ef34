package org.irlab.linalg;

/**
 * Symmetric Lanczos with full reorthogonalisation on a {@link SymmetricOperator}: an orthonormal basis Q_k of the
 * Krylov space K_k(A, q₁), the tridiagonal T_k = Q_kᵀAQ_k (diagonal α, off-diagonal β) and its Ritz pairs
 * (θ_j, y_j = Q_k s_j) with residual norms ‖Ay_j − θ_j y_j‖ = |β_k|·|s_j[k−1]|.
 *
 * <p>Every new direction is orthogonalised against the whole basis by classical Gram–Schmidt, with a second pass
 * whenever the first cancelled much of it (DGKS criterion; "twice is enough"), so Q_k stays orthonormal to
 * working precision and the residual norms above are trustworthy certificates: each θ_j is within |β_k s_j[k−1]| of an eigenvalue of A, and θ_1 ≥ λ_min(A), θ_k ≤ λ_max(A)
 * always (Rayleigh–Ritz). The same instance serves deviation rates (quadrature from q₁ = x⊥/‖x⊥‖) and extreme
 * eigenvalues (λ_min, λ_max with eigenvectors).
 *
 * <p>All storage — (maxSteps + 1)·d doubles for the basis — is allocated at construction; {@link #run} allocates
 * nothing (a restricted run one d-vector, the first time), and {@link #ritzVector} allocates once, the first time
 * full Ritz vectors of T_k are needed.
 * One instance per thread.
 */
public final class Lanczos {
    /** Decides after each step whether to stop; may read the Ritz pairs of the current T_k. */
    @FunctionalInterface
    public interface StopRule {
        boolean stop(Lanczos lanczos);
    }

    /** Why a run ended. */
    public enum Outcome {
        /** The stop rule was satisfied. */
        STOPPED,
        /** β_k vanished (to rounding): span Q_k is invariant, every Ritz pair is exact. */
        INVARIANT,
        /** The step cap (or the dimension) was reached first. */
        STEP_LIMIT
    }

    private static final double EPS = Math.ulp(1.0);

    private final int dimension, maxSteps;
    private final double[] basis; // row i = q_{i+1}, (maxSteps + 1) × d
    private final double[] alpha, beta, work, current, coefficients;
    private final TridiagonalEigen tridiagonal;
    private final MeasurementKernel kernel = MeasurementKernels.selected();
    private double[] dropped; // (I − P)Aq_j of a restricted run, allocated by the first one
    private int steps;
    private double normEstimate, leakage2;
    private int ritzSteps = -1;
    private boolean ritzFull;

    /**
     * @param dimension d of the operators this instance will see
     * @param maxSteps  the largest Krylov dimension k (capped at d)
     */
    public Lanczos(int dimension, int maxSteps) {
        if (dimension < 1 || maxSteps < 1) throw new IllegalArgumentException("dimension and maxSteps must be >= 1");
        this.dimension = dimension;
        this.maxSteps = Math.min(maxSteps, dimension);
        this.basis = new double[Math.multiplyExact(this.maxSteps + 1, dimension)];
        this.alpha = new double[this.maxSteps];
        this.beta = new double[this.maxSteps];
        this.work = new double[dimension];
        this.current = new double[dimension];
        this.coefficients = new double[this.maxSteps];
        this.tridiagonal = new TridiagonalEigen(this.maxSteps);
    }

    public int dimension() { return dimension; }

    /** The step cap of this instance (≤ d). */
    public int maxSteps() { return maxSteps; }

    /**
     * Runs Lanczos from q₁ = start/‖start‖ until {@code rule} says stop, β_k vanishes or {@code stepLimit} steps.
     *
     * @param start not modified; must be nonzero
     * @param rule  called after every step (may be null: run to invariance or the limit)
     */
    public Outcome run(SymmetricOperator a, double[] start, int stepLimit, StopRule rule) {
        return run(a, start, stepLimit, rule, null);
    }

    /**
     * Lanczos on PAP restricted to the range of the projector P: each product Aq_j is projected, g_j = (I − P)Aq_j is
     * dropped, and {@link #leakage()} = ‖G‖_F = (Σ‖g_j‖²)^{1/2} records what was dropped. With the start in range(P),
     * Q_k stays in it and T_k = Q_kᵀAQ_k is still the Rayleigh quotient of A; the true residual of A on span Q_k is
     * AQ_k − Q_kT_k = G + β_k q_{k+1}e_kᵀ, so a Ritz pair's residual norm against A is at most
     * (‖Gs_j‖² + (β_k s_j[k−1])²)^{1/2} and Σ_j ‖Gs_j‖² = ‖G‖_F². When range(P) is invariant under A, G is round-off
     * and the run never sees the directions round-off would otherwise excite.
     *
     * @param projector P, or null for plain Lanczos
     */
    public Outcome run(SymmetricOperator a, double[] start, int stepLimit, StopRule rule, Projector projector) {
        if (a.dimension() != dimension || start.length != dimension) {
            throw new IllegalArgumentException("operator or start vector is not of dimension " + dimension);
        }
        int limit = Math.min(stepLimit, maxSteps);
        if (projector != null && dropped == null) dropped = new double[dimension];
        if (limit < 1) throw new IllegalArgumentException("stepLimit must be >= 1");
        double norm = Kernels.norm(start);
        if (!(norm > 0) || !Double.isFinite(norm)) throw new IllegalArgumentException("start vector must be nonzero and finite");
        steps = 0;
        ritzSteps = -1;
        normEstimate = 0;
        leakage2 = 0;
        int d = dimension;
        for (int i = 0; i < d; i++) basis[i] = start[i] / norm;
        // once more: start/‖start‖ may be off unit length by an ulp or two
        double renorm = Kernels.dot(basis, 0, basis, 0, d);
        if (renorm != 1.0) { double s = 1 / Math.sqrt(renorm); for (int i = 0; i < d; i++) basis[i] *= s; }
        while (true) {
            int j = steps;
            int row = j * d;
            System.arraycopy(basis, row, current, 0, d); // apply() may not alias; the basis row goes through a copy
            a.apply(current, work);
            if (projector != null) {
                System.arraycopy(work, 0, dropped, 0, d);
                projector.project(work);
                double g2 = 0;
                for (int p = 0; p < d; p++) { double g = dropped[p] - work[p]; g2 += g * g; }
                leakage2 += g2;
            }
            // Gram–Schmidt against the whole basis; a second pass only when the first removed more than 1 − 1/√2 of
            // ‖w‖ (the DGKS criterion), which keeps Q orthonormal to working precision at about half the memory traffic
            double aj = 0;
            double before = Kernels.norm(work), after = before;
            for (int pass = 0; pass < 2; pass++) {
                // h = Q_jᵀw and w ← w − Q_j h, each as one blocked sweep over the basis with the measurement kernel
                // (SIMD when enabled, the same bits either way)
                kernel.residuals(basis, d, 0, j + 1, work, null, coefficients);
                kernel.accumulate(basis, d, 0, d, 0, j + 1, -1.0, coefficients, 0, work, 0);
                aj += coefficients[j];
                after = Kernels.norm(work);
                if (after > 0.7071067811865476 * before) break;
                before = after;
            }
            if (projector != null) {
                // once more after the subtraction: its round-off (ε‖Aq_j‖, large against a small β_j) would otherwise
                // leave range(P) and be amplified by A at the next step; orthogonality to Q_j ⊂ range(P) survives
                projector.project(work);
                after = Kernels.norm(work);
            }
            alpha[j] = aj;
            double bj = after;
            beta[j] = bj;
            steps = j + 1;
            ritzSteps = -1;
            double gershgorin = Math.abs(aj) + bj + (j > 0 ? beta[j - 1] : 0);
            normEstimate = Math.max(normEstimate, gershgorin);
            boolean invariant = !(bj > 64 * EPS * normEstimate * Math.sqrt(steps)) || steps == dimension;
            if (invariant) return Outcome.INVARIANT;
            if (rule != null && rule.stop(this)) return Outcome.STOPPED;
            if (steps >= limit) return Outcome.STEP_LIMIT;
            int next = steps * d;
            double inv = 1 / bj;
            for (int p = 0; p < d; p++) basis[next + p] = work[p] * inv;
        }
    }

    /**
     * λ_min and λ_max with eigenvectors: runs until the smallest and the largest Ritz pairs both have residual
     * norm ≤ relativeTolerance·max(|θ_1|, |θ_k|), the space is invariant, or {@code stepLimit}.
     */
    public Outcome extremes(SymmetricOperator a, double[] start, int stepLimit, double relativeTolerance) {
        return run(a, start, stepLimit, l -> {
            int k = l.steps();
            if (!checkpoint(k)) return false; // Ritz values cost O(k²): not every step
            double scale = Math.max(Math.abs(l.ritzValue(0)), Math.abs(l.ritzValue(k - 1)));
            return l.ritzResidual(0) <= relativeTolerance * scale && l.ritzResidual(k - 1) <= relativeTolerance * scale;
        });
    }

    /**
     * Whether a stop rule that needs Ritz pairs (an O(k²) tridiagonal eigensolve) should look at step k: every step
     * up to 8, then every ⌈k/8⌉-th, so the checks cost O(k²) in all and overshoot the first passing step by at most
     * about k/8 steps (each step costs a product and an O(kd) reorthogonalisation, more than a check at these k).
     */
    public static boolean checkpoint(int k) {
        return k <= 8 || k % ((k + 7) / 8) == 0;
    }

    /** k, the number of steps taken (size of T_k). */
    public int steps() { return steps; }

    /** α_i = T[i][i], i &lt; k. */
    public double alpha(int i) { return alpha[i]; }

    /** β_i = T[i][i+1] for i &lt; k − 1; β_{k−1} is the residual norm ‖r_k‖ of the last step. */
    public double beta(int i) { return beta[i]; }

    /** ‖G‖_F of a restricted run: the part of the products outside range(P) that was dropped (0 for plain runs). */
    public double leakage() { return Math.sqrt(leakage2); }

    /** |β_k| = ‖AQ_k − Q_kT_k‖: zero exactly when span Q_k is invariant. */
    public double residualNorm() { return beta[steps - 1]; }

    /** max_j (|α_j| + β_{j−1} + β_j) over the steps so far: a Gershgorin bound on ‖T_k‖ (≤ 3‖A‖). */
    public double normEstimate() { return normEstimate; }

    /** The j-th smallest Ritz value θ_j of T_k. */
    public double ritzValue(int j) { ritz(false); return tridiagonal.value(j); }

    /** s_j[0]²: the weight of θ_j in the spectral measure of q₁ (Gauss quadrature weight); they sum to 1. */
    public double ritzWeight(int j) { ritz(false); double c = tridiagonal.first(j); return c * c; }

    /** ‖Ay_j − θ_j y_j‖ = |β_k s_j[k−1]| for the j-th Ritz pair. */
    public double ritzResidual(int j) { ritz(false); return Math.abs(beta[steps - 1] * tridiagonal.last(j)); }

    /** Writes the unit Ritz vector y_j = Q_k s_j into {@code out}. */
    public void ritzVector(int j, double[] out) {
        ritz(true);
        int d = dimension;
        java.util.Arrays.fill(out, 0, d, 0.0);
        for (int i = 0; i < steps; i++) {
            double s = tridiagonal.vector(j, i);
            int off = i * d;
            for (int p = 0; p < d; p++) out[p] += s * basis[off + p];
        }
    }

    private void ritz(boolean vectors) {
        if (steps == 0) throw new IllegalStateException("run first");
        if (ritzSteps == steps && (ritzFull || !vectors)) return;
        tridiagonal.decompose(alpha, beta, steps, vectors);
        ritzSteps = steps;
        ritzFull = vectors;
    }
}
