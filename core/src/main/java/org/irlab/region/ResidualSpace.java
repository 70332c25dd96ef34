package org.irlab.region;

import org.irlab.linalg.Projector;

/**
 * A subspace N(x) that contains the residual x⊥ and that the Hessian ∇²f(x♯) maps into itself for the problem's
 * objective — structure a problem knows and a region can express, e.g. N = {V : VQ_r = 0} (Q_r the signal's row
 * space) for symmetric factorizations f(X) = g(XXᵀ). A hint: the Lanczos deviation rate restricts its Krylov space to
 * N (so round-off cannot excite the stiff directions outside it) and certifies the result against the unrestricted
 * Hessian, falling back to the plain run when the invariance does not hold.
 */
public interface ResidualSpace extends Projector {
    /** Fixes N for the point x (not modified); {@link #project} then projects onto N(x). */
    void at(double[] x);
}
