package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.testing.ObjectiveContract;

/** Two factors, 30 × 24 with p = 0.5, c = 0.7: the transposed side scattered into slots over many small chunks. */
class CompletionScatterObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(5), 30, 24, 0.5);
        double[] target = new double[omega.size()];
        Randoms.gaussian(new SplittableRandom(6), 1.0, target);
        return CompletionObjective.asymmetric(omega, target, 3, 0.7, 20, CompletionObjective.Transpose.SCATTER);
    }
}
