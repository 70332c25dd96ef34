package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoftImputeTest {
    /**
     * At convergence Z = S_λ(P_Ω(Y) + P_Ω⊥(Z)) (Mazumder et al. 2010, Lemma 2/Theorem 1): checked against a dense
     * SVD of the completed matrix.
     */
    @ParameterizedTest @CsvSource({"1, 0.5", "2, 0.25", "3, 0.1"})
    void convergedSolutionIsItsOwnSoftThresholdedSvd(long seed, double lambdaFraction) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = 30, n = 45;
        SparseRatings data = new Synthetic(m, n, 4, rng).observe(0.4, 0.2, rng);
        SoftImputeSolver solver = new SoftImputeSolver(data, 30, 6, rng.split());
        double lambda = lambdaFraction * solver.lambdaMax(200);
        SoftImputeSolver.Outcome outcome = solver.solve(lambda, 1e-11, 5000);
        assertThat(outcome.converged()).isTrue();
        assertThat(solver.rank()).isPositive();

        double[] z = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) z[i * n + j] = solver.value(i, j);
        double[] a = z.clone();
        for (int k = 0; k < data.size(); k++) a[data.entryRow()[k] * n + data.entryColumn()[k]] = data.values()[k];
        double[] thresholded = softThresholdedSvd(a, m, n, lambda);
        double diff = 0, norm = 0;
        for (int p = 0; p < m * n; p++) {
            diff += (z[p] - thresholded[p]) * (z[p] - thresholded[p]);
            norm += z[p] * z[p];
        }
        assertThat(Math.sqrt(diff / norm)).isLessThan(1e-6);
        // The rank is the number of singular values of A above λ.
        double[] sigma = singularValues(a, m, n);
        int above = 0;
        for (double s : sigma) if (s > lambda) above++;
        assertThat(solver.rank()).isEqualTo(above);
    }

    @Test void aboveLambdaMaxTheSolutionIsZero() {
        SplittableRandom rng = new SplittableRandom(5);
        SparseRatings data = new Synthetic(20, 25, 2, rng).observe(0.5, 0.1, rng);
        SoftImputeSolver solver = new SoftImputeSolver(data, 10, 4, rng.split());
        double lambdaMax = solver.lambdaMax(300);
        double[] a = new double[20 * 25];
        for (int k = 0; k < data.size(); k++) a[data.entryRow()[k] * 25 + data.entryColumn()[k]] = data.values()[k];
        assertThat(lambdaMax).isCloseTo(singularValues(a, 20, 25)[0], org.assertj.core.data.Percentage.withPercentage(1e-6));
        solver.solve(lambdaMax * 1.001, 1e-12, 50);
        assertThat(solver.rank()).isZero();
    }

    @ParameterizedTest @CsvSource({"1, 60, 40", "2, 40, 60"})
    void recoversALowRankMatrixOnHeldOutEntries(long seed, int rows, int columns) {
        SplittableRandom rng = new SplittableRandom(seed);
        Synthetic truth = new Synthetic(rows, columns, 3, rng);
        Split split = Split.random(truth.observe(0.5, 0, rng), 0.2, 0.1, rng.split());
        SoftImpute model = new SoftImpute(new SoftImpute.Settings(40, 1e-4, 30, 1e-6, 2000, 6, 3, Centering.NONE));
        LowRankCompletion c = model.fit(split.train(), split.validation(), rng.split());
        assertThat(Errors.of(c, split.test()).rmse()).isLessThan(2e-2 * truth.scale());
        assertThat(truth.rmseEverywhere(c)).isLessThan(3e-2 * truth.scale());
        assertThat(c.rank()).isGreaterThanOrEqualTo(3);
    }

    /**
     * Data the centering fits exactly leaves a zero residual, so every block of the subspace iteration has zero
     * columns (reported by EJML's QR as a failure): the fit must still end, at Z = 0, predicting the constant.
     */
    @ParameterizedTest @CsvSource({"BIASES, 3.0", "GLOBAL_MEAN, -0.25"})
    void dataTheCenteringFitsExactlyCompletesToTheOffset(Centering centering, double value) {
        SplittableRandom rng = new SplittableRandom(7);
        SparseRatings observed = new Synthetic(15, 12, 2, rng).observe(0.7, 0, rng);
        double[] constant = new double[observed.size()];
        java.util.Arrays.fill(constant, value);
        Split split = Split.random(observed.withValues(constant), 0.2, 0.1, rng.split());
        SoftImpute model = new SoftImpute(SoftImpute.Settings.defaults().withCentering(centering));
        LowRankCompletion c = model.fit(split.train(), split.validation(), rng.split());
        assertThat(c.rank()).isZero();
        for (int i = 0; i < 15; i++) for (int j = 0; j < 12; j++) assertThat(c.predict(i, j)).isCloseTo(value, within(1e-12));
    }

    private static double[] singularValues(double[] a, int m, int n) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, false, false, true);
        svd.decompose(new DMatrixRMaj(m, n, true, a));
        double[] s = svd.getSingularValues().clone();
        java.util.Arrays.sort(s);
        for (int i = 0; i < s.length / 2; i++) {
            double t = s[i];
            s[i] = s[s.length - 1 - i];
            s[s.length - 1 - i] = t;
        }
        return s;
    }

    private static double[] softThresholdedSvd(double[] a, int m, int n, double lambda) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, true);
        svd.decompose(new DMatrixRMaj(m, n, true, a));
        DMatrixRMaj u = svd.getU(null, false), v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        double[] out = new double[m * n];
        for (int p = 0; p < s.length; p++) {
            double d = Math.max(s[p] - lambda, 0);
            if (d == 0) continue;
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) out[i * n + j] += u.get(i, p) * d * v.get(j, p);
        }
        return out;
    }
}
