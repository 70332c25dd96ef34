package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

class LeastSquaresObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LeastSquares.create(8, 20, LeastSquares.Observations.GAUSSIAN, 1.0, 21).objective();
    }
}
