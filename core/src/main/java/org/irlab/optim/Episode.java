package org.irlab.optim;

/**
 * The bookkeeping Algorithm 1 shares between its perturbation and its escape test: T_noise (the iteration of the
 * last perturbation, line 7), the current T_escape, and the candidate z with f(z) (line 6). Owned by one run.
 */
public final class Episode {
    private final int initialLength;
    final double[] candidate;
    long start;
    int length;
    double candidateLoss = Double.NaN;
    boolean candidateIsInitial;

    /** @param escapeSteps T_escape (t_thres for PGD) */
    public Episode(int dimension, int escapeSteps) {
        this.initialLength = escapeSteps;
        this.candidate = new double[dimension];
        reset();
    }

    /** Line 2: T_noise = −T_escape − 1, so that the first small gradient is perturbed at once. */
    void reset() {
        length = initialLength;
        start = -(long) initialLength - 1;
    }

    /** t − T_noise. */
    long elapsed(DescentState s) { return s.iteration - start; }

    /** The current T_escape. */
    public int length() { return length; }

    /** The candidate z (the point before the last perturbation, or the certified point). */
    public double[] candidate() { return candidate; }

    /** f(z). */
    public double candidateLoss() { return candidateLoss; }
}
