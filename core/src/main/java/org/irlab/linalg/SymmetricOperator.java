package org.irlab.linalg;

/**
 * A symmetric linear map v ↦ Av on ℝ^d given only by its action (e.g. a Hessian-vector product). Implementations
 * own their work buffers; {@code out} is caller-owned and must not alias {@code v}.
 */
public interface SymmetricOperator {
    /** d. */
    int dimension();

    /** Writes A·v into {@code out}; {@code v} is not modified. */
    void apply(double[] v, double[] out);
}
