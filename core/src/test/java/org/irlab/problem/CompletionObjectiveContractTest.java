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

    /**
     * ∇f of f = c·Σ_Ω wᵢⱼ²(⟨Xᵢ, Yⱼ⟩ + bᵢ + cⱼ − Tᵢⱼ)² at x = [X; Y; b; c], one entry at a time straight from the
     * definition (no chunks, slots, passes or stored coefficients), for the contract's independent check.
     */
    static double[] plainGradient(SparsePattern omega, double[] target, int r, double c, double[] weights,
                                  double[] x) {
        int n1 = omega.rows(), n2 = omega.columns();
        int y = n1 * r, b = y + n2 * r, cb = b + n1;
        double[] g = new double[x.length];
        for (int i = 0; i < n1; i++) {
            for (int k = omega.rowStart(i); k < omega.rowStart(i + 1); k++) {
                int j = omega.column(k);
                double m = x[b + i] + x[cb + j];
                for (int a = 0; a < r; a++) m += x[i * r + a] * x[y + j * r + a];
                double w = weights == null ? 1 : weights[k];
                double coefficient = 2 * c * w * w * (m - target[k]);
                for (int a = 0; a < r; a++) {
                    g[i * r + a] += coefficient * x[y + j * r + a];
                    g[y + j * r + a] += coefficient * x[i * r + a];
                }
                g[b + i] += coefficient;
                g[cb + j] += coefficient;
            }
        }
        return g;
    }

    /** Bias blocks and weights, the transposed side by a column pass. */
    @Nested class BiasesAndWeights extends ObjectiveContract {
        final SparsePattern omega = omega(1);
        final double[] target = target(omega, 2), weights = ThreadCountIdentityTest.weights(omega.size(), 3);

        @Override protected Objective objective() {
            return CompletionObjective.create(omega, target, 3, 0.4, false, true, weights, 5, Transpose.COLUMN_PASS);
        }

        @Override protected double[] referenceGradient(Objective f, double[] x) {
            return plainGradient(omega, target, 3, 0.4, weights, x);
        }
    }

    /** Bias blocks without weights, the transposed side scattered into slots over many small chunks. */
    @Nested class BiasesScattered extends ObjectiveContract {
        final SparsePattern omega = omega(4);
        final double[] target = target(omega, 5);

        @Override protected Objective objective() {
            return CompletionObjective.create(omega, target, 3, 0.4, false, true, null, 5, Transpose.SCATTER);
        }

        @Override protected double[] referenceGradient(Objective f, double[] x) {
            return plainGradient(omega, target, 3, 0.4, null, x);
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
