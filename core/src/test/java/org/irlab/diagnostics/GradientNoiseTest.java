package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.optim.MiniBatch;
import org.irlab.problem.SampledObjective;
import org.irlab.problem.SymmetricSensing;
import org.junit.jupiter.api.Test;

/**
 * The noise term of the SGD deviation rate (docs/deviation-rate-beyond.md §4): ‖ξ⊥‖/‖x⊥‖ with ξ⊥ = P⊥(H_B − H)x⊥
 * equals, batch by batch, the residual part of the actual noise ∇f_B(x) − ∇f(x) per unit of residual when x⊥ is
 * small; its mean square over many batches matches the closed form of sampling without replacement, computed from
 * single-term batches and an SVD projector built here; the full batch gives exactly 0.
 */
class GradientNoiseTest {
    static final int N = 6, K = 6, D = N * K, M = 80;

    static SymmetricSensing sensing() {
        return SymmetricSensing.create(N, 2, K, new double[] {3, 1}, M, 7);
    }

    static double[] point(SymmetricSensing p, double scale) {
        double[] x = p.truthFactors().balancedFactor(K);
        double[] e = new double[D];
        Randoms.gaussian(new SplittableRandom(11), scale, e);
        for (int i = 0; i < D; i++) x[i] = 0.6 * x[i] + e[i];
        return x;
    }

    static GradientNoise probe(SymmetricSensing p, int batch, long seed) {
        SampledObjective sampled = SampledObjective.of(p.objective()).orElseThrow();
        return new GradientNoise(new MiniBatch(p.objective(), sampled, batch, MiniBatch.Sampling.WITHOUT_REPLACEMENT,
                seed), p.region(), 1);
    }

    @Test
    void theLinearizedTermIsTheResidualPartOfTheActualNoisePerUnitOfResidual() {
        SymmetricSensing p = sensing();
        double[] x = point(p, 1e-6);
        double[] signal = new double[D], perp = new double[D];
        p.region().split(x, signal, perp);
        double residual = Kernels.norm(perp);
        DMatrixRMaj u = leftSingularVectors(signal, 2), v = rightSingularVectors(signal, 2);
        GradientNoise noise = probe(p, 20, 3);
        SampledObjective sampled = SampledObjective.of(p.objective()).orElseThrow();
        MiniBatch twin = new MiniBatch(p.objective(), sampled, 20, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 3);
        double[] out = new double[3], batch = new double[D], full = new double[D], xi = new double[D];
        for (int t = 0; t < 20; t++) {
            noise.measure(t, x, 0, null, out);
            twin.valueAndGradient(x, batch); // the probe's batch
            p.objective().valueAndGradient(x, full);
            for (int j = 0; j < D; j++) xi[j] = batch[j] - full[j];
            // the actual noise at x, projected on the normal space at x♯: P⊥ξ(x♯) + P⊥(H_B − H)x⊥ + O(‖x⊥‖²)
            double actual = Kernels.norm(normalPart(xi, u, v)) / residual;
            assertThat(out[2]).isPositive();
            assertThat(out[2]).as("batch %d", t).isCloseTo(actual, within(1e-3 * actual));
            // invariance: batch steps keep 𝓜 invariant, so the noise at x♯ is tangent (P⊥ξ(x♯) = 0)
            twin.noise(signal, xi, full);
            assertThat(Kernels.norm(normalPart(xi, u, v))).isLessThan(1e-9 * Kernels.norm(xi));
        }
    }

