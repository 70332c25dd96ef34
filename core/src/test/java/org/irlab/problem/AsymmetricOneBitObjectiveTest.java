package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** α estimated from 20 Bernoulli draws per entry, rectangular 5×7. */
class AsymmetricOneBitObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LowRankRecovery.asymmetricOneBit(5, 7, 2, 4, new double[] {3, 1}, 20, 1.0 / 16, 5).objective();
    }
}
