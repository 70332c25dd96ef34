package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.irlab.problem.Objective;
import org.irlab.problem.SymmetricSensing;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The engine's rules in isolation: combinators, hooks that must not change bits, roll-backs, no allocation. */
class DescentEngineTest {
    /** f = ½Σ hᵢxᵢ² (diagonal quadratic). */
    static Objective quadratic(double... h) {
        return new Objective() {
            @Override public int dimension() { return h.length; }

            @Override public double value(double[] x) {
                double f = 0;
                for (int i = 0; i < h.length; i++) f += 0.5 * h[i] * x[i] * x[i];
                return f;
            }

            @Override public void gradient(double[] x, double[] g) { valueAndGradient(x, g); }

            @Override public double valueAndGradient(double[] x, double[] g) {
                for (int i = 0; i < h.length; i++) g[i] = h[i] * x[i];
                return value(x);
            }

            @Override public void hessianVector(double[] x, double[] v, double[] out) {
                for (int i = 0; i < h.length; i++) out[i] = h[i] * v[i];
            }
        };
    }

    /** f = Σ (xᵢ² − 1)²/4: a maximum at 0 (curvature −1), minima at ±1 (curvature 2). */
    static Objective doubleWell(int d) {
        return new Objective() {
            @Override public int dimension() { return d; }

            @Override public double value(double[] x) {
                double f = 0;
                for (double v : x) f += 0.25 * (v * v - 1) * (v * v - 1);
                return f;
            }

            @Override public void gradient(double[] x, double[] g) { valueAndGradient(x, g); }

            @Override public double valueAndGradient(double[] x, double[] g) {
                for (int i = 0; i < d; i++) g[i] = x[i] * (x[i] * x[i] - 1);
                return value(x);
            }

            @Override public void hessianVector(double[] x, double[] v, double[] out) {
                for (int i = 0; i < d; i++) out[i] = (3 * x[i] * x[i] - 1) * v[i];
            }
        };
    }

    static DescentState state(Objective f, double[] x0, IterationObserver observer) {
        return new DescentState(GradientOracle.of(f), x0, true, new OscillationDetector(f.dimension(), 100, 0),
                observer);
    }

    @Test
    void orEndsWithTheFirstRuleThatFiresAndAndNeedsBoth() {
        Objective f = quadratic(1, 2);
        DescentState s = state(f, new double[] {1, 1}, null);
        StoppingRule budget = StoppingRule.iterations(7);
        assertThat(Descent.run(s, Phase.gradientDescent(StepRule.fixed(0.1),
                budget.or(StoppingRule.gradientTolerance(1e-300))))).isEqualTo(Status.ITERATION_LIMIT);
        assertThat(s.iteration()).isEqualTo(7);
        // the tolerance is met at t = 3 (‖∇f‖ < 1 after a few contracting steps); the budget comes first in "or"
        DescentState t = state(f, new double[] {1, 1}, null);
        assertThat(Descent.run(t, Phase.gradientDescent(StepRule.fixed(0.5),
                StoppingRule.iterations(100).or(StoppingRule.gradientTolerance(0.3))))).isEqualTo(Status.CONVERGED);
        int converged = t.iteration();
        assertThat(converged).isBetween(1, 99);
        // and: the budget alone (at t ≥ 2) does not end the phase, only with the tolerance, and with its status
        DescentState u = state(f, new double[] {1, 1}, null);
        assertThat(Descent.run(u, Phase.gradientDescent(StepRule.fixed(0.5),
                StoppingRule.iterations(2).and(StoppingRule.gradientTolerance(0.3))))).isEqualTo(Status.CONVERGED);
        assertThat(u.iteration()).isEqualTo(Math.max(2, converged));
        DescentState v = state(f, new double[] {1, 1}, null);
        assertThat(Descent.run(v, Phase.gradientDescent(StepRule.fixed(0.5),
                StoppingRule.iterations(converged + 5).and(StoppingRule.gradientTolerance(0.3)))))
                .isEqualTo(Status.CONVERGED);
        assertThat(v.iteration()).isEqualTo(converged + 5);
    }

