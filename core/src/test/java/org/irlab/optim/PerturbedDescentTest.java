package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.irlab.linalg.Kernels;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerturbedDescentTest {
    static final double[] SIGMA = {10, 5, 1};
    static final double[] SPARSE_TRUTH = sparseTruth();

    static double[] sparseTruth() {
        double[] t = new double[150];
        System.arraycopy(new double[] {10, -5, 3, -2, 1}, 0, t, 0, 5);
        return t;
    }

    static DescentSettings ipgdPlus(double eta, int escapeSteps, int refineSteps, long seed) {
        return new DescentSettings(Algorithm.IPGD_PLUS, eta, 200_000, 1e-15, 1e-7, escapeSteps, 1e-10, refineSteps, 0,
                seed);
    }

    /** IPGD+ from zero, γ = 1e-15, G = 1e-7, F = 1e-10, T_escape = 200, η = 0.05 (η = 0.1 oscillates on some seeds). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void ipgdPlusRecoversSymmetricSensing(long seed) {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, SIGMA, 600, seed);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[400], ipgdPlus(0.05, 200, 5000, seed + 100),
                IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(r.x())).isLessThanOrEqualTo(1e-6);
        // the paper's observation: the final distance to the solution set matches the residual norm
        double residual = p.region().residualNorm(r.x());
        assertThat(p.distanceToSolutions(r.x())).isCloseTo(residual, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(r.perturbations()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void ipgdPlusRecoversSparseTruth(long seed) {
        SparseRecovery p = SparseRecovery.create(SPARSE_TRUTH, 300, SparseRecovery.Normalization.MEAN, seed);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[300], ipgdPlus(0.01, 200, 20000, seed + 100),
                IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        assertThat(p.error(r.x())).isLessThanOrEqualTo(1e-6);
    }

    /** The paper's settings as stated (T_escape = 50): the escape test fires before ξ has grown; z = 0 returns. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void statedSettingsReturnTheOriginOnSparseRecovery(long seed) {
        SparseRecovery p = SparseRecovery.create(SPARSE_TRUTH, 300, SparseRecovery.Normalization.MEAN, seed);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[300], ipgdPlus(0.01, 50, 100, seed + 100),
                IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.RETURNED_INITIAL_POINT);
        assertThat(r.returnedAt()).isEqualTo(50);
        assertThat(r.x()).containsOnly(0.0);
        assertThat(p.error(r.x()))
                .isCloseTo(Kernels.norm(SPARSE_TRUTH), org.assertj.core.data.Offset.offset(REORDERED));
    }

    /** Eq. (125) without 1/N diverges at η = 1e-2: the guard stops with status diverged and a finite iterate. */
    @Test
    void unnormalisedSparseRecoveryDivergesAndIsReported() {
        SparseRecovery p = SparseRecovery.create(SPARSE_TRUTH, 300, SparseRecovery.Normalization.SUM, 1);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[300], ipgdPlus(0.01, 200, 100, 3),
                IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.DIVERGED);
        assertThat(Kernels.isFinite(r.x())).isTrue();
        assertThat(r.message()).contains("NaN or infinite");
    }

    @Test
    void gradientDescentFromZeroStaysAtZero() {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, SIGMA, 600, 1);
        double[] g = new double[400];
        p.objective().gradient(new double[400], g);
        assertThat(g).containsOnly(0.0);
        DescentResult r = PerturbedDescent.run(p.objective(), new double[400], DescentSettings.gd(0.05, 1000, 0),
                IterationObserver.NONE);
        assertThat(r.status()).isEqualTo(Status.CONVERGED);
        assertThat(r.iterations()).isZero();
        assertThat(r.x()).containsOnly(0.0);
        // even when told to keep stepping, the iterate cannot move
        DescentResult forced = PerturbedDescent.run(p.objective(), new double[400], DescentSettings.gd(0.05, 1000, -1),
                IterationObserver.NONE);
        assertThat(forced.iterations()).isEqualTo(1000);
        assertThat(forced.x()).containsOnly(0.0);
    }

    /** Figure 1: PGD converges linearly with r' = r = 3 and stalls with r' = 4 in the same number of steps. */
    @Test
    void figureOnePgdExactlyParameterisedConvergesOverParameterisedStalls() {
        double[] minError = new double[2];
        int[] ranks = {3, 4};
        List<double[]> curves = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            SymmetricSensing p = SymmetricSensing.create(20, 3, ranks[k], SIGMA, 600, 1);
            double[] errors = new double[1201];
            DescentSettings s = new DescentSettings(Algorithm.PGD, 0.05, 1200, 1e-3, 1e-10, 100, Double.NaN, 0, 0, 2);
            PerturbedDescent.run(p.objective(), new double[20 * ranks[k]], s,
                    (t, x, f, g, gn, last) -> errors[t] = p.error(x));
            minError[k] = IntStream.range(0, errors.length).mapToDouble(i -> errors[i]).min().orElseThrow();
            curves.add(errors);
        }
        assertThat(minError[0]).isLessThan(1e-8);
        assertThat(minError[1]).isGreaterThan(1e-6);
        // linear convergence for r' = 3: the error falls by ≥ 10× every 100 steps between 1e-2 and 1e-8
        double[] e3 = curves.get(0);
        int start = firstBelow(e3, 1e-2), end = firstBelow(e3, 1e-8);
        assertThat(end - start).isLessThan(600);
        for (int t = start; t + 100 <= end; t += 100) assertThat(e3[t + 100]).isLessThan(e3[t] / 10);
    }

    private static int firstBelow(double[] e, double level) {
        for (int t = 0; t < e.length; t++) if (e[t] > 0 && e[t] < level) return t;
        throw new AssertionError("never below " + level);
    }

    /** PGD with radius 0 is GD: every perturbation is a no-op and the trajectories agree bit for bit. */
    @Test
    void pgdWithZeroRadiusEqualsGradientDescentAndCountsNoOps() {
        SymmetricSensing p = SymmetricSensing.create(8, 2, 4, new double[] {3, 1}, 80, 4);
        double[] x0 = new double[32];
        org.irlab.linalg.Randoms.gaussian(new java.util.SplittableRandom(5), 0.1, x0);
        DescentResult gd = PerturbedDescent.run(p.objective(), x0, DescentSettings.gd(0.05, 3000, -1), IterationObserver.NONE);
        DescentSettings pgd = new DescentSettings(Algorithm.PGD, 0.05, 3000, 0.0, 1e-3, 10, Double.NaN, 0, 0, 9);
        DescentResult r = PerturbedDescent.run(p.objective(), x0, pgd, IterationObserver.NONE);
        assertThat(r.x()).containsExactly(gd.x());
        assertThat(r.perturbations()).isPositive();
        assertThat(r.noOpPerturbations()).isEqualTo(r.perturbations());
    }

    /** γ = 1e-15 at an iterate with entries ~1e3 changes nothing in double precision: reported as no-ops. */
    @Test
    void roundOffErasedPerturbationsAreCounted() {
        SparseRecovery p = SparseRecovery.create(new double[] {4, -1, 0}, 6, SparseRecovery.Normalization.MEAN, 2);
        double[] x0 = {2, 0, 0, 0, 1, 0};
        // a threshold so large that a perturbation is due every other step (t − T_noise > 1), at huge coordinates
        double[] big = {1e3, 1e3, 1e3, 1e3, 1e3, 1e3};
        DescentSettings s = new DescentSettings(Algorithm.PGD, 1e-12, 30, 1e-15, Double.MAX_VALUE, 1, Double.NaN, 0, 0, 1);
        List<DescentEvent> events = new ArrayList<>();
        DescentResult r = PerturbedDescent.run(p.objective(), big, s, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double f, double[] g, double gn, boolean last) {}
            @Override public void onEvent(DescentEvent e) { events.add(e); }
        });
        assertThat(r.perturbations()).isEqualTo(16); // t = 0, 2, …, 30
        assertThat(r.noOpPerturbations()).isEqualTo(16);
        assertThat(events).allMatch(e -> e.kind() == DescentEvent.Kind.NO_OP_PERTURBATION && e.changedCoordinates() == 0);
        // and at a small iterate the same radius does move coordinates
        DescentResult moved = PerturbedDescent.run(p.objective(), x0, s, IterationObserver.NONE);
        assertThat(moved.noOpPerturbations()).isLessThan(moved.perturbations());
    }

    /** IPGD+ with no refinement steps ends where IPGD ends. */
    @Test
    void ipgdPlusWithoutRefinementEqualsIpgd() {
        SymmetricSensing p = SymmetricSensing.create(10, 2, 10, new double[] {4, 1}, 200, 3);
        DescentSettings plus = ipgdPlus(0.05, 200, 0, 7);
        DescentSettings ipgd = new DescentSettings(Algorithm.IPGD, 0.05, 200_000, 1e-15, 1e-7, 200, 1e-10, 0, 0, 7);
        DescentResult a = PerturbedDescent.run(p.objective(), new double[100], plus, IterationObserver.NONE);
        DescentResult b = PerturbedDescent.run(p.objective(), new double[100], ipgd, IterationObserver.NONE);
        assertThat(b.status()).isEqualTo(Status.RETURNED_CANDIDATE);
        assertThat(a.x()).containsExactly(b.x());
        assertThat(a.iterations()).isEqualTo(b.iterations());
    }

    /** Algorithm 1, line 8: the candidate returned is exactly the iterate at the last perturbation, z = x_{T_noise}. */
    @Test
    void returnedCandidateIsThePointBeforeTheLastPerturbation() {
        SymmetricSensing p = SymmetricSensing.create(10, 2, 10, new double[] {4, 1}, 200, 3);
        DescentSettings ipgd = new DescentSettings(Algorithm.IPGD, 0.05, 200_000, 1e-15, 1e-7, 200, 1e-10, 0, 0, 7);
        List<double[]> iterates = new ArrayList<>();
        List<DescentEvent> events = new ArrayList<>();
        DescentResult r = PerturbedDescent.run(p.objective(), new double[100], ipgd, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double f, double[] g, double gn, boolean last) {
                iterates.add(x.clone());
            }
            @Override public void onEvent(DescentEvent e) { events.add(e); }
        });
        DescentEvent lastPerturbation = events.stream().filter(e -> e.kind() == DescentEvent.Kind.PERTURBATION)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(r.returnedAt() - lastPerturbation.iteration()).isEqualTo(200);
        // the iterate recorded at T_noise is z + ξ; z itself is x_{T_noise - 1} − η∇f(x_{T_noise - 1})
        double[] before = iterates.get(lastPerturbation.iteration() - 1);
        double[] g = new double[100];
        p.objective().gradient(before, g);
        double[] z = before.clone();
        for (int i = 0; i < z.length; i++) z[i] -= 0.05 * g[i];
        assertThat(r.x()).containsExactly(z);
    }

    @Test
    void sameSettingsGiveIdenticalBits() {
        SymmetricSensing p = SymmetricSensing.create(20, 3, 20, SIGMA, 600, 2);
        DescentResult a = PerturbedDescent.run(p.objective(), new double[400], ipgdPlus(0.05, 200, 500, 11), IterationObserver.NONE);
        SymmetricSensing q = SymmetricSensing.create(20, 3, 20, SIGMA, 600, 2);
        DescentResult b = PerturbedDescent.run(q.objective(), new double[400], ipgdPlus(0.05, 200, 500, 11), IterationObserver.NONE);
        assertThat(a.x()).containsExactly(b.x());
        assertThat(a.finalLoss()).isEqualTo(b.finalLoss());
    }
}
