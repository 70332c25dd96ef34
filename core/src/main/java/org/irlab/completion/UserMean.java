package org.irlab.completion;

import java.util.SplittableRandom;

/** Predicts μ + b_u, the damped mean of row u (Koren's baseline with item effects left out); β tuned on validation. */
public final class UserMean implements CompletionModel {
    @Override public String name() { return "user-mean"; }

    @Override public AdditiveCompletion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng) {
        return MeanShrinkage.fit(train, validation, true);
    }

    @Override public AdditiveCompletion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        return MeanShrinkage.fixed(all, true, MeanShrinkage.shrinkage(tuned));
    }
}
