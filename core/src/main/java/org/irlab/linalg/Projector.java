package org.irlab.linalg;

/** An orthogonal projector P onto a subspace of ℝᵈ, applied in place. */
@FunctionalInterface
public interface Projector {
    /** v ← Pv. */
    void project(double[] v);
}
