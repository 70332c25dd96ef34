package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** Symmetric Ω with p = 0.6, so some pairs are missing. */
class SymmetricCompletionObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.symmetricCompletion(7, 2, 4, new double[] {3, 1}, 0.6, 5).objective();
    }
}
