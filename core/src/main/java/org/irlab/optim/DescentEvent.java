package org.irlab.optim;

/**
 * Something that happened during a run besides a plain GD step.
 *
 * @param iteration          t at which it happened
 * @param kind               what happened
 * @param lossBefore         f before the event (f(z) for a perturbation or a return)
 * @param lossAfter          f after it (f(z + ξ); f(x_t) at the escape test)
 * @param perturbationNorm   ‖ξ‖ for a perturbation, else 0
 * @param changedCoordinates how many coordinates x + ξ changed in double precision (perturbation only)
 * @param value              the kind's number: λ_min for a curvature probe, the new η for a step-size change,
 *                           NaN otherwise
 * @param steps              the escape steps chosen at a curvature probe, else 0
 */
public record DescentEvent(int iteration, Kind kind, double lossBefore, double lossAfter, double perturbationNorm,
                           int changedCoordinates, double value, int steps) {
    /** The kinds of event. */
    public enum Kind {
        /** A perturbation was applied (line 6 of Algorithm 1). */
        PERTURBATION,
        /** A perturbation was drawn but x + ξ == x in every coordinate: round-off erased it. */
        NO_OP_PERTURBATION,
        /** The escape test fired and the candidate z was returned (line 9). */
        RETURNED_CANDIDATE,
        /** IPGD+ started its T' refinement steps. */
        REFINEMENT_START,
        /** escapeSteps auto: λ_min(∇²f(z)) was estimated at a perturbation point and T_escape chosen from it. */
        CURVATURE,
        /** stepSize auto: η was set from a new estimate of L = ‖∇²f‖. */
        STEP_SIZE,
        /** stepSize auto: a period-2 oscillation or a divergence halved η. */
        STEP_SIZE_HALVED
    }

    /** An event that carries no curvature or step-size number. */
    public DescentEvent(int iteration, Kind kind, double lossBefore, double lossAfter, double perturbationNorm,
                        int changedCoordinates) {
        this(iteration, kind, lossBefore, lossAfter, perturbationNorm, changedCoordinates, Double.NaN, 0);
    }
}