    @Test
    void itsMeanSquareMatchesTheClosedFormOfSamplingWithoutReplacement() {
        SymmetricSensing p = sensing();
        double[] x = point(p, 0.05);
        int batch = 20, draws = 4000;
        GradientNoise noise = probe(p, batch, 5);
        double[] out = new double[3];
        double sum = 0;
        for (int t = 0; t < draws; t++) {
            noise.measure(t, x, 0, null, out);
            sum += out[2] * out[2];
        }
        double mean = sum / draws;

        // closed form: E‖(1/B)Σ_{i∈B} wᵢ − w̄‖² = (N − B)/(B(N − 1))·(1/N)Σ‖wᵢ − w̄‖², wᵢ = P⊥ D∇fᵢ(x♯)[x⊥]/‖x⊥‖
        // with ∇fᵢ the single-term estimate (so that w̄ is the full gradient's)
        SampledObjective sampled = SampledObjective.of(p.objective()).orElseThrow();
        double[] signal = new double[D], perp = new double[D];
        p.region().split(x, signal, perp);
        double e = Kernels.norm(perp);
        DMatrixRMaj u = leftSingularVectors(signal, 2), v = rightSingularVectors(signal, 2);
        double[][] w = new double[M][];
        double[] mean0 = new double[D], plus = new double[D], minus = new double[D], at = new double[D];
        double h = 1e-5;
        for (int i = 0; i < M; i++) {
            int[] single = {i};
            for (int j = 0; j < D; j++) at[j] = signal[j] + h * perp[j] / e;
            sampled.batchValueAndGradient(at, single, 1, plus);
            for (int j = 0; j < D; j++) at[j] = signal[j] - h * perp[j] / e;
            sampled.batchValueAndGradient(at, single, 1, minus);
            double[] d = new double[D];
            for (int j = 0; j < D; j++) d[j] = (plus[j] - minus[j]) / (2 * h);
            w[i] = normalPart(d, u, v);
            for (int j = 0; j < D; j++) mean0[j] += w[i][j] / M;
        }
        double spread = 0;
        for (int i = 0; i < M; i++) for (int j = 0; j < D; j++) spread += (w[i][j] - mean0[j]) * (w[i][j] - mean0[j]);
        double expected = (double) (M - batch) / (batch * (M - 1)) * spread / M;
        assertThat(mean).isCloseTo(expected, within(0.06 * expected));
    }

    @Test
    void theFullBatchHasNoNoiseTerm() {
        SymmetricSensing p = sensing();
        double[] x = point(p, 0.05);
        GradientNoise noise = probe(p, M, 9);
        double[] out = new double[3];
        noise.measure(0, x, 0, null, out);
        assertThat(out[2]).isZero();
    }

    /** (I − UUᵀ)V(I − WWᵀ) for the K-column factor, U and W the signal's top singular vectors. */
    static double[] normalPart(double[] vector, DMatrixRMaj u, DMatrixRMaj w) {
        DMatrixRMaj a = DMatrixRMaj.wrap(N, K, vector.clone());
        DMatrixRMaj pu = new DMatrixRMaj(N, N), pw = new DMatrixRMaj(K, K);
        CommonOps_DDRM.multTransB(u, u, pu);
        CommonOps_DDRM.multTransB(w, w, pw);
        DMatrixRMaj left = CommonOps_DDRM.identity(N), right = CommonOps_DDRM.identity(K);
        CommonOps_DDRM.subtractEquals(left, pu);
        CommonOps_DDRM.subtractEquals(right, pw);
        DMatrixRMaj t = new DMatrixRMaj(N, K), out = new DMatrixRMaj(N, K);
        CommonOps_DDRM.mult(left, a, t);
        CommonOps_DDRM.mult(t, right, out);
        return out.data;
    }

    static DMatrixRMaj leftSingularVectors(double[] x, int r) { return singularVectors(x, r, true); }

    static DMatrixRMaj rightSingularVectors(double[] x, int r) { return singularVectors(x, r, false); }

    private static DMatrixRMaj singularVectors(double[] x, int r, boolean left) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(N, K, true, true, false);
        svd.decompose(DMatrixRMaj.wrap(N, K, x.clone()));
        DMatrixRMaj all = left ? svd.getU(null, false) : svd.getV(null, false);
        double[] s = svd.getSingularValues();
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        DMatrixRMaj out = new DMatrixRMaj(all.numRows, r);
        for (int c = 0; c < r; c++) for (int i = 0; i < all.numRows; i++) out.set(i, c, all.get(i, order[c]));
        return out;
    }
}
