package org.irlab.optim;

/**
 * stepSize "auto" ({@link Adaptive#autoStepSize()}): η = m·c/L with L = max(|θ_min|, |θ_max|) of ∇²f(x) by Lanczos,
 * re-estimated every {@code curvatureEvery} steps; the multiplier m halves for good on each period-2 oscillation the
 * state's watch detects and on each step that made f or ∇f non-finite (that step is undone). After
 * {@value #MAX_HALVINGS} halvings a divergence ends the run.
 */
public final class AutoStep implements StepRule {
    /** Halvings after which a divergence is final. */
    static final int MAX_HALVINGS = 60;
    /** Tolerance of the estimates of L (coarse: η = c/L needs no more). */
    static final double TOLERANCE = 1e-3;

    private final Adaptive adaptive;
    private final Curvature curvature;
    private int lastEstimate = Integer.MIN_VALUE / 2, halvings;
    private double multiplier = 1;

    public AutoStep(Adaptive adaptive, Curvature curvature) {
        this.adaptive = adaptive;
        this.curvature = curvature;
    }

    @Override public Status onNonFinite(DescentState s) {
        if (s.iteration == 0 || halvings >= MAX_HALVINGS) return Status.DIVERGED;
        s.undoStep();
        halve(s);
        return null;
    }

    @Override public Status afterEvaluation(DescentState s) {
        if (s.iteration - lastEstimate < adaptive.curvatureEvery()) return null;
        Curvature.Extremes e = curvature.extremes(s.x, TOLERANCE);
        double lipschitz = Math.max(Math.abs(e.minimum()), Math.abs(e.maximum()));
        lastEstimate = s.iteration;
        if (!(lipschitz > 0) || !Double.isFinite(lipschitz)) return null; // flat: keep the current η
        double previous = s.stepSize;
        s.stepSize = multiplier * adaptive.stepFraction() / lipschitz;
        if (Math.abs(s.stepSize - previous) > 0.05 * previous) { // log changes, not every re-estimate
            s.emit(new DescentEvent(s.iteration, DescentEvent.Kind.STEP_SIZE, s.loss, s.loss, 0, 0, s.stepSize, 0));
        }
        return null;
    }

    @Override public void beforeUpdate(DescentState s) {
        if (s.oscillation().oscillating()) {
            halve(s);
            s.oscillation().reset();
        }
    }

    private void halve(DescentState s) {
        multiplier /= 2;
        s.stepSize /= 2;
        halvings++;
        s.emit(new DescentEvent(s.iteration, DescentEvent.Kind.STEP_SIZE_HALVED, s.loss, s.loss, 0, 0, s.stepSize, 0));
    }

    /** How often η was halved. */
    public int halvings() { return halvings; }
}
