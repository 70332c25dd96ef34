package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** λ = 0: the bare two-factor model XYᵀ under the sensing loss. */
class AsymmetricSensingUnbalancedObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.asymmetricSensing(6, 4, 2, 3, new double[] {2, 1}, 30, 0, 12).objective();
    }
}
