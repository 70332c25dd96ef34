package org.irlab.completion;

/**
 * Hears how a fit goes while it runs — what is being tried, the step or sweep reached and the latest validation
 * RMSE — so that a command can show a progress line; library code never prints.
 */
@FunctionalInterface
public interface FitProgress {
    /**
     * @param setting        what is being tried, e.g. "α = 0.03, descent 1 of 3" or "rank 20, λ = 0.1"
     * @param iteration      the step or sweep reached in it
     * @param validationRmse the latest validation RMSE of this setting (NaN when not scored yet)
     */
    void update(String setting, int iteration, double validationRmse);

    FitProgress NONE = (setting, iteration, rmse) -> {};
}
