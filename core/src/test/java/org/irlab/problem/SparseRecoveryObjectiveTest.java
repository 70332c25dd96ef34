package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

class SparseRecoveryObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return SparseRecovery.create(new double[] {2, -1, 0, 0.5, 0, 0, 0}, 12, SparseRecovery.Normalization.MEAN, 5)
                .objective();
    }
}
