package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.irlab.optim.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LeastSquaresTest {
    /** (N, d, observations, mean scaling, seed) with N &lt; d. */
    static Stream<Arguments> underdetermined() {
        return Stream.of(
                Arguments.of(20, 50, LeastSquares.Observations.GAUSSIAN, false, 1L),
                Arguments.of(20, 50, LeastSquares.Observations.PLANTED, false, 2L),
                Arguments.of(5, 40, LeastSquares.Observations.GAUSSIAN, true, 3L),
                Arguments.of(30, 31, LeastSquares.Observations.PLANTED, true, 4L),
                Arguments.of(1, 7, LeastSquares.Observations.GAUSSIAN, false, 5L));
    }

    private static LeastSquares create(int n, int d, LeastSquares.Observations kind, boolean mean, long seed) {
        return LeastSquares.create(n, d, kind, mean ? 1.0 / n : 1.0, seed);
    }

    private static DMatrixRMaj matrix(int rows, int cols, double[] data) {
        return new DMatrixRMaj(rows, cols, true, data.clone());
    }

    /** P w = Aᵀ(AAᵀ)⁻¹A w for full row rank A: an independent route to the row-space projector. */
    private static double[] rowSpaceProjection(LeastSquares p, double[] w) {
        int n = p.measurements(), d = p.dimension();
        DMatrixRMaj a = matrix(n, d, p.design());
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, gram);
        DMatrixRMaj aw = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(a, matrix(d, 1, w), aw);
        DMatrixRMaj z = new DMatrixRMaj(n, 1);
        assertThat(CommonOps_DDRM.solve(gram, aw, z)).isTrue();
        DMatrixRMaj out = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(a, z, out);
        return out.data;
    }

    /** Aᵀ(AAᵀ)⁻¹b, the minimum-norm solution of a full-row-rank system, without any SVD. */
    private static double[] normalEquationSolution(LeastSquares p) {
        int n = p.measurements(), d = p.dimension();
        DMatrixRMaj a = matrix(n, d, p.design());
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(a, a, gram);
        DMatrixRMaj z = new DMatrixRMaj(n, 1);
        assertThat(CommonOps_DDRM.solve(gram, matrix(n, 1, p.observations()), z)).isTrue();
        DMatrixRMaj out = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(a, z, out);
        return out.data;
    }

    private static DescentResult gd(LeastSquares p, double[] x0, IterationObserver observer) {
        double eta = 1.0 / p.smoothness();
        double tolerance = 1e-13 * Math.max(1, Kernels.norm(p.observations())) * Math.sqrt(p.smoothness());
        return PerturbedDescent.run(p.objective(), x0, DescentSettings.gd(eta, 200_000, tolerance), observer);
    }

    @ParameterizedTest(name = "N={0}, d={1}, {2}, mean={3}, seed={4}")
    @MethodSource("underdetermined")
    void minimumNormSolutionSolvesTheSystemAndMatchesTheNormalEquations(int n, int d, LeastSquares.Observations kind,
                                                                       boolean mean, long seed) {
        LeastSquares p = create(n, d, kind, mean, seed);
        assertThat(p.rank()).isEqualTo(n);
        double[] expected = normalEquationSolution(p);
        assertThat(Kernels.distance(p.minimumNormSolution(), expected))
                .isLessThanOrEqualTo(REORDERED * Kernels.norm(expected));
        double[] aw = new double[n];
        Kernels.multiplyVector(p.design(), p.minimumNormSolution(), aw, n, d);
        assertThat(Kernels.distance(aw, p.observations()))
                .isLessThanOrEqualTo(REORDERED * Kernels.norm(p.observations()));
        assertThat(p.objective().value(p.minimumNormSolution())).isLessThanOrEqualTo(1e-22 * Kernels.dot(p.observations(), p.observations()));
    }

    @ParameterizedTest(name = "N={0}, d={1}, {2}, mean={3}, seed={4}")
    @MethodSource("underdetermined")
    void valueIsTheScaledSquaredResidual(int n, int d, LeastSquares.Observations kind, boolean mean, long seed) {
        LeastSquares p = create(n, d, kind, mean, seed);
        double[] w = new double[d];
        Randoms.gaussian(new SplittableRandom(seed + 100), 1.0, w);
        double[] r = new double[n];
        Kernels.multiplyVector(p.design(), w, r, n, d);
        double s = 0;
        for (int i = 0; i < n; i++) s += (r[i] - p.observations()[i]) * (r[i] - p.observations()[i]);
        double expected = (mean ? 1.0 / n : 1.0) * s;
        assertThat(p.objective().value(w))
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(REORDERED * expected));
    }

    @ParameterizedTest(name = "N={0}, d={1}, {2}, mean={3}, seed={4}")
    @MethodSource("underdetermined")
    void gdFromZeroConvergesToTheMinimumNormSolution(int n, int d, LeastSquares.Observations kind, boolean mean,
                                                     long seed) {
        LeastSquares p = create(n, d, kind, mean, seed);
        double[] maxResidual = {0};
        DescentResult r = gd(p, new double[d], (t, x, f, g, gn, last) ->
                maxResidual[0] = Math.max(maxResidual[0], p.region().residualNorm(x)));
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        double[] expected = normalEquationSolution(p);
        assertThat(Kernels.distance(r.x(), expected)).isLessThanOrEqualTo(1e-8);
        assertThat(p.error(r.x())).isLessThanOrEqualTo(1e-8);
        assertThat(p.distanceToSolutions(r.x())).isLessThanOrEqualTo(1e-8);
        // GD from zero never leaves the row space (up to rounding)
        assertThat(maxResidual[0]).isLessThanOrEqualTo(REORDERED * Math.max(1, Kernels.norm(expected)));
    }

    @ParameterizedTest(name = "N={0}, d={1}, {2}, mean={3}, seed={4}")
    @MethodSource("underdetermined")
    void gdFromANonzeroInitKeepsItsNullSpaceComponent(int n, int d, LeastSquares.Observations kind, boolean mean,
                                                      long seed) {
        LeastSquares p = create(n, d, kind, mean, seed);
        double[] w0 = new double[d];
        Randoms.gaussian(new SplittableRandom(seed + 7), 1.0, w0);
        double[] rowPart = rowSpaceProjection(p, w0);
        double[] expected = normalEquationSolution(p);
        for (int i = 0; i < d; i++) expected[i] += w0[i] - rowPart[i];  // A⁺b + (I − P)w₀
        double initialResidual = Kernels.distance(w0, rowPart);
        double[] residualDrift = {0};
        DescentResult r = gd(p, w0, (t, x, f, g, gn, last) -> residualDrift[0] =
                Math.max(residualDrift[0], Math.abs(p.region().residualNorm(x) - initialResidual)));
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        assertThat(Kernels.distance(r.x(), expected)).isLessThanOrEqualTo(1e-8);
        assertThat(p.distanceToSolutions(r.x())).isLessThanOrEqualTo(1e-8);
        assertThat(Math.abs(p.error(r.x()) - initialResidual)).isLessThanOrEqualTo(1e-8);
        // the residual x⊥ = (I − P)x does not move under GD: deviation rate 0
        assertThat(residualDrift[0]).isLessThanOrEqualTo(REORDERED * Math.max(1, Kernels.norm(w0)));
    }

    @ParameterizedTest(name = "N={0}, d={1}, {2}, mean={3}, seed={4}")
    @MethodSource("underdetermined")
    void distanceToSolutionsIsThePseudoinverseOfTheResidual(int n, int d, LeastSquares.Observations kind,
                                                            boolean mean, long seed) {
        LeastSquares p = create(n, d, kind, mean, seed);
        double[] w = new double[d];
        Randoms.gaussian(new SplittableRandom(seed + 9), 2.0, w);
        // projection of w onto {Aw = b} is w − Aᵀ(AAᵀ)⁻¹(Aw − b); its distance is ‖Aᵀ(AAᵀ)⁻¹(Aw − b)‖
        double[] pw = rowSpaceProjection(p, w);
        double[] pinvB = normalEquationSolution(p);
        double expected = Kernels.distance(pw, pinvB);
        assertThat(p.distanceToSolutions(w)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-11 * (1 + expected)));
        assertThat(p.error(w)).isEqualTo(Kernels.distance(w, p.minimumNormSolution()));
        assertThat(p.region().residualNorm(w)).isCloseTo(Kernels.distance(w, pw), org.assertj.core.data.Offset.offset(1e-11 * Kernels.norm(w)));
    }

    @Test
    void rankDeficientDesignUsesItsNumericalRank() {
        // 6 equations of which the last repeats the first: rank 5, consistent b
        int d = 10;
        SplittableRandom rng = new SplittableRandom(12);
        double[] a = new double[6 * d];
        Randoms.gaussian(rng, 1.0, a);
        System.arraycopy(a, 0, a, 5 * d, d);
        double[] b = new double[6];
        Randoms.gaussian(rng, 1.0, b);
        b[5] = b[0];
        LeastSquares p = LeastSquares.of(d, a, b, 1.0);
        assertThat(p.rank()).isEqualTo(5);
        LeastSquares reduced = LeastSquares.of(d, java.util.Arrays.copyOf(a, 5 * d), java.util.Arrays.copyOf(b, 5), 1.0);
        double[] expected = normalEquationSolution(reduced);
        assertThat(Kernels.distance(p.minimumNormSolution(), expected))
                .isLessThanOrEqualTo(REORDERED * Kernels.norm(expected));
        DescentResult r = gd(p, new double[d], IterationObserver.NONE);
        assertThat(Kernels.distance(r.x(), expected)).isLessThanOrEqualTo(1e-8);
    }

    @Test
    void overdeterminedInconsistentSystemConvergesToTheLeastSquaresSolution() {
        int n = 30, d = 8;
        LeastSquares p = LeastSquares.create(n, d, LeastSquares.Observations.GAUSSIAN, 1.0 / n, 13);
        assertThat(p.rank()).isEqualTo(d);
        // (AᵀA)⁻¹Aᵀb by the normal equations
        DMatrixRMaj a = matrix(n, d, p.design());
        DMatrixRMaj gram = new DMatrixRMaj(d, d), atb = new DMatrixRMaj(d, 1), expected = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(a, a, gram);
        CommonOps_DDRM.multTransA(a, matrix(n, 1, p.observations()), atb);
        assertThat(CommonOps_DDRM.solve(gram, atb, expected)).isTrue();
        assertThat(Kernels.distance(p.minimumNormSolution(), expected.data))
                .isLessThanOrEqualTo(REORDERED * Kernels.norm(expected.data));
        double[] w0 = new double[d];
        Randoms.gaussian(new SplittableRandom(14), 1.0, w0);
        DescentResult r = gd(p, w0, IterationObserver.NONE);
        assertThat(p.error(r.x())).isLessThanOrEqualTo(1e-8);
        assertThat(p.distanceToSolutions(r.x())).isLessThanOrEqualTo(1e-8);
        assertThat(p.region().residualNorm(w0)).isLessThanOrEqualTo(ROUNDING * Kernels.norm(w0) * d);
        assertThat(p.objective().value(r.x())).isGreaterThan(1e-3);  // inconsistent: the minimum is not zero
    }

    @Test
    void sameSeedGivesTheSameInstanceBitForBit() {
        LeastSquares a = LeastSquares.create(7, 19, LeastSquares.Observations.PLANTED, 1.0, 42);
        LeastSquares b = LeastSquares.create(7, 19, LeastSquares.Observations.PLANTED, 1.0, 42);
        assertThat(a.design()).containsExactly(b.design());
        assertThat(a.observations()).containsExactly(b.observations());
        assertThat(a.minimumNormSolution()).containsExactly(b.minimumNormSolution());
    }
}
