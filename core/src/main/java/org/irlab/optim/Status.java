package org.irlab.optim;

/** How a descent run ended. */
public enum Status {
    /** GD reached its gradient tolerance, or IPGD+ finished its refinement steps. */
    CONVERGED("converged"),
    /** IPGD's escape test fired (line 8 of Algorithm 1) and it returned the candidate z. */
    RETURNED_CANDIDATE("returned-candidate"),
    /**
     * escapeSteps auto: at a perturbation point the estimated λ_min(∇²f(z)) was ≥ −τ, so z was returned as an
     * approximate second-order stationary point without perturbing.
     */
    RETURNED_CANDIDATE_SOSP("returned-candidate-sosp"),
    /** The escape test fired at the very first perturbation point, which was the initial point itself: no move. */
    RETURNED_INITIAL_POINT("returned-initial-point"),
    /** The iteration budget ran out. */
    ITERATION_LIMIT("iteration-limit"),
    /** The budget ran out while GD was in a period-2 oscillation (step size at the edge of stability). */
    OSCILLATING("oscillating"),
    /** The loss, gradient or iterate became NaN or infinite. */
    DIVERGED("diverged"),
    /** A validation-based stopping rule ended the run (it had not improved for long enough). */
    EARLY_STOPPED("early-stopped"),
    /** A step-size controller rejected so many steps that η became negligible. */
    STEP_SIZE_UNDERFLOW("step-size-underflow");

    private final String specName;

    Status(String specName) { this.specName = specName; }

    public String specName() { return specName; }
}
