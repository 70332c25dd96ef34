package org.irlab.optim;

/**
 * The descent engine: one {@link #step} of a {@link Phase} on a {@link DescentState}, phases run to their end, and
 * the final evaluation. Every variant (GD, PGD, IPGD, IPGD+, the rank-free completion) is a composition of phases;
 * nothing here allocates.
 *
 * <p>A step at x_t: evaluate f and ∇f (at the update's evaluation point); if they are not finite the step rule may
 * recover, else the phase ends as diverged; the step rule sees the evaluation; a due perturbation is applied
 * (unless the escape test ends the phase instead; an update that evaluates elsewhere, as Nesterov's, is evaluated
 * again from the perturbed iterate); the escape test and the stopping rule may end the phase; the
 * oscillation watch sees ∇f(x_t); the observers hear x_t; the preconditioner maps ∇f to the direction and the
 * update moves x to x_{t+1}.
 */
public final class Descent {
    private Descent() {}

    /** One step of phase p: null after a step (or a roll-back), else the status that ends the phase. */
    public static Status step(DescentState s, Phase p) {
        Status end = p.stopping().beforeEvaluation(s);
        if (end != null) return end;
        if (!s.evaluateAt(p.update().evaluationPoint(s))) {
            end = p.step().onNonFinite(s);
            if (s.takeRollBack()) p.restart(s);
            return end;
        }
        end = p.step().afterEvaluation(s);
        if (s.takeRollBack()) {
            p.restart(s);
            return end;
        }
        if (end != null) return end;
        if (p.perturbation().due(s)) {
            end = p.escapeTest().beforePerturbation(s);
            if (end != null) return end;
            p.perturbation().apply(s);
            if (!s.finite()) return Status.DIVERGED;
            // an update that evaluates elsewhere (Nesterov's y_t) needs ∇f there, from the perturbed x_t
            double[] point = p.update().evaluationPoint(s);
            if (point != s.x && !s.evaluateAt(point)) return Status.DIVERGED;
        }
        end = p.escapeTest().check(s);
        if (end != null) return end;
        end = p.stopping().check(s);
        if (end != null) return end;
        if (s.oscillation() != null) s.oscillation().observe(s.iteration, s.gradient, s.gradientNorm);
        p.step().beforeUpdate(s);
        s.observe(false);
        double[] direction = s.gradient;
        if (p.preconditioner() != Preconditioner.IDENTITY) {
            p.preconditioner().apply(s, s.gradient, s.direction);
            direction = s.direction;
        }
        if (s.gradientNorm != 0) s.markMoved();
        p.update().apply(s, direction);
        s.iteration++;
        return null;
    }

    /**
     * Runs phase p until it ends and returns its status; a diverged phase keeps x_{t−1}, the last finite iterate.
     */
    public static Status run(DescentState s, Phase p) {
        s.startPhase();
        p.start(s);
        while (true) {
            Status end = step(s, p);
            if (end == null) continue;
            end = p.step().finish(s, end);
            if (s.takeRollBack()) p.restart(s);
            if (end == null) continue; // the step rule undid the ending (a rejected chunk): go on from its checkpoint
            if (end == Status.DIVERGED) s.undoStep();
            end = p.stopping().finish(s, end);
            p.escapeTest().finish(s, end);
            return end;
        }
    }

    /** The final evaluation at the returned iterate, reported to the observer as the last one. */
    public static void finish(DescentState s) {
        s.evaluate();
        s.observe(true);
    }
}
