package org.irlab.optim;

/**
 * A step-size controller for long descents with no step size given: η = m·c/max(L̂, L̂₀), where L̂ is the spectral
 * norm of ∇²f re-estimated by warm-started power iterations ({@link Curvature#spectralNorm}) every chunk of steps
 * and L̂₀ its value at the start (a floor on the curvature, so η never exceeds its first value). A chunk that
 * diverges, ends in a period-2 oscillation or ends with a larger f than it started with is rejected: the run rolls
 * back to the chunk's start and retries with m halved (for good). So f never increases between chunk boundaries and
 * no run diverges; after {@code maxRejections} rejections in all the phase ends as step-size-underflow. A phase
 * may also be one chunk as a whole ({@link #wholePhase}): it is then judged when it ends. Owns one checkpoint buffer.
 *
 * <p>The decisions are written once against {@link Iterate}, the handful of operations on the descent's vectors they
 * need (checkpoint, roll back, L̂ at x, f at x): the engine's {@link DescentState} as a {@link StepRule}, or a caller's
 * own vectors (the spark module's descents, whose X rows live in the executors), so both decide alike.
 */
public final class SafeguardedStep implements StepRule {
    private final Curvature curvature;
    private final RowScaling preconditioner;
    private final double fraction;
    private final int chunk, powerSteps, maxRejections, maxIterations;
    private final Log log;
    private final EngineIterate engine;
    private double ceiling, estimate, shrink = 1, chunkStartLoss, chunkStepSize;
    private int chunkStart, rejections, acceptedAt = -1;
    private boolean wholePhase, reestimate, open;

    /** Where the controller's decisions are recorded (chunk start, L̂, η, accepted); may ignore them. */
    public interface Log {
        void decision(int iteration, double curvature, double stepSize, boolean accepted);

        Log NONE = (t, l, eta, accepted) -> {};
    }

    /**
     * The iterate of a descent as the controller sees it: t, f, the period-2 watch, and the operations on its vectors
     * the decisions need. The engine's is the {@link DescentState} with this controller's checkpoint buffer.
     */
    public interface Iterate {
        /** t. */
        int iteration();

        /** f at the last evaluation. */
        double loss();

        /** Whether the period-2 watch sees an oscillation. */
        boolean oscillating();

        /** Forgets the period-2 watch's history (a chunk with a new η starts). */
        void resetOscillation();

        /** Sets η of the next steps. */
        void setStepSize(double eta);

        /** checkpoint ← x. */
        void checkpoint();

        /** x ← checkpoint, t ← {@code toIteration} (the run's observers hear of it). */
        void rollBack(int toIteration);

        /** L̂ at x: {@code powerSteps} power iterations on ∇²f warm-started from the last call's vector. */
        double curvature(int powerSteps);

        /** Evaluates f (and ∇f) at x. */
        void evaluate();
    }

    /**
     * @param fraction      c (0 &lt; c &lt; 2)
     * @param chunk         steps between checks
     * @param powerSteps    power iterations per re-estimate of L̂
     * @param maxRejections rejections (in all) after which the phase ends
     * @param maxIterations the run's budget (a chunk never runs past it)
     * @param preconditioner the phases' diagonal preconditioner (L̂ is then that of P·∇²f), or null
     */
    public SafeguardedStep(Curvature curvature, RowScaling preconditioner, int dimension, double fraction, int chunk,
                           int powerSteps, int maxRejections, int maxIterations, Log log) {
        if (!(fraction > 0 && fraction < 2)) throw new IllegalArgumentException("fraction must be in (0, 2)");
        if (chunk < 1 || powerSteps < 1 || maxRejections < 0) throw new IllegalArgumentException("bad schedule");
        this.curvature = curvature;
        this.preconditioner = preconditioner;
        this.fraction = fraction;
        this.chunk = chunk;
        this.powerSteps = powerSteps;
        this.maxRejections = maxRejections;
        this.maxIterations = maxIterations;
        this.engine = curvature == null ? null : new EngineIterate(new double[dimension]);
        this.log = log;
    }

    /** A controller for a caller's own {@link Iterate} (it brings its checkpoint and its curvature estimate). */
    public SafeguardedStep(double fraction, int chunk, int powerSteps, int maxRejections, int maxIterations, Log log) {
        this(null, null, 0, fraction, chunk, powerSteps, maxRejections, maxIterations, log);
    }

    /**
     * Starts a run: L̂₀ = the spectral norm at x0 from {@code initialPowerSteps} power iterations; returns it (not
     * positive or not finite: nothing to descend on).
     */
    public double begin(double[] x0, int initialPowerSteps) {
        return begin(curvature.spectralNorm(x0, initialPowerSteps, preconditioner));
    }

    /** Starts a run at the iterate's x (its first L̂ from {@code initialPowerSteps} power iterations). */
    public double begin(Iterate it, int initialPowerSteps) {
        return begin(it.curvature(initialPowerSteps));
    }

    private double begin(double initialCurvature) {
        ceiling = initialCurvature;
        estimate = ceiling;
        shrink = 1;
        rejections = 0;
        acceptedAt = -1;
        reestimate = false;
        open = false;
        return ceiling;
    }

