package org.irlab.diagnostics;

import org.irlab.optim.FactorPreconditioner;
import org.irlab.problem.Objective;

/**
 * The metric of a preconditioned update x ← x − ηP(x)∇f(x) for the generalized deviation rate: P fixed at the signal
 * x♯ (with PrecGD's λ = √f(x♯)), applied as P^{±1/2} from the eigen-decompositions of its r'×r' Gram matrices.
 */
public final class PreconditionerMetric implements DeviationRate.Metric {
    private final FactorPreconditioner preconditioner;
    private final Objective objective;

    public PreconditionerMetric(FactorPreconditioner preconditioner, Objective objective) {
        this.preconditioner = preconditioner;
        this.objective = objective;
    }

    @Override public void at(double[] signal) {
        double loss = preconditioner.damping() == FactorPreconditioner.Damping.LOSS ? objective.value(signal) : 0;
        preconditioner.prepareHalves(signal, loss);
    }

    @Override public void half(double[] v, double[] out) { preconditioner.applyHalf(false, v, out); }

    @Override public void inverseHalf(double[] v, double[] out) { preconditioner.applyHalf(true, v, out); }
}
