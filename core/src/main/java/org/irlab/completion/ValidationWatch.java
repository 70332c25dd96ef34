package org.irlab.completion;

import java.util.ArrayList;
import java.util.List;
import org.irlab.completion.RankFreeDescent.Outcome;
import org.irlab.completion.RankFreeDescent.Race;
import org.irlab.completion.RankFreeDescent.StepDecision;
import org.irlab.completion.RankFreeDescent.StopReason;
import org.irlab.completion.RankFreeDescent.ValidationCurve;
import org.irlab.optim.SafeguardedStep;
import org.irlab.optim.Status;

/**
 * The early stopping of one rank-free descent, wherever its vectors live (docs/completion.md, "Early stopping"): the
 * validation curve, the best iterate and the pending one (a new best found inside a chunk is kept only once the step
 * controller accepts that chunk), the patience, the race against the grid's best scale so far, and the step
 * controller's decisions. The local descents and the spark module's run the same instance of these rules; what
 * differs is only {@link Iterates}, the few operations on their vectors.
 */
public final class ValidationWatch implements SafeguardedStep.Log {
    /** The operations on a descent's vectors that the bookkeeping needs. */
    public interface Iterates {
        /** pending ← x (a new best, not yet accepted). */
        void keepPending();

        /** best ← pending (its chunk was accepted). */
        void keepBest();

        /** best ← x (a refit: the model is the last iterate). */
        void keepLast();

        /** Evaluates f at x and returns it. */
        double value();

        /** The validation RMSE at x (predictions clipped to the training range). */
        double rmse();
    }

    private final RankFreeDescent.Settings settings;
    private final FitProgress progress;
    private final String label;
    private final boolean scored;
    private final Race race;
    private final Patience patience;
    private final Iterates iterates;
    private final ValidationCurve curve = new ValidationCurve();
    private final List<StepDecision> steps = new ArrayList<>();
    private int bestIteration, pendingIteration = -1;
    private double bestRmse = Double.POSITIVE_INFINITY, pendingRmse = Double.POSITIVE_INFINITY;
    private double bestLoss = Double.NaN, pendingLoss = Double.NaN;
    private boolean stop;

    /**
     * @param scored whether there is a validation part (false: a refit, which ends at its budget)
     * @param rival  the grid's best scale so far to race (null: none, a member, a refit)
     */
    public ValidationWatch(RankFreeDescent.Settings settings, FitProgress progress, String label, boolean scored,
                           Outcome rival, Iterates iterates) {
        this.settings = settings;
        this.progress = progress;
        this.label = label;
        this.scored = scored;
        this.race = rival == null ? null : new Race(rival, settings.patience());
        this.patience = new Patience(settings.patienceRule(), settings.patience(), settings.patienceFraction());
        this.iterates = iterates;
    }

    /** Hears the iterate of step t with f = {@code loss} (not the last): scores it every validationEvery steps. */
    public void onIterate(int t, double loss) {
        if (!scored) {
            progress.update(label, t, Double.NaN);
        } else if (t % settings.validationEvery() == 0) {
            score(t, loss);
        }
    }

    /** Scores the iterate of step t (once); a new best is held as pending until its chunk is accepted. */
    public void score(int t, double loss) {
        if (!scored || curve.lastIteration() >= t) return;
        double rmse = iterates.rmse();
        curve.add(t, loss, rmse);
        progress.update(label, t, rmse);
        if (rmse < bestRmse && rmse < pendingRmse) {
            pendingRmse = rmse;
            pendingIteration = t;
            pendingLoss = loss;
            iterates.keepPending();
        }
        stop = patience.score(t, rmse);
        if (race != null) stop |= race.update(t, loss, rmse, Math.min(bestRmse, pendingRmse));
    }

    /** The pending best becomes the best (its chunk was accepted). */
    public void commit() {
        if (pendingIteration < 0) return;
        bestRmse = pendingRmse;
        bestIteration = pendingIteration;
        bestLoss = pendingLoss;
        iterates.keepBest();
        pendingIteration = -1;
        pendingRmse = Double.POSITIVE_INFINITY;
    }

    /** A rejected chunk rolled the descent back to step t: its iterates leave no trace. */
    public void rolledBack(int t) {
        curve.truncateAfter(t);
        patience.rollBack(curve, t, bestIteration, bestRmse);
        pendingIteration = -1;
        pendingRmse = Double.POSITIVE_INFINITY;
        stop = false;
        if (race != null) race.reset();
    }

    /** The step controller's decision on the chunk from {@code iteration}: kept chunks commit their pending best. */
    @Override public void decision(int iteration, double curvature, double stepSize, boolean accepted) {
        if (accepted) commit();
        if (steps.size() < RankFreeDescent.MAX_RECORDED_STEPS) {
            steps.add(new StepDecision(iteration, curvature, stepSize, accepted));
        }
    }

    /** Whether the descent should end at the next accepted chunk boundary (patience spent or dropped by the race). */
    public boolean stop() { return stop; }

    /** Why a descent whose phases ended with {@code status} stopped. */
    public StopReason stopReason(Status status) {
        if (stop) return race != null && race.behind() ? StopReason.BEHIND_RIVAL : StopReason.EARLY_STOPPING;
        return switch (status) {
            case RETURNED_CANDIDATE -> StopReason.IPGD_RETURNED_CANDIDATE;
            case RETURNED_INITIAL_POINT -> StopReason.IPGD_RETURNED_INITIAL_POINT;
            case STEP_SIZE_UNDERFLOW -> StopReason.STEP_SIZE_UNDERFLOW;
            case CONVERGED -> StopReason.STATIONARY;
            default -> StopReason.ITERATION_LIMIT;
        };
    }

    /**
     * The descent ended at step t: a refit keeps its last iterate (f = {@code loss}); a scored descent scores t
     * if its schedule skipped it.
     */
    public void end(int t, double loss) {
        if (!scored) {
            iterates.keepLast();
            bestIteration = t;
            bestRmse = Double.NaN;
            bestLoss = loss;
            progress.update(label, t, Double.NaN);
        } else if (t % settings.validationEvery() != 0) {
            score(t, iterates.value());
            commit();
        }
    }

    /** What the descent yields, under the id {@code id}. */
    public Outcome outcome(int id, double alpha, int iterations, StopReason stopped, int rejections, double finalLoss,
                           Status ipgdStatus, int ipgdPerturbations) {
        return new Outcome(id, alpha, bestRmse, bestIteration, iterations, stopped, rejections, finalLoss, ipgdStatus,
                ipgdPerturbations, List.copyOf(steps), curve);
    }

    /** f at the best iterate (as scored; NaN before the first score). */
    public double bestLoss() { return bestLoss; }
}
