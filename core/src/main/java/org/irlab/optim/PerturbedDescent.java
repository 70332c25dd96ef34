package org.irlab.optim;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;

/**
 * The one descent loop behind GD, PGD, IPGD (Algorithm 1) and IPGD+ (Algorithm 2). Each variant is the plain GD
 * step x_{t+1} = x_t − η∇f(x_t) plus optional pieces: the episodic ball perturbation (lines 4–7), the escape test
 * (lines 8–10) and the refinement phase (Algorithm 2, lines 2–4). Stateless: all run state lives in {@link #run}.
 */
public final class PerturbedDescent {
    /** Consecutive direction reversals that make a period-2 oscillation (see {@link OscillationDetector}). */
    static final int OSCILLATION_WINDOW = 100;

    private PerturbedDescent() {}

    /**
     * Runs the configured variant from x0 (not modified).
     *
     * @return the result; ordinary outcomes (divergence, iteration limit) are statuses, not exceptions
     */
    public static DescentResult run(Objective objective, double[] x0, DescentSettings s, IterationObserver observer) {
        int d = objective.dimension();
        if (x0.length != d) throw new IllegalArgumentException("x0 has " + x0.length + " entries, objective has " + d);
        double[] x = x0.clone();
        double[] g = new double[d];
        double[] previous = x0.clone();
        double[] candidate = new double[d];
        double[] xi = new double[d];
        SplittableRandom rng = new SplittableRandom(s.seed());
        double eta = s.stepSize();
        OscillationDetector oscillation = new OscillationDetector(d, OSCILLATION_WINDOW,
                s.perturbs() ? s.gradientThreshold() : Math.max(0, s.gradientTolerance()));

        long tNoise = -(long) s.escapeSteps() - 1; // line 2
        double candidateLoss = Double.NaN;
        boolean candidateIsInitial = false;
        boolean atInitialPoint = true; // x is still bitwise x0
        int perturbations = 0, noOps = 0, returnedAt = -1;
        long evaluations = 0;
        Status status;
        int t = 0;
        double f;
        double gn;

        while (true) {
            f = objective.valueAndGradient(x, g);
            evaluations++;
            gn = Kernels.norm(g);
            if (!Double.isFinite(f) || !Double.isFinite(gn)) { status = Status.DIVERGED; break; }
            // lines 4–7: perturb when the gradient is small and no perturbation in the last T_escape steps
            if (s.perturbs() && gn <= s.gradientThreshold() && t - tNoise > s.escapeSteps()) {
                System.arraycopy(x, 0, candidate, 0, d);
                candidateLoss = f;
                candidateIsInitial = atInitialPoint;
                Randoms.uniformBall(rng, s.radius(), xi);
                int changed = 0;
                for (int i = 0; i < d; i++) {
                    double moved = x[i] + xi[i];
                    if (moved != x[i]) changed++;
                    x[i] = moved;
                }
                perturbations++;
                tNoise = t;
                if (changed == 0) {
                    noOps++;
                } else {
                    atInitialPoint = false;
                    f = objective.valueAndGradient(x, g);
                    evaluations++;
                    gn = Kernels.norm(g);
                }
                observer.onEvent(new DescentEvent(t, changed == 0 ? DescentEvent.Kind.NO_OP_PERTURBATION
                        : DescentEvent.Kind.PERTURBATION, candidateLoss, f, Kernels.norm(xi), changed));
                if (!Double.isFinite(f) || !Double.isFinite(gn)) { status = Status.DIVERGED; break; }
            }
            // lines 8–10: the escape test (IPGD: f(x_t) − f(z) ≥ −F; Jin et al.'s PGD: f(x_t) − f(x̃) > −f_thres)
            if (s.hasEscapeTest() && t - tNoise == s.escapeSteps() && noEscape(s, f - candidateLoss)) {
                observer.onEvent(new DescentEvent(t, DescentEvent.Kind.RETURNED_CANDIDATE, candidateLoss, f, 0, 0));
                System.arraycopy(candidate, 0, x, 0, d);
                returnedAt = t;
                status = candidateIsInitial ? Status.RETURNED_INITIAL_POINT : Status.RETURNED_CANDIDATE;
                break;
            }
            if (t >= s.maxIterations()) { status = Status.ITERATION_LIMIT; break; }
            if (!s.perturbs() && gn <= s.gradientTolerance()) { status = Status.CONVERGED; break; }
            oscillation.observe(t, g, gn);
            observer.onIterate(t, x, f, g, gn, false);
            step(x, g, eta, previous);
            if (atInitialPoint && gn != 0) atInitialPoint = false;
            t++;
        }

        if (status == Status.DIVERGED) {
            System.arraycopy(previous, 0, x, 0, d); // the last finite iterate
            if (t > 0) t--;
        } else if (s.algorithm() == Algorithm.IPGD_PLUS
                && (status == Status.RETURNED_CANDIDATE || status == Status.RETURNED_INITIAL_POINT)) {
            Status ipgdStatus = status;
            observer.onEvent(new DescentEvent(t, DescentEvent.Kind.REFINEMENT_START, Double.NaN, Double.NaN, 0, 0));
            status = ipgdStatus == Status.RETURNED_INITIAL_POINT ? Status.RETURNED_INITIAL_POINT : Status.CONVERGED;
            for (int k = 0; k < s.refineSteps(); k++) {
                f = objective.valueAndGradient(x, g);
                evaluations++;
                gn = Kernels.norm(g);
                if (!Double.isFinite(f) || !Double.isFinite(gn)) {
                    status = Status.DIVERGED;
                    System.arraycopy(previous, 0, x, 0, d);
                    t--;
                    break;
                }
                oscillation.observe(t, g, gn);
                observer.onIterate(t, x, f, g, gn, false);
                step(x, g, eta, previous);
                t++;
            }
        }
        if (status == Status.ITERATION_LIMIT && oscillation.oscillating()) status = Status.OSCILLATING;
        f = objective.valueAndGradient(x, g);
        evaluations++;
        gn = Kernels.norm(g);
        observer.onIterate(t, x, f, g, gn, true);
        return new DescentResult(status, x, t, evaluations, perturbations, noOps, returnedAt, f, gn,
                explain(status, s, t, returnedAt));
    }

