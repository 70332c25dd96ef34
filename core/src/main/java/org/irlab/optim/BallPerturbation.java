package org.irlab.optim;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;

/**
 * Algorithm 1, lines 4–7 (and Jin et al.'s PGD): when ‖∇f(x_t)‖ ≤ G and t − T_noise &gt; T_escape, remember
 * z = x_t, perturb x_t ← x_t + ξ with ξ uniform in the ball of radius γ, and set T_noise = t. x_{t−1} moves with
 * x_t, so a momentum method's velocity x_t − x_{t−1} is unchanged by the kick (as in Jin, Netrapalli &amp; Jordan's
 * perturbed accelerated GD, 2018, Algorithm 2); plain GD does not read x_{t−1}. A draw that changes no
 * coordinate of x in double precision (round-off erased it) is counted and logged as a no-op.
 */
public final class BallPerturbation implements Perturbation {
    private final double radius, gradientThreshold;
    private final Episode episode;
    private final LongSupplier seed;
    private final double[] xi;
    private SplittableRandom rng;
    private int perturbations, noOps;

    /**
     * @param radius            γ (r for PGD)
     * @param gradientThreshold G (g_thres)
     * @param seed              seed of the draws, read at each (re)start of the phase
     */
    public BallPerturbation(double radius, double gradientThreshold, Episode episode, LongSupplier seed) {
        this.radius = radius;
        this.gradientThreshold = gradientThreshold;
        this.episode = episode;
        this.seed = seed;
        this.xi = new double[episode.candidate.length];
    }

    @Override public void start(DescentState s) {
        rng = new SplittableRandom(seed.getAsLong());
        episode.reset();
        perturbations = 0;
        noOps = 0;
    }

    @Override public boolean due(DescentState s) {
        return s.gradientNorm <= gradientThreshold && episode.elapsed(s) > episode.length;
    }

    @Override public void apply(DescentState s) {
        double[] x = s.x, previous = s.previous;
        System.arraycopy(x, 0, episode.candidate, 0, x.length);
        episode.candidateLoss = s.fullLoss(); // with mini-batches, f itself: the escape test compares full losses
        episode.candidateIsInitial = !s.moved();
        Randoms.uniformBall(rng, radius, xi);
        int changed = 0;
        for (int i = 0; i < x.length; i++) {
            double moved = x[i] + xi[i];
            if (moved != x[i]) changed++;
            previous[i] += moved - x[i];
            x[i] = moved;
        }
        perturbations++;
        if (changed == 0) {
            noOps++;
        } else {
            s.markMoved();
            s.evaluate();
        }
        episode.start = s.iteration;
        s.emit(new DescentEvent(s.iteration, changed == 0 ? DescentEvent.Kind.NO_OP_PERTURBATION
                : DescentEvent.Kind.PERTURBATION, episode.candidateLoss, s.loss, Kernels.norm(xi), changed));
    }

    /** Perturbations drawn since the phase (re)started, including no-ops. */
    public int perturbations() { return perturbations; }

    /** Perturbations that changed no coordinate. */
    public int noOps() { return noOps; }
}
