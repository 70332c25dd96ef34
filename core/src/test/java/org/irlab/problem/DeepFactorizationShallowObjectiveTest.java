package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** Depth 1 (W = W₁): the model is linear and the Hessian is the entry selector. */
class DeepFactorizationShallowObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return DeepFactorization.create(2, 1, new double[] {Double.NaN, 1, 1, 0}, 1).objective();
    }
}
