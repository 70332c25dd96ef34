package org.irlab.diagnostics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.TridiagonalSimilarDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Lanczos;
import org.irlab.linalg.SymmetricOperator;
import org.irlab.linalg.TridiagonalEigen;
import org.irlab.problem.HessianOperator;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.ResidualSpace;

/**
 * The deviation rate of Definition 5 (eqs. (9)–(10) of the IPGD paper) at a point x: with the signal
 * x♯ = P_𝓜(x), the residual x⊥ = x − x♯ and H = ∇²f(x♯) = H₊ + H₋, r₋ = −⟨x⊥, H₊x⊥⟩/‖x⊥‖²,
 * r₊ = −⟨x⊥, H₋x⊥⟩/‖x⊥‖² and r = r₋ + 3r₊ (NaN when x⊥ = 0). Three methods, from Hessian-vector products only:
 * {@link Method#DENSE} (H assembled, reflected and tridiagonalised: exact up to rounding), plain Lanczos from
 * x⊥ with a rigorous a-posteriori error bound, and Lanczos restricted to the problem's {@link ResidualSpace} and
 * certified against the whole Hessian. The methods, the error bound and its proof are in docs/deviation-rate.md.
 *
 * <p>Owns all work buffers (allocated at construction; the Lanczos paths allocate nothing per evaluation); one
 * instance per thread. The region and the objective must not be used by another thread meanwhile.
 */
public final class DeviationRate {
    /** How H₋ is obtained. */
    public enum Method {
        DENSE, LANCZOS;

        /** The choice of {@code auto}: dense up to {@link #DENSE_LIMIT} parameters, Lanczos above. */
        public static Method forDimension(int d) { return d <= DENSE_LIMIT ? DENSE : LANCZOS; }
    }

    /**
     * Largest d for which {@code auto} assembles the Hessian (d products and O(d³) flops, whatever the problem).
     * Lanczos needs at most d steps and usually far fewer (symmetric sensing n = 20, d = 400: 1–60 products,
     * against 400 and a 400×400 eigenproblem — 35× faster along the paper's run), so it wins from small d on.
     */
    public static final int DENSE_LIMIT = 64;

    /** Default relative stopping tolerance of the Lanczos path (against the Gershgorin bound of ‖T_k‖). */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    /** Default cap on Lanczos steps (also bounded by d); the basis holds (cap + 1)·d doubles. */
    public static final int DEFAULT_MAX_STEPS = 500;

    /**
     * A change of metric for the generalized deviation rate: P (symmetric positive definite, fixed at the signal x♯)
     * with z = P^{−1/2}x; the whitened Hessian is P^{1/2}HP^{1/2}.
     */
    public interface Metric {
        /** Fixes P at the signal x♯ (before the other calls of one evaluation). */
        void at(double[] signal);

        /** out = P^{1/2}v (out does not alias v). */
        void half(double[] v, double[] out);

        /** out = P^{−1/2}v (out does not alias v). */
        void inverseHalf(double[] v, double[] out);
    }

    /** One evaluation's results; reusable, written by {@link #evaluate}. */
    public static final class Measurement {
        private double rate = Double.NaN, minus = Double.NaN, plus = Double.NaN, residualNorm = Double.NaN;
        private double errorBound = Double.NaN;
        private int hessianProducts, lanczosSteps;
        private boolean certified, restricted;

        /** r(x) = r₋ + 3r₊, NaN when x⊥ = 0. */
        public double rate() { return rate; }

        /** r₋(x) = −⟨x⊥, H₊x⊥⟩/‖x⊥‖² ≤ 0. */
        public double minus() { return minus; }

        /** r₊(x) = −⟨x⊥, H₋x⊥⟩/‖x⊥‖² ≥ 0. */
        public double plus() { return plus; }

        /** ‖x⊥‖ of the residual that was used. */
        public double residualNorm() { return residualNorm; }

        /** False when x⊥ = 0 (the rate is undefined). */
        public boolean defined() { return residualNorm > 0; }

        /** Lanczos: a bound on |r₋ − r̂₋| and on |r₊ − r̂₊| (docs/deviation-rate.md). Dense: NaN. */
        public double errorBound() { return errorBound; }

        /** Lanczos: false when the step cap stopped the run before the tolerance was met. Dense: true. */
        public boolean certified() { return certified; }

        /** Lanczos: true when the result came from the run restricted to the problem's residual space. */
        public boolean restricted() { return restricted; }

