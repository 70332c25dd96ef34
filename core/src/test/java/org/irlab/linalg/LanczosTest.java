package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.problem.HessianOperator;
import org.irlab.problem.Problem;
import org.irlab.testing.ProblemCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LanczosTest {
    static java.util.List<ProblemCatalogue.Entry> problems() { return ProblemCatalogue.small(); }

    /** Dense eigenvalues (ascending) of the operator, assembled from d products. */
    static double[] denseEigenvalues(SymmetricOperator a) {
        int d = a.dimension();
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        double[] e = new double[d], col = new double[d];
        for (int i = 0; i < d; i++) {
            e[i] = 1;
            a.apply(e, col);
            e[i] = 0;
            for (int r = 0; r < d; r++) m.set(r, i, col[r]);
        }
        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) {
            double s = 0.5 * (m.get(i, j) + m.get(j, i));
            m.set(i, j, s);
            m.set(j, i, s);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertThat(eig.decompose(m)).isTrue();
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = eig.getEigenvalue(i).getReal();
        Arrays.sort(v);
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void extremeEigenvaluesAgreeWithDense(ProblemCatalogue.Entry entry) {
        Problem p = entry.create();
        int d = p.objective().dimension();
        SplittableRandom rng = new SplittableRandom(41);
        double[] x = new double[d];
        Randoms.gaussian(rng, 0.5, x);
        HessianOperator h = new HessianOperator(p.objective()).at(x);
        double[] dense = denseEigenvalues(h);
        double norm = Math.max(Math.abs(dense[0]), Math.abs(dense[d - 1]));

        Lanczos lanczos = new Lanczos(d, d);
        double[] start = new double[d];
        Randoms.gaussian(rng, 1.0, start);
        lanczos.extremes(h, start, d, 1e-10);
        int k = lanczos.steps();
        assertThat(Math.abs(lanczos.ritzValue(0) - dense[0])).as("λ_min after %d steps", k).isLessThanOrEqualTo(1e-8 * norm);
        assertThat(Math.abs(lanczos.ritzValue(k - 1) - dense[d - 1])).as("λ_max").isLessThanOrEqualTo(1e-8 * norm);
        // Rayleigh–Ritz: θ₁ ≥ λ_min and θ_k ≤ λ_max (up to rounding)
        assertThat(lanczos.ritzValue(0)).isGreaterThanOrEqualTo(dense[0] - REORDERED * norm);
        assertThat(lanczos.ritzValue(k - 1)).isLessThanOrEqualTo(dense[d - 1] + REORDERED * norm);
        // the residual norms certify the eigenvectors
        double[] y = new double[d], hy = new double[d];
        for (int j : new int[] {0, k - 1}) {
            lanczos.ritzVector(j, y);
            h.apply(y, hy);
            Kernels.axpy(-lanczos.ritzValue(j), y, hy);
            assertThat(Kernels.norm(y)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(REORDERED));
            assertThat(Kernels.norm(hy)).isLessThanOrEqualTo(lanczos.ritzResidual(j) + 1e-11 * norm);
        }
    }

    @Test
    void repeatedEigenvaluesGiveAnInvariantSpaceOfTheirDistinctCount() {
        int d = 60;
        double[] diag = new double[d];
        for (int i = 0; i < d; i++) diag[i] = (i % 6) - 2.5; // 6 distinct values, multiplicity 10
        SymmetricOperator a = new SymmetricOperator() {
            @Override public int dimension() { return d; }
            @Override public void apply(double[] v, double[] out) { for (int i = 0; i < d; i++) out[i] = diag[i] * v[i]; }
        };
        double[] start = new double[d];
        Randoms.gaussian(new SplittableRandom(5), 1.0, start);
        Lanczos lanczos = new Lanczos(d, d);
        assertThat(lanczos.run(a, start, d, null)).isEqualTo(Lanczos.Outcome.INVARIANT);
        assertThat(lanczos.steps()).isEqualTo(6);
        double weight = 0;
        for (int j = 0; j < 6; j++) {
            assertThat(lanczos.ritzValue(j)).isCloseTo(j - 2.5, org.assertj.core.api.Assertions.within(REORDERED));
            weight += lanczos.ritzWeight(j);
        }
        assertThat(weight).isCloseTo(1.0, org.assertj.core.api.Assertions.within(ROUNDING));
        // the Gauss weights are the start vector's mass on each eigenspace
        double total = Kernels.dot(start, start), mass0 = 0;
        for (int i = 0; i < d; i += 6) mass0 += start[i] * start[i];
        assertThat(lanczos.ritzWeight(0)).isCloseTo(mass0 / total, org.assertj.core.api.Assertions.within(REORDERED));
    }

    /**
     * A run restricted to an invariant subspace (coordinates 0..29 of a diagonal operator) drops nothing and
     * finds only the eigenvalues inside it; on a coupled operator it reports exactly what it dropped:
     * after one step, ‖(I − P)Aq₁‖.
     */
    @Test
    void restrictedRunReportsWhatItDrops() {
        int d = 60, half = 30;
        double[] diag = new double[d];
        for (int i = 0; i < d; i++) diag[i] = i < half ? (i % 5) + 1 : -10 - i;
        SymmetricOperator a = new SymmetricOperator() {
            @Override public int dimension() { return d; }
            @Override public void apply(double[] v, double[] out) { for (int i = 0; i < d; i++) out[i] = diag[i] * v[i]; }
        };
        Projector firstHalf = v -> java.util.Arrays.fill(v, half, d, 0.0);
        double[] start = new double[d];
        Randoms.gaussian(new SplittableRandom(6), 1.0, start);
        firstHalf.project(start);
        Lanczos lanczos = new Lanczos(d, d);
        assertThat(lanczos.run(a, start, d, null, firstHalf)).isEqualTo(Lanczos.Outcome.INVARIANT);
        assertThat(lanczos.steps()).isEqualTo(5);
        assertThat(lanczos.leakage()).isZero();
        assertThat(lanczos.ritzValue(0)).isCloseTo(1, org.assertj.core.api.Assertions.within(REORDERED));
        // couple coordinate 0 to coordinate 40: A e₀ gains c·e₄₀, which the projector drops
        double c = 0.25;
        SymmetricOperator coupled = new SymmetricOperator() {
            @Override public int dimension() { return d; }
            @Override public void apply(double[] v, double[] out) {
                a.apply(v, out);
                out[0] += c * v[40];
                out[40] += c * v[0];
            }
        };
        lanczos.run(coupled, start, 1, null, firstHalf);
        double q0 = start[0] / Kernels.norm(start);
        assertThat(lanczos.leakage()).isCloseTo(Math.abs(c * q0), org.assertj.core.api.Assertions.within(ROUNDING));
        lanczos.run(coupled, start, 1, null); // a plain run drops nothing
        assertThat(lanczos.leakage()).isZero();
    }

    @Test
    void basisStaysOrthonormal() {
        int d = 200;
        SplittableRandom rng = new SplittableRandom(6);
        double[] q = Randoms.orthonormalColumns(rng, d, d);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) lambda[i] = Math.pow(10, -6 + 6.0 * i / d) * (i % 2 == 0 ? 1 : -1);
        double[] m = org.irlab.testing.Quadratic.fromEigen(q, lambda);
        SymmetricOperator a = new SymmetricOperator() {
            @Override public int dimension() { return d; }
            @Override public void apply(double[] v, double[] out) { Kernels.multiplyVector(m, v, out, d, d); }
        };
        double[] start = new double[d];
        Randoms.gaussian(rng, 1.0, start);
        Lanczos lanczos = new Lanczos(d, 150);
        lanczos.run(a, start, 150, null);
        // orthonormality is visible through T: the Ritz weights sum to one and every Ritz vector has unit norm
        double[] y = new double[d], z = new double[d];
        lanczos.ritzVector(0, y);
        lanczos.ritzVector(lanczos.steps() - 1, z);
        assertThat(Kernels.norm(y)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(REORDERED));
        assertThat(Math.abs(Kernels.dot(y, z))).isLessThan(REORDERED);
    }
}