    @Test
    void aStepBudgetIsCheckedBeforeEvaluatingAndAnIterationBudgetAfter() {
        Objective f = quadratic(1);
        DescentState s = state(f, new double[] {1}, null);
        Descent.run(s, Phase.gradientDescent(StepRule.fixed(0.1), StoppingRule.steps(5, Status.CONVERGED)));
        assertThat(s.iteration()).isEqualTo(5);
        assertThat(s.evaluations()).isEqualTo(5); // x_5 is not evaluated
        DescentState t = state(f, new double[] {1}, null);
        Descent.run(t, Phase.gradientDescent(StepRule.fixed(0.1), StoppingRule.iterations(5)));
        assertThat(t.evaluations()).isEqualTo(6); // x_5 is, and could have been perturbed or tested
    }

    /** A preconditioner, update or oracle that reproduces the defaults gives the defaults' bits. */
    @Test
    void identityHooksKeepTheBits() {
        SymmetricSensing p = SymmetricSensing.create(8, 2, 8, new double[] {3, 1}, 120, 4);
        Objective f = p.objective();
        double[] x0 = new double[f.dimension()];
        org.irlab.linalg.Randoms.gaussian(new java.util.SplittableRandom(3), 0.1, x0);
        DescentState plain = state(f, x0, null);
        Descent.run(plain, Phase.gradientDescent(StepRule.fixed(0.05), StoppingRule.iterations(300)));
        int[] calls = new int[1];
        GradientOracle counting = new GradientOracle() {
            @Override public int dimension() { return f.dimension(); }

            @Override public double valueAndGradient(double[] point, double[] g) {
                calls[0]++;
                return f.valueAndGradient(point, g);
            }

            @Override public Objective objective() { return f; }
        };
        DescentState hooked = new DescentState(counting, x0, true, null, null);
        Preconditioner copy = (s, g, out) -> System.arraycopy(g, 0, out, 0, g.length);
        Update step = (s, d) -> {
            for (int i = 0; i < d.length; i++) {
                s.previous()[i] = s.x()[i];
                s.x()[i] = s.x()[i] - s.stepSize() * d[i];
            }
        };
        Descent.run(hooked, new Phase(StepRule.fixed(0.05), Perturbation.NONE, EscapeTest.NONE,
                StoppingRule.iterations(300), copy, step));
        assertThat(hooked.x()).isEqualTo(plain.x());
        assertThat(calls[0]).isEqualTo(301);
    }

    /** P = H⁻¹ on a quadratic with η = 1 is Newton's method: the minimum in one step. */
    @Test
    void aDiagonalPreconditionerMapsTheGradientToTheDirection() {
        double[] h = {1, 10, 100};
        Objective f = quadratic(h);
        DescentState s = state(f, new double[] {1, -2, 3}, null);
        Preconditioner newton = (st, g, out) -> { for (int i = 0; i < g.length; i++) out[i] = g[i] / h[i]; };
        Descent.run(s, Phase.gradientDescent(StepRule.fixed(1), StoppingRule.iterations(1)).preconditioned(newton));
        assertThat(s.x()).containsExactly(0, 0, 0);
    }

    /**
     * Between the maximum and the minima of a double well, with c = 1.9, η = c/L̂(x₀) ≈ 3.7 throws x far up the
     * walls: the controller rejects the chunks that raised f, rolls back (the observer hears it) and halves η until a
     * chunk lowers f; f at accepted chunk boundaries never increases, and the descent ends in a minimum.
     */
    @Test
    void theSafeguardedStepRollsBackAChunkThatRaisedTheLoss() {
        Objective f = doubleWell(2);
        List<double[]> decisions = new ArrayList<>();
        List<Integer> rollBacks = new ArrayList<>();
        List<Double> boundaryLosses = new ArrayList<>();
        IterationObserver observer = new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                if (t % 5 == 0 && !last) boundaryLosses.add(loss);
            }

