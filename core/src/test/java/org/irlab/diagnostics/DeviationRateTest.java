package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Problem;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.SupportRegion;
import org.irlab.testing.ProblemCatalogue;
import org.irlab.testing.Quadratic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviationRateTest {
    /** Every catalogue problem × residual scales 1 (far from 𝓜), 1e-3 and 1e-9 (near it). */
    static Stream<Arguments> problemsAndScales() {
        List<Arguments> out = new ArrayList<>();
        for (ProblemCatalogue.Entry e : ProblemCatalogue.small()) {
            for (double scale : new double[] {1, 1e-3, 1e-9}) out.add(Arguments.of(e, scale));
        }
        return out.stream();
    }

    /** A point x = P_𝓜(g) + scale·(g' − P_𝓜(g')) for seeded Gaussians g, g'. */
    static double[] pointNearRegion(ImplicitRegion region, int d, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[d], signal = new double[d], residual = new double[d], x = new double[d];
        Randoms.gaussian(rng, 0.7, g);
        region.project(g, signal);
        Randoms.gaussian(rng, 1.0, g);
        region.split(g, x, residual);
        for (int i = 0; i < d; i++) x[i] = signal[i] + scale * residual[i];
        return x;
    }

    @ParameterizedTest(name = "{0}, ‖x⊥‖ scale {1}")
    @MethodSource("problemsAndScales")
    void denseAndLanczosAgree(ProblemCatalogue.Entry entry, double scale) {
        Problem p = entry.create();
        int d = p.objective().dimension();
        double[] x = pointNearRegion(p.region(), d, scale, 17);
        DeviationRate.Measurement dense = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.DENSE)
                .evaluate(x, new DeviationRate.Measurement());
        DeviationRate.Measurement lanczos = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.LANCZOS,
                d, DeviationRate.DEFAULT_TOLERANCE).evaluate(x, new DeviationRate.Measurement());
        // ⟨q, |H| q⟩, floored by the Hessian's own scale: where 𝓜's residual lies in H's null space (least squares:
        // x⊥ ∈ null(A)) both rates are exactly 0 and the paths may differ only by round-off relative to ‖H‖
        double[] probe = new double[d], hProbe = new double[d];
        Randoms.gaussian(new SplittableRandom(5), 1.0, probe);
        p.objective().hessianVector(x, probe, hProbe);
        double hScale = org.irlab.linalg.Kernels.norm(hProbe) / org.irlab.linalg.Kernels.norm(probe);
        double magnitude = Math.max(Math.abs(dense.minus()) + Math.abs(dense.plus()), 1e-4 * hScale);
        if (p instanceof org.irlab.problem.LeastSquares) {
            assertThat(Math.abs(dense.rate())).as("least squares: x⊥ ∈ null(A)").isLessThan(REORDERED * hScale);
            assertThat(Math.abs(lanczos.rate())).as("least squares: x⊥ ∈ null(A)").isLessThan(REORDERED * hScale);
        }
        assertThat(lanczos.certified()).isTrue();
        String where = entry + String.format(" k=%d bound=%.3g |r-|=%.6g r+=%.6g", lanczos.lanczosSteps(),
                lanczos.errorBound(), dense.minus(), dense.plus());
        assertThat(Math.abs(lanczos.minus() - dense.minus())).as("r₋ " + where).isLessThanOrEqualTo(1e-8 * magnitude);
        assertThat(Math.abs(lanczos.plus() - dense.plus())).as("r₊ " + where).isLessThanOrEqualTo(1e-8 * magnitude);
        assertThat(Math.abs(lanczos.rate() - dense.rate())).as("r " + where).isLessThanOrEqualTo(1e-8 * magnitude);
        // the certificate covers the actual difference (plus the dense path's own rounding)
        assertThat(Math.abs(lanczos.plus() - dense.plus())).as("bound " + where)
                .isLessThanOrEqualTo(lanczos.errorBound() + 1e-11 * magnitude);
        assertThat(dense.minus()).isLessThanOrEqualTo(0);
        assertThat(dense.plus()).isGreaterThanOrEqualTo(0);
        assertThat(lanczos.residualNorm()).isEqualTo(dense.residualNorm());
        assertThat(lanczos.restricted()).isFalse();
        // the run restricted to the problem's residual space, where it has one (the symmetric factorizations)
        if (p.residualSpace().isPresent()) {
            DeviationRate.Measurement restricted = new DeviationRate(p.objective(), p.region(),
                    DeviationRate.Method.LANCZOS, d, DeviationRate.DEFAULT_TOLERANCE, p.residualSpace().get())
                    .evaluate(x, new DeviationRate.Measurement());
            String at = entry + String.format(" restricted k=%d bound=%.3g", restricted.lanczosSteps(),
                    restricted.errorBound());
            assertThat(restricted.restricted()).as("the hint holds " + at).isTrue();
            assertThat(restricted.certified()).as(at).isTrue();
            assertThat(Math.abs(restricted.minus() - dense.minus())).as("r₋ " + at).isLessThanOrEqualTo(1e-8 * magnitude);
            assertThat(Math.abs(restricted.plus() - dense.plus())).as("r₊ " + at).isLessThanOrEqualTo(1e-8 * magnitude);
            assertThat(Math.abs(restricted.plus() - dense.plus())).as("bound " + at)
                    .isLessThanOrEqualTo(restricted.errorBound() + 1e-11 * magnitude);
        }
    }

    /**
     * A residual-space hint is only trusted once certified: on ½xᵀQΛQᵀx (Q a rotation) the residual coordinates
     * are not invariant, so the restricted run must notice the leak and fall back; on a diagonal Hessian they are
     * invariant and the restricted run gives the closed form.
     */
    @Test
    void residualSpaceHintIsCertifiedNotAssumed() {
        int d = 24;
        SplittableRandom rng = new SplittableRandom(21);
        double[] q = Randoms.orthonormalColumns(rng, d, d), lambda = new double[d];
        for (int i = 0; i < d; i++) lambda[i] = 3 * Randoms.gaussian(rng);
        boolean[] support = new boolean[d];
        for (int i = 0; i < 6; i++) support[i] = true;
        org.irlab.region.ResidualSpace offSupport = new org.irlab.region.ResidualSpace() {
            @Override public void at(double[] x) {}
            @Override public void project(double[] v) { for (int i = 0; i < 6; i++) v[i] = 0; }
        };
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        double[] residual = x.clone();
        for (int i = 0; i < 6; i++) residual[i] = 0;
        double n2 = Kernels.dot(residual, residual);
        // rotated: not invariant
        Quadratic rotated = new Quadratic(Quadratic.fromEigen(q, lambda), d, 0);
        double pos = 0, neg = 0;
        for (int k = 0; k < d; k++) {
            double c = 0;
            for (int i = 0; i < d; i++) c += q[i * d + k] * residual[i];
            if (lambda[k] > 0) pos += lambda[k] * c * c; else neg += lambda[k] * c * c;
        }
        DeviationRate.Measurement m = new DeviationRate(rotated, new SupportRegion(support), DeviationRate.Method.LANCZOS,
                d, DeviationRate.DEFAULT_TOLERANCE, offSupport).evaluate(x, new DeviationRate.Measurement());
        assertThat(m.restricted()).isFalse();
        assertThat(m.certified()).isTrue();
        double tol = 1e-10 * (pos - neg) / n2;
        assertThat(m.minus()).isCloseTo(-pos / n2, org.assertj.core.api.Assertions.within(tol));
        assertThat(m.plus()).isCloseTo(-neg / n2, org.assertj.core.api.Assertions.within(tol));
        // diagonal: invariant
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) a[i * d + i] = lambda[i];
        pos = neg = 0;
        for (int i = 6; i < d; i++) {
            if (lambda[i] > 0) pos += lambda[i] * x[i] * x[i]; else neg += lambda[i] * x[i] * x[i];
        }
        m = new DeviationRate(new Quadratic(a, d, 0), new SupportRegion(support), DeviationRate.Method.LANCZOS, d,
                DeviationRate.DEFAULT_TOLERANCE, offSupport).evaluate(x, m);
        assertThat(m.restricted()).isTrue();
        assertThat(m.certified()).isTrue();
        assertThat(m.minus()).isCloseTo(-pos / n2, org.assertj.core.api.Assertions.within(tol));
        assertThat(m.plus()).isCloseTo(-neg / n2, org.assertj.core.api.Assertions.within(tol));
    }

    /** f = ½Σhᵢxᵢ² + (c/4)‖x‖⁴ on 𝓜 = {xᵢ = 0 off a support}: ∇²f(x♯) is diag(hᵢ + c‖x♯‖²) on the residual. */
    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"DENSE", "LANCZOS"})
    void closedFormOnADiagonalHessianAtTheSignal(String methodName) {
        DeviationRate.Method method = DeviationRate.Method.valueOf(methodName);
        int d = 30;
        SplittableRandom rng = new SplittableRandom(3);
        double[] h = new double[d];
        boolean[] support = new boolean[d];
        for (int i = 0; i < d; i++) {
            h[i] = 4 * Randoms.gaussian(rng);
            support[i] = i % 3 == 0;
        }
        double c = 0.4;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) a[i * d + i] = h[i];
        Quadratic f = new Quadratic(a, d, c);
        SupportRegion region = new SupportRegion(support);
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        double signalNorm2 = 0, residualNorm2 = 0, pos = 0, neg = 0;
        for (int i = 0; i < d; i++) {
            if (support[i]) { signalNorm2 += x[i] * x[i]; continue; }
            residualNorm2 += x[i] * x[i];
        }
        for (int i = 0; i < d; i++) {
            if (support[i]) continue;
            double lambda = h[i] + c * signalNorm2; // H taken at x♯, not at x
            if (lambda > 0) pos += lambda * x[i] * x[i]; else neg += lambda * x[i] * x[i];
        }
        double expectedMinus = -pos / residualNorm2, expectedPlus = -neg / residualNorm2;
        assertThat(expectedPlus).isPositive();
        DeviationRate.Measurement m = new DeviationRate(f, region, method).evaluate(x, new DeviationRate.Measurement());
        double tol = 1e-12 * (Math.abs(expectedMinus) + expectedPlus);
        assertThat(m.minus()).isCloseTo(expectedMinus, org.assertj.core.api.Assertions.within(tol));
        assertThat(m.plus()).isCloseTo(expectedPlus, org.assertj.core.api.Assertions.within(tol));
        assertThat(m.rate()).isCloseTo(expectedMinus + 3 * expectedPlus, org.assertj.core.api.Assertions.within(4 * tol));
        assertThat(m.residualNorm())
                .isCloseTo(Math.sqrt(residualNorm2), org.assertj.core.api.Assertions.within(ROUNDING));
    }

    /** A rotated quadratic ½xᵀQΛQᵀx: ⟨x⊥, H₋x⊥⟩ = Σ min(λᵢ, 0)(Qᵀx⊥)ᵢ²; with repeated eigenvalues. */
    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"DENSE", "LANCZOS"})
    void closedFormOnARotatedHessian(String methodName) {
        DeviationRate.Method method = DeviationRate.Method.valueOf(methodName);
        int d = 24;
        SplittableRandom rng = new SplittableRandom(8);
        double[] q = Randoms.orthonormalColumns(rng, d, d);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) lambda[i] = (i % 5) - 2; // −2..2, each five or so times
        Quadratic f = new Quadratic(Quadratic.fromEigen(q, lambda), d, 0);
        boolean[] support = new boolean[d];
        for (int i = 0; i < 8; i++) support[i] = true;
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        double[] residual = x.clone();
        for (int i = 0; i < 8; i++) residual[i] = 0;
        double n2 = Kernels.dot(residual, residual), pos = 0, neg = 0;
        for (int k = 0; k < d; k++) {
            double c = 0;
            for (int i = 0; i < d; i++) c += q[i * d + k] * residual[i];
            if (lambda[k] > 0) pos += lambda[k] * c * c; else neg += lambda[k] * c * c;
        }
        DeviationRate.Measurement m = new DeviationRate(f, new SupportRegion(support), method)
                .evaluate(x, new DeviationRate.Measurement());
        double tol = 1e-12 * (pos - neg) / n2;
        assertThat(m.minus()).isCloseTo(-pos / n2, org.assertj.core.api.Assertions.within(tol));
        assertThat(m.plus()).isCloseTo(-neg / n2, org.assertj.core.api.Assertions.within(tol));
        if (method == DeviationRate.Method.LANCZOS) assertThat(m.lanczosSteps()).isLessThanOrEqualTo(5);
    }

    /** r₊ = 0 when H ⪰ 0 and r₋ = 0 when H ⪯ 0 (up to rounding), r of the sign the definition forces. */
    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"DENSE", "LANCZOS"})
    void semidefiniteHessiansZeroOnePart(String methodName) {
        DeviationRate.Method method = DeviationRate.Method.valueOf(methodName);
        int d = 40;
        SplittableRandom rng = new SplittableRandom(12);
        double[] q = Randoms.orthonormalColumns(rng, d, d);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) lambda[i] = i < 6 ? 0 : Math.exp(Randoms.gaussian(rng)); // PSD with a kernel
        boolean[] support = new boolean[d];
        for (int i = 0; i < d; i += 4) support[i] = true;
        SupportRegion region = new SupportRegion(support);
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        for (double sign : new double[] {1, -1}) {
            double[] l = lambda.clone();
            for (int i = 0; i < d; i++) l[i] *= sign;
            // a positive quartic term keeps H ⪰ 0; for H ⪯ 0 the quartic coefficient is negative
            Quadratic f = new Quadratic(Quadratic.fromEigen(q, l), d, 0.3 * sign);
            DeviationRate.Measurement m = new DeviationRate(f, region, method).evaluate(x, new DeviationRate.Measurement());
            double magnitude = Math.abs(m.minus()) + Math.abs(m.plus());
            if (sign > 0) {
                assertThat(Math.abs(m.plus())).as("r₊ with H ⪰ 0").isLessThanOrEqualTo(REORDERED * magnitude);
                assertThat(m.minus()).isNegative();
                assertThat(m.rate()).isNegative();
            } else {
                assertThat(Math.abs(m.minus())).as("r₋ with H ⪯ 0").isLessThanOrEqualTo(REORDERED * magnitude);
                assertThat(m.plus()).isPositive();
                assertThat(m.rate())
                        .isCloseTo(3 * m.plus(), org.assertj.core.api.Assertions.within(REORDERED * magnitude));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.irlab.testing.ProblemCatalogue#small")
    void undefinedOnTheRegion(ProblemCatalogue.Entry entry) {
        Problem p = entry.create();
        int d = p.objective().dimension();
        double[] zero = new double[d];
        for (DeviationRate.Method method : DeviationRate.Method.values()) {
            DeviationRate.Measurement m = new DeviationRate(p.objective(), p.region(), method)
                    .evaluate(zero, new DeviationRate.Measurement());
            assertThat(m.defined()).isFalse();
            assertThat(m.rate()).isNaN();
            assertThat(m.minus()).isNaN();
            assertThat(m.plus()).isNaN();
            assertThat(m.hessianProducts()).isZero();
        }
    }

    /**
     * Sparse recovery: at x♯ the Hessian is diagonal on the residual's coordinates (u⊙u − v⊙v couples a coordinate
     * to the data only through itself, and x♯ vanishes there), so one product gives the exact rate:
     * Dᵢᵢ = (Hx⊥)ᵢ/x⊥ᵢ. With 4,000 parameters the residual sees ~4,000 distinct eigenvalues; a capped Lanczos run
     * is uncertified, and its reported bound must still cover its actual error.
     */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {20, 120})
    void cappedLanczosBoundCoversItsErrorOnALargeSparseProblem(int cap) {
        Problem p = org.irlab.problem.SparseRecovery.create(ProblemCatalogue.paperSparseTruth(2000), 200,
                org.irlab.problem.SparseRecovery.Normalization.MEAN, 3);
        int d = p.objective().dimension();
        double[] x = pointNearRegion(p.region(), d, 1e-4, 23);
        double[] signal = new double[d], residual = new double[d], hr = new double[d];
        p.region().split(x, signal, residual);
        p.objective().hessianVector(signal, residual, hr);
        double pos = 0, neg = 0, n2 = 0;
        for (int i = 0; i < d; i++) {
            if (residual[i] == 0) continue;
            double di = hr[i] / residual[i], w = residual[i] * residual[i];
            n2 += w;
            if (di > 0) pos += di * w; else neg += di * w;
        }
        DeviationRate.Measurement m = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.LANCZOS, cap,
                1e-10).evaluate(x, new DeviationRate.Measurement());
        assertThat(m.lanczosSteps()).isEqualTo(cap);
        assertThat(m.certified()).isFalse();
        assertThat(Math.abs(m.minus() + pos / n2)).as("r₋ error vs bound %s", m.errorBound()).isLessThanOrEqualTo(m.errorBound());
        assertThat(Math.abs(m.plus() + neg / n2)).as("r₊ error vs bound %s", m.errorBound()).isLessThanOrEqualTo(m.errorBound());
    }

    /**
     * A hint that leaks only at the last step of its Krylov space: a chain Hessian on N = coordinates 0..4 whose end
     * e₄ is coupled to coordinate 7 outside N. The restricted run ends invariant before its stop rule sees the
     * leak; it must still give way to the plain run, which matches the dense value. The flag is reset afterwards at
     * a point with x⊥ = 0.
     */
    @Test
    void restrictedRunThatEndsInvariantWithALeakFallsBack() {
        int d = 10;
        double[] a = new double[d * d];
        double[] diag = {1.5, -0.5, 2.0, -1.0, 0.7, 3.0, 2.5, 1.2, 0.9, 4.0};
        for (int i = 0; i < d; i++) a[i * d + i] = diag[i];
        for (int i = 0; i < 4; i++) a[i * d + i + 1] = a[(i + 1) * d + i] = 0.8; // the chain inside N
        a[4 * d + 7] = a[7 * d + 4] = 0.5;                                      // e₄ ↔ e₇ leaves N
        Quadratic f = new Quadratic(a, d, 0);
        boolean[] support = new boolean[d];
        for (int i = 5; i < d; i++) support[i] = true; // the signal lives on 5..9, the residual on 0..4
        org.irlab.region.ResidualSpace firstFive = new org.irlab.region.ResidualSpace() {
            @Override public void at(double[] x) {}
            @Override public void project(double[] v) { java.util.Arrays.fill(v, 5, v.length, 0.0); }
        };
        // x⊥ = 0.6e₀: the Krylov space reaches e₄ only at its fifth and last step, where the leak appears
        double[] x = {0.6, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        SupportRegion region = new SupportRegion(support);
        DeviationRate.Measurement dense = new DeviationRate(f, region, DeviationRate.Method.DENSE)
                .evaluate(x, new DeviationRate.Measurement());
        DeviationRate rate = new DeviationRate(f, region, DeviationRate.Method.LANCZOS, d,
                DeviationRate.DEFAULT_TOLERANCE, firstFive);
        DeviationRate.Measurement m = rate.evaluate(x, new DeviationRate.Measurement());
        assertThat(m.restricted()).isFalse();
        assertThat(m.certified()).isTrue();
        double magnitude = Math.abs(dense.minus()) + Math.abs(dense.plus());
        assertThat(Math.abs(m.plus() - dense.plus())).isLessThanOrEqualTo(1e-10 * magnitude);
        assertThat(Math.abs(m.minus() - dense.minus())).isLessThanOrEqualTo(1e-10 * magnitude);
        // without the coupling the hint holds and is used; then a point on the region resets the flag
        a[4 * d + 7] = a[7 * d + 4] = 0;
        DeviationRate invariant = new DeviationRate(new Quadratic(a, d, 0), region, DeviationRate.Method.LANCZOS, d,
                DeviationRate.DEFAULT_TOLERANCE, firstFive);
        assertThat(invariant.evaluate(x, m).restricted()).isTrue();
        double[] onRegion = x.clone();
        java.util.Arrays.fill(onRegion, 0, 5, 0.0);
        assertThat(invariant.evaluate(onRegion, m).defined()).isFalse();
        assertThat(m.restricted()).isFalse();
    }

    /** The restricted path on symmetric sensing (SVD split, projections, the extra products) allocates nothing either. */
    @Test
    void restrictedEvaluationAllocatesNothing() {
        Problem p = org.irlab.problem.SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1);
        int d = p.objective().dimension();
        double[] x = pointNearRegion(p.region(), d, 1e-6, 17);
        DeviationRate rate = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.LANCZOS,
                DeviationRate.DEFAULT_MAX_STEPS, 1e-10, p.residualSpace().orElseThrow());
        DeviationRate.Measurement m = new DeviationRate.Measurement();
        for (int i = 0; i < 20; i++) rate.evaluate(x, m);
        assertThat(m.restricted()).isTrue();
        assertThat(leastAllocated(() -> rate.evaluate(x, m))).as("bytes allocated by 10 restricted evaluations")
                .isZero();
    }

    @Test
    void lanczosEvaluationAllocatesNothing() {
        int d = 50;
        SplittableRandom rng = new SplittableRandom(4);
        double[] q = Randoms.orthonormalColumns(rng, d, d);
        double[] lambda = new double[d];
        for (int i = 0; i < d; i++) lambda[i] = Randoms.gaussian(rng);
        Quadratic f = new Quadratic(Quadratic.fromEigen(q, lambda), d, 0.1);
        boolean[] support = new boolean[d];
        support[0] = support[7] = true;
        DeviationRate rate = new DeviationRate(f, new SupportRegion(support), DeviationRate.Method.LANCZOS);
        double[] x = new double[d];
        Randoms.gaussian(rng, 1.0, x);
        DeviationRate.Measurement m = new DeviationRate.Measurement();
        for (int i = 0; i < 20; i++) rate.evaluate(x, m); // warm up (class loading, JIT)
        long allocated = leastAllocated(() -> rate.evaluate(x, m));
        assertThat(m.lanczosSteps()).isGreaterThan(10);
        assertThat(allocated).as("bytes allocated by 10 evaluations").isZero();
    }

    /**
     * The fewest bytes this thread allocated in any of five windows of 10 calls. A steady-state allocation shows in
     * every window; one made while the code still runs below C2 (no escape analysis yet, on a loaded machine) does not.
     */
    private static long leastAllocated(Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId(), least = Long.MAX_VALUE;
        for (int window = 0; window < 5 && least > 0; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10; i++) call.run();
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        return least;
    }
}
