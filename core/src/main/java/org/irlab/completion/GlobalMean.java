package org.irlab.completion;

import java.util.SplittableRandom;

/** Predicts the mean μ of the training values everywhere. */
public final class GlobalMean implements CompletionModel {
    @Override public String name() { return "global-mean"; }

    @Override public AdditiveCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        if (train.size() == 0) throw new IllegalArgumentException("no training entries");
        return AdditiveCompletion.mean(train.mean(), train.rows(), train.columns());
    }

    @Override public AdditiveCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        return fit(all, all, rng);
    }
}
