package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

class SymmetricSensingObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return SymmetricSensing.create(6, 2, 4, new double[] {3, 1}, 60, 11).objective();
    }
}