    /** Whether the next phase is one chunk as a whole (judged when it ends) or cut into chunks. */
    public SafeguardedStep wholePhase(boolean whole) {
        this.wholePhase = whole;
        return this;
    }

    @Override public void start(DescentState s) { start(engine.at(s)); }

    @Override public Status onNonFinite(DescentState s) { return onNonFinite(engine.at(s)); }

    @Override public Status afterEvaluation(DescentState s) { return afterEvaluation(engine.at(s)); }

    @Override public void beforeUpdate(DescentState s) { beforeUpdate(engine.at(s)); }

    @Override public Status finish(DescentState s, Status status) { return finish(engine.at(s), status); }

    /** A phase starts: the first chunk opens. */
    public void start(Iterate it) { openChunk(it); }

    private void openChunk(Iterate it) {
        it.checkpoint();
        chunkStart = it.iteration();
        chunkStartLoss = Double.NaN;
        chunkStepSize = shrink * fraction / Math.max(estimate, ceiling);
        it.setStepSize(chunkStepSize);
        it.resetOscillation();
        open = true;
    }

    /** f or ∇f is not finite: the chunk is rejected; null to go on from its checkpoint, or step-size-underflow. */
    public Status onNonFinite(Iterate it) { return reject(it); }

    /**
     * After a finite evaluation at x_t: at a chunk's end, keeps it (and opens the next) or rejects it (rolled back);
     * null to go on, or step-size-underflow.
     */
    public Status afterEvaluation(Iterate it) {
        int t = it.iteration();
        if (t == chunkStart) {
            chunkStartLoss = it.loss();
            return null;
        }
        if (wholePhase || t - chunkStart < Math.min(chunk, maxIterations - chunkStart)) return null;
        if (it.oscillating() || !(it.loss() <= chunkStartLoss)) return reject(it);
        accept(it);
        openChunk(it);
        chunkStartLoss = it.loss();
        return null;
    }

    /** Just before the update of step t: L̂ and η are re-estimated after a kept chunk. */
    public void beforeUpdate(Iterate it) {
        if (!reestimate) return;
        reestimate = false;
        double e = it.curvature(powerSteps);
        estimate = Double.isFinite(e) ? e : ceiling;
        chunkStepSize = shrink * fraction / Math.max(estimate, ceiling);
        it.setStepSize(chunkStepSize);
    }

    /** The phase is about to end with {@code status}: its open chunk is judged; null when it was rejected (go on). */
    public Status finish(Iterate it, Status status) {
        if (!open || (it.iteration() == chunkStart && acceptedAt == it.iteration())) return status; // judged already
        if (status == Status.DIVERGED) return reject(it);
        boolean oscillating = status == Status.ITERATION_LIMIT && it.oscillating();
        it.evaluate(); // f at the returned point (the escape test may have replaced x_t by its candidate)
        if (oscillating || !(it.loss() <= chunkStartLoss)) return reject(it);
        accept(it);
        open = false;
        return status;
    }

    private void accept(Iterate it) {
        log.decision(chunkStart, estimate, chunkStepSize, true);
        acceptedAt = it.iteration();
        reestimate = true;
    }

    /** Rolls back to the chunk's start and halves m; null to retry, or step-size-underflow. */
    private Status reject(Iterate it) {
        log.decision(chunkStart, estimate, chunkStepSize, false);
        it.rollBack(chunkStart);
        shrink /= 2;
        if (++rejections > maxRejections) {
            open = false;
            return Status.STEP_SIZE_UNDERFLOW;
        }
        openChunk(it);
        return null;
    }

    /** Ends a phase at an iterate where a chunk was just accepted (combine with {@code and}). */
    public StoppingRule atAcceptedBoundary() {
        return s -> atAcceptedBoundary(s.iteration) ? Status.ITERATION_LIMIT : null;
    }

    /** Whether a chunk was just accepted at iteration t (the iterate a stopping decision may end on). */
    public boolean atAcceptedBoundary(int t) { return t == acceptedAt && t == chunkStart; }

    /** Rejected chunks since {@link #begin}. */
    public int rejections() { return rejections; }

    /** The engine's iterate: the {@link DescentState} of the phase, with this controller's checkpoint buffer. */
    private final class EngineIterate implements Iterate {
        private final double[] checkpoint;
        private DescentState s;

        EngineIterate(double[] checkpoint) { this.checkpoint = checkpoint; }

        EngineIterate at(DescentState state) {
            s = state;
            return this;
        }

        @Override public int iteration() { return s.iteration; }

        @Override public double loss() { return s.loss; }

        @Override public boolean oscillating() { return s.oscillation() != null && s.oscillation().oscillating(); }

        @Override public void resetOscillation() { if (s.oscillation() != null) s.oscillation().reset(); }

        @Override public void setStepSize(double eta) { s.stepSize = eta; }

        @Override public void checkpoint() { System.arraycopy(s.x, 0, checkpoint, 0, checkpoint.length); }

        @Override public void rollBack(int toIteration) { s.rollBack(checkpoint, toIteration); }

        @Override public double curvature(int steps) { return curvature.spectralNorm(s.x, steps, preconditioner); }

        @Override public void evaluate() { s.evaluate(); }
    }
}
