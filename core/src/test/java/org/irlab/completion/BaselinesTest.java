package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static final SparseRatings TRAIN = SparseRatings.of(2, 3, new int[] {0, 0, 1, 1, 1},
            new int[] {0, 1, 0, 1, 2}, new double[] {4, 2, 5, 3, 1});
    private static final SparseRatings VALIDATION = SparseRatings.of(2, 3, new int[] {0}, new int[] {2},
            new double[] {3});

    @Test void globalMeanIsTheTrainingMean() {
        Completion c = new GlobalMean().fit(TRAIN, VALIDATION, new SplittableRandom(1));
        assertThat(c.predict(0, 2)).isCloseTo(3.0, within(ROUNDING));
    }

    @Test void userMeanIsTheDampedRowMeanWithTheChosenShrinkage() {
        AdditiveCompletion c = new UserMean().fit(TRAIN, VALIDATION, new SplittableRandom(1));
        double beta = (double) c.hyperParameters().get("shrinkage");
        // μ = 3; row 0 deviations {1, −1}: b = 0 for every β, so the prediction is 3 = the validation value.
        assertThat(c.predict(0, 2)).isCloseTo(3.0, within(ROUNDING));
        // row 1 deviations {2, 0, −2}: b = 0 as well; with an asymmetric row the damping shows:
        SparseRatings t = SparseRatings.of(1, 2, new int[] {0, 0}, new int[] {0, 1}, new double[] {5, 3});
        AdditiveCompletion d = new ItemMean().fit(t, SparseRatings.of(1, 2, new int[] {0}, new int[] {0},
                new double[] {5}), new SplittableRandom(1));
        double b = (double) d.hyperParameters().get("shrinkage");
        assertThat(d.predict(0, 0)).isCloseTo(4 + 1 / (1 + b), within(ROUNDING));
        assertThat(b).isEqualTo(0.0); // the undamped mean reproduces the validation value exactly
        assertThat(beta).isIn(0.0, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0);
    }

    @Test void biasesSatisfyTheirNormalEquations() {
        SplittableRandom rng = new SplittableRandom(3);
        SparseRatings data = new Synthetic(40, 30, 2, rng).observe(0.3, 0.5, rng);
        double lambda = 2.5;
        AdditiveCompletion c = Biases.fit(data, lambda);
        double mu = c.mean();
        double[] bu = c.rowBias(), bi = c.columnBias();
        // ∂/∂b_u: −2Σ_i (x − μ − b_u − b_i) + 2λ b_u = 0, and likewise for b_i.
        double[] gu = new double[40], gi = new double[30];
        for (int k = 0; k < data.size(); k++) {
            int i = data.entryRow()[k], j = data.entryColumn()[k];
            double r = data.values()[k] - mu - bu[i] - bi[j];
            gu[i] -= r;
            gi[j] -= r;
        }
        for (int i = 0; i < 40; i++) assertThat(gu[i] + lambda * bu[i]).isCloseTo(0, within(1e-7));
        for (int j = 0; j < 30; j++) assertThat(gi[j] + lambda * bi[j]).isCloseTo(0, within(1e-7));
        // and it is a minimum: any perturbation increases the objective
        double base = Biases.objective(data, mu, lambda, bu, bi);
        bu[3] += 1e-3;
        assertThat(Biases.objective(data, mu, lambda, bu, bi)).isGreaterThan(base);
    }

    @Test void errorsAndPsnrFollowTheirDefinitions() {
        Completion two = new AdditiveCompletion(2, new double[2], new double[3], java.util.Map.of(), java.util.Map.of());
        Errors e = Errors.of(two, TRAIN);
        // residuals 2 − {4,2,5,3,1} = {−2, 0, −3, −1, 1}
        assertThat(e.rmse()).isCloseTo(Math.sqrt(15.0 / 5), within(ROUNDING));
        assertThat(e.mae()).isCloseTo(7.0 / 5, within(ROUNDING));
        Errors clipped = Errors.of(two, TRAIN, 2.5, 4.5);
        // clipped predictions 2.5: residuals {−1.5, 0.5, −2.5, −0.5, 1.5}
        assertThat(clipped.rmse()).isCloseTo(Math.sqrt((2.25 + 0.25 + 6.25 + 0.25 + 2.25) / 5), within(ROUNDING));
        assertThat(Errors.psnr(new double[] {0, 1}, new double[] {0.1, 0.9}, 1.0))
                .isCloseTo(10 * Math.log10(1 / 0.01), within(REORDERED));
    }
}
