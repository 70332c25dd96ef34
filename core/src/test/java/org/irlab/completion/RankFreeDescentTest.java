package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import org.irlab.linalg.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rank-free model on synthetic low-rank data and on degenerate inputs. */
class RankFreeDescentTest {
    /** A rank-3 matrix plus noise σ, 60% observed, split 80/20 and then 85/15 for validation. */
    private static Split synthetic(long seed, int rows, int columns, double noise, Synthetic[] truth) {
        SplittableRandom rng = new SplittableRandom(seed);
        truth[0] = new Synthetic(rows, columns, 3, rng);
        SparseRatings all = truth[0].observe(0.6, noise, rng);
        return Split.random(all, 0.2, 0.15, rng);
    }

    private static RankFreeDescent.Settings fast() {
        return RankFreeDescent.Settings.defaults();
    }

    @ParameterizedTest @CsvSource({"1, 120, 100", "2, 90, 150"})
    void recoversALowRankMatrixWithoutBeingGivenTheRank(long seed, int rows, int columns) {
        Synthetic[] truth = new Synthetic[1];
        double noise = 0.1;
        Split split = synthetic(seed, rows, columns, noise, truth);
        RankFreeDescent.Fit fit = new RankFreeDescent(fast()).fit(split.train(), split.validation(),
                new SplittableRandom(seed + 10));
        LowRankCompletion c = fit.model();
        RankFreeDescent.Report d = fit.report();
        // r' = min(n₁, n₂, 500): no rank was given; the model averages three descents of that width
        assertThat(d.searchRank()).isEqualTo(Math.min(rows, columns));
        assertThat(d.members()).isEqualTo(3);
        assertThat(c.rank()).isEqualTo(3 * Math.min(rows, columns));
        double test = Errors.of(c, split.test()).rmse();
        // the noise level is the floor; an over-fitted or under-fitted model is far above it (the scale is √3)
        assertThat(test).as("held-out RMSE").isLessThan(1.5 * noise);
        assertThat(truth[0].rmseEverywhere(c) / truth[0].scale()).isLessThan(0.08);
        assertThat(d.effectiveRank()).isBetween(2.0, 4.5);
        double[] sv = d.singularValues();
        assertThat(sv).hasSizeGreaterThan(3);
        assertThat(java.util.Arrays.stream(sv).filter(v -> v > 0.1 * sv[0]).count()).isEqualTo(3);
    }

