package org.irlab.optim;

/**
 * η_t = η₀·q^t, a geometrically decaying step size (the subgradient method of robust recovery, Ma &amp; Fattahi; the
 * optional step decay of SGD). With q = 1 it is {@link StepRule#fixed}.
 */
public final class GeometricStep implements StepRule {
    private final double initial, decay;

    /** @param decay q ∈ (0, 1] */
    public GeometricStep(double initial, double decay) {
        if (!(initial > 0) || !Double.isFinite(initial)) throw new IllegalArgumentException("stepSize must be > 0");
        if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("stepDecay must be in (0, 1], got " + decay);
        this.initial = initial;
        this.decay = decay;
    }

    @Override public void start(DescentState state) { state.setStepSize(at(state.iteration())); }

    @Override public void beforeUpdate(DescentState state) { state.setStepSize(at(state.iteration())); }

    /** η_t. */
    public double at(int t) { return initial * Math.pow(decay, t); }
}
