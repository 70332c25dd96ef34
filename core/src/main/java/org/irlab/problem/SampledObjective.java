package org.irlab.problem;

/**
 * An objective that is a scaled sum over N terms (measurements, observed entries), f = c·Σᵢ ℓᵢ(x), which can also
 * evaluate the unbiased mini-batch estimate f_B = c·(N/B)·Σ_{i∈B} ℓᵢ(x) and its gradient (mini-batch SGD). A batch
 * that lists every term once, in order, is f itself, to the last bit.
 */
public interface SampledObjective extends Objective {
    /** N, the number of terms. */
    int terms();

    /**
     * Writes ∇f_B(x) into {@code gradientOut} and returns f_B(x) for the batch {@code batch[0..size)} (term
     * indices in ascending order; repeats allowed: a term drawn twice counts twice).
     */
    double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut);

    /**
     * The sampled form of f when f is a sum over measurements: a {@code SampledObjective} itself, a {@link
     * FactorizedObjective} over a {@link SensingLoss} (asymmetric sensing, sparse recovery), or either behind a
     * {@link RoutedObjective}; empty otherwise (compositions with a regulariser, completion, 1-bit).
     */
    static java.util.Optional<SampledObjective> of(Objective f) {
        if (f instanceof SampledObjective s) return java.util.Optional.of(s);
        if (f instanceof RoutedObjective.Composed c) return of(c.objective());
        if (f instanceof FactorizedObjective factorized && factorized.loss() instanceof SensingLoss) {
            return java.util.Optional.of(new SampledFactorization(factorized));
        }
        return java.util.Optional.empty();
    }
}
