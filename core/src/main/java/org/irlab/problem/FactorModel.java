package org.irlab.problem;

/**
 * A smooth parameterisation x ↦ M(x) of a rows×columns matrix (XXᵀ, XYᵀ, u⊙u − v⊙v, a product of factors, …),
 * with the derivatives a {@link FactorizedObjective} needs to turn a loss on M into a loss on x.
 */
public interface FactorModel {
    /** Number of parameters. */
    int dimension();

    /** Rows of M. */
    int rows();

    /** Columns of M. */
    int columns();

    /** Writes M(x) (row-major) into {@code m}. */
    void product(double[] x, double[] m);

    /** Writes J(x)ᵀ·g into {@code out}: the gradient in x of ⟨g, M(x)⟩ for a fixed matrix g. */
    void pullback(double[] x, double[] g, double[] out);

    /** Writes J(x)·v, the directional derivative of M at x along v, into {@code mOut}. */
    void pushforward(double[] x, double[] v, double[] mOut);

    /** Writes (∇²⟨g, M(·)⟩)(x)·v into {@code out}: the curvature of the model contracted with a fixed g. */
    void curvature(double[] x, double[] g, double[] v, double[] out);
}
