package org.irlab.diagnostics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Lanczos;
import org.irlab.problem.HessianOperator;
import org.irlab.problem.Objective;
import org.irlab.region.ImplicitRegion;

/**
 * The deviation rate of Definition 5 (eqs. (9)–(10) of the IPGD paper) at a point x: with the signal
 * x♯ = P_𝓜(x), the residual x⊥ = x − x♯ and H = ∇²f(x♯) = H₊ + H₋ split into its positive and negative
 * semidefinite parts, r₋ = −⟨x⊥, H₊x⊥⟩/‖x⊥‖², r₊ = −⟨x⊥, H₋x⊥⟩/‖x⊥‖² and r = r₋ + 3r₊. When x⊥ = 0 the rate is
 * undefined here (NaN; the paper sets it to 0, which is how cumulative sums treat it).
 *
 * <p>Two methods, both from Hessian-vector products only:
 * <ul>
 * <li>{@link Method#DENSE}: H assembled from d products with the unit vectors, symmetrised, and fully
 *     eigendecomposed (EJML's symmetric QR algorithm); ⟨x⊥, H₋x⊥⟩ = Σ_{λᵢ&lt;0} λᵢ⟨vᵢ, x⊥⟩². O(d) products and
 *     O(d³) flops; exact up to rounding.</li>
 * <li>{@link Method#LANCZOS}: Lanczos with full reorthogonalisation started at q₁ = x⊥/‖x⊥‖. Its Ritz pairs
 *     (θⱼ, yⱼ) are the eigenpairs of H that x⊥ sees, with ⟨yⱼ, q₁⟩² = sⱼ[0]², so
 *     ⟨q₁, H₋q₁⟩ ≈ Σ_{θⱼ&lt;0} θⱼ sⱼ[0]² (the negative Ritz pairs; equivalently Gauss quadrature of min(λ, 0)
 *     against the spectral measure of q₁) and ⟨q₁, H₊q₁⟩ = ⟨q₁, Hq₁⟩ − ⟨q₁, H₋q₁⟩ with ⟨q₁, Hq₁⟩ = α₁ exact.
 *     <b>Guarantee.</b> With Q_k orthonormal (full reorthogonalisation keeps it so to working precision) the
 *     estimate is exact for H̃ = H − β_k(q_{k+1}q_kᵀ + q_kq_{k+1}ᵀ), for which span Q_k is invariant; since
 *     ‖H₋ − H̃₋‖ ≤ ½(‖H − H̃‖₂ + ‖|H| − |H̃|‖_F) ≤ ½(β_k + √2·√2β_k) (Araki–Yamagami), the computed r₋ and r₊ are
 *     each within {@code errorBound} = 1.5·β_k of the true ones, and r within 3β_k (r = −⟨q,Hq⟩ − 2⟨q,H₋q⟩).
 *     The run stops as soon as 1.5β_k ≤ tolerance·‖T_k‖_Gershgorin, when the Krylov space becomes invariant, or at
 *     the step cap; only in the last case is the measurement {@link Measurement#certified() uncertified}, and its
 *     bound (possibly large) is still reported. The cost is one product per step plus O(k²d) for the
 *     reorthogonalisation; k is at most the number of distinct eigenvalues of H that x⊥ sees — e.g. ≤ n for
 *     symmetric sensing, where x⊥ spans directions that the Gauss–Newton term annihilates, but up to d for
 *     sparse recovery, where H is diagonal with distinct entries on the residual's coordinates.</li>
 * </ul>
 *
 * <p>Owns all work buffers (allocated at construction; the Lanczos path allocates nothing per evaluation); one
 * instance per thread. The region and the objective must not be used by another thread meanwhile.
 */
public final class DeviationRate {
    /** How H₋ is obtained. */
    public enum Method {
        DENSE, LANCZOS;

        /** The choice of {@code auto}: dense up to {@link #DENSE_LIMIT} parameters, Lanczos above. */
        public static Method forDimension(int d) { return d <= DENSE_LIMIT ? DENSE : LANCZOS; }
    }

    /** Largest d for which {@code auto} assembles the Hessian (d² doubles, O(d³) eigendecomposition). */
    public static final int DENSE_LIMIT = 1000;

    /** Default relative stopping tolerance of the Lanczos path (against the Gershgorin bound of ‖T_k‖). */
    public static final double DEFAULT_TOLERANCE = 1e-12;

