package org.irlab.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Objective} inherits: gradient and Hessian-vector product against central finite
 * differences at seeded random points, the fused value+gradient against the value and against a gradient computed
 * independently (by the subclass's reference formula, or else coordinate by coordinate from differences of f),
 * inputs untouched, outputs that alias an input refused. Subclasses supply the objective and the scale of a typical
 * point.
 */
public abstract class ObjectiveContract {
    /** A fresh objective (called once per test). */
    protected abstract Objective objective();

    /** Standard deviation of the random test points (near where the objective is used). */
    protected double pointScale() { return 0.5; }

    protected double[] randomPoint(SplittableRandom rng, int d) {
        double[] x = new double[d];
        Randoms.gaussian(rng, pointScale(), x);
        return x;
    }

    @RepeatedTest(3)
    void gradientMatchesCentralDifferences(RepetitionInfo info) {
        Objective f = objective();
        int d = f.dimension();
        SplittableRandom rng = new SplittableRandom(100 + info.getCurrentRepetition());
        double[] x = randomPoint(rng, d);
        double[] g = new double[d];
        f.gradient(x, g);
        // directional derivative along random directions, and a few coordinates
        for (int k = 0; k < 4; k++) {
            double[] v = new double[d];
            Randoms.gaussian(rng, 1.0, v);
            double h = 1e-6 * Math.max(1, Kernels.norm(x)) / Kernels.norm(v);
            double[] xp = x.clone(), xm = x.clone();
            Kernels.axpy(h, v, xp);
            Kernels.axpy(-h, v, xm);
            double fd = (f.value(xp) - f.value(xm)) / (2 * h);
            double exact = Kernels.dot(g, v);
            double scale = Kernels.norm(g) * Kernels.norm(v);
            assertThat(Math.abs(fd - exact))
                    .as("directional derivative %d: fd %s vs exact %s", k, fd, exact)
                    .isLessThanOrEqualTo(Tolerances.FD_ABSOLUTE + Tolerances.FD_RELATIVE * 10 * Math.max(scale, Math.abs(exact)));
        }
    }

    @RepeatedTest(3)
    void hessianVectorMatchesDifferencesOfGradients(RepetitionInfo info) {
        Objective f = objective();
        int d = f.dimension();
        SplittableRandom rng = new SplittableRandom(200 + info.getCurrentRepetition());
        double[] x = randomPoint(rng, d);
        double[] v = new double[d];
        Randoms.gaussian(rng, 1.0, v);
        double[] hv = new double[d];
        f.hessianVector(x, v, hv);
        double h = 1e-5 * Math.max(1, Kernels.norm(x)) / Kernels.norm(v);
        double[] xp = x.clone(), xm = x.clone();
        Kernels.axpy(h, v, xp);
        Kernels.axpy(-h, v, xm);
        double[] gp = new double[d], gm = new double[d];
        f.gradient(xp, gp);
        f.gradient(xm, gm);
        double[] fd = new double[d];
        for (int i = 0; i < d; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
        double err = Kernels.distance(fd, hv);
        assertThat(err).as("‖HVP − FD‖ relative to ‖HVP‖ = %s", Kernels.norm(hv))
                .isLessThanOrEqualTo(Tolerances.FD_ABSOLUTE + 1e-5 * Kernels.norm(hv));
    }

    /**
     * An independent computation of ∇f(x) (e.g. a plain loop over the terms of f), or null: the contract then
     * differentiates f coordinate by coordinate.
     */
    protected double[] referenceGradient(Objective f, double[] x) { return null; }

    @Test
    void fusedValueAndGradientAgreeWithIndependentComputations() {
        Objective f = objective();
        int d = f.dimension();
        double[] x = randomPoint(new SplittableRandom(7), d);
        double[] g = new double[d], separate = new double[d];
        double value = f.valueAndGradient(x, g);
        assertThat(value).isEqualTo(f.value(x));
        f.gradient(x, separate);
        assertThat(separate).containsExactly(g);
        double[] reference = referenceGradient(f, x);
        double scale = Math.max(maxAbs(g), 1e-3 * Math.abs(value));
        if (reference != null) {
            for (int i = 0; i < d; i++) {
                assertThat(Tolerances.close(g[i], reference[i], Tolerances.EXACT_RELATIVE, Tolerances.EXACT_RELATIVE * scale))
                        .as("∂f/∂x%d: %s vs reference %s", i, g[i], reference[i]).isTrue();
            }
            return;
        }
        // every coordinate from differences of f alone: Richardson's extrapolation of the central differences at h
        // and h/2 is accurate to O(h⁴), far below the tolerance, and shares no code with the gradient
        double[] xs = x.clone();
        for (int i = 0; i < d; i++) {
            double h = 1e-3 * Math.max(1, Math.abs(x[i]));
            double wide = centralDifference(f, xs, i, h), narrow = centralDifference(f, xs, i, h / 2);
            double fd = (4 * narrow - wide) / 3;
            assertThat(Math.abs(fd - g[i])).as("∂f/∂x%d: %s vs differences %s", i, g[i], fd)
                    .isLessThanOrEqualTo(Tolerances.FD_ABSOLUTE + Tolerances.FD_RELATIVE * scale);
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double centralDifference(Objective f, double[] x, int i, double h) {
        double xi = x[i];
        x[i] = xi + h;
        double up = f.value(x);
        x[i] = xi - h;
        double down = f.value(x);
        x[i] = xi;
        return (up - down) / (2 * h);
    }

    @Test
    void outputsThatAliasAnInputAreRefused() {
        Objective f = objective();
        int d = f.dimension();
        double[] x = randomPoint(new SplittableRandom(10), d), v = randomPoint(new SplittableRandom(11), d);
        assertThatThrownBy(() -> f.valueAndGradient(x, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias");
        assertThatThrownBy(() -> f.hessianVector(x, v, x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias");
        assertThatThrownBy(() -> f.hessianVector(x, v, v)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alias");
    }

    @Test
    void inputsAreNotModified() {
        Objective f = objective();
        int d = f.dimension();
        SplittableRandom rng = new SplittableRandom(8);
        double[] x = randomPoint(rng, d);
        double[] v = randomPoint(rng, d);
        double[] xCopy = x.clone(), vCopy = v.clone();
        f.value(x);
        f.valueAndGradient(x, new double[d]);
        f.hessianVector(x, v, new double[d]);
        assertThat(x).containsExactly(xCopy);
        assertThat(v).containsExactly(vCopy);
    }

    @Test
    void hessianIsSymmetric() {
        Objective f = objective();
        int d = f.dimension();
        SplittableRandom rng = new SplittableRandom(9);
        double[] x = randomPoint(rng, d);
        double[] u = new double[d], w = new double[d], hu = new double[d], hw = new double[d];
        Randoms.gaussian(rng, 1.0, u);
        Randoms.gaussian(rng, 1.0, w);
        f.hessianVector(x, u, hu);
        f.hessianVector(x, w, hw);
        double a = Kernels.dot(w, hu), b = Kernels.dot(u, hw);
        assertThat(Tolerances.close(a, b, 1e-9, 1e-9 * (1 + Kernels.norm(hu) * Kernels.norm(w)))).as("%s vs %s", a, b).isTrue();
    }
}