        /** Hessian-vector products spent. */
        public int hessianProducts() { return hessianProducts; }

        /** Lanczos steps k (0 for dense). */
        public int lanczosSteps() { return lanczosSteps; }
    }

    private final Objective objective;
    private final ImplicitRegion region;
    private final Method method;
    private final int d, maxSteps;
    private final double tolerance;
    private final double[] signal, residual;
    private final HessianOperator hessian;
    private final Metric metric;                // null: Definition 5 itself
    private final double gain;
    private final java.util.function.DoubleUnaryOperator mode;
    private boolean denseRan;
    private final SymmetricOperator operator;   // H, or P^{1/2}HP^{1/2} under a metric
    private final double[] half, product2;      // metric only
    // dense
    private final DMatrixRMaj matrix;
    private final TridiagonalSimilarDecomposition_F64<DMatrixRMaj> reduction;
    private final TridiagonalEigen tridiagonal;
    private final double[] unit, column, diagonal, offDiagonal;
    // Lanczos
    private final Lanczos lanczos;
    private final Lanczos.StopRule certifiedRule, restrictedRule;
    private final ResidualSpace space;          // optional hint, see ResidualSpace
    private final double[] start, product, direction; // restricted runs only
    private boolean leaked;
    private double startShift, hessianScale;
    private double curvature, negative; // ⟨q, Hq⟩ and ⟨q, H₋q⟩ of the current evaluation, q = x⊥/‖x⊥‖

