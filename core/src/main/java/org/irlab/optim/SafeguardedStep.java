package org.irlab.optim;

/**
 * A step-size controller for long descents with no step size given: η = m·c/max(L̂, L̂₀), where L̂ is the spectral
 * norm of ∇²f re-estimated by warm-started power iterations ({@link Curvature#spectralNorm}) every chunk of steps
 * and L̂₀ its value at the start (a floor on the curvature, so η never exceeds its first value). A chunk that
 * diverges, ends in a period-2 oscillation or ends with a larger f than it started with is rejected: the run rolls
 * back to the chunk's start and retries with m halved (for good). So f never increases between chunk boundaries and
 * no run diverges; after {@code maxRejections} rejections in all the phase ends as step-size-underflow. A phase
 * may also be one chunk as a whole ({@link #wholePhase}): it is then judged when it ends. Owns one checkpoint buffer.
 */
public final class SafeguardedStep implements StepRule {
    private final Curvature curvature;
    private final RowScaling preconditioner;
    private final double fraction;
    private final int chunk, powerSteps, maxRejections, maxIterations;
    private final double[] checkpoint;
    private final Log log;
    private double ceiling, estimate, shrink = 1, chunkStartLoss, chunkStepSize;
    private int chunkStart, rejections, acceptedAt = -1;
    private boolean wholePhase, reestimate, open;

    /** Where the controller's decisions are recorded (chunk start, L̂, η, accepted); may ignore them. */
    public interface Log {
        void decision(int iteration, double curvature, double stepSize, boolean accepted);

        Log NONE = (t, l, eta, accepted) -> {};
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
        this.checkpoint = new double[dimension];
        this.log = log;
    }

    /**
     * Starts a run: L̂₀ = the spectral norm at x0 from {@code initialPowerSteps} power iterations; returns it (not
     * positive or not finite: nothing to descend on).
     */
    public double begin(double[] x0, int initialPowerSteps) {
        ceiling = curvature.spectralNorm(x0, initialPowerSteps, preconditioner);
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

    @Override public void start(DescentState s) { openChunk(s); }

    private void openChunk(DescentState s) {
        System.arraycopy(s.x, 0, checkpoint, 0, checkpoint.length);
        chunkStart = s.iteration;
        chunkStartLoss = Double.NaN;
        chunkStepSize = shrink * fraction / Math.max(estimate, ceiling);
        s.stepSize = chunkStepSize;
        if (s.oscillation() != null) s.oscillation().reset();
        open = true;
    }

    @Override public Status onNonFinite(DescentState s) { return reject(s); }

    @Override public Status afterEvaluation(DescentState s) {
        if (s.iteration == chunkStart) {
            chunkStartLoss = s.loss;
            return null;
        }
        if (wholePhase || s.iteration - chunkStart < Math.min(chunk, maxIterations - chunkStart)) return null;
        boolean oscillating = s.oscillation() != null && s.oscillation().oscillating();
        if (oscillating || !(s.loss <= chunkStartLoss)) return reject(s);
        accept(s);
        openChunk(s);
        chunkStartLoss = s.loss;
        return null;
    }

    @Override public void beforeUpdate(DescentState s) {
        if (!reestimate) return;
        reestimate = false;
        double e = curvature.spectralNorm(s.x, powerSteps, preconditioner);
        estimate = Double.isFinite(e) ? e : ceiling;
        chunkStepSize = shrink * fraction / Math.max(estimate, ceiling);
        s.stepSize = chunkStepSize;
    }

    @Override public Status finish(DescentState s, Status status) {
        if (!open || (s.iteration == chunkStart && acceptedAt == s.iteration)) return status; // judged already
        if (status == Status.DIVERGED) return reject(s);
        boolean oscillating = status == Status.ITERATION_LIMIT && s.oscillation() != null
                && s.oscillation().oscillating();
        s.evaluate(); // f at the returned point (the escape test may have replaced x_t by its candidate)
        if (oscillating || !(s.loss <= chunkStartLoss)) return reject(s);
        accept(s);
        open = false;
        return status;
    }

    private void accept(DescentState s) {
        log.decision(chunkStart, estimate, chunkStepSize, true);
        acceptedAt = s.iteration;
        reestimate = true;
    }

    /** Rolls back to the chunk's start and halves m; null to retry, or step-size-underflow. */
    private Status reject(DescentState s) {
        log.decision(chunkStart, estimate, chunkStepSize, false);
        s.rollBack(checkpoint, chunkStart);
        shrink /= 2;
        if (++rejections > maxRejections) {
            open = false;
            return Status.STEP_SIZE_UNDERFLOW;
        }
        openChunk(s);
        return null;
    }

    /** Ends a phase at an iterate where a chunk was just accepted (combine with {@code and}). */
    public StoppingRule atAcceptedBoundary() {
        return s -> s.iteration == acceptedAt && s.iteration == chunkStart ? Status.ITERATION_LIMIT : null;
    }

    /** Rejected chunks since {@link #begin}. */
    public int rejections() { return rejections; }
}
