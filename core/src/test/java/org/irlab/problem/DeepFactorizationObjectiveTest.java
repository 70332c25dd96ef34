package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** The seed's 2×2 example (9) at depth 3. */
class DeepFactorizationObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return DeepFactorization.seedExample(3).objective();
    }
}
