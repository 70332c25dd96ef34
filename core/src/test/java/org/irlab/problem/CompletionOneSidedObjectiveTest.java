package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.testing.ObjectiveContract;

/** Symmetric model on a one-sided 25 × 25 Ω (p = 0.4), through the column pass, over many small chunks. */
class CompletionOneSidedObjectiveTest extends ObjectiveContract {
    @Override protected Objective objective() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(8), 25, 25, 0.4);
        double[] target = new double[omega.size()];
        Randoms.gaussian(new SplittableRandom(9), 1.0, target);
        return CompletionObjective.symmetric(omega, target, 3, 1.0, 20, CompletionObjective.Transpose.COLUMN_PASS);
    }
}
