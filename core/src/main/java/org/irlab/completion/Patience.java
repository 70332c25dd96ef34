package org.irlab.completion;

/**
 * When a descent's validation RMSE has waited long enough for its early stopping (docs/completion.md, "Early
 * stopping"): fed every scored step in order, it says whether the patience is spent. The clock never runs before a
 * first improvement (a flat start: IPGD's perturbation growing from 1e-15, a tiny α).
 */
public final class Patience {
    /** The rules. */
    public enum Rule {
        /** Steps since the best: stop after max(patience, fraction·t_best) of them (the default). */
        STEPS,
        /**
         * Plateau-aware (issue 19; not the default: docs/completion.md, "Stopping on a plateau"): only steps whose RMSE is clearly worse than the best (by more
         * than the band b = min({@value #BAND}·(RMSE₀ − best), {@value #FLAT}·best): a share of the improvement so
         * far, and a small share of the best) count against
         * max(patience, fraction·t_best); steps within the band — a plateau between two directions learned one
         * after the other, or a slow creep — do not. The wait is still bounded: the run also stops once
         * max({@value #PLATEAU_PATIENCES}·patience, t_c) steps have passed since t_c, the last clear improvement
         * (the best lowered by more than {@value #CLEAR} of itself; the first improvement counts as one), so at
         * most as many steps follow the last clear improvement as led to it.
         */
        PLATEAU_AWARE
    }

    /** The band, as a share of the improvement of the validation RMSE since step 0 ... */
    public static final double BAND = 0.01;
    /** ... and at most this share of the best RMSE. */
    public static final double FLAT = 0.002;
    /** A plateau may last this many patiences at least (then max(that, t_sig)). */
    public static final int PLATEAU_PATIENCES = 4;
    /** A clear improvement lowers the best RMSE of the last one by more than this share of it. */
    public static final double CLEAR = 0.005;

    private final Rule rule;
    private final int patience;
    private final double fraction;
    private double first = Double.NaN, best = Double.POSITIVE_INFINITY, clearBest = Double.POSITIVE_INFINITY;
    private int leader, clearLeader, lastScored, worse; // worse: steps clearly worse than the best since it was set

    /** @param patience the least wait in steps; @param fraction the wait's share of t_best when that is longer */
    public Patience(Rule rule, int patience, double fraction) {
        this.rule = rule;
        this.patience = patience;
        this.fraction = fraction;
    }

    /** Starts over (a new descent). */
    public void reset() {
        first = Double.NaN;
        best = clearBest = Double.POSITIVE_INFINITY;
        leader = clearLeader = lastScored = worse = 0;
    }

    /** Hears the validation RMSE of step t (steps in increasing order); returns whether the patience is spent. */
    public boolean score(int t, double rmse) {
        if (Double.isNaN(first)) first = rmse;
        double low = Math.min(best, rmse), band = Math.min(BAND * Math.max(0, first - low), FLAT * low);
        if (rmse < best) {
            best = rmse;
            leader = t;
            worse = 0;
            if (rmse < clearBest * (1 - CLEAR) || clearLeader == 0) { // the first improvement starts the clock
                clearBest = rmse;
                clearLeader = t;
            }
        } else if (rmse > best + band) {
            worse += t - lastScored;
        }
        lastScored = t;
        if (leader <= 0) return false;
        double wait = Math.max(patience, fraction * leader);
        return switch (rule) {
            case STEPS -> t - leader >= wait;
            case PLATEAU_AWARE -> worse >= wait
                    || t - clearLeader >= Math.max((double) PLATEAU_PATIENCES * patience, clearLeader);
        };
    }

    /**
     * Forgets the steps after t (a rolled-back chunk): replays the scores of {@code curve} up to t, then takes the
     * kept best ({@code keptBest} at step {@code keptLeader}): a new best scored at t itself opened the rejected chunk
     * and was dropped with it.
     */
    public void rollBack(RankFreeDescent.ValidationCurve curve, int t, int keptLeader, double keptBest) {
        reset();
        for (int k = 0; k < curve.size() && curve.iteration(k) <= t; k++) score(curve.iteration(k), curve.validationRmse(k));
        if (keptBest > best || (keptBest == best && keptLeader != leader)) {
            best = keptBest;
            leader = keptLeader;
            if (clearLeader > keptLeader) {
                clearLeader = keptLeader;
                clearBest = keptBest;
            }
        }
    }
}
