package org.irlab.completion;

import java.util.SplittableRandom;

/** What a low-rank model subtracts before fitting, and adds back when predicting. */
public enum Centering {
    /** Nothing: the low-rank part fits the raw values (Spark ALS's model). */
    NONE,
    /** The training mean μ. */
    GLOBAL_MEAN,
    /** μ + b_u + b_i from {@link Biases}, λ tuned on validation. */
    BIASES;

    /** The offset completion fitted on train (tuned on validation where it has a hyper-parameter). */
    AdditiveCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        return fit(FitRatings.of(train, validation));
    }

    /** The offset fitted on the training part of {@code data}, tuned on its held part where it has a parameter. */
    AdditiveCompletion fit(FitRatings data) {
        return switch (this) {
            case NONE -> AdditiveCompletion.zero(data.rows(), data.columns());
            case GLOBAL_MEAN -> AdditiveCompletion.mean(data.mean(), data.rows(), data.columns());
            case BIASES -> Biases.tuned(data);
        };
    }

    /** The offset fitted on {@code all} with what {@code tuned} (this centering's fit on less data) chose. */
    AdditiveCompletion refit(SparseRatings all, Completion tuned) {
        return refit(FitRatings.of(all, null), tuned);
    }

    /** The offset fitted on the training part of {@code all} with what {@code tuned} chose. */
    AdditiveCompletion refit(FitRatings all, Completion tuned) {
        return switch (this) {
            case NONE -> AdditiveCompletion.zero(all.rows(), all.columns());
            case GLOBAL_MEAN -> AdditiveCompletion.mean(all.mean(), all.rows(), all.columns());
            case BIASES -> Biases.fit(all, Biases.lambda(tuned));
        };
    }

    /** The spelling used on the command line and in outputs ("none", "global-mean", "biases"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
