package org.irlab.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.irlab.linalg.Randoms;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Objective;
import org.irlab.problem.SampledObjective;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules beyond the paper (issue 17) against GD and against their own definitions: heavy ball with β = 0,
 * PrecGD with P = I and full-batch SGD give GD's bits; Nesterov, heavy ball, ScaledGD(λ) and PrecGD against
 * recurrences written out here; the geometric step; IPGD's perturbation composes with momentum.
 */
class BeyondRulesTest {
    static final int N = 6, K = 6;

    static SymmetricSensing sensing() {
        return SymmetricSensing.create(N, 2, K, new double[] {3, 1}, 80, 7);
    }

    static double[] smallInit(int d, long seed) {
        double[] x = new double[d];
        Randoms.gaussian(new SplittableRandom(seed), 1e-3, x);
        return x;
    }

    /** Runs T steps of a phase from x0 with a fixed step and returns the iterates, one row per step. */
    static double[][] run(GradientOracle oracle, double[] x0, double eta, int steps, Function<Phase, Phase> variant) {
        double[][] iterates = new double[steps + 1][];
        IterationObserver record = new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                iterates[t] = x.clone();
            }
        };
        DescentState s = new DescentState(oracle, x0, true, null, record);
        Phase phase = variant.apply(Phase.gradientDescent(StepRule.fixed(eta), StoppingRule.iterations(steps)));
        Descent.run(s, phase);
        Descent.finish(s);
        return iterates;
    }

    static void assertSameBits(double[][] a, double[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        for (int t = 0; t < a.length; t++) assertThat(a[t]).as("iterate %d", t).isEqualTo(b[t]);
    }

    @Test
    void heavyBallWithoutMomentumIsGradientDescentBitForBit() {
        Objective f = sensing().objective();
        double[] x0 = smallInit(f.dimension(), 1);
        double[][] gd = run(GradientOracle.of(f), x0, 0.05, 300, p -> p);
        double[][] hb = run(GradientOracle.of(f), x0, 0.05, 300, p -> p.moving(new HeavyBall(0)));
        double[][] nesterov = run(GradientOracle.of(f), x0, 0.05, 300, p -> p.moving(new Nesterov(0, f.dimension())));
        assertSameBits(hb, gd);
        assertSameBits(nesterov, gd);
        assertThat(gd[300]).isNotEqualTo(gd[0]);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9})
    void momentumFollowsItsRecurrence(double beta) {
        Objective f = sensing().objective();
        int d = f.dimension();
        double[] x0 = smallInit(d, 2);
        double eta = 0.02;
        int steps = 200;
        double[][] hb = run(GradientOracle.of(f), x0, eta, steps, p -> p.moving(new HeavyBall(beta)));
        double[][] nag = run(GradientOracle.of(f), x0, eta, steps, p -> p.moving(new Nesterov(beta, d)));
        // written out: heavy ball x⁺ = x − η∇f(x) + β(x − x₋); Nesterov y = x + β(x − x₋), x⁺ = y − η∇f(y)
        double[] x = x0.clone(), xPrev = x0.clone(), y = x0.clone(), yPrev = x0.clone(), g = new double[d];
        double[] extrapolated = new double[d];
        for (int t = 0; t < steps; t++) {
            f.valueAndGradient(x, g);
            double[] next = new double[d];
            for (int i = 0; i < d; i++) next[i] = x[i] - eta * g[i] + beta * (x[i] - xPrev[i]);
            xPrev = x;
            x = next;
            for (int i = 0; i < d; i++) extrapolated[i] = y[i] + beta * (y[i] - yPrev[i]);
            f.valueAndGradient(extrapolated, g);
            double[] nextY = new double[d];
            for (int i = 0; i < d; i++) nextY[i] = extrapolated[i] - eta * g[i];
            yPrev = y;
            y = nextY;
        }
        assertClose(hb[steps], x);
        assertClose(nag[steps], y);
        assertThat(hb[steps]).isNotEqualTo(nag[steps]);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void momentumKeepsIpgdsPerturbation(boolean nesterov) {
        // f = ½Σhᵢxᵢ² from x = x₋ = 0: the first step perturbs x₀ = ξ and x₋ = ξ with it (the velocity stays 0, as
        // in PAGD); heavy ball then moves to x₁ = ξ − ηhξ, Nesterov to x₁ = y − ηhy with y = ξ
        double[] h = {1, 2, 0.5};
        double beta = 0.6, eta = 0.1;
        Objective f = DescentEngineTest.quadratic(h);
        Episode episode = new Episode(3, 1000);
        Phase phase = Phase.gradientDescent(StepRule.fixed(eta), StoppingRule.iterations(1))
                .perturbed(new BallPerturbation(1e-3, 1e-9, episode, () -> 5), EscapeTest.NONE)
                .moving(nesterov ? new Nesterov(beta, 3) : new HeavyBall(beta));
        double[][] seen = new double[2][];
        DescentState s = new DescentState(GradientOracle.of(f), new double[3], false, null, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                seen[t] = x.clone();
            }
        });
        Descent.run(s, phase);
        Descent.finish(s);
        double[] xi = seen[0];
        assertThat(org.irlab.linalg.Kernels.norm(xi)).isGreaterThan(0);
        for (int i = 0; i < 3; i++) {
            double expected = nesterov ? xi[i] * (1 - eta * h[i]) : xi[i] - eta * h[i] * xi[i];
            assertThat(Tolerances.close(seen[1][i], expected, Tolerances.ROUNDING, 0)).as("%s vs %s", seen[1][i],
                    expected).isTrue();
        }
    }

    /**
     * H3: when IPGD returns its candidate z, the refinement starts at rest (x_{t−1} = z): its first step from z is a
     * gradient step, not z − η∇f(z) + β(z − x_{t−1}) with the failed episode's last iterate.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void refinementAfterAReturnedCandidateStartsAtRest(boolean nesterov) {
        double[] h = {1, 2, 0.5};
        double beta = 0.6, eta = 0.1;
        Objective f = DescentEngineTest.quadratic(h);
        double[] x0 = {1, -1, 0.5};
        // G = ∞ perturbs at once; F = 10⁹ makes the escape test fail after 3 steps, so z = x0 is returned
        Variant momentum = new Variant(nesterov ? Variant.Momentum.NESTEROV : Variant.Momentum.HEAVY_BALL, beta,
                Variant.Preconditioning.NONE, 0, 0, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1);
        DescentSettings settings = new DescentSettings(Algorithm.IPGD_PLUS, eta, 1000, 1e-2, Double.MAX_VALUE, 3, 1e9,
                1, 0, 4).with(momentum);
        java.util.List<double[]> seen = new java.util.ArrayList<>();
        DescentResult r = PerturbedDescent.run(f, x0, settings, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                seen.add(x.clone());
            }
        });
        assertThat(r.status()).isEqualTo(Status.RETURNED_INITIAL_POINT);
        double[] refined = seen.get(seen.size() - 1);
        assertThat(seen.get(seen.size() - 2)).isEqualTo(x0);
        for (int i = 0; i < 3; i++) assertThat(refined[i]).isEqualTo(x0[i] - eta * (h[i] * x0[i]));
    }

    /** The new rules keep the engine's promise: no allocation per step once warm (batches, Cholesky, momentum). */
    @Test
    void theNewRulesAllocateNothingPerStep() {
        Objective f = sensing().objective();
        int d = f.dimension();
        MiniBatch batches = new MiniBatch(SampledObjective.of(f).orElseThrow(), 40,
                MiniBatch.Sampling.WITH_REPLACEMENT, 3);
        DescentState s = new DescentState(batches, smallInit(d, 10), false, null, null);
        Phase nesterov = Phase.gradientDescent(StepRule.fixed(0.02), StoppingRule.iterations(Integer.MAX_VALUE))
                .moving(new Nesterov(0.5, d));
        nesterov.start(s);
        DescentEngineTest.assertStepsAllocateNothing(s, nesterov);
        DescentState t = new DescentState(GradientOracle.of(f), smallInit(d, 11), true, null, null);
        Phase precgd = Phase.gradientDescent(new GeometricStep(0.1, 0.9999), StoppingRule.iterations(Integer.MAX_VALUE))
                .moving(new HeavyBall(0.3)).preconditioned(FactorPreconditioner.symmetric(N, K,
                        FactorPreconditioner.Damping.LOSS, 0));
        precgd.start(t);
        DescentEngineTest.assertStepsAllocateNothing(t, precgd);
        assertThat(t.finite()).isTrue();
    }

    static void assertClose(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Tolerances.close(actual[i], expected[i], Tolerances.REORDERED, Tolerances.REORDERED
                    * org.irlab.linalg.Kernels.norm(expected))).as("entry %d: %s vs %s", i, actual[i], expected[i])
                    .isTrue();
        }
    }

    @Test
    void precGdWithTheIdentityPreconditionerIsGradientDescentBitForBit() {
        Objective f = sensing().objective();
        double[] x0 = smallInit(f.dimension(), 3);
        FactorPreconditioner identity = new FactorPreconditioner(N, 0, K, true,
                FactorPreconditioner.Damping.FIXED, 1, 0);
        double[][] gd = run(GradientOracle.of(f), x0, 0.05, 300, p -> p);
        double[][] pgd = run(GradientOracle.of(f), x0, 0.05, 300, p -> p.preconditioned(identity));
        assertSameBits(pgd, gd);
    }

    /** d = G·(BᵀB + λI)⁻¹ for each factor block, by a dense inverse. */
    static double[] denseDirection(double[] x, double[] g, int[] rows, int k, double lambda, boolean symmetric) {
        double[] out = new double[g.length];
        int offset = 0;
        for (int block = 0; block < rows.length; block++) {
            int other = symmetric ? 0 : (block == 0 ? rows[0] * k : 0);
            int otherRows = symmetric ? rows[0] : rows[1 - block];
            DMatrixRMaj b = new DMatrixRMaj(otherRows, k);
            System.arraycopy(x, other, b.data, 0, otherRows * k);
            DMatrixRMaj gram = new DMatrixRMaj(k, k);
            CommonOps_DDRM.multTransA(b, b, gram);
            for (int a = 0; a < k; a++) gram.add(a, a, lambda);
            CommonOps_DDRM.invert(gram);
            DMatrixRMaj gb = new DMatrixRMaj(rows[block], k);
            System.arraycopy(g, offset, gb.data, 0, rows[block] * k);
            DMatrixRMaj d = new DMatrixRMaj(rows[block], k);
            CommonOps_DDRM.mult(gb, gram, d);
            System.arraycopy(d.data, 0, out, offset, rows[block] * k);
            offset += rows[block] * k;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void scaledGdAndPrecGdDirectionsMatchTheDenseFormula(boolean symmetric) {
        SplittableRandom rng = new SplittableRandom(11);
        int n1 = 5, n2 = 4, k = 3;
        int[] rows = symmetric ? new int[] {n1} : new int[] {n1, n2};
        int d = (symmetric ? n1 : n1 + n2) * k;
        double[] x = new double[d], g = new double[d], out = new double[d];
        Randoms.gaussian(rng, 1, x);
        Randoms.gaussian(rng, 1, g);
        DescentState s = new DescentState(GradientOracle.of(DescentEngineTest.quadratic(new double[d])), x, true,
                null, null);
        s.loss = 0.09; // PrecGD: λ = √f = 0.3
        for (FactorPreconditioner.Damping damping : FactorPreconditioner.Damping.values()) {
            double lambda = damping == FactorPreconditioner.Damping.FIXED ? 0.7 : 0.3;
            FactorPreconditioner p = symmetric ? FactorPreconditioner.symmetric(n1, k, damping, 0.7)
                    : FactorPreconditioner.asymmetric(n1, n2, k, damping, 0.7);
            p.apply(s, g, out);
            double[] expected = denseDirection(x, g, rows, k, lambda, symmetric);
            assertClose(out, expected);
            // P^{1/2}P^{1/2} = P and P^{-1/2}P^{1/2} = I
            double[] half = new double[d], both = new double[d], back = new double[d];
            p.applyPower(x, s.loss, 0.5, g, half);
            p.applyPower(x, s.loss, 0.5, half, both);
            assertClose(both, expected);
            p.applyPower(x, s.loss, -0.5, half, back);
            assertClose(back, g);
        }
    }

    @Test
    void precGdConvergesLinearlyWhereGdIsSublinearOverParameterized() {
        SymmetricSensing problem = sensing();
        Objective f = problem.objective();
        double[] x0 = smallInit(f.dimension(), 4);
        double[][] gd = run(GradientOracle.of(f), x0, 0.05, 600, p -> p);
        double[][] prec = run(GradientOracle.of(f), x0, 0.3, 600, p -> p.preconditioned(
                FactorPreconditioner.symmetric(N, K, FactorPreconditioner.Damping.LOSS, 0)));
        assertThat(problem.error(prec[600])).isLessThan(1e-8);
        assertThat(problem.error(gd[600])).isGreaterThan(1e-6);
    }

    @Test
    void fullBatchSgdIsGradientDescentBitForBit() {
        SymmetricSensing sensing = sensing();
        SparseRecovery sparse = SparseRecovery.create(new double[] {1, 0, 0, -0.5, 0, 0, 0, 0}, 30,
                SparseRecovery.Normalization.MEAN, 5);
        LowRankRecovery asymmetric = LowRankRecovery.asymmetricSensing(4, 5, 2, 4, new double[] {2, 1}, 60, 0, 3);
        LowRankRecovery balanced = LowRankRecovery.asymmetricSensing(4, 5, 2, 4, new double[] {2, 1}, 60, 0.25, 3);
        LowRankRecovery completion = LowRankRecovery.asymmetricCompletion(6, 5, 2, 4, new double[] {2, 1}, 0.7, 0.25,
                3);
        for (Objective f : new Objective[] {sensing.objective(), sparse.objective(), asymmetric.objective(),
                balanced.objective(), completion.objective()}) {
            SampledObjective sampled = SampledObjective.of(f).orElseThrow();
            double[] x0 = smallInit(f.dimension(), 5);
            for (int i = 0; i < x0.length; i++) x0[i] += 0.3;
            double[][] gd = run(GradientOracle.of(f), x0, 0.02, 100, p -> p);
            double[][] sgd = run(new MiniBatch(sampled, sampled.terms(), MiniBatch.Sampling.WITHOUT_REPLACEMENT, 9),
                    x0, 0.02, 100, p -> p);
            assertSameBits(sgd, gd);
        }
    }

    /** The mean of the N single-term batches is f and ∇f; a batch's gradient is the gradient of its value. */
    static void checkUnbiased(Objective f) {
        SampledObjective sampled = SampledObjective.of(f).orElseThrow();
        int d = f.dimension(), n = sampled.terms();
        double[] x = smallInit(d, 6);
        for (int i = 0; i < d; i++) x[i] += 0.2;
        double[] full = new double[d], sum = new double[d], g = new double[d];
        double value = f.valueAndGradient(x, full);
        double values = 0;
        int[] one = new int[1];
        for (int i = 0; i < n; i++) {
            one[0] = i;
            values += sampled.batchValueAndGradient(x, one, 1, g);
            for (int p = 0; p < d; p++) sum[p] += g[p] / n;
        }
        assertThat(Tolerances.close(values / n, value, Tolerances.REORDERED, 0)).isTrue();
        assertClose(sum, full);
        int[] batch = {1, 4, 4, 10, n - 1};
        double[] v = smallInit(d, 7);
        sampled.batchValueAndGradient(x, batch, batch.length, g);
        double h = 1e-6;
        double[] plus = x.clone(), minus = x.clone();
        for (int i = 0; i < d; i++) { plus[i] += h * v[i]; minus[i] -= h * v[i]; }
        double fd = (sampled.batchValueAndGradient(plus, batch, 5, new double[d])
                - sampled.batchValueAndGradient(minus, batch, 5, new double[d])) / (2 * h);
        assertThat(Tolerances.close(fd, org.irlab.linalg.Kernels.dot(g, v), Tolerances.FD_RELATIVE,
                Tolerances.FD_ABSOLUTE)).as("%s vs %s", fd, org.irlab.linalg.Kernels.dot(g, v)).isTrue();
    }

    @Test
    void batchEstimatesAreUnbiasedAndSeeded() {
        Objective f = sensing().objective();
        checkUnbiased(f);
        checkUnbiased(LowRankRecovery.asymmetricCompletion(6, 5, 2, 4, new double[] {2, 1}, 0.7, 0.25, 3).objective());
        SampledObjective sampled = SampledObjective.of(f).orElseThrow();
        int d = f.dimension();
        // the draws are seeded: same seed, same run; another seed or the other sampling, another run
        double[] x0 = smallInit(d, 8);
        double[][] a = run(new MiniBatch(sampled, 20, MiniBatch.Sampling.WITH_REPLACEMENT, 1), x0, 0.02, 50, p -> p);
        double[][] b = run(new MiniBatch(sampled, 20, MiniBatch.Sampling.WITH_REPLACEMENT, 1), x0, 0.02, 50, p -> p);
        double[][] c = run(new MiniBatch(sampled, 20, MiniBatch.Sampling.WITH_REPLACEMENT, 2), x0, 0.02, 50, p -> p);
        double[][] e = run(new MiniBatch(sampled, 20, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 1), x0, 0.02, 50,
                p -> p);
        assertSameBits(a, b);
        assertThat(c[50]).isNotEqualTo(a[50]);
        assertThat(e[50]).isNotEqualTo(a[50]);
    }

    @Test
    void geometricStepDecaysAndIsFixedAtRatioOne() {
        Objective f = sensing().objective();
        double[] x0 = smallInit(f.dimension(), 9);
        double[][] gd = run(GradientOracle.of(f), x0, 0.05, 100, p -> p);
        double[][] one = run(GradientOracle.of(f), x0, 0.05, 100, p -> p.stepping(new GeometricStep(0.05, 1)));
        assertSameBits(one, gd);
        GeometricStep step = new GeometricStep(0.5, 0.9);
        assertThat(step.at(0)).isEqualTo(0.5);
        assertThat(Tolerances.close(step.at(10), 0.5 * Math.pow(0.9, 10), Tolerances.ROUNDING, 0)).isTrue();
        double[] etas = new double[4];
        DescentState s = new DescentState(GradientOracle.of(f), x0, false, null, new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {}
        });
        Phase phase = Phase.gradientDescent(step, StoppingRule.iterations(4));
        for (int t = 0; t < 4; t++) {
            if (t == 0) phase.start(s);
            Descent.step(s, phase);
            etas[t] = s.stepSize();
        }
        assertThat(etas).containsExactly(step.at(0), step.at(1), step.at(2), step.at(3));
    }

    /** ‖XYᵀ − M‖_F (Y = X when {@code columns} is 0) for x = [X; Y] with k columns. */
    static double productDistance(double[] x, int rows, int columns, int k, double[] m) {
        int c = columns == 0 ? rows : columns, offset = columns == 0 ? 0 : rows * k;
        double s = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < c; j++) {
                double v = -m[i * c + j];
                for (int a = 0; a < k; a++) v += x[i * k + a] * x[offset + j * k + a];
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    @Test
    void precGdTakesTheDampingFromTheDataTermInThePapersNormalisation() {
        // Zhang, Fattahi & Zhang: λ = √f with f = ‖𝒜(XXᵀ) − b‖² RIP-normalised, ≈ ‖XXᵀ − M*‖_F; IRLab's sensing loss
        // is 1/(4N)Σr², so half of that without the normalisation (review M3)
        SymmetricSensing p = SymmetricSensing.create(N, 2, K, new double[] {3, 1}, 2000, 7);
        double[] x = smallInit(N * K, 3);
        for (int i = 0; i < x.length; i++) x[i] = 0.7 * p.truthFactors().balancedFactor(K)[i] + 300 * x[i];
        FactorPreconditioner pre = FactorPreconditioner.of(p.objective(), FactorPreconditioner.Damping.LOSS, 0);
        double distance = productDistance(x, N, 0, K, p.truth());
        assertThat(pre.lambdaAt(x)).isCloseTo(distance, org.assertj.core.api.Assertions.within(0.1 * distance));
        assertThat(pre.lambdaAt(x)).isCloseTo(2 * Math.sqrt(p.objective().value(x)),
                org.assertj.core.api.Assertions.within(1e-12 * distance));
        // completion: Σ_Ω r² over the fraction p of the entries, so κ = 1/p; the balancing term is left out
        LowRankRecovery c = LowRankRecovery.asymmetricCompletion(30, 25, 2, 4, new double[] {2, 1}, 0.8, 0.25, 3);
        double[] y = smallInit(c.objective().dimension(), 5);
        for (int i = 0; i < y.length; i++) y[i] *= 500;
        FactorPreconditioner cp = FactorPreconditioner.of(c.objective(), FactorPreconditioner.Damping.LOSS, 0);
        double cd = productDistance(y, 30, 25, 4, c.truth().dense());
        assertThat(cp.lambdaAt(y)).isCloseTo(cd, org.assertj.core.api.Assertions.within(0.1 * cd));
    }

    @Test
    void onCompletionOnlyTheDataTermsGradientIsPreconditionedAtTheFullLoss() {
        // review M4: d = P·∇f_data + ∇f_balance, λ = √(κ·f_data) from the full data term even under mini-batches
        LowRankRecovery c = LowRankRecovery.asymmetricCompletion(6, 5, 2, 4, new double[] {2, 1}, 0.7, 0.25, 3);
        Objective f = c.objective();
        int d = f.dimension();
        org.irlab.problem.SumObjective sum = (org.irlab.problem.SumObjective) f;
        Objective data = sum.terms().get(0), balance = sum.terms().get(1);
        double[] x = smallInit(d, 9);
        for (int i = 0; i < d; i++) x[i] *= 700;
        SampledObjective sampled = SampledObjective.of(f).orElseThrow();
        for (GradientOracle oracle : java.util.List.of(GradientOracle.of(f),
                new MiniBatch(f, sampled, 7, MiniBatch.Sampling.WITHOUT_REPLACEMENT, 2))) {
            DescentState s = new DescentState(oracle, x, true, null, null);
            s.evaluate();
            FactorPreconditioner p = FactorPreconditioner.of(f, FactorPreconditioner.Damping.LOSS, 0);
            double[] out = new double[d];
            p.apply(s, s.gradient, out);
            double[] gb = new double[d], gd = new double[d];
            balance.gradient(x, gb);
            for (int i = 0; i < d; i++) gd[i] = s.gradient[i] - gb[i];
            double lambda = Math.sqrt(FactorPreconditioner.paperScale(data) * data.value(x));
            double[] expected = denseDirection(x, gd, new int[] {6, 5}, 4, lambda, false);
            for (int i = 0; i < d; i++) expected[i] += gb[i];
            assertClose(out, expected);
        }
    }

    @Test
    void thePreconditionerIsFormedAtNesterovsEvaluationPoint() {
        SymmetricSensing p = sensing();
        Objective f = p.objective();
        double[] x = smallInit(N * K, 4), y = smallInit(N * K, 5);
        DescentState s = new DescentState(GradientOracle.of(f), x, true, null, null);
        s.evaluateAt(y);
        FactorPreconditioner pre = FactorPreconditioner.of(f, FactorPreconditioner.Damping.LOSS, 0);
        double[] out = new double[N * K];
        pre.apply(s, s.gradient, out);
        double lambda = 2 * Math.sqrt(f.value(y));
        assertClose(out, denseDirection(y, s.gradient, new int[] {N}, K, lambda, true));
    }

    @Test
    void aMiniBatchRunsEscapeTestComparesFullLosses() {
        // review M5: the candidate's loss and the loss T_escape steps later are f itself, not two batches' f_B
        SymmetricSensing p = sensing();
        Objective f = p.objective();
        double[] x0 = new double[N * K]; // the origin: a saddle with f > 0, where f_B and f differ by ~10%
        java.util.List<DescentEvent> events = new java.util.ArrayList<>();
        IterationObserver observer = new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {}

            @Override public void onEvent(DescentEvent e) { events.add(e); }
        };
        DescentSettings settings = new DescentSettings(Algorithm.IPGD, 0.05, 2000, 1e-6, 1e-3, 30, 1e-10, 0, 1e-12, 3)
                .with(new Variant(Variant.Momentum.NONE, 0, Variant.Preconditioning.NONE, 0, 20,
                        MiniBatch.Sampling.WITHOUT_REPLACEMENT, 5, 1));
        DescentResult r = PerturbedDescent.run(f, x0, settings, observer);
        assertThat(r.status()).isIn(Status.RETURNED_CANDIDATE, Status.RETURNED_INITIAL_POINT);
        DescentEvent returned = events.stream().filter(e -> e.kind() == DescentEvent.Kind.RETURNED_CANDIDATE)
                .findFirst().orElseThrow();
        assertThat(returned.lossBefore()).isEqualTo(f.value(r.x()));
        DescentEvent first = events.stream().filter(e -> e.kind() == DescentEvent.Kind.PERTURBATION).findFirst()
                .orElseThrow();
        assertThat(first.lossBefore()).isEqualTo(f.value(x0));
    }

    @Test
    void aRollBackLeavesTheIterateAtRest() {
        // a rejected chunk's velocity must not survive into the next momentum step
        Objective f = sensing().objective();
        double[] x0 = smallInit(N * K, 6), checkpoint = smallInit(N * K, 7);
        DescentState s = new DescentState(GradientOracle.of(f), x0, false, null, null);
        s.evaluate();
        s.setStepSize(0.05);
        new HeavyBall(0.5).apply(s, s.gradient);
        assertThat(s.previous()).isNotEqualTo(s.x());
        s.rollBack(checkpoint, 0);
        assertThat(s.x()).isEqualTo(checkpoint);
        assertThat(s.previous()).isEqualTo(checkpoint);
    }

    @Test
    void precGdActsOnTheResidualAsOneOverLambdaAndItsMapLinearisesWithoutTheDampingsDerivative() {
        // review M6 (docs/deviation-rate-beyond.md §2): for the SVD split x⊥ = U⊥Σ⊥V⊥ᵀ, X♯ᵀx⊥ = 0, so
        // P(x♯)x⊥ = x⊥/λ, DGram[x⊥] = 0 and ⟨∇f(x♯), x⊥⟩ = 0 (Dλ[x⊥] = 0): the full PrecGD map Φ(x) = x − ηP(x)∇f(x),
        // λ(x) included, has DΦ(x♯)[x⊥] = (I − ηP(x♯)H)x⊥ exactly to first order
        SymmetricSensing p = sensing();
        Objective f = p.objective();
        int d = N * K;
        double[] x = p.truthFactors().balancedFactor(K), raw = smallInit(d, 12);
        for (int i = 0; i < d; i++) x[i] = 0.8 * x[i] + 30 * raw[i];
        double[] signal = new double[d], e = new double[d];
        p.region().split(x, signal, e);
        double norm = org.irlab.linalg.Kernels.norm(e);
        for (int i = 0; i < d; i++) e[i] /= norm;
        FactorPreconditioner pre = FactorPreconditioner.of(f, FactorPreconditioner.Damping.LOSS, 0);
        double lambda = pre.lambdaAt(signal);
        double[] pe = new double[d];
        pre.applyPower(signal, f.value(signal), 1, e, pe);
        for (int i = 0; i < d; i++) assertThat(pe[i]).isCloseTo(e[i] / lambda, org.assertj.core.api.Assertions.within(1e-10 / lambda));

        double eta = 0.3, h = 1e-4;
        double[] plus = map(f, pre, eta, signal, e, h), minus = map(f, pre, eta, signal, e, -h);
        double[] he = new double[d], phe = new double[d];
        f.hessianVector(signal, e, he);
        pre.applyPower(signal, f.value(signal), 1, he, phe);
        double scale = 0;
        for (int i = 0; i < d; i++) scale = Math.max(scale, Math.abs(e[i] - eta * phe[i]));
        for (int i = 0; i < d; i++) {
            double fd = (plus[i] - minus[i]) / (2 * h);
            assertThat(fd).as("coordinate %d", i).isCloseTo(e[i] - eta * phe[i],
                    org.assertj.core.api.Assertions.within(1e-6 * scale));
        }
    }

    /** Φ(x♯ + s·e) = y − ηP(y)∇f(y), λ(y) from the data term at y. */
    private static double[] map(Objective f, FactorPreconditioner pre, double eta, double[] signal, double[] e, double s) {
        double[] y = signal.clone();
        for (int i = 0; i < y.length; i++) y[i] += s * e[i];
        DescentState state = new DescentState(GradientOracle.of(f), y, true, null, null);
        state.evaluate();
        double[] d = new double[y.length];
        pre.apply(state, state.gradient, d);
        for (int i = 0; i < y.length; i++) y[i] -= eta * d[i];
        return y;
    }
}
