package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.optim.FactorPreconditioner;
import org.irlab.optim.MiniBatch;
import org.irlab.optim.Variant;
import org.irlab.problem.Objective;
import org.irlab.problem.SampledObjective;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generalized deviation rate (docs/deviation-rate-beyond.md) reduces to Definition 5 for GD and is checked
 * against dense eigen-decompositions: of the whitened Hessian P^{1/2}HP^{1/2} for the preconditioners, and of the
 * linearized momentum map on (e_t, e_{t−1}) for heavy ball.
 */
class GeneralizedDeviationRateTest {
    static final int N = 6, K = 6, D = N * K; // d = 36 ≤ 64

    static SymmetricSensing sensing() {
        return SymmetricSensing.create(N, 2, K, new double[] {3, 1}, 80, 7);
    }

    /** A point with x⊥ ≠ 0: the truth's factor plus a small seeded perturbation (and a saddle-like one). */
    static double[] point(SymmetricSensing p, double scale, long seed) {
        double[] x = p.truthFactors().balancedFactor(K);
        double[] e = new double[D];
        Randoms.gaussian(new SplittableRandom(seed), scale, e);
        for (int i = 0; i < D; i++) x[i] = 0.6 * x[i] + e[i];
        return x;
    }

    static DeviationRate.Measurement measure(DeviationRate rate, double[] x) {
        return rate.evaluate(x, new DeviationRate.Measurement());
    }

    /** P = I applied through the metric's arithmetic (two copies per product). */
    static final DeviationRate.Metric IDENTITY = new DeviationRate.Metric() {
        @Override public void at(double[] signal) {}

        @Override public void half(double[] v, double[] out) { System.arraycopy(v, 0, out, 0, v.length); }

        @Override public void inverseHalf(double[] v, double[] out) { System.arraycopy(v, 0, out, 0, v.length); }
    };

    @ParameterizedTest
    @EnumSource(DeviationRate.Method.class)
    void reducesToDefinitionFiveForGradientDescent(DeviationRate.Method method) {
        SymmetricSensing p = sensing();
        double[] x = point(p, 1e-2, 1);
        DeviationRate.Measurement r = measure(new DeviationRate(p.objective(), p.region(), method, D, 1e-12), x);
        DeviationRate.Measurement g = measure(new DeviationRate(p.objective(), p.region(), method, D, 1e-12, null,
                IDENTITY, 1), x);
        DeviationRate.Measurement plain = measure(GeneralizedDeviationRate.of(p.objective(), p.region(), method, D,
                1e-12, null, new Variant(Variant.Momentum.HEAVY_BALL, 0, Variant.Preconditioning.NONE, 0, 10,
                        MiniBatch.Sampling.WITH_REPLACEMENT, 1, 1)), x);
        assertThat(r.rate()).isNotNaN();
        assertThat(r.plus()).isGreaterThan(0); // a point where both parts matter
        for (DeviationRate.Measurement m : new DeviationRate.Measurement[] {g, plain}) {
            assertThat(Math.abs(m.rate() - r.rate())).isLessThanOrEqualTo(Tolerances.EXACT_RELATIVE * Math.abs(r.rate()));
            assertThat(Math.abs(m.minus() - r.minus())).isLessThanOrEqualTo(Tolerances.EXACT_RELATIVE * Math.abs(r.minus()));
            assertThat(Math.abs(m.plus() - r.plus())).isLessThanOrEqualTo(Tolerances.EXACT_RELATIVE * Math.abs(r.rate()));
        }
    }