            @Override public void onRollBack(int t) {
                rollBacks.add(t);
                while (boundaryLosses.size() > t / 5) boundaryLosses.remove(boundaryLosses.size() - 1);
            }
        };
        DescentState s = state(f, new double[] {0.5, -0.4}, observer);
        Curvature curvature = new Curvature(f, new java.util.SplittableRandom(1), 2);
        SafeguardedStep step = new SafeguardedStep(curvature, null, 2, 1.9, 5, 2, 30, 200,
                (t, l, eta, accepted) -> decisions.add(new double[] {t, eta, accepted ? 1 : 0}));
        assertThat(step.begin(s.x(), 20)).isCloseTo(0.52, org.assertj.core.data.Offset.offset(1e-3)); // |3x₂² − 1|
        Status end = Descent.run(s, Phase.gradientDescent(step, StoppingRule.iterations(200)));
        assertThat(end).isEqualTo(Status.ITERATION_LIMIT);
        assertThat(step.rejections()).isPositive();
        assertThat(rollBacks).isNotEmpty();
        double[] firstRejection = decisions.stream().filter(d -> d[2] == 0).findFirst().orElseThrow();
        double[] retry = decisions.get(decisions.indexOf(firstRejection) + 1);
        assertThat(retry[0]).isEqualTo(firstRejection[0]); // the same chunk again
        assertThat(retry[1]).isLessThanOrEqualTo(firstRejection[1] / 2 * 1.0000001);
        for (int k = 1; k < boundaryLosses.size(); k++) {
            assertThat(boundaryLosses.get(k)).isLessThanOrEqualTo(boundaryLosses.get(k - 1));
        }
        assertThat(Math.abs(s.x()[0])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
    }

    /**
     * The per-step path allocates nothing: 2000 steps allocate about what 20 do (one object per step would be
     * ≥ 32 kB; the allowance covers the JIT's own bookkeeping).
     */
    @Test
    void stepsAllocateNothing() {
        Objective f = quadratic(1, 2, 3, 4);
        DescentState s = state(f, new double[] {1, 1, 1, 1}, null);
        assertStepsAllocateNothing(s, Phase.gradientDescent(StepRule.fixed(0.01),
                StoppingRule.iterations(Integer.MAX_VALUE)));
    }

    /**
     * The rank-free completion's composition — the safeguarded step (a checkpoint copy and power iterations at every
     * chunk boundary), a row-scaling preconditioner and the oscillation watch — allocates nothing per step or per
     * chunk either: 2000 steps are 400 chunks of 5.
     */
    @Test
    void safeguardedPreconditionedChunksAllocateNothing() {
        Objective f = quadratic(1e-3, 2e-3, 1, 2);
        DescentState s = state(f, new double[] {1, 1, 1, 1}, null);
        Curvature curvature = new Curvature(f, new java.util.SplittableRandom(3), 2);
        RowScaling p = new RowScaling(new double[] {2, 0.5}, 2);
        SafeguardedStep step = new SafeguardedStep(curvature, p, 4, 0.5, 5, 1, 10, Integer.MAX_VALUE,
                SafeguardedStep.Log.NONE);
        step.begin(s.x(), 5);
        Phase phase = Phase.gradientDescent(step, StoppingRule.iterations(Integer.MAX_VALUE)).preconditioned(p);
        phase.start(s);
        assertStepsAllocateNothing(s, phase);
        assertThat(step.rejections()).isZero();
        assertThat(s.iteration()).isEqualTo(4020);
    }

    static void assertStepsAllocateNothing(DescentState s, Phase phase) {
        var bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        for (int k = 0; k < 2000; k++) Descent.step(s, phase); // warm-up: JIT
        long start = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < 20; k++) Descent.step(s, phase);
        long few = threads.getCurrentThreadAllocatedBytes() - start;
        start = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < 2000; k++) Descent.step(s, phase);
        long many = threads.getCurrentThreadAllocatedBytes() - start;
        assertThat(many).isLessThanOrEqualTo(few + 1024);
    }
}