    /** Default cap on Lanczos steps (also bounded by d); the basis holds (cap + 1)·d doubles. */
    public static final int DEFAULT_MAX_STEPS = 500;

    /** One evaluation's results; reusable, written by {@link #evaluate}. */
    public static final class Measurement {
        private double rate = Double.NaN, minus = Double.NaN, plus = Double.NaN, residualNorm = Double.NaN;
        private double errorBound = Double.NaN;
        private int hessianProducts, lanczosSteps;
        private boolean certified;

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

        /** Lanczos: a bound on |r₋ − r̂₋| and on |r₊ − r̂₊| (1.5β_k, see the class comment). Dense: NaN. */
        public double errorBound() { return errorBound; }

        /** Lanczos: false when the step cap stopped the run before the tolerance was met. Dense: true. */
        public boolean certified() { return certified; }

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
    // dense
    private final DMatrixRMaj matrix;
    private final EigenDecomposition_F64<DMatrixRMaj> eigen;
    private final double[] unit, column;
    // Lanczos
    private final Lanczos lanczos;
    private final Lanczos.StopRule certifiedRule;

    /** With the default Lanczos cap and tolerance. */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method) {
        this(objective, region, method, DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE);
    }

    /**
     * @param maxSteps  cap on Lanczos steps (ignored by dense)
     * @param tolerance Lanczos stops when 1.5β_k ≤ tolerance·‖T_k‖ (ignored by dense)
     */
    public DeviationRate(Objective objective, ImplicitRegion region, Method method, int maxSteps, double tolerance) {
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
        if (method == Method.DENSE) {
            matrix = new DMatrixRMaj(d, d);
            eigen = DecompositionFactory_DDRM.eig(d, true, true);
            unit = new double[d];
            column = new double[d];
            lanczos = null;
            certifiedRule = null;
        } else {
            matrix = null;
            eigen = null;
            unit = null;
            column = null;
            lanczos = new Lanczos(d, this.maxSteps);
            certifiedRule = l -> 1.5 * l.residualNorm() <= this.tolerance * l.normEstimate();
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
        if (!(norm > 0)) {
            out.rate = out.minus = out.plus = out.errorBound = Double.NaN;
            out.certified = true;
            out.residualNorm = 0;
            return out;
        }
        hessian.at(signal);
        double curvature, negative; // ⟨q, Hq⟩ and ⟨q, H₋q⟩ for q = x⊥/‖x⊥‖
        if (method == Method.DENSE) {
            assemble();
            negative = 0;
            curvature = 0;
            double inv2 = 1 / (norm * norm);
            // ⟨x⊥, H x⊥⟩ from the symmetrised matrix
            double[] h = matrix.data;
            for (int i = 0; i < d; i++) {
                double ri = residual[i];
                if (ri == 0) continue;
                curvature += ri * Kernels.dot(h, i * d, residual, 0, d);
            }
            curvature *= inv2;
            if (!eigen.decompose(matrix)) throw new ArithmeticException("symmetric eigendecomposition failed");
            for (int i = 0; i < d; i++) {
                double lambda = eigen.getEigenvalue(i).getReal();
                if (lambda >= 0) continue;
                double c = Kernels.dot(eigen.getEigenVector(i).data, residual, d);
                negative += lambda * c * c;
            }
            negative *= inv2;
            out.errorBound = Double.NaN;
            out.certified = true;
            out.hessianProducts = d;
        } else {
            Lanczos.Outcome outcome = lanczos.run(hessian, residual, maxSteps, certifiedRule);
            int k = lanczos.steps();
            curvature = lanczos.alpha(0);
            negative = 0;
            for (int j = 0; j < k; j++) {
                double theta = lanczos.ritzValue(j);
                if (theta >= 0) break; // ascending
                negative += theta * lanczos.ritzWeight(j);
            }
            out.errorBound = 1.5 * lanczos.residualNorm();
            out.certified = outcome != Lanczos.Outcome.STEP_LIMIT
                    || out.errorBound <= tolerance * lanczos.normEstimate();
            out.hessianProducts = k;
            out.lanczosSteps = k;
        }
        double positive = curvature - negative;
        out.minus = -positive;
        out.plus = -negative;
        out.rate = out.minus + 3 * out.plus;
        return out;
    }

    private void assemble() {
        double[] h = matrix.data;
        for (int i = 0; i < d; i++) {
            unit[i] = 1;
            hessian.apply(unit, column);
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
