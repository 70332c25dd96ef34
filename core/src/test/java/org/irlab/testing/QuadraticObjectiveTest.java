package org.irlab.testing;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;

class QuadraticObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        int d = 7;
        SplittableRandom rng = new SplittableRandom(31);
        double[] q = Randoms.orthonormalColumns(rng, d, d);
        return new Quadratic(Quadratic.fromEigen(q, new double[] {-3, -1, 0, 0.5, 2, 2, 4}), d, 0.7);
    }
}
