package org.irlab.problem;

import org.irlab.testing.ObjectiveContract;

/** The balancing term on its own. */
class BalanceRegularizerObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        return new BalanceRegularizer(4, 6, 3, 0.7);
    }
}
