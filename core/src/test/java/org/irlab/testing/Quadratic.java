package org.irlab.testing;

import org.irlab.linalg.Kernels;
import org.irlab.problem.Objective;

/**
 * A test objective with a known Hessian: f(x) = ½xᵀAx + (c/4)‖x‖⁴, so ∇f = Ax + c‖x‖²x and
 * ∇²f(x) = A + c(‖x‖²I + 2xxᵀ). A is symmetric d×d (row-major, copied).
 */
public final class Quadratic implements Objective {
    private final int d;
    private final double[] a, work;
    private final double quartic;

    public Quadratic(double[] a, int d, double quartic) {
        this.d = d;
        this.a = a.clone();
        this.quartic = quartic;
        this.work = new double[d];
    }

    /** f(x) = ½Σ aᵢxᵢ² (no quartic term). */
    public static Quadratic diagonal(double... diagonal) {
        int d = diagonal.length;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) a[i * d + i] = diagonal[i];
        return new Quadratic(a, d, 0);
    }

    /** A = Q·diag(eigenvalues)·Qᵀ for Q with orthonormal columns (d×d, row-major). */
    public static double[] fromEigen(double[] q, double[] eigenvalues) {
        int d = eigenvalues.length;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += q[i * d + k] * eigenvalues[k] * q[j * d + k];
                a[i * d + j] = s;
            }
        }
        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) a[j * d + i] = a[i * d + j];
        return a;
    }

    @Override public int dimension() { return d; }

    @Override public double value(double[] x) {
        Kernels.multiplyVector(a, x, work, d, d);
        double s = Kernels.dot(x, x);
        return 0.5 * Kernels.dot(x, work) + 0.25 * quartic * s * s;
    }

    @Override public void gradient(double[] x, double[] out) {
        Kernels.multiplyVector(a, x, out, d, d);
        double s = Kernels.dot(x, x);
        for (int i = 0; i < d; i++) out[i] += quartic * s * x[i];
    }

    @Override public double valueAndGradient(double[] x, double[] out) {
        Objective.checkNoAlias(out, x);
        gradient(x, out);
        return value(x);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        Kernels.multiplyVector(a, v, out, d, d);
        double s = Kernels.dot(x, x), xv = Kernels.dot(x, v);
        for (int i = 0; i < d; i++) out[i] += quartic * (s * v[i] + 2 * xv * x[i]);
    }
}
