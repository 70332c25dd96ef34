package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** A 3×3 completion with a scattered mask at depth 4: every block of the product chain rule is exercised. */
class DeepFactorizationWideObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        double n = Double.NaN;
        return DeepFactorization.create(3, 4, new double[] {0.5, n, -1, n, 2, 0.25, 1.5, -0.75, n}, 1).objective();
    }
}
