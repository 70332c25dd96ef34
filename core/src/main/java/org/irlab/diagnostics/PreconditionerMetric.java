package org.irlab.diagnostics;

import org.irlab.optim.FactorPreconditioner;
import org.irlab.problem.Objective;

/**
 * The metric of a preconditioned update x ← x − ηP(x)∇f(x) for the generalized deviation rate: P fixed at the signal
 * x♯ (with PrecGD's λ from the data term at x♯, {@link FactorPreconditioner#lambdaAt}), applied as P^{±1/2} from the
 * eigen-decompositions of its r'×r' Gram matrices.
 */
public final class PreconditionerMetric implements DeviationRate.Metric {
    private final FactorPreconditioner preconditioner;
    private final Objective objective;

    public PreconditionerMetric(FactorPreconditioner preconditioner, Objective objective) {
        this.preconditioner = preconditioner;
        this.objective = objective;
    }

    @Override public void at(double[] signal) {
        preconditioner.prepareHalves(signal);
    }

    @Override public void half(double[] v, double[] out) { preconditioner.applyHalf(false, v, out); }

    @Override public void inverseHalf(double[] v, double[] out) { preconditioner.applyHalf(true, v, out); }
}
