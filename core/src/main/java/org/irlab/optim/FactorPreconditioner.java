package org.irlab.optim;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.problem.AsymmetricFactorModel;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.FactorizedObjective;
import org.irlab.problem.Objective;
import org.irlab.problem.RoutedObjective;
import org.irlab.problem.SensingLoss;
import org.irlab.problem.SumObjective;
import org.irlab.problem.SymmetricFactorModel;
import org.irlab.problem.SymmetricSensingObjective;

/**
 * The damped factor preconditioner of PrecGD (Zhang, Fattahi &amp; Zhang, NeurIPS 2021) and ScaledGD(λ) (Xu, Shen,
 * Chi &amp; Ma, 2023): d = ∇_X f·(XᵀX + λI)⁻¹ for x = X ∈ ℝ^{n×r'}, and for x = [X; Y] the asymmetric form
 * d = [∇_X f·(YᵀY + λI)⁻¹; ∇_Y f·(XᵀX + λI)⁻¹]. PrecGD ties λ to the current loss, λ_t = √f(x_t) with f in
 * the paper's normalisation (see {@link #of}); ScaledGD(λ) keeps λ fixed. Built by {@link #of} for an objective with a
 * balancing term, only the data term's gradient is preconditioned (d = P·∇f_data + ∇f_balance, as the ScaledGD and
 * PrecGD analyses have no balancing term). Everything is formed at the evaluation point (Nesterov's y_t). Per step:
 * the r'×r' Gram matrices, their Cholesky factors and one triangular solve per row, O(r'³ + n·r'²); work buffers
 * are owned by the rule.
 */
public final class FactorPreconditioner implements Preconditioner {
    /** How λ is chosen. */
    public enum Damping {
        /** λ fixed (ScaledGD(λ)). */
        FIXED,
        /** λ_t = √f(x_t) (PrecGD). */
        LOSS
    }

    /** Smallest λ relative to the largest diagonal entry of the Gram matrix. */
    static final double FLOOR = 1e-13;

    private final int leftRows, rightRows, rank;
    private final boolean symmetric;
    private final Damping damping;
    private final double lambda;
    private final double gramWeight;
    private final double[] left, right, row;
    /** The data term (null: λ from the state's loss as it is), the other terms (null: none), κ of λ = √(κ·f_data). */
    private Objective data, rest;
    private double paperScale = 1;
    private double[] restGradient, dataGradient;
    private DMatrixRMaj eigenInput;
    private EigenDecomposition_F64<DMatrixRMaj> eigen;
    private double[][][] powers;

    /** The symmetric form on x = X ∈ ℝ^{n×r'}. @param lambda λ ≥ 0 (FIXED; ignored by LOSS) */
    public static FactorPreconditioner symmetric(int n, int rank, Damping damping, double lambda) {
        return new FactorPreconditioner(n, 0, rank, true, damping, lambda, 1);
    }

    /** The asymmetric form on x = [X; Y], X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'}. */
    public static FactorPreconditioner asymmetric(int rows, int columns, int rank, Damping damping, double lambda) {
        return new FactorPreconditioner(rows, columns, rank, false, damping, lambda, 1);
    }

    /**
     * The preconditioner for the factor layout of f: X of symmetric sensing or a symmetric factorization, [X; Y] of
     * an asymmetric one or of two-factor completion (also behind a routed objective or as the first term of a sum
     * with a balancing term).
     *
     * @throws IllegalArgumentException when f is not a factorization IRLab knows the layout of
     */
    public static FactorPreconditioner of(Objective f, Damping damping, double lambda) {
        FactorPreconditioner p = layout(f, damping, lambda);
        Objective whole = f instanceof RoutedObjective.Composed c ? c.objective() : f;
        if (whole instanceof SumObjective sum && sum.dimension() == sum.terms().get(0).dimension()) {
            List<Objective> terms = sum.terms();
            boolean allWhole = true;
            for (Objective t : terms) allWhole &= t.dimension() == sum.dimension();
            if (!allWhole) throw new IllegalArgumentException("a factor preconditioner needs every term on [X; Y]");
            p.data = terms.get(0);
            p.rest = terms.size() == 2 ? terms.get(1) : new SumObjective(terms.subList(1, terms.size()));
            p.restGradient = new double[p.dimension()];
            p.dataGradient = new double[p.dimension()];
        } else {
            p.data = f;
        }
        p.paperScale = paperScale(p.data);
        return p;
    }

