package org.irlab.optim;

/**
 * Algorithm 1, lines 8–10: T_escape steps after a perturbation, if f(x_t) − f(z) ≥ −F the perturbation did not
 * escape and the candidate z is returned (status returned-candidate, or returned-initial-point when z was the
 * initial point). Jin et al.'s PGD uses the strict form f(x_t) − f(x̃) &gt; −f_thres. With escapeSteps "auto"
 * ({@link Adaptive#autoEscape()}), λ_min(∇²f(z)) is estimated before each perturbation: z is returned at once as an
 * approximate second-order stationary point when λ_min ≥ −τ, and otherwise T_escape is chosen from λ_min
 * ({@link Adaptive#escapeSteps}). A returned candidate is a point at rest (x_{t−1} = z), so a momentum method
 * goes on from it without the failed episode's velocity. A returned initial point gets a suggested T_escape from λ_min there.
 * With mini-batches both losses are the full f ({@link DescentState#fullLoss}: two extra evaluations of f per
 * episode), so batch noise does not decide the test.
 */
public final class DecreaseTest implements EscapeTest {
    private final Episode episode;
    private final double decreaseThreshold, radius;
    private final boolean strict;
    private final Adaptive adaptive;
    private final Curvature curvature;
    private final int escapeSteps;
    private int returnedAt = -1, suggestedEscapeSteps = -1;
    private double certificate = Double.NaN;

    /**
     * @param decreaseThreshold F
     * @param strict            Jin et al.'s strict inequality (PGD)
     * @param radius            γ (for the escape time chosen from λ_min)
     * @param escapeSteps       T_escape as configured (the floor of a suggested one)
     * @param curvature         λ_min estimates (automatic escape steps, and the suggestion at a returned initial point;
     *                          null: no suggestion)
     */
    public DecreaseTest(Episode episode, double decreaseThreshold, boolean strict, double radius, int escapeSteps,
                        Adaptive adaptive, Curvature curvature) {
        this.episode = episode;
        this.decreaseThreshold = decreaseThreshold;
        this.strict = strict;
        this.radius = radius;
        this.escapeSteps = escapeSteps;
        this.adaptive = adaptive;
        this.curvature = curvature;
    }

    @Override public Status beforePerturbation(DescentState s) {
        if (!adaptive.autoEscape()) return null;
        double lambdaMin = curvature.extremes(s.x, Adaptive.LANCZOS_TOLERANCE).minimum();
        if (lambdaMin >= -adaptive.curvatureTolerance()) {
            certificate = lambdaMin;
            s.emit(new DescentEvent(s.iteration, DescentEvent.Kind.CURVATURE, s.loss, s.loss, 0, 0, lambdaMin, 0));
            System.arraycopy(s.x, 0, episode.candidate, 0, s.dimension());
            returnedAt = s.iteration;
            return Status.RETURNED_CANDIDATE_SOSP;
        }
        episode.length = adaptive.escapeSteps(lambdaMin, radius, s.dimension(), s.stepSize, decreaseThreshold);
        s.emit(new DescentEvent(s.iteration, DescentEvent.Kind.CURVATURE, s.loss, s.loss, 0, 0, lambdaMin,
                episode.length));
        return null;
    }

    @Override public Status check(DescentState s) {
        if (episode.elapsed(s) != episode.length) return null;
        double loss = s.fullLoss();
        double decrease = loss - episode.candidateLoss;
        boolean escaped = strict ? !(decrease > -decreaseThreshold) : !(decrease >= -decreaseThreshold);
        if (escaped) return null;
        s.emit(new DescentEvent(s.iteration, DescentEvent.Kind.RETURNED_CANDIDATE, episode.candidateLoss, loss, 0, 0));
        System.arraycopy(episode.candidate, 0, s.x, 0, s.dimension());
        s.clearVelocity();
        returnedAt = s.iteration;
        return episode.candidateIsInitial ? Status.RETURNED_INITIAL_POINT : Status.RETURNED_CANDIDATE;
    }

    /** For returned-initial-point: the escape steps λ_min at the initial point calls for (defaults of Adaptive). */
    @Override public void finish(DescentState s, Status status) {
        if (status != Status.RETURNED_INITIAL_POINT || curvature == null) return;
        double lambdaMin = curvature.extremes(episode.candidate, Adaptive.LANCZOS_TOLERANCE).minimum();
        certificate = lambdaMin;
        if (lambdaMin < 0) {
            int k = Adaptive.NONE.escapeSteps(lambdaMin, radius, s.dimension(), s.stepSize, decreaseThreshold);
            suggestedEscapeSteps = Math.max(k, 2 * escapeSteps);
        }
    }

    /** Iteration at which the candidate was returned, or −1. */
    public int returnedAt() { return returnedAt; }

    /** λ_min(∇²f) at the returned candidate (the certificate) or at a returned initial point, else NaN. */
    public double certificate() { return certificate; }

    /** A T_escape that would let the perturbation grow, for returned-initial-point; else −1. */
    public int suggestedEscapeSteps() { return suggestedEscapeSteps; }
}
