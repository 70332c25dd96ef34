package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.irlab.completion.Patience.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The early-stopping rules on constructed validation curves (the descents' defaults: patience 25, fraction 1/4). */
class PatienceTest {
    private static final int PATIENCE = 25, LIMIT = 100_000;
    private static final double FRACTION = 0.25;

    /** The first step at which the rule says stop when fed the curve step by step (LIMIT when it never does). */
    private static int stop(Rule rule, IntToDoubleFunction curve) {
        Patience p = new Patience(rule, PATIENCE, FRACTION);
        for (int t = 0; t < LIMIT; t++) if (p.score(t, curve.applyAsDouble(t))) return t;
        return LIMIT;
    }

    /**
     * Incremental learning: a first direction learned by step 20 (RMSE 1 → 0.6), a plateau of 60 steps (validation
     * wobbling within 1e-4 above 0.6), the second direction learned by step 100
     * (0.6 → 0.3), then overfitting. The step-counting rule stops inside the plateau, 25 steps after its last tiny
     * best; the plateau-aware rule waits, reaches the second drop and stops once the overfitting is clear.
     */
    @Test
    void aPlateauBetweenTwoDirectionsEndsTheOldRuleButNotThePlateauAwareOne() {
        IntToDoubleFunction curve = t -> t <= 20 ? 1 - 0.4 * t / 20
                : t <= 80 ? 0.6 + 1e-4 * Math.abs(Math.sin(t))
                : t <= 100 ? 0.6 - 0.3 * (t - 80) / 20.0
                : 0.3 + 0.002 * (t - 100);
        int old = stop(Rule.STEPS, curve), plateau = stop(Rule.PLATEAU_AWARE, curve);
        assertThat(old).as("the old rule stops on the plateau").isEqualTo(45);
        assertThat(plateau).as("the plateau-aware rule sees the second drop (best at 100), then stops")
                .isGreaterThan(100).isLessThanOrEqualTo(100 + PATIENCE + 5);
    }

    /** Validation that rises for good after its best at step 30: both rules stop within a few steps of the patience. */
    @ParameterizedTest
    @EnumSource(Rule.class)
    void aRisingCurveStopsBothRulesWithinThePatience(Rule rule) {
        IntToDoubleFunction curve = t -> t <= 30 ? 1 - 0.01 * t : 0.7 * (1 + 0.005 * (t - 30));
        assertThat(stop(rule, curve)).isBetween(30 + PATIENCE, 30 + PATIENCE + 3);
    }

    /**
     * The cap on wasted work: a curve that keeps creeping down by amounts too small to count (1e-7 per step after a
     * clear improvement at step 40), or sits flat forever, ends max(4·patience, 40) = 100 steps after step 40.
     */
    @Test
    void aCreepingOrFlatCurveStillStops() {
        IntToDoubleFunction creeping = t -> t <= 40 ? 1 - 0.01 * t : 0.6 - 1e-7 * (t - 40);
        IntToDoubleFunction flat = t -> t <= 40 ? 1 - 0.01 * t : 0.6;
        assertThat(stop(Rule.PLATEAU_AWARE, creeping)).isEqualTo(40 + Patience.PLATEAU_PATIENCES * PATIENCE);
        assertThat(stop(Rule.PLATEAU_AWARE, flat)).isEqualTo(40 + Patience.PLATEAU_PATIENCES * PATIENCE);
        // a late clear improvement at t_sig ≈ 400 allows t_sig more steps, no more
        IntToDoubleFunction late = t -> t <= 400 ? 1 - 0.001 * t : 0.6;
        assertThat(stop(Rule.PLATEAU_AWARE, late)).isBetween(790, 800);
        // a first improvement too small to be clear starts the clock all the same
        IntToDoubleFunction tiny = t -> t < 300 ? 1.0 : 1.0 - 1e-9;
        assertThat(stop(Rule.PLATEAU_AWARE, tiny)).isEqualTo(600);
    }

    /** The clock never runs before a first improvement (a flat start). */
    @ParameterizedTest
    @EnumSource(Rule.class)
    void aFlatStartDoesNotStopTheRun(Rule rule) {
        IntToDoubleFunction curve = t -> t < 500 ? 1.0 : 1.0 - 0.001 * Math.min(t - 500, 100) + 0.001 * Math.max(0, t - 600);
        assertThat(stop(rule, curve)).isGreaterThan(600);
    }

    /** A rolled-back chunk: replaying the curve up to t leaves the rule as if the later scores never happened. */
    @Test
    void rollingBackReplaysTheKeptScores() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] r = new double[300];
        for (int t = 0; t < r.length; t++) r[t] = 1 / (1 + 0.05 * t) + 0.02 * rng.nextDouble();
        RankFreeDescent.ValidationCurve curve = new RankFreeDescent.ValidationCurve();
        Patience rolled = new Patience(Rule.PLATEAU_AWARE, PATIENCE, FRACTION);
        for (int t = 0; t < 200; t++) {
            curve.add(t, 0, r[t]);
            rolled.score(t, r[t]);
        }
        curve.truncateAfter(150);
        int kept = 0;
        for (int t = 1; t <= 150; t++) if (r[t] < r[kept]) kept = t;
        rolled.rollBack(curve, 150, kept, r[kept]); // the kept best is the replay's own
        Patience fresh = new Patience(Rule.PLATEAU_AWARE, PATIENCE, FRACTION);
        for (int t = 0; t <= 150; t++) fresh.score(t, r[t]);
        for (int t = 151; t < 300; t++) assertThat(rolled.score(t, r[t])).as("step %d", t).isEqualTo(fresh.score(t, r[t]));
    }
}
