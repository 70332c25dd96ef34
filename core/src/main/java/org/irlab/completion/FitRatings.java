package org.irlab.completion;

/**
 * The ratings a fit runs on — a training part and the part held out to score it (validation; none for a refit) —
 * wherever they live, with the operations the rank-free method needs on them: the sums of the centring
 * ({@link Biases}' block coordinate descent), the products of σ̂'s power iteration on AᵀA
 * ({@link RankFreeDescent#leadingSingularValue}), the centred target its descents run on, and the refit's union.
 * {@link #of} holds them in this JVM ({@link LocalRatings}); the spark module keeps them in user blocks on the
 * executors, so the method's logic (centring fit → residuals → σ̂ → tune → refit → average) is one piece of code.
 */
public interface FitRatings {
    /** The training part {@code train} scored on {@code held} (null or empty: nothing held, a refit). */
    static LocalRatings of(SparseRatings train, SparseRatings held) {
        return new LocalRatings(train, held, null, train.min(), train.max());
    }

    /** n₁, the users (rows). */
    int rows();

    /** n₂, the items (columns). */
    int columns();

    /** Training entries |Ω|. */
    long size();

    /** Held-out entries (0: nothing to score, a refit). */
    long heldSize();

    /** Mean of the training values. */
    double mean();

    /** Smallest training value (the clip range of predictions scored on the held part). */
    double min();

    /** Largest training value. */
    double max();

    /** Training entries per column (n₂ values). */
    int[] columnCounts();

    /** Block coordinate descent on the row biases over the training part, from b = 0 ({@link Biases}). */
    BiasSweeps biasSweeps(double mu);

    /**
     * The row-bias half of {@link Biases}' sweeps, its row biases kept where the rows are: b_u = Σ_i(x − μ − c_i)/(n_u
     * + λ) over the training entries of row u.
     */
    interface BiasSweeps {
        /**
         * Replaces the row biases by those of (λ, c) and writes Σ_u (x − μ − b_u) of every column into
         * {@code sums}; returns {max |b_new − b_old|, max |b_new|} over the rows.
         */
        double[] sweep(double lambda, double[] columnBias, double[] sums);

        /** Errors (unclipped) of μ + b_u + c_j on the held part with the current row biases. */
        Errors held(double[] columnBias);

        /** The current row biases (n₁ values, a copy). */
        double[] rowBiases();
    }

    /**
     * The same data with each training value replaced by its residual x − offset(i, j), the held part scored with
     * offset(i, j) as the prediction's offset and the raw training range as the clip range.
     */
    FitRatings centred(AdditiveCompletion offset);

    /** out ← AᵀA·v for A the training values (zeros off Ω; v has n₂ entries, out may be v); returns ‖A·v‖. */
    double gramStep(double[] v, double[] out);

    /** The training and the held part together with nothing held: what a refit fits. */
    FitRatings all();
}
