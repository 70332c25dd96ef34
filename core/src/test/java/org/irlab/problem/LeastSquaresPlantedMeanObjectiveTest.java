package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** The overdetermined, mean-scaled, planted variant through the same contract. */
class LeastSquaresPlantedMeanObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return LeastSquares.create(15, 6, LeastSquares.Observations.PLANTED, 1.0 / 15, 22).objective();
    }
}