    private static boolean noEscape(DescentSettings s, double decrease) {
        return s.algorithm() == Algorithm.PGD ? decrease > -s.decreaseThreshold() : decrease >= -s.decreaseThreshold();
    }

    private static void step(double[] x, double[] g, double eta, double[] previous) {
        System.arraycopy(x, 0, previous, 0, x.length);
        for (int i = 0; i < x.length; i++) x[i] -= eta * g[i];
    }

    private static String explain(Status status, DescentSettings s, int t, int returnedAt) {
        return switch (status) {
            case CONVERGED -> s.algorithm() == Algorithm.IPGD_PLUS
                    ? "IPGD returned its candidate at iteration " + returnedAt + " and the " + s.refineSteps()
                      + " refinement steps finished."
                    : "The gradient norm reached " + s.gradientTolerance() + " after " + t + " iterations.";
            case RETURNED_CANDIDATE -> "The escape test fired at iteration " + returnedAt
                    + ": f did not drop by more than " + s.decreaseThreshold() + " within " + s.escapeSteps()
                    + " steps of the perturbation, so the candidate was returned.";
            case RETURNED_INITIAL_POINT -> "The escape test fired at iteration " + returnedAt
                    + " before the perturbation had grown: the initial point was returned unchanged"
                    + " (try more escapeSteps).";
            case ITERATION_LIMIT -> "The budget of " + s.maxIterations() + " iterations ran out.";
            case OSCILLATING -> "The budget of " + s.maxIterations() + " iterations ran out while GD was in a"
                    + " period-2 oscillation: the step size " + s.stepSize() + " is at the edge of stability"
                    + " (try a smaller stepSize, or stepSize \"auto\").";
            case DIVERGED -> "The loss or gradient became NaN or infinite after iteration " + t
                    + "; the last finite iterate is kept (try a smaller stepSize).";
        };
    }
}
