package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** Rectangular 5×8 with p = 0.6 and λ = 1/4. */
class AsymmetricCompletionObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.asymmetricCompletion(5, 8, 2, 3, new double[] {3, 1}, 0.6, 0.25, 5).objective();
    }
}
