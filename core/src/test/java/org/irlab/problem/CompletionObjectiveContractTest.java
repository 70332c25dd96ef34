package org.irlab.problem;

import java.util.List;
import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective.Transpose;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;

/**
 * The completion objective with bias blocks and entry weights, and composed with the balancing term on its factor
 * block, against the Objective contract (finite-difference gradient and HVP, an independent gradient, symmetry,
 * inputs untouched, aliased outputs refused).
 */
class CompletionObjectiveContractTest {
    static SparsePattern omega(long seed) { return SparsePattern.bernoulli(new SplittableRandom(seed), 9, 7, 0.5); }

    static double[] target(SparsePattern omega, long seed) {
        double[] t = new double[omega.size()];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, t);
        return t;
    }

    /** Bias blocks and weights, the transposed side by a column pass. */
    @Nested class BiasesAndWeights extends ObjectiveContract {
        @Override protected Objective objective() {
            SparsePattern omega = omega(1);
            return CompletionObjective.create(omega, target(omega, 2), 3, 0.4, false, true,
                    ThreadCountIdentityTest.weights(omega.size(), 3), 5, Transpose.COLUMN_PASS);
        }
    }

    /** Bias blocks without weights, the transposed side scattered into slots over many small chunks. */
    @Nested class BiasesScattered extends ObjectiveContract {
        @Override protected Objective objective() {
            SparsePattern omega = omega(4);
            return CompletionObjective.create(omega, target(omega, 5), 3, 0.4, false, true, null, 5,
                    Transpose.SCATTER);
        }
    }

    /** Weights on a symmetric model over a one-sided Ω. */
    @Nested class WeightedSymmetric extends ObjectiveContract {
        @Override protected Objective objective() {
            SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(6), 8, 8, 0.5);
            return CompletionObjective.symmetric(omega, target(omega, 7), 3, 1.0,
                    ThreadCountIdentityTest.weights(omega.size(), 8));
        }
    }

    /** x = [X; Y; b; c] with the balancing term λ‖XᵀX − YᵀY‖² on the block [X; Y] (SumObjective.block). */
    @Nested class BalancedOnTheFactorBlock extends ObjectiveContract {
        @Override protected Objective objective() {
            SparsePattern omega = omega(9);
            CompletionObjective data = CompletionObjective.asymmetric(omega, target(omega, 10), 3, 0.4, true, null);
            return new SumObjective(data.dimension(), List.of(SumObjective.block(data, 0),
                    SumObjective.block(new BalanceRegularizer(9, 7, 3, 0.3), 0)));
        }
    }
}
