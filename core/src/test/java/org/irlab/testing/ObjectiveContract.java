package org.irlab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Objective} inherits: gradient and Hessian-vector product against central finite
 * differences at seeded random points, the fused value+gradient against the separate calls, inputs untouched.
 * Subclasses supply the objective and the scale of a typical point.
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

    @Test
    void fusedValueAndGradientAgreeWithSeparateCalls() {
        Objective f = objective();
        int d = f.dimension();
        double[] x = randomPoint(new SplittableRandom(7), d);
        double[] g1 = new double[d], g2 = new double[d];
        double v1 = f.valueAndGradient(x, g1);
        f.gradient(x, g2);
        double v2 = f.value(x);
        assertThat(v1).isEqualTo(v2);
        assertThat(g1).containsExactly(g2);
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
