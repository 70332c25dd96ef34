package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.problem.Objective;
import org.irlab.problem.SampledObjective;

/**
 * Mini-batch SGD's gradient oracle: each call draws a seeded batch of B of the N terms (measurements) and returns the
 * unbiased estimate f_B, ∇f_B ({@link SampledObjective}), with or without replacement. The batch is handed over in
 * ascending term order; the full batch without replacement is handed to f as the full-gradient run evaluates it (its
 * gradient route), so it gives that run's bits. Drawing allocates
 * nothing: a count per term, O(N + B) per call.
 */
public final class MiniBatch implements GradientOracle {
    /** How a batch is drawn. */
    public enum Sampling {
        /** B distinct terms, uniformly (a partial Fisher–Yates shuffle). */
        WITHOUT_REPLACEMENT,
        /** B independent uniform draws; a term drawn twice counts twice. */
        WITH_REPLACEMENT
    }

    private final SampledObjective f;
    private final Objective whole;
    private final int size, terms;
    private final boolean full;
    private final Sampling sampling;
    private final SplittableRandom random;
    private final int[] batch, permutation, counts;
    private boolean drawn;

    /**
     * @param size B, 1 ≤ B ≤ N (without replacement)
     * @param seed seed of the batch draws
     */
    public MiniBatch(SampledObjective f, int size, Sampling sampling, long seed) {
        this(f, f, size, sampling, seed);
    }

    /**
     * @param whole the objective as the full-gradient run evaluates it (its gradient route); a full batch without
     *              replacement is handed to it, so that it gives that run's bits
     * @param f     its sampled form
     */
    public MiniBatch(Objective whole, SampledObjective f, int size, Sampling sampling, long seed) {
        if (whole.dimension() != f.dimension()) throw new IllegalArgumentException("objectives differ in dimension");
        this.f = f;
        this.whole = whole;
        this.terms = f.terms();
        if (size < 1 || (sampling == Sampling.WITHOUT_REPLACEMENT && size > terms)) {
            throw new IllegalArgumentException("batch size must be in [1, " + terms + "], got " + size);
        }
        this.size = size;
        this.sampling = sampling;
        this.full = size == terms && sampling == Sampling.WITHOUT_REPLACEMENT;
        this.random = new SplittableRandom(seed);
        this.batch = new int[size];
        this.counts = new int[terms];
        this.permutation = new int[terms];
        for (int i = 0; i < terms; i++) permutation[i] = i;
    }

    public int size() { return size; }

    public Sampling sampling() { return sampling; }

    @Override public int dimension() { return f.dimension(); }

    /** f as the full-gradient run evaluates it. */
    @Override public Objective objective() { return whole; }

    @Override public double valueAndGradient(double[] point, double[] gradientOut) {
        draw();
        return batchValueAndGradient(point, gradientOut);
    }

    private double batchValueAndGradient(double[] point, double[] gradientOut) {
        return full ? whole.valueAndGradient(point, gradientOut) : f.batchValueAndGradient(point, batch, size, gradientOut);
    }

    /**
     * The gradient noise of the last batch at {@code point}: ξ = ∇f_B − ∇f into {@code out} ({@code work} is scratch
     * of length d); the draws are not advanced.
     */
    public void noise(double[] point, double[] out, double[] work) {
        if (!drawn) throw new IllegalStateException("no batch drawn yet");
        batchValueAndGradient(point, out);
        whole.valueAndGradient(point, work);
        for (int i = 0; i < out.length; i++) out[i] -= work[i];
    }

    private void draw() {
        if (sampling == Sampling.WITH_REPLACEMENT) {
            for (int b = 0; b < size; b++) counts[random.nextInt(terms)]++;
        } else {
            for (int b = 0; b < size; b++) {
                int j = b + random.nextInt(terms - b);
                int t = permutation[b];
                permutation[b] = permutation[j];
                permutation[j] = t;
                counts[permutation[b]]++;
            }
        }
        int b = 0;
        for (int i = 0; i < terms; i++) {
            for (int c = counts[i]; c > 0; c--) batch[b++] = i;
            counts[i] = 0;
        }
        drawn = true;
    }
}
