package org.irlab.optim;

import org.irlab.linalg.Kernels;

/**
 * The state of one descent run, allocated once and reused by every step and phase: the iterate x_t, the gradient at
 * the evaluation point, the previous iterate, the direction buffer of a preconditioner, f, ‖∇f‖, η, t, the counters,
 * the period-2 oscillation watch and the observer that hears iterates and events. Rules read and write it; nothing
 * here allocates after construction.
 */
public final class DescentState {
    private final GradientOracle oracle;
    private final int dimension;
    /** x_t (modified in place by the update, perturbations and roll-backs). */
    final double[] x;
    /** ∇f at the last evaluation point. */
    final double[] gradient;
    /** x_{t−1}: the iterate before the last update (the last finite iterate when a step diverges). */
    final double[] previous;
    /** The preconditioned direction (null when no phase of the run has a preconditioner). */
    final double[] direction;
    private final OscillationDetector oscillation;
    private IterationObserver observer;
    /** Where ∇f was last evaluated: x, or a point a rule chose (Nesterov's y_t); a reference, not a copy. */
    private double[] evaluatedAt;

    double loss = Double.NaN, gradientNorm = Double.NaN, stepSize;
    int iteration;
    long evaluations;
    private int phaseStart;
    private boolean moved, rolledBack;

    /**
     * @param x0           the initial point (copied)
     * @param preconditioned whether a phase will use a preconditioner (then a direction buffer is allocated)
     * @param oscillation  the period-2 watch fed at every iterate, or null
     */
    public DescentState(GradientOracle oracle, double[] x0, boolean preconditioned, OscillationDetector oscillation,
                        IterationObserver observer) {
        this.oracle = oracle;
        this.dimension = oracle.dimension();
        if (x0.length != dimension) {
            throw new IllegalArgumentException("x0 has " + x0.length + " entries, objective has " + dimension);
        }
        this.x = x0.clone();
        this.gradient = new double[dimension];
        this.previous = x0.clone();
        this.direction = preconditioned ? new double[dimension] : null;
        this.oscillation = oscillation;
        this.observer = observer == null ? IterationObserver.NONE : observer;
    }

    /**
     * Starts another run on the same buffers: x ← x0, t = 0, counters cleared, another observer (the oscillation
     * watch is reset).
     */
    public void reset(double[] x0, IterationObserver newObserver) {
        if (x0.length != dimension) throw new IllegalArgumentException("x0 has " + x0.length + " entries");
        System.arraycopy(x0, 0, x, 0, dimension);
        restart(newObserver);
    }

    /** {@link #reset} from the point already written into {@link #x()}. */
    public void restart(IterationObserver newObserver) {
        System.arraycopy(x, 0, previous, 0, dimension);
        observer = newObserver == null ? IterationObserver.NONE : newObserver;
        loss = gradientNorm = Double.NaN;
        iteration = phaseStart = 0;
        evaluations = 0;
        moved = rolledBack = false;
        if (oscillation != null) oscillation.reset();
    }

    /** Evaluates f and ∇f at x; false when either is NaN or infinite. */
    public boolean evaluate() {
        return evaluateAt(x);
    }

    /** Evaluates f and ∇f at {@code point} (x, or an extrapolated point a rule chose). */
    boolean evaluateAt(double[] point) {
        evaluatedAt = point;
        loss = oracle.valueAndGradient(point, gradient);
        evaluations++;
        gradientNorm = Kernels.norm(gradient);
        return finite();
    }

    /**
     * f at the last evaluation point: {@link #loss()} itself for the full gradient, the full objective evaluated
     * there (one extra evaluation of f, not counted in {@link #evaluations()}) when the loss is a mini-batch's.
     */
    public double fullLoss() {
        return oracle instanceof MiniBatch ? oracle.objective().value(evaluationPoint()) : loss;
    }

    /** Whether f and ‖∇f‖ at the last evaluation are finite. */
    public boolean finite() { return Double.isFinite(loss) && Double.isFinite(gradientNorm); }

    /** Reports x_t to the observer. */
    void observe(boolean last) {
        observer.onIterate(iteration, x, loss, gradient, gradientNorm, last);
    }

    /** Reports an event to the observer. */
    public void emit(DescentEvent event) { observer.onEvent(event); }

    /** x_{t−1} ← x_t: the iterate is at rest (a momentum method's next step is a gradient step). */
    void clearVelocity() {
        System.arraycopy(x, 0, previous, 0, dimension);
    }

    /** Restores x_{t−1} (the last finite iterate) and steps t back by one. */
    void undoStep() {
        System.arraycopy(previous, 0, x, 0, dimension);
        if (iteration > 0) iteration--;
    }

    /**
     * Moves the run back to a checkpoint: x ← {@code point} and x_{t−1} ← {@code point} (at rest: a momentum
     * method's next step is a gradient step), t ← {@code iteration}; the observer hears of it.
     */
    public void rollBack(double[] point, int toIteration) {
        System.arraycopy(point, 0, x, 0, dimension);
        System.arraycopy(point, 0, previous, 0, dimension); // at rest: no velocity from the rejected steps
        iteration = toIteration;
        rolledBack = true;
        observer.onRollBack(toIteration);
    }

    /** Whether a rule rolled the run back since the last call (and clears the mark). */
    boolean takeRollBack() {
        boolean r = rolledBack;
        rolledBack = false;
        return r;
    }

    void startPhase() { phaseStart = iteration; }

    /** Marks that the iterate has left the initial point (a step with ∇f ≠ 0, or a perturbation that changed x). */
    void markMoved() { moved = true; }

    // read access for rules and compositions

    public GradientOracle oracle() { return oracle; }

    public int dimension() { return dimension; }

    /** x_t (owned by the state: do not keep a reference across steps). */
    public double[] x() { return x; }

    /** ∇f at the last evaluation. */
    public double[] gradient() { return gradient; }

    /** The point of the last evaluation (x_t, or Nesterov's y_t; owned by the state or the rule: read only). */
    public double[] evaluationPoint() { return evaluatedAt == null ? x : evaluatedAt; }

    /** x_{t−1}. */
    public double[] previous() { return previous; }

    public double loss() { return loss; }

    public double gradientNorm() { return gradientNorm; }

    /** η of the next step. */
    public double stepSize() { return stepSize; }

    /** Sets η (step rules only). */
    public void setStepSize(double eta) { stepSize = eta; }

    /** t. */
    public int iteration() { return iteration; }

    /** t at which the current phase started. */
    public int phaseStart() { return phaseStart; }

    /** Evaluations of ∇f so far (including re-evaluations after perturbations). */
    public long evaluations() { return evaluations; }

    /** Whether the iterate has left the initial point. */
    public boolean moved() { return moved; }

    /** The period-2 oscillation watch (null when the run has none). */
    public OscillationDetector oscillation() { return oscillation; }
}
