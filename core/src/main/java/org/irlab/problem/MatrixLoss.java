package org.irlab.problem;

/** A smooth loss L(M) on a matrix (row-major), with gradient and Hessian applied to a direction. */
public interface MatrixLoss {
    /** Rows of M. */
    int rows();

    /** Columns of M. */
    int columns();

    /** Writes ∇L(M) into {@code gradientOut} and returns L(M). */
    double valueAndGradient(double[] m, double[] gradientOut);

    /** L(M). */
    double value(double[] m);

    /** Writes ∇²L(M)·direction into {@code out}. */
    void hessian(double[] m, double[] direction, double[] out);

    /**
     * ∇L(m) for the curvature at m (a Hessian-vector product): {@link #valueAndGradient} unless the loss keeps
     * state that depends on the order of its calls (the Gram route's anchor, {@link SensingLoss}), which products
     * then leave alone, so recording a diagnostic cannot change a descent's bits.
     */
    default void curvatureGradient(double[] m, double[] gradientOut) { valueAndGradient(m, gradientOut); }
}
