package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.BalanceRegularizer;
import org.irlab.problem.FactorizedObjective;
import org.irlab.problem.ObservedEntriesModel;
import org.irlab.problem.SquaredLoss;
import org.irlab.problem.SumObjective;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** The fused objective against the composed reference (ObservedEntriesModel + SquaredLoss + BalanceRegularizer). */
class CompletionObjectiveTest {
    @Test void equalsTheComposedObjectiveWithoutBiases() {
        SparseRatings data = CompletionObjectiveContractTest.data(11, 45, 38);
        int rank = 5;
        double weight = 0.2;
        CompletionObjective fused = new CompletionObjective(data, rank, false, weight);
        SparsePattern omega = new SparsePattern(data.rows(), data.columns(), data.rowStart(), data.entryColumn());
        SumObjective composed = new SumObjective(
                new FactorizedObjective(ObservedEntriesModel.asymmetric(omega, rank),
                        new SquaredLoss(1, data.size(), data.values(), 1.0 / data.size())),
                new BalanceRegularizer(data.rows(), data.columns(), rank, weight));
        int d = fused.dimension();
        assertThat(composed.dimension()).isEqualTo(d);
        double[] x = new double[d], v = new double[d];
        SplittableRandom rng = new SplittableRandom(12);
        Randoms.gaussian(rng, 0.4, x);
        Randoms.gaussian(rng, 1.0, v);
        double[] g1 = new double[d], g2 = new double[d], h1 = new double[d], h2 = new double[d];
        double f1 = fused.valueAndGradient(x, g1), f2 = composed.valueAndGradient(x, g2);
        fused.hessianVector(x, v, h1);
        composed.hessianVector(x, v, h2);
        assertThat(Tolerances.close(f1, f2, Tolerances.EXACT_RELATIVE, Tolerances.EXACT_ABSOLUTE)).isTrue();
        for (int i = 0; i < d; i++) {
            assertThat(Tolerances.close(g1[i], g2[i], 1e-9, 1e-12)).as("gradient %d", i).isTrue();
            assertThat(Tolerances.close(h1[i], h2[i], 1e-9, 1e-12)).as("HVP %d", i).isTrue();
        }
        assertThat(fused.imbalanceNorm(x))
                .isCloseTo(new BalanceRegularizer(data.rows(), data.columns(), rank, 1).imbalanceNorm(x),
                        org.assertj.core.data.Offset.offset(1e-10));
    }

    /** Biases enter as b_i + c_j: the prediction and the data term match a direct sum. */
    @Test void biasesAndWeightsEnterThePredictionAsDocumented() {
        SparseRatings data = CompletionObjectiveContractTest.data(13, 6, 7);
        double[] u = CompletionObjectiveContractTest.scales(6, 1), w = CompletionObjectiveContractTest.scales(7, 2);
        CompletionObjective f = new CompletionObjective(data, 2, true, 0, u, w);
        double[] x = new double[f.dimension()];
        Randoms.gaussian(new SplittableRandom(3), 1.0, x);
        double mse = 0;
        for (int k = 0; k < data.size(); k++) {
            int i = data.entryRow()[k], j = data.entryColumn()[k];
            double p = u[i] * w[j] * (x[i * 2] * x[f.rightOffset() + j * 2] + x[i * 2 + 1] * x[f.rightOffset() + j * 2 + 1])
                    + x[f.rowBiasOffset() + i] + x[f.columnBiasOffset() + j];
            assertThat(f.predict(x, i, j)).isCloseTo(p, org.assertj.core.data.Offset.offset(1e-12));
            mse += (p - data.values()[k]) * (p - data.values()[k]);
        }
        assertThat(f.value(x)).isCloseTo(mse / data.size(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.dataTerm(x)).isEqualTo(f.value(x));
    }

    /** The chunked sweeps give the same bits on one thread and on two. */
    @Test void sameBitsOnAnyThreadCount() {
        SparseRatings data = CompletionObjectiveContractTest.data(17, 300, 200);
        CompletionObjective f = new CompletionObjective(data, 8, true, 0.01);
        double[] x = new double[f.dimension()], v = new double[f.dimension()];
        Randoms.gaussian(new SplittableRandom(5), 0.3, x);
        Randoms.gaussian(new SplittableRandom(6), 1.0, v);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] g1 = new double[x.length], h1 = new double[x.length];
            double f1 = f.valueAndGradient(x, g1);
            f.hessianVector(x, v, h1);
            Parallel.setThreads(2);
            double[] g2 = new double[x.length], h2 = new double[x.length];
            double f2 = f.valueAndGradient(x, g2);
            f.hessianVector(x, v, h2);
            assertThat(f2).isEqualTo(f1);
            assertThat(g2).containsExactly(g1);
            assertThat(h2).containsExactly(h1);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test void refusesBadArguments() {
        SparseRatings data = CompletionObjectiveContractTest.data(1, 4, 4);
        assertThatThrownBy(() -> new CompletionObjective(data, 0, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompletionObjective(data, 2, false, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CompletionObjective(data, 2, false, 0, new double[] {1, 1, 1, 0}, null))
                .isInstanceOf(IllegalArgumentException.class);
        CompletionObjective f = new CompletionObjective(data, 2, false, 0);
        double[] x = new double[f.dimension()];
        assertThatThrownBy(() -> f.valueAndGradient(x, x)).isInstanceOf(IllegalArgumentException.class);
    }
}
