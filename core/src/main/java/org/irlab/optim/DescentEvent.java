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
 */
public record DescentEvent(int iteration, Kind kind, double lossBefore, double lossAfter, double perturbationNorm,
                           int changedCoordinates) {
    /** The kinds of event. */
    public enum Kind {
        /** A perturbation was applied (line 6 of Algorithm 1). */
        PERTURBATION,
        /** A perturbation was drawn but x + ξ == x in every coordinate: round-off erased it. */
        NO_OP_PERTURBATION,
        /** The escape test fired and the candidate z was returned (line 9). */
        RETURNED_CANDIDATE,
        /** IPGD+ started its T' refinement steps. */
        REFINEMENT_START
    }
}