    /** With the default Lanczos cap and tolerance. */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method) {
        this(objective, region, method, DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE);
    }

    /**
     * @param maxSteps  cap on Lanczos steps (ignored by dense)
     * @param tolerance Lanczos stops when its error bound ≤ tolerance·‖T_k‖ (a restricted run: tolerance·
     *                  max(‖T_k‖, ‖Hu‖)); ignored by dense
     */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method, int maxSteps, double tolerance) {
        this(objective, region, method, maxSteps, tolerance, null);
    }

    /**
     * @param space a subspace containing x⊥ that the Hessian at x♯ is expected to leave invariant ({@link
     *              org.irlab.problem.Problem#residualSpace()}), or null. The Lanczos path then runs in it first and
     *              certifies the result against the whole Hessian; if the subspace leaks it reruns unrestricted.
     *              Ignored by dense.
     */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method, int maxSteps, double tolerance,
                         ResidualSpace space) {
        this(objective, region, method, maxSteps, tolerance, space, null, 1);
    }

    /**
     * The generalized deviation rate of docs/deviation-rate-beyond.md: Definition 5 for the whitened Hessian
     * H̃ = P^{1/2}HP^{1/2} along z⊥ = P^{−1/2}x⊥ (a preconditioned update x ← x − ηP∇f), times {@code gain}
     * (1/(1 − β) for momentum β). A null metric and gain 1 is Definition 5; a metric disables the residual space.
     */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method, int maxSteps, double tolerance,
                         ResidualSpace space, Metric metric, double gain) {
        this(objective, region, method, maxSteps, tolerance, space, metric, gain, null);
    }

    /**
     * As above, with each eigenmode θ of the (whitened) Hessian moved by {@code mode}(θ), the curvature GD would need
     * to move it as fast (momentum's exact companion root, docs/deviation-rate-beyond.md §3), instead of gain·θ:
     * r = Σⱼ wⱼψ(mode(θⱼ)) over the quadrature pairs (θⱼ, wⱼ) of the Lanczos run (eigenpairs when dense). The error
     * bound is the gain times the bound of the linear rate's quadrature.
     */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method, int maxSteps, double tolerance,
                         ResidualSpace space, Metric metric, double gain, java.util.function.DoubleUnaryOperator mode) {
        if (objective.dimension() != region.dimension()) {
            throw new IllegalArgumentException("objective has " + objective.dimension() + " parameters, region "
                    + region.dimension());
        }
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be >= 1");
        if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0");
        this.objective = objective;
        this.region = region;
        this.method = method;
        this.d = objective.dimension();
        this.maxSteps = Math.min(maxSteps, d);
        this.tolerance = tolerance;
        this.signal = new double[d];
        this.residual = new double[d];
        this.hessian = new HessianOperator(objective);
        if (!(gain > 0) || !Double.isFinite(gain)) throw new IllegalArgumentException("gain must be > 0");
        this.metric = metric;
        this.gain = gain;
        this.mode = mode;
        this.half = metric == null ? null : new double[d];
        this.product2 = metric == null ? null : new double[d];
        this.operator = metric == null ? hessian : new SymmetricOperator() {
            @Override public int dimension() { return d; }

            @Override public void apply(double[] v, double[] out) {
                metric.half(v, half);
                hessian.apply(half, product2);
                metric.half(product2, out);
            }
        };
        if (metric != null) space = null;
        if (method == Method.DENSE) {
            matrix = new DMatrixRMaj(d, d);
            reduction = DecompositionFactory_DDRM.tridiagonal(d);
            tridiagonal = new TridiagonalEigen(d);
            unit = new double[d];
            column = new double[d];
            diagonal = new double[d];
            offDiagonal = new double[d];
            lanczos = null;
            certifiedRule = restrictedRule = null;
            this.space = null;
            start = product = direction = null;
        } else {
            matrix = null;
            reduction = null;
            tridiagonal = null;
            unit = column = diagonal = offDiagonal = null;
            lanczos = new Lanczos(d, this.maxSteps);
            certifiedRule = this::certified;
            restrictedRule = this::restrictedCertified;
            this.space = space;
            start = space == null ? null : new double[d];
            product = space == null ? null : new double[d];
            direction = space == null ? null : new double[d];
        }
    }

    public Method method() { return method; }

    public Objective objective() { return objective; }

    public ImplicitRegion region() { return region; }

    /** The Lanczos engine of this instance (null for dense), e.g. to read its Ritz pairs after an evaluation. */
    public Lanczos lanczos() { return lanczos; }

    /**
     * Measures the deviation rate at x (not modified) into {@code out}, which is returned.
     */
    public Measurement evaluate(double[] x, Measurement out) {
        region.split(x, signal, residual);
        double norm = Kernels.norm(residual);
        out.residualNorm = norm;
        out.hessianProducts = 0;
        out.lanczosSteps = 0;
        out.restricted = false;
        if (!(norm > 0)) {
            out.rate = out.minus = out.plus = out.errorBound = Double.NaN;
            out.certified = true;
            out.residualNorm = 0;
            return out;
        }
        hessian.at(signal);
        if (metric != null) {
            metric.at(signal);
            metric.inverseHalf(residual, signal); // the signal is in the operator now: reuse its buffer
            System.arraycopy(signal, 0, residual, 0, d);
            norm = Kernels.norm(residual);
            if (!(norm > 0)) {
                out.rate = out.minus = out.plus = out.errorBound = Double.NaN;
                out.certified = true;
                return out;
            }
        }
        denseRan = method == Method.DENSE;
        if (method == Method.DENSE) {
            dense(norm, out);
        } else if (space == null || !restricted(x, norm, out)) {
            plainLanczos(out);
        }
        if (mode != null) {
            modeRates(out);
            return out;
        }
        double positive = curvature - negative;
        out.minus = 0.0 - gain * positive; // 0.0 − x: no −0.0 in the trace
        out.plus = 0.0 - gain * negative;
        out.rate = out.minus + 3 * out.plus;
        if (gain != 1) out.errorBound *= gain;
        return out;
    }

    /** Section 1 of docs/deviation-rate.md: ⟨q, Hq⟩ and ⟨q, H₋q⟩ from the tridiagonalised, reflected Hessian. */
    private void dense(double norm, Measurement out) {
        assemble();
        reflectResidualToFirstAxis(norm);
        if (!reduction.decompose(matrix)) throw new ArithmeticException("tridiagonal reduction failed");
        reduction.getDiagonal(diagonal, offDiagonal);
        tridiagonal.decompose(diagonal, offDiagonal, d, false);
        curvature = diagonal[0];
        negative = 0;
        for (int j = 0; j < d; j++) {
            double theta = tridiagonal.value(j);
            if (theta >= 0) break; // ascending
            double c = tridiagonal.first(j);
            negative += theta * c * c;
        }
        out.errorBound = Double.NaN;
        out.certified = true;
        out.hessianProducts = d;
    }

    /** Section 2 of docs/deviation-rate.md: Lanczos from x⊥ over the whole space, with its error bound. */
    private void plainLanczos(Measurement out) {
        Lanczos.Outcome outcome = lanczos.run(operator, residual, maxSteps, certifiedRule);
        curvature = lanczos.alpha(0);
        negative = negativePart();
        out.errorBound = errorBound(lanczos, 0);
        out.certified = outcome == Lanczos.Outcome.INVARIANT || out.errorBound <= tolerance * lanczos.normEstimate();
        out.hessianProducts += lanczos.steps();
        out.lanczosSteps = lanczos.steps();
    }

    /**
     * Section 3 of docs/deviation-rate.md: Lanczos inside the residual space, certified against the whole Hessian;
     * false (the plain run takes over) when x⊥ is not in the space, the space leaks, or the run ends invariant but
     * uncertified.
     */
    private boolean restricted(double[] x, double norm, Measurement out) {
        space.at(x);
        for (int i = 0; i < d; i++) start[i] = residual[i] / norm;
        space.project(start);
        double inside = Kernels.norm(start);
        if (!(inside > 0.5)) return false; // x⊥ lies in N up to round-off whenever the hint applies at all
        for (int i = 0; i < d; i++) start[i] /= inside;
        double shift = 0; // δ = ‖q − q'‖ for q = x⊥/‖x⊥‖ and the start q' = Pq/‖Pq‖
        for (int i = 0; i < d; i++) { double e = residual[i] / norm - start[i]; shift += e * e; }
        startShift = Math.sqrt(shift);
        leaked = false;
        // T_k of a restricted run sees only H on N, which can be far smaller than H (near a solution H on N → 0
        // while the stiff part stays): scale the tolerance by ‖Hu‖ ≤ ‖H‖ for the unit signal direction u too (one
        // product), so it keeps meaning "relative to ‖H‖"
        double signalNorm = Kernels.norm(signal);
        hessianScale = 0;
        if (signalNorm > 0) {
            for (int i = 0; i < d; i++) direction[i] = signal[i] / signalNorm;
            hessian.apply(direction, product);
            hessianScale = Kernels.norm(product);
            out.hessianProducts++;
        }
        Lanczos.Outcome outcome = lanczos.run(hessian, start, maxSteps, restrictedRule, space);
        out.hessianProducts += lanczos.steps();
        // an INVARIANT end skips the stop rule: check the leak and the certificate here too
        double scale = restrictedScale(lanczos);
        leaked |= lanczos.leakage() > tolerance * scale;
        double bound = errorBound(lanczos, startShift);
        // a capped run that did not leak keeps its (uncertified) result: a plain rerun would be dearer
        if (leaked || !(bound <= tolerance * scale || outcome == Lanczos.Outcome.STEP_LIMIT)) return false;
        // ⟨q, Hq⟩ exactly, with one more product: the start was q', not q
        for (int i = 0; i < d; i++) start[i] = residual[i] / norm;
        hessian.apply(start, product);
        curvature = Kernels.dot(start, product);
        out.hessianProducts++;
        negative = negativePart();
        out.errorBound = bound;
        out.certified = bound <= tolerance * scale;
        out.restricted = true;
        out.lanczosSteps = lanczos.steps();
        return true;
    }

    private static boolean sharpDrop(Lanczos l) {
        int k = l.steps();
        return k > 1 && l.beta(k - 1) < 0.01 * l.beta(k - 2);
    }

    /** r = Σⱼ wⱼψ(mode(θⱼ)) over the quadrature pairs of the last run: r₋ from the modes that shrink, r₊ the others. */
    private void modeRates(Measurement out) {
        int k = denseRan ? d : lanczos.steps();
        double shrinking = 0, growing = 0;
        for (int j = 0; j < k; j++) {
            double theta = denseRan ? tridiagonal.value(j) : lanczos.ritzValue(j);
            double c = denseRan ? tridiagonal.first(j) : 0;
            double w = denseRan ? c * c : lanczos.ritzWeight(j);
            double e = mode.applyAsDouble(theta);
            if (e >= 0) shrinking += e * w; else growing += e * w;
        }
        out.minus = 0.0 - shrinking;
        out.plus = 0.0 - growing;
        out.rate = out.minus + 3 * out.plus;
        if (gain != 1) out.errorBound *= gain;
    }

    /** Σ_{θⱼ&lt;0} θⱼcⱼ² over the Ritz pairs of the last run. */
    private double negativePart() {
        double negative = 0;
        for (int j = 0; j < lanczos.steps(); j++) {
            double theta = lanczos.ritzValue(j);
            if (theta >= 0) break; // ascending
            negative += theta * lanczos.ritzWeight(j);
        }
        return negative;
    }

    /** The restricted run stops as soon as N proves not invariant (leakage above tolerance), then falls back. */
    private boolean restrictedCertified(Lanczos l) {
        double scale = restrictedScale(l);
        if (l.leakage() > tolerance * scale) {
            leaked = true;
            return true;
        }
        int k = l.steps();
        double beta = l.residualNorm(), leak = l.leakage();
        if (1.5 * Math.hypot(beta, leak) + 2 * startShift * scale <= tolerance * scale) return true;
        if (!Lanczos.checkpoint(k) && !sharpDrop(l)) return false;
        return errorBound(l, startShift) <= tolerance * scale;
    }

    /** max(‖T_k‖ Gershgorin, ‖Hu‖): what the tolerance of a restricted run is relative to. */
    private double restrictedScale(Lanczos l) { return Math.max(l.normEstimate(), hessianScale); }

    /**
     * Checks the certificate at {@link Lanczos#checkpoint} steps and when β_k drops 100-fold, the O(1) bound 1.5β_k
     * at every step (docs/deviation-rate.md, section 2). Checks are not skipped for longer: rounding feeds the stiff
     * directions a little more at every step, so a certificate that is missed early can need many more steps.
     */
    private boolean certified(Lanczos l) {
        int k = l.steps();
        if (1.5 * l.residualNorm() <= tolerance * l.normEstimate()) return true;
        if (!Lanczos.checkpoint(k) && !sharpDrop(l)) return false;
        return errorBound(l, 0) <= tolerance * l.normEstimate();
    }

    /**
     * The a-posteriori bound on |⟨q, H₋q⟩ − Σ_{θⱼ&lt;0} θⱼcⱼ²| (docs/deviation-rate.md, sections 2 and 3): the
     * better of 1.5β_k and 1.5·ε_C + (Λ + ε_C)·Σ_U cⱼ² over the split of the Ritz pairs into converged C and
     * unconverged U (pair j in U when its weight costs less than its residual), with a restricted run's dropped part
     * added to every residual, plus 2δΛ for its shifted start.
     */
    static double errorBound(Lanczos l, double shift) {
        int k = l.steps();
        double leak = l.leakage();
        double first = Math.hypot(l.ritzResidual(0), leak);
        double lambda = Math.abs(Math.min(l.ritzValue(0), 0)) + first;
        double converged2 = leak * leak, unconvergedWeight = 0;
        for (int j = 0; j < k; j++) {
            double e = l.ritzResidual(j), w = l.ritzWeight(j);
            if (1.5 * Math.hypot(e, leak) <= lambda * w) converged2 += e * e; else unconvergedWeight += w;
        }
        double ec = Math.sqrt(converged2);
        double split = 1.5 * ec + (lambda + ec) * unconvergedWeight;
        return Math.min(1.5 * Math.hypot(l.residualNorm(), leak), split) + 2 * shift * lambda;
    }

    /**
     * H ← PHP for the Householder reflector P = I − 2uuᵀ/‖u‖², u = q + sign(q₀)e₁, which maps q = x⊥/‖x⊥‖ to
     * −sign(q₀)e₁ (symmetric rank-2 update; {@code column} and {@code unit} are used as scratch).
     */
    private void reflectResidualToFirstAxis(double norm) {
        double[] u = unit, w = column, h = matrix.data;
        for (int i = 0; i < d; i++) u[i] = residual[i] / norm;
        u[0] += u[0] >= 0 ? 1 : -1; // no cancellation
        double uu = Kernels.dot(u, u, d);
        double beta = 2 / uu;
        for (int i = 0; i < d; i++) w[i] = beta * Kernels.dot(h, i * d, u, 0, d); // w = βHu
        double k = 0.5 * beta * Kernels.dot(u, w, d);
        for (int i = 0; i < d; i++) w[i] -= k * u[i];
        for (int i = 0; i < d; i++) {
            double ui = u[i], wi = w[i];
            int row = i * d;
            for (int j = 0; j < d; j++) h[row + j] -= ui * w[j] + wi * u[j];
        }
        java.util.Arrays.fill(u, 0.0); // unit is all zeros again for the next assembly
    }

    private void assemble() {
        double[] h = matrix.data;
        for (int i = 0; i < d; i++) {
            unit[i] = 1;
            operator.apply(unit, column);
            unit[i] = 0;
            for (int r = 0; r < d; r++) h[r * d + i] = column[r];
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double s = 0.5 * (h[i * d + j] + h[j * d + i]);
                h[i * d + j] = s;
                h[j * d + i] = s;
            }
        }
    }
}
