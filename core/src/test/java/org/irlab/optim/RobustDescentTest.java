package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.linalg.Randoms;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Objective;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;
import org.irlab.testing.ProblemCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** stepSize and escapeSteps "auto": recovery without hand tuning, the curvature estimates, and the status advice. */
class RobustDescentTest {
    static final double[] SIGMA = {10, 5, 1};
    static final Adaptive AUTO = new Adaptive(true, 0.5, 100, true, 1e-4, 2, 100_000, 60);

    /** IPGD+ with both options on, from zero; the paper's γ, G, F; only the refinement length is ours. */
    static DescentSettings auto(int refineSteps, long seed) {
        return new DescentSettings(Algorithm.IPGD_PLUS, 1e-3, 200_000, 1e-15, 1e-7, 1, 1e-10, refineSteps, 0, seed, AUTO);
    }

    record Case(String name, LongFunction<Problem> factory, double tolerance, int refineSteps) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> problemsAndSeeds() {
        List<Case> cases = List.of(
                new Case("symmetric-sensing", s -> SymmetricSensing.create(20, 3, 20, SIGMA, 600, s), 1e-8, 2500),
                new Case("asymmetric-sensing",
                        s -> LowRankRecovery.asymmetricSensing(20, 20, 3, 20, SIGMA, 600, 1.0 / 16, s), 1e-8, 2500),
                new Case("symmetric-completion",
                        s -> LowRankRecovery.symmetricCompletion(20, 3, 20, SIGMA, 0.8, s), 1e-8, 3000),
                new Case("asymmetric-completion",
                        s -> LowRankRecovery.asymmetricCompletion(20, 20, 3, 20, SIGMA, 0.8, 0.25, s), 1e-8, 3000),
                new Case("symmetric-one-bit", s -> LowRankRecovery.symmetricOneBit(20, 3, 20, SIGMA, 0, s), 1e-6, 3000),
                new Case("asymmetric-one-bit",
                        s -> LowRankRecovery.asymmetricOneBit(20, 20, 3, 20, SIGMA, 0, 1.0 / 16, s), 1e-6, 3000),
                new Case("sparse-recovery", s -> SparseRecovery.create(ProblemCatalogue.paperSparseTruth(150), 300,
                        SparseRecovery.Normalization.MEAN, s), 1e-8, 15000));
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases) for (long seed = 1; seed <= 5; seed++) out.add(Arguments.of(c, seed));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("problemsAndSeeds")
    void autoRecoversEveryProblemFromZero(Case c, long seed) {
        Problem p = c.factory().apply(seed);
        int d = p.objective().dimension();
        DescentResult r = PerturbedDescent.run(p.objective(), new double[d], auto(c.refineSteps(), seed + 100),
                IterationObserver.NONE);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(r.x())).as(r.message()).isLessThanOrEqualTo(c.tolerance());
        assertThat(r.minimumEigenvalue()).as("certificate λ_min").isGreaterThanOrEqualTo(-1e-4);
    }

    /** The paper's T_escape = 50 on sparse recovery returns the origin; the suggested T_escape, applied, converges. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void statedSettingsAdviseEscapeStepsThatWork(long seed) {
        SparseRecovery p = SparseRecovery.create(ProblemCatalogue.paperSparseTruth(150), 300,
                SparseRecovery.Normalization.MEAN, seed);
        DescentSettings stated = new DescentSettings(Algorithm.IPGD_PLUS, 0.01, 200_000, 1e-15, 1e-7, 50, 1e-10, 100, 0, 7);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[300], stated, IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.RETURNED_INITIAL_POINT);
        assertThat(r.minimumEigenvalue()).isNegative();
        assertThat(r.suggestedEscapeSteps()).isGreaterThan(50);
        assertThat(r.message()).contains("escapeSteps ≥ " + r.suggestedEscapeSteps());
        DescentSettings advised = new DescentSettings(Algorithm.IPGD_PLUS, 0.01, 200_000, 1e-15, 1e-7,
                r.suggestedEscapeSteps(), 1e-10, 15000, 0, 7);
        DescentResult fixed = PerturbedDescent.run(p.objective(), new double[300], advised, IterationObserver.NONE);
        assertThat(fixed.status()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(fixed.x())).isLessThan(1e-8);
    }

    /** λ_min and L = λ_max from Lanczos on Hessian-vector products against a dense symmetric eigendecomposition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.irlab.testing.ProblemCatalogue#small")
    void curvatureEstimatesAgreeWithTheDenseSpectrum(ProblemCatalogue.Entry entry) {
        Problem p = entry.create();
        Objective f = p.objective();
        int d = f.dimension();
        double[] x = new double[d];
        Randoms.gaussian(new java.util.SplittableRandom(3), 0.5, x);
        DMatrixRMaj h = new DMatrixRMaj(d, d);
        double[] e = new double[d], col = new double[d];
        for (int j = 0; j < d; j++) {
            java.util.Arrays.fill(e, 0);
            e[j] = 1;
            f.hessianVector(x, e, col);
            for (int i = 0; i < d; i++) h.set(i, j, col[i]);
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) {
            double a = 0.5 * (h.get(i, j) + h.get(j, i));
            h.set(i, j, a);
            h.set(j, i, a);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        assertThat(eig.decompose(h)).isTrue();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
            max = Math.max(max, eig.getEigenvalue(i).real);
        }
        double scale = Math.max(Math.abs(min), Math.abs(max));
        Curvature.Extremes est = new Curvature(f, new java.util.SplittableRandom(11), d).extremes(x, 1e-10);
        assertThat(Math.abs(est.minimum() - min)).as("λ_min %s vs %s", est.minimum(), min).isLessThanOrEqualTo(1e-6 * scale);
        assertThat(Math.abs(est.maximum() - max)).as("λ_max %s vs %s", est.maximum(), max).isLessThanOrEqualTo(1e-6 * scale);
    }

    /** Seed 1 oscillates at the paper's η = 0.1 (see OscillationDetectorTest); stepSize auto converges. */
    @Test
    void anInstanceThatOscillatesAtTheStatedStepConvergesWithAutoStep() {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, SIGMA, 600, 1);
        DescentSettings stated = new DescentSettings(Algorithm.IPGD_PLUS, 0.1, 4000, 1e-15, 1e-7, 50, 1e-10, 5000, 0, 2);
        assertThat(PerturbedDescent.run(p.objective(), new double[400], stated, IterationObserver.NONE).status())
                .isEqualTo(Status.OSCILLATING);
        Adaptive autoStep = new Adaptive(true, 0.5, 100, false, 1e-4, 2, 100_000, 60);
        DescentSettings fixed = new DescentSettings(Algorithm.IPGD_PLUS, 0.1, 200_000, 1e-15, 1e-7, 200, 1e-10, 3000, 0,
                2, autoStep);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[400], fixed, IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(r.x())).isLessThan(1e-8);
    }

    /** η = 1.999/L on a quadratic is a near period-2 cycle: auto halves η once, logs it, and then converges. */
    @Test
    void edgeOfStabilityStepIsHalvedAndLogged() {
        Objective q = OscillationDetectorTest.quadratic(4);
        Adaptive nearEdge = new Adaptive(true, 1.999, 1_000_000, false, 1e-4, 2, 100_000, 10);
        DescentSettings s = DescentSettings.gd(1e-3, 5000, 1e-12).with(nearEdge);
        List<DescentEvent> events = new ArrayList<>();
        DescentResult r = PerturbedDescent.run(q, new double[] {1, 0}, s, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double f, double[] g, double gn, boolean last) {}
            @Override public void onEvent(DescentEvent e) { events.add(e); }
        });
        assertThat(r.stepSizeHalvings()).isEqualTo(1);
        assertThat(r.finalStepSize()).isCloseTo(1.999 / 4 / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(events).anyMatch(e -> e.kind() == DescentEvent.Kind.STEP_SIZE_HALVED);
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
    }

    /** A divergent step size is undone and halved instead of ending the run. */
    @Test
    void divergenceUnderAutoStepIsRecovered() {
        SparseRecovery p = SparseRecovery.create(ProblemCatalogue.paperSparseTruth(150), 300,
                SparseRecovery.Normalization.SUM, 1);
        Adaptive autoStep = new Adaptive(true, 0.5, 100, true, 1e-4, 2, 100_000, 60);
        DescentSettings s = new DescentSettings(Algorithm.IPGD_PLUS, 1e-3, 200_000, 1e-15, 1e-7, 1, 1e-10, 15000, 0, 3,
                autoStep);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[300], s, IterationObserver.NONE);
        assertThat(r.status()).as(r.message()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(r.x())).isLessThan(1e-8);
    }
}
