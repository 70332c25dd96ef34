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
import org.irlab.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatrixProductModelTest {
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(2, 1), Arguments.of(1, 4), Arguments.of(2, 2),
                Arguments.of(2, 3), Arguments.of(3, 3), Arguments.of(4, 2), Arguments.of(2, 6));
    }

    private static double[] random(SplittableRandom rng, int n, double scale) {
        double[] x = new double[n];
        Randoms.gaussian(rng, scale, x);
        return x;
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void productIsTheChainOfFactorsRightToLeft(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        double[] x = random(new SplittableRandom(31L * d + depth), model.dimension(), 0.8);
        DMatrixRMaj expected = CommonOps_DDRM.identity(d);
        for (int j = 0; j < depth; j++) {
            DMatrixRMaj w = new DMatrixRMaj(d, d);
            System.arraycopy(x, j * d * d, w.data, 0, d * d);
            DMatrixRMaj next = new DMatrixRMaj(d, d);
            CommonOps_DDRM.mult(w, expected, next); // W_j · (W_{j−1} ⋯ W_1)
            expected = next;
        }
        double[] m = new double[d * d];
        model.product(x, m);
        for (int i = 0; i < d * d; i++) {
            assertThat(Tolerances.close(m[i], expected.data[i], REORDERED, ROUNDING)).as("entry %d", i).isTrue();
        }
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void pullbackIsTheAdjointOfPushforward(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        SplittableRandom rng = new SplittableRandom(50L * d + depth);
        double[] x = random(rng, model.dimension(), 0.8);
        double[] v = random(rng, model.dimension(), 1);
        double[] g = random(rng, d * d, 1);
        double[] jv = new double[d * d], jtg = new double[model.dimension()];
        model.pushforward(x, v, jv);
        model.pullback(x, g, jtg);
        double a = Kernels.dot(g, jv), b = Kernels.dot(jtg, v);
        double scale = Kernels.norm(g) * Kernels.norm(jv) + Kernels.norm(jtg) * Kernels.norm(v);
        assertThat(Math.abs(a - b)).as("<g, Jv> = %s, <Jᵀg, v> = %s", a, b).isLessThanOrEqualTo(REORDERED * scale);
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void pushforwardMatchesCentralDifferencesOfTheProduct(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        SplittableRandom rng = new SplittableRandom(70L * d + depth);
        double[] x = random(rng, model.dimension(), 0.8);
        double[] v = random(rng, model.dimension(), 1);
        double h = 1e-5;
        double[] xp = x.clone(), xm = x.clone();
        Kernels.axpy(h, v, xp);
        Kernels.axpy(-h, v, xm);
        double[] mp = new double[d * d], mm = new double[d * d], jv = new double[d * d];
        model.product(xp, mp);
        model.product(xm, mm);
        model.pushforward(x, v, jv);
        double[] fd = new double[d * d];
        for (int i = 0; i < fd.length; i++) fd[i] = (mp[i] - mm[i]) / (2 * h);
        assertThat(Kernels.distance(fd, jv)).isLessThanOrEqualTo(1e-7 * (1 + Kernels.norm(jv)));
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void curvatureMatchesCentralDifferencesOfThePullback(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        SplittableRandom rng = new SplittableRandom(90L * d + depth);
        int n = model.dimension();
        double[] x = random(rng, n, 0.8);
        double[] v = random(rng, n, 1);
        double[] g = random(rng, d * d, 1);
        double h = 1e-5;
        double[] xp = x.clone(), xm = x.clone();
        Kernels.axpy(h, v, xp);
        Kernels.axpy(-h, v, xm);
        double[] gp = new double[n], gm = new double[n], exact = new double[n];
        model.pullback(xp, g, gp);
        model.pullback(xm, g, gm);
        model.curvature(x, g, v, exact);
        double[] fd = new double[n];
        for (int i = 0; i < n; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
        assertThat(Kernels.distance(fd, exact)).isLessThanOrEqualTo(1e-7 * (1 + Kernels.norm(exact)));
        if (depth == 1) assertThat(exact).containsOnly(0.0);
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void curvatureIsSymmetric(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        SplittableRandom rng = new SplittableRandom(110L * d + depth);
        int n = model.dimension();
        double[] x = random(rng, n, 0.8), u = random(rng, n, 1), w = random(rng, n, 1), g = random(rng, d * d, 1);
        double[] cu = new double[n], cw = new double[n];
        model.curvature(x, g, u, cu);
        model.curvature(x, g, w, cw);
        double a = Kernels.dot(w, cu), b = Kernels.dot(u, cw);
        assertThat(Math.abs(a - b)).isLessThanOrEqualTo(REORDERED * (1 + Kernels.norm(cu) * Kernels.norm(w)));
    }

    @ParameterizedTest(name = "d={0}, L={1}")
    @MethodSource("shapes")
    void balancedPointIsBalancedWithAScaledOrthogonalProductOfTheRequestedSign(int d, int depth) {
        MatrixProductModel model = new MatrixProductModel(d, depth);
        double alpha = 0.3;
        for (boolean random : new boolean[] {false, true}) {
            for (boolean positive : new boolean[] {true, false}) {
                double[] x = new double[model.dimension()];
                model.balancedPoint(alpha, random, positive, new SplittableRandom(7), x);
                int block = d * d;
                for (int j = 0; j + 1 < depth; j++) {
                    DMatrixRMaj lower = DMatrixRMaj.wrap(d, d, java.util.Arrays.copyOfRange(x, j * block, (j + 1) * block));
                    DMatrixRMaj upper = DMatrixRMaj.wrap(d, d, java.util.Arrays.copyOfRange(x, (j + 1) * block, (j + 2) * block));
                    DMatrixRMaj a = new DMatrixRMaj(d, d), b = new DMatrixRMaj(d, d);
                    CommonOps_DDRM.multTransA(upper, upper, a);  // W_{j+1}ᵀ W_{j+1}
                    CommonOps_DDRM.multTransB(lower, lower, b);  // W_j W_jᵀ
                    for (int i = 0; i < block; i++) assertThat(a.data[i])
                            .isCloseTo(b.data[i], org.assertj.core.data.Offset.offset(ROUNDING));
                }
                double[] m = new double[block];
                model.product(x, m);
                DMatrixRMaj product = DMatrixRMaj.wrap(d, d, m);
                DMatrixRMaj gram = new DMatrixRMaj(d, d);
                CommonOps_DDRM.multTransA(product, product, gram);
                double expectedSquare = Math.pow(alpha, 2 * depth);
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        assertThat(gram.get(r, c)).isCloseTo(r == c ? expectedSquare : 0,
                                org.assertj.core.data.Offset.offset(REORDERED * expectedSquare));
                    }
                }
                double det = CommonOps_DDRM.det(product.copy());
                assertThat(Math.abs(det))
                        .isCloseTo(Math.pow(alpha, depth * d), org.assertj.core.data.Offset.offset(REORDERED * Math.pow(alpha, depth * d)));
                assertThat(det > 0).as("random=%s positive=%s det=%s", random, positive, det).isEqualTo(positive);
                if (!random && positive) {
                    for (int j = 0; j < depth; j++) {
                        for (int r = 0; r < d; r++) {
                            for (int c = 0; c < d; c++) assertThat(x[j * block + r * d + c]).isEqualTo(r == c ? alpha : 0.0);
                        }
                    }
                }
            }
        }
    }
}
