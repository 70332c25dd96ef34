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
}
