package org.irlab.optim;

/**
 * Maps the gradient to the descent direction, d = P(x)·∇f (the update is then x ← x − η·d). {@link #IDENTITY} is
 * plain gradient descent and costs nothing: the engine then steps along the gradient itself, without a copy.
 */
public interface Preconditioner {
    /** Writes P(x)·g into {@code out} (g = ∇f at the state's evaluation point; out does not alias it). */
    void apply(DescentState state, double[] gradient, double[] out);

    /** d = ∇f. */
    Preconditioner IDENTITY = (state, gradient, out) -> System.arraycopy(gradient, 0, out, 0, gradient.length);
}