    /**
     * κ with κ·f ≈ ‖M − M*‖²_F, the RIP-normalised loss of Zhang, Fattahi &amp; Zhang (f = ‖𝒜(XXᵀ) − b‖² with
     * E‖𝒜(E)‖² = ‖E‖²_F): sensing f = c·Σᵢ rᵢ² over N measurements gives κ = 1/(cN) (4 for IRLab's c = 1/(4N));
     * completion f = c·Σ_Ω rᵢⱼ² gives κ = n₁n₂/(c|Ω|) (1/p at c = 1); any other objective κ = 1.
     */
    static double paperScale(Objective f) {
        Objective g = f instanceof RoutedObjective.Composed c ? c.objective() : f;
        if (g instanceof SymmetricSensingObjective s) return 1 / (s.scale() * s.measurements());
        if (g instanceof FactorizedObjective factorized && factorized.loss() instanceof SensingLoss loss) {
            return 1 / (loss.scale() * loss.measurements());
        }
        if (g instanceof CompletionObjective c && !c.hasBiases()) {
            return (double) c.rows() * c.columns() / (c.scale() * c.pattern().size());
        }
        return 1;
    }

    private static FactorPreconditioner layout(Objective f, Damping damping, double lambda) {
        if (f instanceof RoutedObjective.Composed c) return layout(c.objective(), damping, lambda);
        if (f instanceof SumObjective sum && sum.dimension() == sum.terms().get(0).dimension()) {
            return layout(sum.terms().get(0), damping, lambda);
        }
        if (f instanceof SymmetricSensingObjective s) return symmetric(s.n(), s.searchRank(), damping, lambda);
        if (f instanceof FactorizedObjective factorized) {
            if (factorized.model() instanceof SymmetricFactorModel m) {
                return symmetric(m.n(), m.searchRank(), damping, lambda);
            }
            if (factorized.model() instanceof AsymmetricFactorModel m) {
                return asymmetric(m.rows(), m.columns(), m.searchRank(), damping, lambda);
            }
        }
        if (f instanceof CompletionObjective c && !c.hasBiases()) {
            return c.isSymmetric() ? symmetric(c.rows(), c.searchRank(), damping, lambda)
                    : asymmetric(c.rows(), c.columns(), c.searchRank(), damping, lambda);
        }
        throw new IllegalArgumentException("a factor preconditioner needs X or [X; Y] factors (sensing or"
                + " completion); this objective has none");
    }

