package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** α = σ(M*). */
class SymmetricOneBitObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.symmetricOneBit(6, 2, 4, new double[] {3, 1}, 0, 5).objective();
    }
}
