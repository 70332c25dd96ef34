package org.irlab.completion;

import java.util.SplittableRandom;

/**
 * A matrix-completion method: given the training entries it returns a {@link Completion} that predicts every
 * entry. The validation entries (same shape, disjoint from train) may be used for tuning hyper-parameters and for
 * early stopping, never for fitting. Implementations are immutable configurations; all state lives in the result.
 */
public interface CompletionModel {
    /** The method's name on the command line and in outputs, e.g. {@code "softimpute"}. */
    String name();

    /**
     * Fits the model.
     *
     * @param train      the entries to fit (not modified)
     * @param validation held-out entries for tuning and early stopping (not modified; may be empty)
     * @param rng        this method's own random stream (initialisation, random blocks)
     */
    Completion fit(SparseRatings train, SparseRatings validation, SplittableRandom rng);

    /**
     * Fits again on {@code all} (typically train + validation) with what {@code tuned} chose on validation, without
     * tuning or early stopping: the model to deploy once the hyper-parameters are known.
     *
     * @param tuned a completion this model's {@link #fit} returned
     * @param rng   this method's own random stream for the refit
     * @throws UnsupportedOperationException for a method that cannot refit
     */
    default Completion refit(SparseRatings all, Completion tuned, SplittableRandom rng) {
        throw new UnsupportedOperationException(name() + " cannot be refitted");
    }
}
