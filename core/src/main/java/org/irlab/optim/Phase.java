package org.irlab.optim;

/**
 * One phase of a descent: the rules the engine applies at every step until the stopping rule (or divergence, or
 * the escape test) ends it. A composition runs one or more phases on the same {@link DescentState}: IPGD+ is the
 * IPGD phase, then the refinement phase.
 *
 * @param step           η and how it reacts to the iterates
 * @param perturbation   when and how x is perturbed
 * @param escapeTest     whether a perturbation escaped, and what is returned when not
 * @param stopping       when the phase ends
 * @param preconditioner the map from gradient to direction ({@link Preconditioner#IDENTITY}: plain GD)
 * @param update         how x moves along the direction
 */
public record Phase(StepRule step, Perturbation perturbation, EscapeTest escapeTest, StoppingRule stopping,
                    Preconditioner preconditioner, Update update) {
    /** Gradient steps with the given step rule and stopping rule, and nothing else. */
    public static Phase gradientDescent(StepRule step, StoppingRule stopping) {
        return new Phase(step, Perturbation.NONE, EscapeTest.NONE, stopping, Preconditioner.IDENTITY,
                Update.GRADIENT_STEP);
    }

    /** This phase with another perturbation and escape test. */
    public Phase perturbed(Perturbation newPerturbation, EscapeTest newEscapeTest) {
        return new Phase(step, newPerturbation, newEscapeTest, stopping, preconditioner, update);
    }

    /** This phase with another preconditioner. */
    public Phase preconditioned(Preconditioner newPreconditioner) {
        return new Phase(step, perturbation, escapeTest, stopping, newPreconditioner, update);
    }

    /** This phase with another update (heavy ball, Nesterov). */
    public Phase moving(Update newUpdate) {
        return new Phase(step, perturbation, escapeTest, stopping, preconditioner, newUpdate);
    }

    /** This phase with another step rule (e.g. a geometric decay). */
    public Phase stepping(StepRule newStep) {
        return new Phase(newStep, perturbation, escapeTest, stopping, preconditioner, update);
    }

    void start(DescentState s) {
        step.start(s);
        restart(s);
    }

    /** The perturbation and the escape test start over (a phase start or a roll-back). */
    void restart(DescentState s) {
        perturbation.start(s);
        escapeTest.start(s);
    }
}
