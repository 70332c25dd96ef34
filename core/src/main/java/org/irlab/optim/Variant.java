package org.irlab.optim;

/**
 * The rules beyond the paper's GD step that a run composes into its phases (issue 17): momentum (heavy ball or
 * Nesterov), a factor preconditioner (ScaledGD(λ) or PrecGD), mini-batch gradients and a geometric step decay. Each
 * is independent of the others and of the perturbation and escape test of PGD/IPGD/IPGD+. {@link #NONE}: the paper's
 * algorithms exactly.
 *
 * @param momentum       none, heavy ball or Nesterov
 * @param beta           β ∈ [0, 1) (ignored without momentum)
 * @param preconditioner none, ScaledGD(λ) (fixed λ) or PrecGD (λ = √f)
 * @param damping        λ ≥ 0 of ScaledGD(λ)
 * @param batchSize      B ≥ 1 terms per gradient, 0 for the full gradient
 * @param sampling       how batches are drawn
 * @param batchSeed      seed of the batch draws
 * @param stepDecay      q ∈ (0, 1]: η_t = η·q^t (1: constant)
 */
public record Variant(Momentum momentum, double beta, Preconditioning preconditioner, double damping, int batchSize,
                      MiniBatch.Sampling sampling, long batchSeed, double stepDecay) {
    /** Momentum rules. */
    public enum Momentum { NONE, HEAVY_BALL, NESTEROV }

    /** Factor preconditioners. */
    public enum Preconditioning { NONE, SCALED_GD, PREC_GD }

    /** The paper's algorithms. */
    public static final Variant NONE = new Variant(Momentum.NONE, 0, Preconditioning.NONE, 0, 0,
            MiniBatch.Sampling.WITHOUT_REPLACEMENT, 0, 1);

    public Variant {
        if (momentum == null || preconditioner == null || sampling == null) throw new NullPointerException();
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
        if (!(damping >= 0) || !Double.isFinite(damping)) throw new IllegalArgumentException("damping must be >= 0");
        if (batchSize < 0) throw new IllegalArgumentException("batchSize must be >= 1");
        if (!(stepDecay > 0 && stepDecay <= 1)) throw new IllegalArgumentException("stepDecay must be in (0, 1]");
    }

    /** Whether the run needs a direction buffer. */
    public boolean preconditioned() { return preconditioner != Preconditioning.NONE; }

    /** The update rule for a run with d parameters. */
    Update update(int dimension) {
        return switch (momentum) {
            case NONE -> Update.GRADIENT_STEP;
            case HEAVY_BALL -> new HeavyBall(beta);
            case NESTEROV -> new Nesterov(beta, dimension);
        };
    }
}
