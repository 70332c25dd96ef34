package org.irlab.problem;

import java.util.List;
import java.util.Optional;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.ResidualSpace;

/**
 * An objective, its implicit region 𝓜 and its ground truth. Built once and immutable apart from the work buffers
 * its objective and region own (use one instance per thread).
 */
public interface Problem {
    Objective objective();

    ImplicitRegion region();

    /** Error to the ground truth (‖XXᵀ − M*‖_F, ‖θ − θ*‖₂, …). */
    double error(double[] x);

    /** Distance from x to the set of ground-truth solutions in parameter space (NaN when that set is empty). */
    double distanceToSolutions(double[] x);

    /**
     * A subspace containing x⊥ that ∇²f(x♯) maps into itself, when the problem's structure gives one (a hint the
     * Lanczos deviation rate certifies before relying on it); empty by default.
     */
    default Optional<ResidualSpace> residualSpace() { return Optional.empty(); }

    /** Whether f is twice differentiable (false for the ℓ1 loss of robust sensing: no Hessian, no deviation rate). */
    default boolean smooth() { return true; }

    /** Names of the problem's own metrics (trace columns after the standard ones). */
    default List<String> metricNames() { return List.of(); }

    /** Writes the problem's own metrics at x, in the order of {@link #metricNames()}. */
    default void metrics(double[] x, double[] out) {}
}