    /** H at x as a dense matrix from d Hessian-vector products (symmetrised). */
    static DMatrixRMaj hessian(Objective f, double[] x) {
        int d = x.length;
        DMatrixRMaj h = new DMatrixRMaj(d, d);
        double[] e = new double[d], column = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = 1;
            f.hessianVector(x, e, column);
            e[i] = 0;
            for (int r = 0; r < d; r++) h.set(r, i, column[r]);
        }
        DMatrixRMaj t = h.copy();
        CommonOps_DDRM.transpose(t);
        CommonOps_DDRM.add(0.5, h, 0.5, t, h);
        return h;
    }

    /** Eigenpairs of a symmetric matrix: values[i], vectors as columns. */
    record Eigen(double[] values, DMatrixRMaj vectors) {
        static Eigen of(DMatrixRMaj a) {
            int d = a.numRows;
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
            if (!eig.decompose(a.copy())) throw new ArithmeticException("eig failed");
            double[] values = new double[d];
            DMatrixRMaj vectors = new DMatrixRMaj(d, d);
            for (int j = 0; j < d; j++) {
                values[j] = eig.getEigenvalue(j).getReal();
                DMatrixRMaj v = eig.getEigenVector(j);
                for (int i = 0; i < d; i++) vectors.set(i, j, v.get(i));
            }
            return new Eigen(values, vectors);
        }

        double weight(int j, double[] q) {
            double c = 0;
            for (int i = 0; i < q.length; i++) c += vectors.get(i, j) * q[i];
            return c * c;
        }
    }

    @ParameterizedTest
    @EnumSource(FactorPreconditioner.Damping.class)
    void preconditionedRateMatchesTheDenseWhitenedHessian(FactorPreconditioner.Damping damping) {
        SymmetricSensing p = sensing();
        Objective f = p.objective();
        double[] x = point(p, 3e-2, 2);
        double[] signal = new double[D], residual = new double[D];
        p.region().split(x, signal, residual);
        FactorPreconditioner pre = FactorPreconditioner.of(f, damping, 0.05); // λ as the metric takes it
        double loss = f.value(signal);
        // P dense from its action on the unit vectors, its square root by eigen-decomposition
        DMatrixRMaj pm = new DMatrixRMaj(D, D);
        double[] e = new double[D], column = new double[D];
        for (int i = 0; i < D; i++) {
            e[i] = 1;
            pre.applyPower(signal, loss, 1, e, column);
            e[i] = 0;
            for (int r = 0; r < D; r++) pm.set(r, i, column[r]);
        }
        Eigen pe = Eigen.of(pm);
        DMatrixRMaj root = new DMatrixRMaj(D, D), inverseRoot = new DMatrixRMaj(D, D);
        for (int j = 0; j < D; j++) {
            assertThat(pe.values()[j]).isGreaterThan(0);
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < D; b++) {
                    double vv = pe.vectors().get(a, j) * pe.vectors().get(b, j);
                    root.add(a, b, Math.sqrt(pe.values()[j]) * vv);
                    inverseRoot.add(a, b, vv / Math.sqrt(pe.values()[j]));
                }
            }
        }
        DMatrixRMaj h = hessian(f, signal), tmp = new DMatrixRMaj(D, D), whitened = new DMatrixRMaj(D, D);
        CommonOps_DDRM.mult(root, h, tmp);
        CommonOps_DDRM.mult(tmp, root, whitened);
        DMatrixRMaj z = new DMatrixRMaj(D, 1);
        CommonOps_DDRM.mult(inverseRoot, new DMatrixRMaj(D, 1, true, residual), z);
        double[] q = z.data.clone();
        double norm = Kernels.norm(q);
        for (int i = 0; i < D; i++) q[i] /= norm;
        Eigen he = Eigen.of(whitened);
        double minus = 0, plus = 0;
        for (int j = 0; j < D; j++) {
            double lambda = he.values()[j], c2 = he.weight(j, q);
            if (lambda > 0) minus -= lambda * c2; else plus -= lambda * c2;
        }
        double expected = minus + 3 * plus;
        Variant variant = new Variant(Variant.Momentum.NONE, 0, damping == FactorPreconditioner.Damping.FIXED
                ? Variant.Preconditioning.SCALED_GD : Variant.Preconditioning.PREC_GD, 0.05, 0,
                MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1);
        double scale = Math.abs(minus) + Math.abs(plus);
        for (DeviationRate.Method method : DeviationRate.Method.values()) {
            DeviationRate.Measurement m = measure(GeneralizedDeviationRate.of(f, p.region(), method, D, 1e-13, null,
                    variant), x);
            assertThat(m.certified()).isTrue();
            assertThat(Math.abs(m.rate() - expected)).as("%s: %s vs %s", method, m.rate(), expected)
                    .isLessThanOrEqualTo(Tolerances.EXACT_RELATIVE * scale);
            assertThat(Math.abs(m.plus() - plus)).isLessThanOrEqualTo(Tolerances.EXACT_RELATIVE * scale);
        }
        // and it is not Definition 5's r: the preconditioner changes the rate
        double r = measure(new DeviationRate(f, p.region(), DeviationRate.Method.DENSE), x).rate();
        assertThat(Math.abs(expected - r)).isGreaterThan(1e-3 * Math.abs(r));
    }

    /**
     * Heavy ball: the exact per-step growth of each eigenmode of the linearized map (e⁺, e) = J(e, e₋) against the
     * first-order rate r/(1 − β). The moduli of J's eigenvalues (a dense 2d×2d eigen-decomposition) are the per-mode
     * companion roots; the exact effective rate Σ ψ((1 − ρᵢ)/η)cᵢ² agrees with r/(1 − β) to second order in η.
     */
    @Test
    void momentumRateMatchesTheLinearizedMapToFirstOrder() {
        SymmetricSensing p = sensing();
        Objective f = p.objective();
        double[] x = point(p, 1e-2, 3);
        double[] signal = new double[D], residual = new double[D];
        p.region().split(x, signal, residual);
        double[] q = residual.clone();
        double norm = Kernels.norm(q);
        for (int i = 0; i < D; i++) q[i] /= norm;
        DMatrixRMaj h = hessian(f, signal);
        Eigen he = Eigen.of(h);
        double beta = 0.5;
        double gained = measure(GeneralizedDeviationRate.of(f, p.region(), DeviationRate.Method.LANCZOS, D, 1e-13,
                null, new Variant(Variant.Momentum.HEAVY_BALL, beta, Variant.Preconditioning.NONE, 0, 0,
                        MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1)), x).rate();
        double secondMoment = 0; // Σ λᵢ²cᵢ²
        for (int i = 0; i < D; i++) secondMoment += he.values()[i] * he.values()[i] * he.weight(i, q);
        for (Variant.Momentum momentum : new Variant.Momentum[] {Variant.Momentum.HEAVY_BALL, Variant.Momentum.NESTEROV}) {
            Variant variant = new Variant(momentum, beta, Variant.Preconditioning.NONE, 0, 0,
                    MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1);
            for (double eta : new double[] {1e-4, 1e-3, 0.05}) {
                // J = [[(1+β)I − ηH, −βI], [I, 0]] (Nesterov: [[(1+β)(I − ηH), −β(I − ηH)], [I, 0]]); its eigenvalues,
                // per mode, are the roots of the companion polynomial of docs/deviation-rate-beyond.md §3
                DMatrixRMaj j = new DMatrixRMaj(2 * D, 2 * D);
                boolean nesterov = momentum == Variant.Momentum.NESTEROV;
                for (int a = 0; a < D; a++) {
                    for (int b = 0; b < D; b++) {
                        double m = (a == b ? 1 : 0) - eta * h.get(a, b);
                        j.set(a, b, nesterov ? (1 + beta) * m : m + (a == b ? beta : 0));
                        j.set(a, D + b, nesterov ? -beta * m : (a == b ? -beta : 0));
                    }
                    j.set(D + a, a, 1);
                }
                EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2 * D, false);
                assertThat(eig.decompose(j)).isTrue();
                double[] moduli = new double[2 * D], companion = new double[2 * D];
                for (int i = 0; i < 2 * D; i++) moduli[i] = eig.getEigenvalue(i).getMagnitude();
                double exact = 0;
                for (int i = 0; i < D; i++) {
                    double lambda = he.values()[i], sl = eta * lambda;
                    double b = nesterov ? (1 + beta) * (1 - sl) : 1 + beta - sl, c = nesterov ? beta * (1 - sl) : beta;
                    double disc = b * b - 4 * c;
                    double r1, r2;
                    if (disc >= 0) {
                        double big = (b + Math.copySign(Math.sqrt(disc), b)) / 2;
                        r1 = Math.abs(big);
                        r2 = big == 0 ? 0 : Math.abs(c / big);
                    } else {
                        r1 = r2 = Math.sqrt(c);
                    }
                    companion[2 * i] = r1;
                    companion[2 * i + 1] = r2;
                    double rho = Math.max(r1, r2);
                    double effective = (1 - rho) / eta; // the curvature GD would need to move this mode as fast
                    exact += (effective > 0 ? -effective : -3 * effective) * he.weight(i, q);
                }
                Arrays.sort(moduli);
                Arrays.sort(companion);
                for (int i = 0; i < 2 * D; i++) { // nonsymmetric eigenvalues: a near-double root is only √ε-accurate
                    assertThat(Tolerances.close(moduli[i], companion[i], 1e-7, 1e-9)).as("%s η = %s modulus %d",
                            momentum, eta, i).isTrue();
                }
                // the rate with the exact per-mode root inside the quadrature equals it (dense and Lanczos)
                for (DeviationRate.Method method : DeviationRate.Method.values()) {
                    double measured = measure(GeneralizedDeviationRate.of(f, p.region(), method, D, 1e-13, null,
                            variant, eta), x).rate();
                    assertThat(Tolerances.close(measured, exact, 1e-8, 1e-10)).as("%s %s η = %s: %s vs %s", momentum,
                            method, eta, measured, exact).isTrue();
                }
                if (momentum == Variant.Momentum.HEAVY_BALL && eta < 0.01) {
                    // and the first-order gain 1/(1 − β) is within the second-order remainder
                    // 3·η·β·λ²/(1 − β)³ + O(η²) per mode (the expansion of the dominant root)
                    double bound = 4 * eta * secondMoment / Math.pow(1 - beta, 3);
                    assertThat(Math.abs(exact - gained)).as("η = %s: exact %s, first order %s", eta, exact, gained)
                            .isLessThanOrEqualTo(bound);
                }
            }
        }
        // β = 0: the exact root is |1 − ηθ|, so the rate is Definition 5's r wherever η‖H‖ ≤ 1
        double r = measure(new DeviationRate(f, p.region(), DeviationRate.Method.DENSE), x).rate();
        double eta = 0.9 / Math.max(Math.abs(he.values()[0]), Math.abs(he.values()[D - 1]));
        double atZero = measure(GeneralizedDeviationRate.of(f, p.region(), DeviationRate.Method.DENSE, D, 1e-13, null,
                new Variant(Variant.Momentum.HEAVY_BALL, 0, Variant.Preconditioning.NONE, 0, 0,
                        MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1), eta), x).rate();
        assertThat(Tolerances.close(atZero, r, 1e-10, 1e-12)).as("%s vs %s", atZero, r).isTrue();
    }

    @Test
    void gradientNoiseIsSplitByTheRegion() {
        // sparse recovery: the region is a support, so the split of ξ is exact; the parts are orthogonal
        SparseRecovery p = SparseRecovery.create(new double[] {1, 0, 0, -0.5, 0, 0}, 30,
                SparseRecovery.Normalization.MEAN, 5);
        SampledObjective sampled = SampledObjective.of(p.objective()).orElseThrow();
        double[] x = new double[12];
        Randoms.gaussian(new SplittableRandom(3), 0.5, x);
        GradientNoise noise = new GradientNoise(new MiniBatch(sampled, 5, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 4),
                p.region(), 1);
        double[] out = new double[3];
        noise.measure(0, x, 0, null, out);
        // the same draw, recomputed here
        MiniBatch again = new MiniBatch(sampled, 5, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 4);
        double[] g = new double[12], full = new double[12];
        again.valueAndGradient(x, g);
        p.objective().valueAndGradient(x, full);
        double off = 0, on = 0;
        for (int i = 0; i < 12; i++) {
            double xi = g[i] - full[i];
            int coordinate = i % 6;
            boolean support = (i < 6 && coordinate == 0) || (i >= 6 && coordinate == 3);
            if (support) on += xi * xi; else off += xi * xi;
        }
        assertThat(Tolerances.close(out[0], Math.sqrt(off), Tolerances.FD_RELATIVE, Tolerances.EXACT_ABSOLUTE)).as("%s vs %s", out[0], Math.sqrt(off))
                .isTrue();
        assertThat(Tolerances.close(out[1], Math.sqrt(on), Tolerances.FD_RELATIVE, Tolerances.EXACT_ABSOLUTE)).isTrue();
        assertThat(out[0]).isGreaterThan(0);
    }
}
