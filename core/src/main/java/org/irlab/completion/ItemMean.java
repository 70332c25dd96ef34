package org.irlab.completion;

import java.util.SplittableRandom;

/** Predicts μ + b_i, the damped mean of column i; β tuned on validation. */
public final class ItemMean implements CompletionModel {
    @Override public String name() { return "item-mean"; }

    @Override public AdditiveCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        return MeanShrinkage.fit(train, validation, false);
    }

    @Override public AdditiveCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        return MeanShrinkage.fixed(all, false, MeanShrinkage.shrinkage(tuned));
    }
}
