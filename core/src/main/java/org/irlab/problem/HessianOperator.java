package org.irlab.problem;

import org.irlab.linalg.SymmetricOperator;

/**
 * The Hessian ∇²f(x) of an objective at a fixed point x, as a {@link SymmetricOperator}: one Hessian-vector
 * product per {@link #apply}. The point is copied in by {@link #at}; nothing is allocated afterwards.
 */
public final class HessianOperator implements SymmetricOperator {
    private final Objective objective;
    private final double[] point;

    public HessianOperator(Objective objective) {
        this.objective = objective;
        this.point = new double[objective.dimension()];
    }

    /** Fixes the point x (copied) and returns this operator. */
    public HessianOperator at(double[] x) {
        System.arraycopy(x, 0, point, 0, point.length);
        return this;
    }

    /** The current point (owned; do not modify). */
    public double[] point() { return point; }

    @Override public int dimension() { return point.length; }

    @Override public void apply(double[] v, double[] out) {
        objective.hessianVector(point, v, out);
    }
}
