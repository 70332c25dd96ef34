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
     * The sampled form of f when f is a sum over measurements or observed entries: a {@code SampledObjective}
     * itself, a {@link FactorizedObjective} over a {@link SensingLoss} (asymmetric sensing, sparse recovery), a
     * two-factor {@link CompletionObjective}, any of them behind a {@link RoutedObjective} or as the first term of a
     * {@link SumObjective} (a balancing term is then evaluated whole); empty otherwise (symmetric completion, 1-bit).
     */
    static java.util.Optional<SampledObjective> of(Objective f) {
        if (f instanceof SampledObjective s) return java.util.Optional.of(s);
        if (f instanceof RoutedObjective.Composed c) return of(c.objective());
        if (f instanceof FactorizedObjective factorized && factorized.loss() instanceof SensingLoss) {
            return java.util.Optional.of(new SampledFactorization(factorized));
        }
        if (f instanceof CompletionObjective c && c.sampleable()) return java.util.Optional.of(new SampledCompletion(c));
        if (f instanceof SumObjective sum && sum.firstIsWhole()) {
            return of(sum.terms().get(0)).map(first -> new SampledSum(sum, first));
        }
        return java.util.Optional.empty();
    }
}
