package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.completion.AlternatingLeastSquares.Regularization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlternatingLeastSquaresTest {
    @ParameterizedTest @EnumSource(Regularization.class)
    void objectiveNeverIncreasesAndEachHalfStepIsExact(Regularization regularization) {
        SplittableRandom rng = new SplittableRandom(11);
        SparseRatings data = new Synthetic(50, 40, 3, rng).observe(0.3, 0.3, rng);
        int rank = 4;
        double lambda = 0.1;
        double[] x = new double[50 * rank], w = AlternatingLeastSquares.initialColumns(40, rank, rng);
        List<Double> trace = new ArrayList<>();
        trace.add(AlternatingLeastSquares.objective(data, rank, lambda, regularization, new double[50 * rank], w));
        AlternatingLeastSquares.solve(data, rank, lambda, regularization, x, w, 30, 0, trace::add);
        assertThat(trace).hasSize(31);
        for (int t = 1; t < trace.size(); t++) {
            assertThat(trace.get(t)).as("sweep %d", t).isLessThanOrEqualTo(trace.get(t - 1) * (1 + REORDERED));
        }
        // The last half-step solved for w exactly: ∂/∂w_i = 2Σ_u (x_uᵀw_i − y)x_u + 2λ c_i w_i = 0.
        double[] gradient = new double[40 * rank];
        for (int k = 0; k < data.size(); k++) {
            int u = data.entryRow()[k], i = data.entryColumn()[k];
            double r = -data.values()[k];
            for (int p = 0; p < rank; p++) r += x[u * rank + p] * w[i * rank + p];
            for (int p = 0; p < rank; p++) gradient[i * rank + p] += r * x[u * rank + p];
        }
        for (int i = 0; i < 40; i++) {
            double c = regularization == Regularization.WEIGHTED ? data.columnCount(i) : 1;
            for (int p = 0; p < rank; p++) {
                double g = gradient[i * rank + p] + lambda * c * w[i * rank + p];
                assertThat(Math.abs(g)).as("column %d, %d", i, p).isLessThan(1e-9);
            }
        }
    }

    @ParameterizedTest @ValueSource(longs = {1, 2})
    void recoversALowRankMatrixOnHeldOutEntries(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Synthetic truth = new Synthetic(60, 50, 3, rng);
        Split split = Split.random(truth.observe(0.5, 0, rng), 0.2, 0.1, rng.split());
        AlternatingLeastSquares als = new AlternatingLeastSquares(new AlternatingLeastSquares.Settings(new int[] {2, 3},
                new double[] {1e-5, 1e-3, 0.1}, Regularization.WEIGHTED, Centering.NONE, 200, 1e-12));
        LowRankCompletion c = als.fit(split.train(), split.validation(), new SplittableRandom(77));
        assertThat(c.hyperParameters()).containsEntry("rank", 3);
        assertThat(Errors.of(c, split.test()).rmse()).isLessThan(1e-2 * truth.scale());
        assertThat(truth.rmseEverywhere(c)).isLessThan(2e-2 * truth.scale());
        // Same seed, same numbers.
        LowRankCompletion again = als.fit(split.train(), split.validation(), new SplittableRandom(77));
        assertThat(again.hyperParameters()).isEqualTo(c.hyperParameters());
    }
}
