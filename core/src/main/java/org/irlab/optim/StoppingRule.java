package org.irlab.optim;

/**
 * When a phase ends and with which status, in the spirit of Hipparchus' convergence checkers: small rules that
 * combine with {@link #or} and {@link #and}. A rule is asked at every iterate ({@link #check}, after the
 * perturbation and the escape test) and, for budgets of steps that need no look at the next iterate, before it is
 * evaluated ({@link #beforeEvaluation}); {@link #finish} may refine the final status. Divergence (f or ∇f not
 * finite) is built into the engine, which first lets the step rule recover.
 */
public interface StoppingRule {
    /** The status that ends the phase at x_t, or null. */
    Status check(DescentState state);

    /** The status that ends the phase before x_t is evaluated, or null. */
    default Status beforeEvaluation(DescentState state) { return null; }

    /** The final status of a phase that ended with {@code status}. */
    default Status finish(DescentState state, Status status) { return status; }

    /** Ends when either rule does (this one is asked first). */
    default StoppingRule or(StoppingRule other) {
        StoppingRule first = this;
        return new StoppingRule() {
            @Override public Status check(DescentState s) {
                Status a = first.check(s);
                return a != null ? a : other.check(s);
            }

            @Override public Status beforeEvaluation(DescentState s) {
                Status a = first.beforeEvaluation(s);
                return a != null ? a : other.beforeEvaluation(s);
            }

            @Override public Status finish(DescentState s, Status status) {
                return other.finish(s, first.finish(s, status));
            }
        };
    }

    /** Ends when both rules do, with the other rule's status (e.g. "at an accepted chunk boundary" and "patience exhausted"). */
    default StoppingRule and(StoppingRule other) {
        StoppingRule first = this;
        return new StoppingRule() {
            @Override public Status check(DescentState s) {
                return first.check(s) != null ? other.check(s) : null;
            }

            @Override public Status beforeEvaluation(DescentState s) {
                return first.beforeEvaluation(s) != null ? other.beforeEvaluation(s) : null;
            }

            @Override public Status finish(DescentState s, Status status) {
                return other.finish(s, first.finish(s, status));
            }
        };
    }

    /** Never ends a phase. */
    StoppingRule NEVER = s -> null;

    /** Iteration budget: ends with iteration-limit at the iterate t = max (after it was perturbed and tested). */
    static StoppingRule iterations(int max) {
        return s -> s.iteration >= max ? Status.ITERATION_LIMIT : null;
    }

    /** Iteration budget of the phase: ends with iteration-limit at its iterate t = phase start + n. */
    static StoppingRule phaseIterations(int n) {
        return s -> s.iteration - s.phaseStart() >= n ? Status.ITERATION_LIMIT : null;
    }

    /** A budget of steps within the phase: ends with {@code status} once n steps are done, before evaluating further. */
    static StoppingRule steps(int n, Status status) {
        return new StoppingRule() {
            @Override public Status check(DescentState s) { return null; }

            @Override public Status beforeEvaluation(DescentState s) {
                return s.iteration - s.phaseStart() >= n ? status : null;
            }
        };
    }

    /** Gradient tolerance: converged once ‖∇f(x_t)‖ ≤ tolerance (tolerance 0: only at an exact stationary point). */
    static StoppingRule gradientTolerance(double tolerance) {
        return s -> s.gradientNorm <= tolerance ? Status.CONVERGED : null;
    }

    /**
     * Oscillation: a phase that ends with {@code status} while the state's watch sees a period-2 oscillation ends
     * as oscillating instead (the step size is at the edge of stability).
     */
    static StoppingRule oscillation(Status status) {
        return new StoppingRule() {
            @Override public Status check(DescentState s) { return null; }

            @Override public Status finish(DescentState s, Status ended) {
                return ended == status && s.oscillation() != null && s.oscillation().oscillating()
                        ? Status.OSCILLATING : ended;
            }
        };
    }
}
