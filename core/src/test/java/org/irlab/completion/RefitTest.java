package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Refitting on train + validation with the tuned hyper-parameters (the model {@code irlab complete fit} saves). */
class RefitTest {
    private static final SplittableRandom DATA = new SplittableRandom(11);
    private static final Synthetic TRUTH = new Synthetic(40, 30, 2, DATA);
    private static final SparseRatings ALL = TRUTH.observe(0.5, 0.05, DATA);
    private static final Split SPLIT = Split.random(ALL, 0.0, 0.2, new SplittableRandom(2));

    @Test void biasesRefitIsTheClosedFormFitOnAllEntriesWithTheTunedLambda() {
        Biases biases = new Biases();
        AdditiveCompletion tuned = biases.fit(SPLIT.train(), SPLIT.validation(), new SplittableRandom(1));
        AdditiveCompletion refit = biases.refit(ALL, tuned, new SplittableRandom(1));
        AdditiveCompletion direct = Biases.fit(ALL, (double) tuned.hyperParameters().get("lambda"));
        assertThat(refit.mean()).isEqualTo(ALL.mean());
        assertThat(refit.rowBias()).containsExactly(direct.rowBias());
        assertThat(refit.columnBias()).containsExactly(direct.columnBias());
    }

    @Test void dampedMeansRefitKeepTheShrinkageAndUseTheNewEntries() {
        UserMean users = new UserMean();
        AdditiveCompletion tuned = users.fit(SPLIT.train(), SPLIT.validation(), new SplittableRandom(1));
        AdditiveCompletion refit = users.refit(ALL, tuned, new SplittableRandom(1));
        double beta = (double) tuned.hyperParameters().get("shrinkage");
        double mu = ALL.mean(), s = 0;
        for (int k = ALL.rowStart()[4]; k < ALL.rowStart()[5]; k++) s += ALL.values()[k] - mu;
        assertThat(refit.predict(4, 0)).isCloseTo(mu + s / (ALL.rowCount(4) + beta), within(1e-12));
    }

    @Test void alsRefitKeepsRankAndLambdaAndFitsTheValidationEntriesBetter() {
        AlternatingLeastSquares als = new AlternatingLeastSquares(AlternatingLeastSquares.Settings.defaults()
                .withGrid(new int[] {1, 2, 3}, new double[] {0.01, 0.1}));
        LowRankCompletion tuned = als.fit(SPLIT.train(), SPLIT.validation(), new SplittableRandom(3));
        LowRankCompletion refit = als.refit(ALL, tuned, new SplittableRandom(4));
        assertThat(refit.rank()).isEqualTo(tuned.rank());
        assertThat(refit.hyperParameters().get("lambda")).isEqualTo(tuned.hyperParameters().get("lambda"));
        // the validation entries are now training entries: their error must drop
        assertThat(Errors.of(refit, SPLIT.validation()).rmse()).isLessThan(Errors.of(tuned, SPLIT.validation()).rmse());
        assertThat(TRUTH.rmseEverywhere(refit)).isLessThan(0.5 * TRUTH.scale());
    }

    @Test void softImputeRefitOnTheSameEntriesRetracesThePathToTheTunedLambda() {
        SoftImpute soft = new SoftImpute(SoftImpute.Settings.defaults());
        LowRankCompletion tuned = soft.fit(SPLIT.train(), SPLIT.validation(), new SplittableRandom(5));
        LowRankCompletion again = soft.refit(SPLIT.train(), tuned, new SplittableRandom(6));
        assertThat((double) again.hyperParameters().get("lambdaFraction"))
                .isCloseTo((double) tuned.hyperParameters().get("lambdaFraction"), within(1e-12));
        assertThat(again.rank()).isEqualTo(tuned.rank());
        assertThat(Errors.of(again, SPLIT.validation()).rmse())
                .isCloseTo(Errors.of(tuned, SPLIT.validation()).rmse(), within(1e-3));
        LowRankCompletion refit = soft.refit(ALL, tuned, new SplittableRandom(6));
        assertThat(Errors.of(refit, SPLIT.validation()).rmse()).isLessThan(Errors.of(tuned, SPLIT.validation()).rmse());
    }
}
