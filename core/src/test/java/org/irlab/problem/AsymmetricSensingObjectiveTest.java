package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** Rectangular 5×7, r' = 4, with a balancing weight large enough to matter. */
class AsymmetricSensingObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.asymmetricSensing(5, 7, 2, 4, new double[] {3, 1}, 40, 0.3, 11).objective();
    }
}
