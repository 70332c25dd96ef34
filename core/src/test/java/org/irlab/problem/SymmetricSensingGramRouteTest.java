package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Randoms;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Gram route of symmetric sensing against the direct one: gradients, losses near convergence, whole runs. */
class SymmetricSensingGramRouteTest {
    static SymmetricSensingObjective objective(SymmetricSensingPackedTest.Instance inst, GradientRoute route) {
        return new SymmetricSensingObjective(inst.n(), inst.k(),
                SymmetricSensingObjective.pack(inst.n(), inst.operator(), inst.y().length), inst.y(), inst.scale(),
                MeasurementKernels.scalar(), route);
    }

    @Nested class Contract extends ObjectiveContract {
        @Override protected Objective objective() {
            return SymmetricSensingGramRouteTest.objective(SymmetricSensingPackedTest.instance(7, 5, 83, 4),
                    GradientRoute.GRAM);
        }
    }

    @Test
    void autoTakesTheGramRouteExactlyWhenThePackedSizeIsBelowN() {
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.AUTO, 20, 600)).isEqualTo(GradientRoute.GRAM);
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.AUTO, 20, 211)).isEqualTo(GradientRoute.GRAM);
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.AUTO, 20, 210)).isEqualTo(GradientRoute.DIRECT);
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.AUTO, 100, 3000)).isEqualTo(GradientRoute.DIRECT);
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.DIRECT, 20, 600)).isEqualTo(GradientRoute.DIRECT);
        assertThat(SymmetricSensingObjective.resolve(GradientRoute.GRAM, 100, 30)).isEqualTo(GradientRoute.GRAM);
    }

    /**
     * At a sequence of points (the first one anchors, the others go through H) the Gram route's gradient and loss
     * equal the direct pass's to 1e-12 relative; the loss from value() is the direct one's bits.
     */
    @ParameterizedTest
    @CsvSource({"6,4,60,1", "20,20,600,2", "9,3,131,3", "20,5,100,4", "8,3,18,5"})
    void gradientsEqualTheDirectRoutes(int n, int k, int measurements, long seed) {
        SymmetricSensingPackedTest.Instance inst = SymmetricSensingPackedTest.instance(n, k, measurements, seed);
        SymmetricSensingObjective gram = objective(inst, GradientRoute.GRAM), direct = objective(inst, GradientRoute.DIRECT);
        assertThat(gram.gradientRoute()).isEqualTo(GradientRoute.GRAM);
        agreeAlongAWalk(gram, direct, seed + 7, x -> { });
    }

    /**
     * At six points of a seeded walk (the first anchors, the others go through H), value and gradient of the Gram
     * route equal the direct route's to 1e-12 relative and value() gives the direct bits; {@code also} runs at each.
     */
    static void agreeAlongAWalk(Objective gram, Objective direct, long seed, java.util.function.Consumer<double[]> also) {
        int d = gram.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[d], g1 = new double[d], g2 = new double[d];
        Randoms.gaussian(rng, 0.5, x);
        for (int step = 0; step < 6; step++) {
            double[] move = new double[d];
            Randoms.gaussian(rng, 0.05, move);
            Kernels.axpy(1, move, x);
            double f1 = gram.valueAndGradient(x, g1), f2 = direct.valueAndGradient(x, g2);
            assertThat(Math.abs(f1 - f2)).as("loss at step %d", step).isLessThanOrEqualTo(1e-12 * f2);
            assertThat(Kernels.distance(g1, g2)).as("gradient at step %d", step)
                    .isLessThanOrEqualTo(1e-12 * Kernels.norm(g2));
            assertThat(gram.value(x)).isEqualTo(direct.value(x));
            also.accept(x);
        }
    }

    /**
     * Along a GD run (exactly parameterised, r' = r, so it converges linearly) from losses of 10 down to the
     * round-off floor near 1e-29, the loss the Gram route reports is within 1e-11 relative (measured: 5e-12 at
     * most) or 10× the direct pass's own error (at the floor both are off by about 20%), against a double-double
     * evaluation of c·Σ(⟨Âᵢ, pack(XXᵀ)⟩ − yᵢ)² (the plain Gram form would be off by about 1e-15
     * absolute, i.e. by 14 orders of magnitude at the end); its gradient equals the direct one up to the direct
     * pass's own absolute round-off.
     */
    @Test
    void lossStaysAccurateDownToTheRoundOffFloor() {
        int n = 20, k = 3, measurements = 600, packed = n * (n + 1) / 2;
        SplittableRandom rng = new SplittableRandom(31);
        double[] dense = new double[measurements * n * n], truthFactor = new double[n * k];
        Randoms.gaussian(rng, 1.0, dense);
        Randoms.gaussian(rng, 1.0, truthFactor);
        double[] operator = SymmetricSensingObjective.pack(n, dense, measurements), truth = new double[packed];
        packedGram(truthFactor, n, k, truth);
        double[] y = new double[measurements];
        for (int i = 0; i < measurements; i++) y[i] = Kernels.dot(operator, i * packed, truth, 0, packed);
        double scale = 1.0 / (4 * measurements);
        Objective gram = new SymmetricSensingObjective(n, k, operator, y, scale, MeasurementKernels.scalar(),
                GradientRoute.GRAM);
        Objective direct = new SymmetricSensingObjective(n, k, operator, y, scale, MeasurementKernels.scalar(),
                GradientRoute.DIRECT);
        double[] x0 = new double[n * k], g = new double[n * k];
        Randoms.gaussian(rng, 0.3, x0);
        List<double[]> points = new ArrayList<>(), gradients = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        IterationObserver keep = (t, x, f, grad, gn, last) -> {
            if (t % 25 == 0 || last) {
                points.add(x.clone());
                losses.add(f);
                gradients.add(grad.clone());
            }
        };
        DescentResult r = PerturbedDescent.run(gram, x0, DescentSettings.gd(0.02, 2500, 0), keep);
        assertThat(losses.get(0)).isGreaterThan(1);
        assertThat(r.finalLoss()).isLessThan(1e-26);
        for (int i = 0; i < points.size(); i++) {
            double reference = exactLoss(operator, y, scale, points.get(i), n, k);
            double exact = direct.valueAndGradient(points.get(i), g);
            double directError = Math.abs(exact - reference), gramError = Math.abs(losses.get(i) - reference);
            assertThat(gramError).as("loss at sample %d: reference %s, direct %s", i, reference, exact)
                    .isLessThanOrEqualTo(1e-11 * reference + 10 * directError);
            assertThat(Kernels.distance(gradients.get(i), g)).as("gradient at sample %d", i)
                    .isLessThanOrEqualTo(1e-13 + 1e-10 * Kernels.norm(g));
        }
    }

    /** pack(XXᵀ) in plain doubles. */
    static void packedGram(double[] x, int n, int k, double[] out) {
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) out[p++] = Kernels.dot(x, j * k, x, l * k, k);
        }
    }

    /** c·Σᵢ(⟨Âᵢ, pack(XXᵀ)⟩ − yᵢ)² with every product and sum in double-double (about 32 digits). */
    static double exactLoss(double[] operator, double[] y, double scale, double[] x, int n, int k) {
        int packed = n * (n + 1) / 2;
        double[] mHi = new double[packed], mLo = new double[packed];
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++, p++) {
                double[] acc = {0, 0};
                for (int c = 0; c < k; c++) addProduct(acc, x[j * k + c], 0, x[l * k + c]);
                mHi[p] = acc[0];
                mLo[p] = acc[1];
            }
        }
        double[] total = {0, 0};
        for (int i = 0; i < y.length; i++) {
            double[] acc = {-y[i], 0};
            for (int q = 0; q < packed; q++) addProduct(acc, operator[i * packed + q], mHi[q], mLo[q]);
            addProduct(total, acc[0] + acc[1], 0, acc[0] + acc[1]);
        }
        return scale * (total[0] + total[1]);
    }

    /** acc += a·(bHi + bLo) in double-double (Knuth's two-sum, an FMA two-product). */
    private static void addProduct(double[] acc, double a, double bHi, double bLo) {
        double prod = a * bHi, prodErr = Math.fma(a, bHi, -prod) + a * bLo;
        double sum = acc[0] + prod, bb = sum - acc[0];
        double sumErr = (acc[0] - (sum - bb)) + (prod - bb);
        double lo = acc[1] + sumErr + prodErr;
        double hi = sum + lo;
        acc[1] = lo - (hi - sum);
        acc[0] = hi;
    }
}
