package org.irlab.completion;

import java.util.SplittableRandom;
import org.irlab.problem.Objective;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;

/** The {@link CompletionObjective} variants against the Objective contract (FD gradient and HVP, symmetry, …). */
class CompletionObjectiveContractTest {
    static SparseRatings data(long seed, int rows, int columns) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Synthetic(rows, columns, 2, rng).observe(0.5, 0.3, rng);
    }

    static double[] scales(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = 0.5 + rng.nextDouble();
        return s;
    }

    /** Factors only: the plain asymmetric completion loss scaled by 1/|Ω|. */
    @Nested class Plain extends ObjectiveContract {
        @Override protected Objective objective() { return new CompletionObjective(data(1, 6, 9), 3, false, 0); }
    }

    /** Bias blocks, the balancing term and per-row/column weights all at once. */
    @Nested class Everything extends ObjectiveContract {
        @Override protected Objective objective() {
            return new CompletionObjective(data(2, 7, 5), 4, true, 0.3, scales(7, 3), scales(5, 4));
        }
    }

    /** More rows than the chunk size, so the parallel sweeps split the work. */
    @Nested class ManyRows extends ObjectiveContract {
        @Override protected Objective objective() {
            return new CompletionObjective(data(5, 70, 40), 2, true, 0.05);
        }

        @Override protected double pointScale() { return 0.3; }
    }
}
