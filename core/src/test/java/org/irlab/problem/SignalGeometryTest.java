package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The omitted constraints of Section 7: closed forms and an independent principal-angle computation. */
class SignalGeometryTest {
    private static final int N = 12, R = 3, SEARCH = 7;

    @Test
    void aFactorInTheTruthsColumnSpaceHasAngleZeroAndItsLargestSingularValueAsNorm() {
        double[] u = Randoms.orthonormalColumns(new SplittableRandom(1), N, R);
        double[] rotation = Randoms.orthonormalColumns(new SplittableRandom(2), SEARCH, SEARCH);
        double[] scales = {4, 2, 0.5};
        double[] x = new double[N * SEARCH]; // X = U* diag(s) [I 0] O: rank 3, column space U*
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < SEARCH; c++) {
                double s = 0;
                for (int k = 0; k < R; k++) s += u[i * R + k] * scales[k] * rotation[k * SEARCH + c];
                x[i * SEARCH + c] = s;
            }
        }
        double[] out = new double[2];
        new SignalGeometry(N, SEARCH, R, u).measure(x, out);
        assertThat(out[0]).isCloseTo(4, within(1e-12));
        assertThat(out[1]).isLessThan(1e-13);
    }

    @Test
    void aFactorOrthogonalToTheTruthHasAngleOne() {
        double[] both = Randoms.orthonormalColumns(new SplittableRandom(3), N, 2 * R);
        double[] u = new double[N * R], x = new double[N * SEARCH];
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < R; k++) {
                u[i * R + k] = both[i * 2 * R + k];
                x[i * SEARCH + k] = (k + 1) * both[i * 2 * R + R + k];
            }
        }
        double[] out = new double[2];
        new SignalGeometry(N, SEARCH, R, u).measure(x, out);
        assertThat(out[0]).isCloseTo(3, within(1e-12));
        assertThat(out[1]).isCloseTo(1, within(1e-12));
    }

    /** sin θ_max = (1 − σ_min(U*ᵀQ)²)^{1/2}, Q from EJML's SVD of X: accurate for angles that are not tiny. */
    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6, 7})
    void theAngleOfARandomFactorMatchesPrincipalAngles(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = Randoms.orthonormalColumns(rng, N, R);
        double[] x = new double[N * SEARCH];
        Randoms.gaussian(rng, 1.0, x);
        for (int i = 0; i < N; i++) for (int k = 0; k < R; k++) x[i * SEARCH + k] += 3 * u[i * R + k];
        double[] out = new double[2];
        new SignalGeometry(N, SEARCH, R, u).measure(x, out);

        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(N, SEARCH, true, false, false);
        DMatrixRMaj m = new DMatrixRMaj(N, SEARCH, true, x.clone());
        assertThat(svd.decompose(m)).isTrue();
        DMatrixRMaj left = svd.getU(null, false);
        double[] sv = svd.getSingularValues().clone();
        SingularOps_DDRM.descendingOrder(left, false, sv, Math.min(N, SEARCH), null, false);
        DMatrixRMaj q = CommonOps_DDRM.extract(left, 0, N, 0, R);
        DMatrixRMaj overlap = new DMatrixRMaj(R, R);
        CommonOps_DDRM.multTransA(new DMatrixRMaj(N, R, true, u), q, overlap);
        double[] cosines = SingularOps_DDRM.singularValues(overlap);
        double smallest = Double.POSITIVE_INFINITY;
        for (double c : cosines) smallest = Math.min(smallest, c);
        assertThat(out[0]).isCloseTo(sv[0], within(1e-12 * sv[0]));
        assertThat(out[1]).isCloseTo(Math.sqrt(Math.max(0, 1 - smallest * smallest)), within(1e-9));
        assertThat(out[1]).isBetween(0.05, 1.0);
    }

    @Test
    void theIsometryBoundIsAConstantColumnThatShrinksWithMoreMeasurements() {
        double[] zero = new double[8 * 8];
        double[] bounds = new double[2];
        int[] sizes = {100, 5000};
        for (int k = 0; k < 2; k++) {
            SymmetricSensing p = SymmetricSensing.create(8, 2, 8, new double[] {3, 1}, sizes[k], 11);
            double[] out = new double[p.metricNames().size()];
            p.metrics(zero, out);
            assertThat(p.metricNames()).containsExactly("signalNorm", "signalAngle", "isometryBound");
            assertThat(out[0]).isZero();
            assertThat(out[1]).isNaN();
            bounds[k] = out[2];
        }
        // Marchenko–Pastur edge on the 36-dimensional symmetric space: (1 + √(36/N))² − 1
        assertThat(bounds[0]).isBetween(0.5 * (Math.pow(1 + Math.sqrt(36 / 100.0), 2) - 1), 2.0);
        assertThat(bounds[1]).isLessThan(bounds[0] / 4).isPositive();
    }

    /**
     * With k = n nothing is cut, so the bound is |Rayleigh quotient − 1| of the power iterate: at most the largest
     * |λ − 1| of the Gram operator on symmetric matrices (built here explicitly on an orthonormal basis) and close to
     * λ_max − 1 after the power iterations.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void theIsometryBoundIsCertifiedByTheExplicitGram(long seed) {
        int n = 4, measurements = 60, size = n * n;
        double[] operator = new double[measurements * size];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, operator);
        double[] start = new double[size];
        for (int i = 0; i < n; i++) start[i * n + i] = 1;
        double bound = SymmetricSensing.isometryLowerBound(operator, measurements, n, n, start);
        // orthonormal basis of symmetric n×n matrices: E_ii, (E_ij + E_ji)/√2
        int dim = n * (n + 1) / 2;
        double[][] basis = new double[dim][size];
        int b = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++, b++) {
                double v = i == j ? 1 : Math.sqrt(0.5);
                basis[b][i * n + j] = v;
                basis[b][j * n + i] = v;
            }
        }
        DMatrixRMaj gram = new DMatrixRMaj(dim, dim);
        for (int p = 0; p < dim; p++) {
            for (int q = 0; q < dim; q++) {
                double s = 0;
                for (int i = 0; i < measurements; i++) {
                    double ap = 0, aq = 0;
                    for (int e = 0; e < size; e++) {
                        ap += operator[i * size + e] * basis[p][e];
                        aq += operator[i * size + e] * basis[q][e];
                    }
                    s += ap * aq;
                }
                gram.set(p, q, s / measurements);
            }
        }
        double[] eig = SingularOps_DDRM.singularValues(gram); // symmetric PSD: singular values = eigenvalues
        double max = 0, min = Double.POSITIVE_INFINITY;
        for (double e : eig) { max = Math.max(max, e); min = Math.min(min, e); }
        assertThat(bound).isLessThanOrEqualTo(Math.max(max - 1, 1 - min) + 1e-12);
        assertThat(bound).isGreaterThan(0.9 * (max - 1));
    }

    /**
     * The power iteration's one-pass step gives the bits of the two passes it replaced (inner products, then the
     * sum over i in order), with row counts that leave 0 to 3 rows after the blocks of four.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 61, 62, 63, 64})
    void theOnePassGramStepHasTheBitsOfTheTwoPasses(int measurements) {
        int n = 5, size = n * n;
        SplittableRandom rng = new SplittableRandom(measurements);
        double[] operator = new double[measurements * size], m = new double[size];
        Randoms.gaussian(rng, 1.0, operator);
        Randoms.gaussian(rng, 1.0, m);
        double[] values = new double[measurements], next = new double[size];
        SymmetricSensing.gramStep(operator, measurements, size, m, values, next);
        double[] expectedValues = new double[measurements], expected = new double[size];
        for (int i = 0; i < measurements; i++) {
            expectedValues[i] = org.irlab.linalg.Kernels.dot(operator, i * size, m, 0, size);
            double v = expectedValues[i] / measurements;
            for (int p = 0; p < size; p++) expected[p] += v * operator[i * size + p];
        }
        for (int i = 0; i < measurements; i++) {
            assertThat(Double.doubleToRawLongBits(values[i])).isEqualTo(Double.doubleToRawLongBits(expectedValues[i]));
        }
        for (int p = 0; p < size; p++) {
            assertThat(Double.doubleToRawLongBits(next[p])).as("entry %d", p)
                    .isEqualTo(Double.doubleToRawLongBits(expected[p]));
        }
    }
}