    /**
     * The average of K descents: its first block is the single-descent model (same random streams), the other
     * blocks are independent descents at the same α, each block scaled by 1/√K so that predictions are the mean of
     * the members'; its validation RMSE is recomputed from its predictions.
     */
    @Test void membersAreAveragedAsOneFactorization() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(7, 50, 60, 0.3, truth);
        RankFreeDescent.Settings settings = fast().withInitScales(0.03);
        RankFreeDescent.Fit singleFit = new RankFreeDescent(settings.withMembers(1)).fit(split.train(),
                split.validation(), new SplittableRandom(8));
        RankFreeDescent.Fit averageFit = new RankFreeDescent(settings.withMembers(3)).fit(split.train(),
                split.validation(), new SplittableRandom(8));
        LowRankCompletion single = singleFit.model(), average = averageFit.model();
        int r = single.rank(), n1 = split.train().rows(), n2 = split.train().columns();
        assertThat(average.rank()).isEqualTo(3 * r);
        double[] one = single.left(), three = average.left(), threeRight = average.right();
        double root3 = Math.sqrt(3);
        for (int i = 0; i < n1; i++) {
            for (int a = 0; a < r; a++) {
                assertThat(three[i * 3 * r + a] * root3).isCloseTo(one[i * r + a],
                        org.assertj.core.api.Assertions.within(ROUNDING * (1 + Math.abs(one[i * r + a]))));
            }
        }
        assertThat(java.util.Arrays.copyOfRange(three, r, 2 * r)).isNotEqualTo(java.util.Arrays.copyOfRange(three, 0, r));
        // predictions are the offset plus the mean of the three members' products
        Completion offset = average.offset();
        for (int t = 0; t < 20; t++) {
            int i = (t * 7) % n1, j = (t * 13) % n2;
            double mean = 0;
            for (int k = 0; k < 3; k++) {
                double dot = 0;
                for (int a = 0; a < r; a++) dot += three[i * 3 * r + k * r + a] * threeRight[j * 3 * r + k * r + a];
                mean += dot; // block k carries 1/√3 on both sides: dot = (member k's product)/3
            }
            assertThat(average.predict(i, j)).isCloseTo(offset.predict(i, j) + mean,
                    org.assertj.core.api.Assertions.within(REORDERED));
        }
        RankFreeDescent.Report d = averageFit.report();
        assertThat(d.memberValidationRmse()).hasSize(3);
        double low = split.train().min(), high = split.train().max();
        assertThat(d.validationRmse()).isCloseTo(Errors.of(average, split.validation(), low, high).rmse(),
                org.assertj.core.api.Assertions.within(REORDERED));
        assertThat(singleFit.report().validationRmse()).isEqualTo(d.memberValidationRmse()[0]);
    }

    /** Members beyond the factor budget are dropped: one at MovieLens-20M's shape, three at MovieLens-small's. */
    /**
     * With more columns than rows, {@code Engine.localLargerSideAsRows} runs the descents on the transpose and hands
     * the model back rows × columns: the method on the transposed table, its factors swapped (mean centring, which is
     * symmetric), to rounding (σ̂'s power iteration runs on AᵀA of the matrix, not of its transpose: the start's
     * scale differs in the last bits); with more rows than columns it is the plain engine, bit for bit.
     */
    @Test void aWideTableDescendsOnItsTranspose() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(5, 30, 70, 0.2, truth);
        RankFreeDescent.Settings settings = fast().withSearchRank(6).withMembers(2).withCentering(Centering.GLOBAL_MEAN);
        RankFreeDescent.Engine larger = RankFreeDescent.Engine.localLargerSideAsRows(
                org.irlab.problem.CompletionTerm.LOCAL, RankFreeDescent.Draws.PER_ROW);
        RankFreeDescent.Engine plain = RankFreeDescent.Engine.local(org.irlab.problem.CompletionTerm.LOCAL,
                RankFreeDescent.Draws.PER_ROW);
        RankFreeDescent.Fit wide = new RankFreeDescent(settings, FitProgress.NONE, larger)
                .fit(split.train(), split.validation(), new SplittableRandom(6));
        RankFreeDescent.Fit transposed = new RankFreeDescent(settings, FitProgress.NONE, plain)
                .fit(split.train().transpose(), split.validation().transpose(), new SplittableRandom(6));
        assertThat(wide.model().left()).hasSize(30 * wide.model().rank());
        org.assertj.core.data.Offset<Double> close = org.assertj.core.api.Assertions.within(1e-8);
        double[] a = wide.model().left(), b = transposed.model().right(), c = wide.model().right(),
                d = transposed.model().left();
        for (int k = 0; k < a.length; k++) assertThat(a[k]).isCloseTo(b[k], close);
        for (int k = 0; k < c.length; k++) assertThat(c[k]).isCloseTo(d[k], close);
        assertThat(wide.report().bestIteration()).isEqualTo(transposed.report().bestIteration());
        // the same held entries, summed in another order
        assertThat(wide.validation().rmse()).isCloseTo(transposed.validation().rmse(), close);
        // a tall table: no transpose
        Split tall = new Split(split.train().transpose(), split.validation().transpose(), split.test().transpose());
        RankFreeDescent.Fit viaLarger = new RankFreeDescent(settings, FitProgress.NONE, larger)
                .fit(tall.train(), tall.validation(), new SplittableRandom(6));
        assertThat(viaLarger.model().left()).containsExactly(transposed.model().left());
    }

    @Test void membersFitTheFactorBudget() {
        assertThat(RankFreeDescent.members(3, (671L + 9066) * 500)).isEqualTo(3);
        assertThat(RankFreeDescent.members(3, (138_000L + 27_000) * 200)).isEqualTo(1);
        assertThat(RankFreeDescent.members(3, 15_000_000L)).isEqualTo(2);
        assertThat(RankFreeDescent.members(1, 10)).isEqualTo(1);
    }

    @Test void sameSeedGivesTheSameNumbersOnAnyThreadCount() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(3, 70, 80, 0.3, truth);
        RankFreeDescent model = new RankFreeDescent(fast().withInitScales(0.03));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            RankFreeDescent.Fit one = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            Parallel.setThreads(2);
            RankFreeDescent.Fit two = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            RankFreeDescent.Fit again = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            assertThat(two.model().left()).containsExactly(one.model().left());
            assertThat(two.model().right()).containsExactly(one.model().right());
            assertThat(again.model().left()).containsExactly(one.model().left());
            RankFreeDescent.ValidationCurve a = one.report().validationCurve(), b = two.report().validationCurve();
            assertThat(b.size()).isEqualTo(a.size());
            for (int k = 0; k < a.size(); k++) {
                assertThat(b.iteration(k)).isEqualTo(a.iteration(k));
                assertThat(b.validationRmse(k)).isEqualTo(a.validationRmse(k));
                assertThat(b.loss(k)).isEqualTo(a.loss(k));
            }
            RankFreeDescent.Fit other = model.fit(split.train(), split.validation(), new SplittableRandom(5));
            assertThat(other.model().left()).isNotEqualTo(one.model().left());
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * The α grid is searched upwards from its smallest scale while validation RMSE improves, and each scale races the
     * best before it: on the synthetic data 1e-3 wins (the longest descent) and 1e-2 is dropped within a few chunks,
     * behind at equal training loss, before its own early stop; 3e-2 and 1e-1 are never tried.
     */
    @ParameterizedTest @CsvSource({"1, 120, 100", "2, 90, 150"})
    void aLosingScaleIsDroppedOnceItIsBehindAtEqualTrainingLoss(long seed, int rows, int columns) {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(seed, rows, columns, 0.1, truth);
        RankFreeDescent.Settings settings = fast().withMembers(1);
        RankFreeDescent.Report raced = new RankFreeDescent(settings).fit(split.train(), split.validation(),
                new SplittableRandom(seed + 10)).report();
        java.util.List<RankFreeDescent.GridPoint> grid = raced.grid();
        assertThat(grid).extracting(RankFreeDescent.GridPoint::initScale).containsExactly(1e-3, 1e-2, 3e-2, 1e-1);
        RankFreeDescent.GridPoint winner = grid.get(0), dropped = grid.get(1);
        assertThat(raced.initScale()).isEqualTo(1e-3);
        assertThat(winner.stopped()).isEqualTo(RankFreeDescent.StopReason.EARLY_STOPPING);
        assertThat(dropped.stopped()).isEqualTo(RankFreeDescent.StopReason.BEHIND_RIVAL);
        assertThat(dropped.validationRmse()).isGreaterThanOrEqualTo(winner.validationRmse());
        assertThat(grid.subList(2, 4)).allMatch(RankFreeDescent.GridPoint::skipped);
        // the same scale descended alone (nothing to race) runs on to its own early stop, later
        RankFreeDescent.Report alone = new RankFreeDescent(settings.withInitScales(1e-2)).fit(split.train(),
                split.validation(), new SplittableRandom(seed + 10)).report();
        assertThat(alone.stopped()).isEqualTo(RankFreeDescent.StopReason.EARLY_STOPPING);
        assertThat(dropped.iterations()).isLessThan(alone.iterations());
        // the winner is the descent the grid's first scale makes on its own: racing changes nothing before a drop
        RankFreeDescent.Report first = new RankFreeDescent(settings.withInitScales(1e-3)).fit(split.train(),
                split.validation(), new SplittableRandom(seed + 10)).report();
        assertThat(raced.validationRmse()).isEqualTo(first.validationRmse());
        assertThat(raced.bestIteration()).isEqualTo(first.bestIteration());
    }

    /** The rival's validation RMSE at equal training loss: at its first scored iterate with f at most the given f. */
    @Test void validationAtEqualTrainingLoss() {
        RankFreeDescent.ValidationCurve curve = new RankFreeDescent.ValidationCurve();
        curve.add(0, 1.0, 0.5);
        curve.add(1, 0.4, 0.3);
        curve.add(2, 0.2, 0.25);
        curve.add(3, 0.1, 0.27);
        assertThat(curve.rmseAtLoss(2.0)).isEqualTo(0.5);
        assertThat(curve.rmseAtLoss(1.0)).isEqualTo(0.5);
        assertThat(curve.rmseAtLoss(0.3)).isEqualTo(0.25);
        assertThat(curve.rmseAtLoss(0.1)).isEqualTo(0.27);
        assertThat(curve.rmseAtLoss(0.05)).isNaN();
    }

    /** Noisy data: validation RMSE turns up, the run stops later and returns the iterate of least validation RMSE. */
    @Test void earlyStoppingReturnsTheBestValidationIterate() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(5, 60, 70, 1.0, truth);
        // one descent: its curve and its returned iterate (an average's validation RMSE is its own, see above)
        RankFreeDescent.Fit fit = new RankFreeDescent(fast().withInitScales(0.03).withMembers(1)).fit(split.train(),
                split.validation(), new SplittableRandom(6));
        LowRankCompletion c = fit.model();
        RankFreeDescent.Report d = fit.report();
        int best = d.bestIteration(), last = d.iterations();
        assertThat(d.stopped()).isEqualTo(RankFreeDescent.StopReason.EARLY_STOPPING);
        assertThat(best).isPositive().isLessThan(last);
        double minimum = Double.POSITIVE_INFINITY;
        int argmin = -1;
        RankFreeDescent.ValidationCurve curve = d.validationCurve();
        for (int k = 0; k < curve.size(); k++) {
            double v = curve.validationRmse(k);
            if (v < minimum) { minimum = v; argmin = curve.iteration(k); }
        }
        assertThat(argmin).isEqualTo(best);
        assertThat(d.validationRmse()).isEqualTo(minimum);
        // the returned completion is that iterate: scoring it afresh (clipped as the model scores) gives the same RMSE
        double again = Errors.of(c, split.validation(), split.train().min(), split.train().max()).rmse();
        assertThat(again).isCloseTo(minimum, org.assertj.core.data.Offset.offset(REORDERED));
        // and the last iterate of the curve is worse
        assertThat(curve.validationRmse(curve.size() - 1)).isGreaterThan(minimum);
    }

    /** The step-size safeguard: the loss at chunk starts never increases, even with c near 2. */
    @Test void lossAtChunkBoundariesNeverIncreases() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(7, 60, 50, 0.2, truth);
        RankFreeDescent.Settings s = fast().withInitScales(0.1).withStepFraction(1.95).withPatience(400, 1);
        RankFreeDescent.Report d = new RankFreeDescent(s).fit(split.train(), split.validation(),
                new SplittableRandom(8)).report();
        double previous = Double.POSITIVE_INFINITY;
        RankFreeDescent.ValidationCurve curve = d.validationCurve();
        for (int k = 0; k < curve.size(); k++) {
            if (curve.iteration(k) % s.chunk() != 0) continue;
            double loss = curve.loss(k);
            assertThat(loss).isFinite().isLessThanOrEqualTo(previous);
            previous = loss;
        }
        assertThat(d.stepSizes()).anyMatch(decision -> !decision.accepted()); // c = 1.95 needed the safeguard
        assertThat(d.validationRmse()).isLessThan(curve.validationRmse(0));
    }

    @Test void ipgdFromZeroEscapesTheSaddleAndRecovers() {
        Synthetic[] truth = new Synthetic[1];
        double noise = 0.1;
        Split split = synthetic(9, 100, 90, noise, truth);
        RankFreeDescent.Settings s = fast().withStart(RankFreeDescent.Start.IPGD_ZERO);
        RankFreeDescent.Fit fit = new RankFreeDescent(s).fit(split.train(), split.validation(), new SplittableRandom(2));
        LowRankCompletion c = fit.model();
        RankFreeDescent.Report d = fit.report();
        assertThat(d.ipgdStatus()).isEqualTo(org.irlab.optim.Status.ITERATION_LIMIT); // escaped: z was not returned
        // how many perturbations the escape takes depends on η (one at c = 0.5, two at the default 0.75)
        assertThat(d.ipgdPerturbations()).isBetween(1, 2);
        // from exactly zero the directions are learned one at a time: the fit is exactly rank 3 …
        double[] sv = d.singularValues();
        assertThat(sv[3] / sv[0]).isLessThan(1e-6);
        // … and greedy: close to, but not at, the noise floor that small random starts reach on this data
        assertThat(Errors.of(c, split.test()).rmse()).isLessThan(2 * noise);
    }

    /** Rows and columns with their own offsets: learned jointly from a global-mean centring. */
    @Test void jointBiasesFitRowAndColumnOffsets() {
        SplittableRandom rng = new SplittableRandom(11);
        Synthetic low = new Synthetic(50, 40, 2, rng);
        double[] rowOffset = new double[50], columnOffset = new double[40];
        for (int i = 0; i < 50; i++) rowOffset[i] = 3 * rng.nextDouble();
        for (int j = 0; j < 40; j++) columnOffset[j] = 3 * rng.nextDouble();
        SparseRatings lowPart = low.observe(0.6, 0.05, rng);
        double[] v = lowPart.values().clone();
        for (int k = 0; k < v.length; k++) v[k] += 5 + rowOffset[lowPart.entryRow()[k]] + columnOffset[lowPart.entryColumn()[k]];
        Split split = Split.random(lowPart.withValues(v), 0.2, 0.15, rng);
        RankFreeDescent.Settings s = fast().withCentering(Centering.GLOBAL_MEAN).withJointBiases(true);
        LowRankCompletion c = new RankFreeDescent(s).fit(split.train(), split.validation(), new SplittableRandom(3))
                .model();
        double withBiases = Errors.of(c, split.test()).rmse();
        assertThat(withBiases).isLessThan(0.15);
        assertThat(c.offset()).isInstanceOf(AdditiveCompletion.class);
        assertThat(((AdditiveCompletion) c.offset()).rowBias()).isNotEqualTo(new double[50]);
    }

    @Test void degenerateInputsNeitherCrashNorDiverge() {
        // one user
        SplittableRandom rng = new SplittableRandom(12);
        int n = 40;
        int[] r = new int[n], col = new int[n];
        double[] v = new double[n];
        for (int j = 0; j < n; j++) { col[j] = j; v[j] = 1 + 4 * rng.nextDouble(); }
        Split oneUser = Split.random(SparseRatings.of(1, n, r, col, v), 0.2, 0.2, rng);
        checkFinite(new RankFreeDescent(fast()).fit(oneUser.train(), oneUser.validation(), rng.split()), 1, n);
        // constant ratings: nothing to fit after centring
        double[] constant = new double[n];
        java.util.Arrays.fill(constant, 3.5);
        int[] rows = new int[n], cols = new int[n];
        for (int k = 0; k < n; k++) { rows[k] = k % 5; cols[k] = k / 5; }
        Split flat = Split.random(SparseRatings.of(5, 8, rows, cols, constant), 0.2, 0.2, rng);
        RankFreeDescent.Fit c = new RankFreeDescent(fast()).fit(flat.train(), flat.validation(), rng.split());
        checkFinite(c, 5, 8);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 8; j++) assertThat(c.predict(i, j)).isEqualTo(3.5);
        assertThat(c.report().stopped()).isEqualTo(RankFreeDescent.StopReason.ZERO_CURVATURE);
        // huge values with joint biases and no centring: the safeguard keeps every chunk from diverging
        double[] huge = new double[n];
        for (int k = 0; k < n; k++) huge[k] = 1e6 * (1 + rng.nextDouble()) * (k % 3 == 0 ? -1 : 1);
        Split wild = Split.random(SparseRatings.of(5, 8, rows, cols, huge), 0.2, 0.2, rng);
        RankFreeDescent.Settings s = fast().withCentering(Centering.NONE).withJointBiases(true).withStepFraction(1.99);
        RankFreeDescent.Fit w = new RankFreeDescent(s).fit(wild.train(), wild.validation(), rng.split());
        checkFinite(w, 5, 8);
        assertThat(w.report().finalLoss()).isFinite();
        // a single observed column
        int[] zeros = new int[n], index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        Split oneItem = Split.random(SparseRatings.of(n, 1, index, zeros, v), 0.2, 0.2, rng);
        checkFinite(new RankFreeDescent(fast()).fit(oneItem.train(), oneItem.validation(), rng.split()), n, 1);
    }

    private static void checkFinite(Completion c, int rows, int columns) {
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) assertThat(c.predict(i, j)).isFinite();
    }
}
