package org.irlab.problem;

/**
 * A smooth function f: ℝ^d → ℝ on flat parameters, with its gradient and Hessian-vector product.
 *
 * <p>Implementations own their work buffers, so one instance must not be used by two threads at once; no method
 * allocates per call. Input arrays are never modified; outputs are caller-owned and must not alias inputs.
 */
public interface Objective {
    /** Number of parameters d. */
    int dimension();

    /** f(x). */
    double value(double[] x);

    /** Writes ∇f(x) into {@code gradientOut}. */
    void gradient(double[] x, double[] gradientOut);

    /** Writes ∇f(x) into {@code gradientOut} and returns f(x), sharing the work of both. */
    double valueAndGradient(double[] x, double[] gradientOut);

    /** Writes ∇²f(x)·v into {@code out}. */
    void hessianVector(double[] x, double[] v, double[] out);

    /** Refuses an output that is the same array as the input (EJML's discipline: every product checks). */
    static void checkNoAlias(double[] out, double[] input) {
        if (out == input) throw new IllegalArgumentException("output aliases an input");
    }

    /** Refuses an output that is the same array as either input. */
    static void checkNoAlias(double[] out, double[] first, double[] second) {
        if (out == first || out == second) throw new IllegalArgumentException("output aliases an input");
    }
}