    /** With the Gram term weighted by {@code gramWeight}: 0 and λ = 1 make P = I through the same arithmetic (tests). */
    FactorPreconditioner(int leftRows, int rightRows, int rank, boolean symmetric, Damping damping, double lambda,
                         double gramWeight) {
        if (rank < 1 || leftRows < 1 || (!symmetric && rightRows < 1)) throw new IllegalArgumentException("empty factor");
        if (damping == Damping.FIXED && !(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("damping must be >= 0, got " + lambda);
        }
        this.leftRows = leftRows;
        this.rightRows = symmetric ? 0 : rightRows;
        this.rank = rank;
        this.symmetric = symmetric;
        this.damping = damping;
        this.lambda = lambda;
        this.gramWeight = gramWeight;
        this.left = new double[rank * rank];
        this.right = symmetric ? null : new double[rank * rank];
        this.row = new double[rank];
    }

    /** Number of parameters this preconditioner expects. */
    public int dimension() { return (leftRows + rightRows) * rank; }

    public boolean isSymmetric() { return symmetric; }

    public Damping damping() { return damping; }

    /** λ at a point where the data term is {@code dataLoss} (in IRLab's scaling): √(κ·f_data) for PrecGD. */
    public double lambda(double dataLoss) {
        return damping == Damping.LOSS ? Math.sqrt(paperScale * Math.max(dataLoss, 0)) : lambda;
    }

    /** λ at x, the data term evaluated there in full (not for the hot path). */
    public double lambdaAt(double[] x) {
        return damping == Damping.LOSS ? lambda(data == null ? 0 : data.value(x)) : lambda;
    }

    @Override public void apply(DescentState state, double[] gradient, double[] out) {
        double[] x = state.evaluationPoint();
        boolean batched = state.oracle() instanceof MiniBatch;
        double restLoss = 0;
        if (rest != null) {
            restLoss = rest.valueAndGradient(x, restGradient);
            for (int i = 0; i < gradient.length; i++) dataGradient[i] = gradient[i] - restGradient[i];
            gradient = dataGradient;
        }
        double l = damping == Damping.FIXED ? lambda
                : lambda(data == null ? state.loss() : batched ? data.value(x) : state.loss() - restLoss);
        solve(x, l, gradient, out);
        if (rest != null) for (int i = 0; i < out.length; i++) out[i] += restGradient[i];
    }

    private void solve(double[] x, double l, double[] gradient, double[] out) {
        int split = leftRows * rank;
        if (symmetric) {
            gram(x, 0, leftRows, l, left);
            cholesky(left);
            solveRows(left, gradient, out, 0, leftRows);
        } else {
            gram(x, split, rightRows, l, right);   // the X block is scaled by (YᵀY + λI)⁻¹
            gram(x, 0, leftRows, l, left);
            cholesky(right);
            cholesky(left);
            solveRows(right, gradient, out, 0, leftRows);
            solveRows(left, gradient, out, split, rightRows);
        }
    }

    /**
     * out = P^p·v at x with f(x) = {@code loss}, by eigen-decomposition of the r'×r' Gram matrices (the generalized
     * deviation rate's change of metric); not for the hot path. {@link #prepareHalves} and {@link #applyHalf} do the
     * same for p = ±1/2 with the decompositions kept across products.
     */
    public void applyPower(double[] x, double loss, double p, double[] v, double[] out) {
        prepare(x, lambda(loss), -p, p);
        applyPrepared(0, v, out);
    }

    /** Decomposes the Gram matrices at x once for {@link #applyHalf}: P^{1/2} and P^{−1/2}. */
    public void prepareHalves(double[] x, double loss) {
        prepare(x, lambda(loss), -0.5, 0.5);
    }

    /** {@link #prepareHalves(double[], double)} with λ at x ({@link #lambdaAt}). */
    public void prepareHalves(double[] x) {
        prepare(x, lambdaAt(x), -0.5, 0.5);
    }

    /** out = P^{1/2}v ({@code inverse}: P^{−1/2}v) at the point of the last {@link #prepareHalves}. */
    public void applyHalf(boolean inverse, double[] v, double[] out) {
        applyPrepared(inverse ? 1 : 0, v, out);
    }

    /** powers[slot][block] ← G_block^{e_slot} for the Gram matrices at x. */
    private void prepare(double[] x, double l, double e0, double e1) {
        if (eigen == null) {
            eigenInput = new DMatrixRMaj(rank, rank);
            eigen = DecompositionFactory_DDRM.eig(rank, true, true);
            powers = new double[2][symmetric ? 1 : 2][rank * rank];
        }
        int split = leftRows * rank;
        if (symmetric) {
            gram(x, 0, leftRows, l, left);
            matrixPowers(left, e0, e1, 0);
        } else {
            gram(x, split, rightRows, l, left);   // the X block is scaled through YᵀY
            matrixPowers(left, e0, e1, 0);
            gram(x, 0, leftRows, l, left);
            matrixPowers(left, e0, e1, 1);
        }
    }

    private void applyPrepared(int slot, double[] v, double[] out) {
        multiplyRows(powers[slot][0], v, out, 0, leftRows);
        if (!symmetric) multiplyRows(powers[slot][1], v, out, leftRows * rank, rightRows);
    }

    /** g ← w·BᵀB + λI for the block B of {@code rows} rows starting at {@code offset}. */
    private void gram(double[] x, int offset, int rows, double l, double[] g) {
        int k = rank;
        java.util.Arrays.fill(g, 0.0);
        for (int i = 0; i < rows; i++) {
            int base = offset + i * k;
            for (int a = 0; a < k; a++) {
                double xa = x[base + a];
                for (int b = 0; b <= a; b++) g[a * k + b] += xa * x[base + b];
            }
        }
        double largest = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double v = gramWeight * g[a * k + b];
                g[a * k + b] = v;
                g[b * k + a] = v;
            }
            largest = Math.max(largest, g[a * k + a]);
        }
        // λ → 0 with f (PrecGD) at a rank-deficient factor leaves a Gram matrix singular to rounding: keep λ at least
        // a few ulps of its largest diagonal entry, so the Cholesky factor exists
        double damping = Math.max(l, FLOOR * largest);
        for (int a = 0; a < k; a++) g[a * k + a] += damping;
    }

    /** In place: the lower triangle becomes L with LLᵀ = g. */
    private void cholesky(double[] g) {
        int k = rank;
        for (int j = 0; j < k; j++) {
            double diagonal = g[j * k + j];
            for (int m = 0; m < j; m++) diagonal -= g[j * k + m] * g[j * k + m];
            if (!(diagonal > 0)) throw new ArithmeticException("XᵀX + λI is not positive definite (λ = 0 at a"
                    + " rank-deficient factor? use a damping > 0)");
            double ljj = Math.sqrt(diagonal);
            g[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double s = g[i * k + j];
                for (int m = 0; m < j; m++) s -= g[i * k + m] * g[j * k + m];
                g[i * k + j] = s / ljj;
            }
        }
    }

    /** out rows ← in rows·(LLᵀ)⁻¹ (each row solved as a column: the matrix is symmetric). */
    private void solveRows(double[] l, double[] in, double[] out, int offset, int rows) {
        int k = rank;
        for (int i = 0; i < rows; i++) {
            int base = offset + i * k;
            for (int a = 0; a < k; a++) {
                double s = in[base + a];
                for (int m = 0; m < a; m++) s -= l[a * k + m] * row[m];
                row[a] = s / l[a * k + a];
            }
            for (int a = k - 1; a >= 0; a--) {
                double s = row[a];
                for (int m = a + 1; m < k; m++) s -= l[m * k + a] * row[m];
                row[a] = s / l[a * k + a];
            }
            System.arraycopy(row, 0, out, base, k);
        }
    }

    /** powers[0][block] ← g^{e0}, powers[1][block] ← g^{e1} for the symmetric positive definite g. */
    private void matrixPowers(double[] g, double e0, double e1, int block) {
        int k = rank;
        System.arraycopy(g, 0, eigenInput.data, 0, k * k);
        if (!eigen.decompose(eigenInput)) throw new ArithmeticException("eigen-decomposition failed");
        double[] p0 = powers[0][block], p1 = powers[1][block];
        java.util.Arrays.fill(p0, 0.0);
        java.util.Arrays.fill(p1, 0.0);
        for (int j = 0; j < k; j++) {
            double mu = eigen.getEigenvalue(j).getReal();
            if (!(mu > 0)) throw new ArithmeticException("XᵀX + λI is not positive definite");
            double s0 = Math.pow(mu, e0), s1 = Math.pow(mu, e1);
            double[] vector = eigen.getEigenVector(j).data;
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double vv = vector[a] * vector[b];
                    p0[a * k + b] += s0 * vv;
                    p1[a * k + b] += s1 * vv;
                }
            }
        }
    }

    private void multiplyRows(double[] power, double[] in, double[] out, int offset, int rows) {
        int k = rank;
        for (int i = 0; i < rows; i++) {
            int base = offset + i * k;
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int b = 0; b < k; b++) s += in[base + b] * power[b * k + a];
                out[base + a] = s;
            }
        }
    }
}
