package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
        LowRankCompletion c = new RankFreeDescent(fast()).fit(split.train(), split.validation(),
                new SplittableRandom(seed + 10));
        // r' = min(n₁, n₂, 500): no rank was given; the model averages three descents of that width
        assertThat(c.hyperParameters().get("searchRank")).isEqualTo(Math.min(rows, columns));
        assertThat(c.hyperParameters().get("members")).isEqualTo(3);
        assertThat(c.rank()).isEqualTo(3 * Math.min(rows, columns));
        double test = Errors.of(c, split.test()).rmse();
        // the noise level is the floor; an over-fitted or under-fitted model is far above it (the scale is √3)
        assertThat(test).as("held-out RMSE").isLessThan(1.5 * noise);
        assertThat(truth[0].rmseEverywhere(c) / truth[0].scale()).isLessThan(0.08);
        Map<String, Object> d = c.diagnostics();
        assertThat((Double) d.get("effectiveRank")).isBetween(2.0, 4.5);
        assertThat(((Map<?, ?>) d.get("ranksAboveRelativeThreshold")).get("0.1")).isEqualTo(3);
        assertThat((List<?>) d.get("singularValues")).hasSizeGreaterThan(3);
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
        LowRankCompletion single = new RankFreeDescent(settings.withMembers(1)).fit(split.train(), split.validation(),
                new SplittableRandom(8));
        LowRankCompletion average = new RankFreeDescent(settings.withMembers(3)).fit(split.train(),
                split.validation(), new SplittableRandom(8));
        int r = single.rank(), n1 = split.train().rows(), n2 = split.train().columns();
        assertThat(average.rank()).isEqualTo(3 * r);
        double[] one = single.left(), three = average.left(), threeRight = average.right();
        double root3 = Math.sqrt(3);
        for (int i = 0; i < n1; i++) {
            for (int a = 0; a < r; a++) {
                assertThat(three[i * 3 * r + a] * root3).isCloseTo(one[i * r + a],
                        org.assertj.core.api.Assertions.within(1e-15 * (1 + Math.abs(one[i * r + a]))));
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
                    org.assertj.core.api.Assertions.within(1e-12));
        }
        Map<String, Object> d = average.diagnostics();
        assertThat((List<?>) d.get("memberValidationRmse")).hasSize(3);
        double low = split.train().min(), high = split.train().max();
        assertThat((Double) d.get("validationRmse")).isCloseTo(Errors.of(average, split.validation(), low, high).rmse(),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat((Double) single.diagnostics().get("validationRmse")).isEqualTo(
                ((List<?>) d.get("memberValidationRmse")).get(0));
    }

    /** Members beyond the factor budget are dropped: one at MovieLens-20M's shape, three at MovieLens-small's. */
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
            LowRankCompletion one = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            Parallel.setThreads(2);
            LowRankCompletion two = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            LowRankCompletion again = model.fit(split.train(), split.validation(), new SplittableRandom(4));
            assertThat(two.left()).containsExactly(one.left());
            assertThat(two.right()).containsExactly(one.right());
            assertThat(again.left()).containsExactly(one.left());
            assertThat(two.diagnostics().get("validationCurve")).isEqualTo(one.diagnostics().get("validationCurve"));
            LowRankCompletion other = model.fit(split.train(), split.validation(), new SplittableRandom(5));
            assertThat(other.left()).isNotEqualTo(one.left());
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Noisy data: validation RMSE turns up, the run stops later and returns the iterate of least validation RMSE. */
    @Test void earlyStoppingReturnsTheBestValidationIterate() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(5, 60, 70, 1.0, truth);
        // one descent: its curve and its returned iterate (an average's validation RMSE is its own, see above)
        LowRankCompletion c = new RankFreeDescent(fast().withInitScales(0.03).withMembers(1)).fit(split.train(),
                split.validation(), new SplittableRandom(6));
        Map<String, Object> d = c.diagnostics();
        int best = (Integer) d.get("bestIteration"), last = (Integer) d.get("iterations");
        assertThat(d.get("stopped")).isEqualTo("early-stopping");
        assertThat(best).isPositive().isLessThan(last);
        double minimum = Double.POSITIVE_INFINITY;
        int argmin = -1;
        for (Object o : (List<?>) d.get("validationCurve")) {
            Map<?, ?> p = (Map<?, ?>) o;
            double v = (Double) p.get("validationRmse");
            if (v < minimum) { minimum = v; argmin = (Integer) p.get("iteration"); }
        }
        assertThat(argmin).isEqualTo(best);
        assertThat((Double) d.get("validationRmse")).isEqualTo(minimum);
        // the returned completion is that iterate: scoring it afresh (clipped as the model scores) gives the same RMSE
        double again = Errors.of(c, split.validation(), split.train().min(), split.train().max()).rmse();
        assertThat(again).isCloseTo(minimum, org.assertj.core.data.Offset.offset(1e-12));
        // and the last iterate of the curve is worse
        List<?> curve = (List<?>) d.get("validationCurve");
        assertThat((Double) ((Map<?, ?>) curve.get(curve.size() - 1)).get("validationRmse")).isGreaterThan(minimum);
    }

    /** The step-size safeguard: the loss at chunk starts never increases, even with c near 2. */
    @Test void lossAtChunkBoundariesNeverIncreases() {
        Synthetic[] truth = new Synthetic[1];
        Split split = synthetic(7, 60, 50, 0.2, truth);
        RankFreeDescent.Settings s = fast().withInitScales(0.1).withStepFraction(1.95).withPatience(400, 1);
        LowRankCompletion c = new RankFreeDescent(s).fit(split.train(), split.validation(), new SplittableRandom(8));
        double previous = Double.POSITIVE_INFINITY;
        List<?> curve = (List<?>) c.diagnostics().get("validationCurve");
        for (Object o : curve) {
            Map<?, ?> p = (Map<?, ?>) o;
            if ((Integer) p.get("iteration") % s.chunk() != 0) continue;
            double loss = (Double) p.get("loss");
            assertThat(loss).isFinite().isLessThanOrEqualTo(previous);
            previous = loss;
        }
        double start = (Double) ((Map<?, ?>) curve.get(0)).get("validationRmse");
        assertThat((Double) c.diagnostics().get("validationRmse")).isLessThan(start);
    }

    @Test void ipgdFromZeroEscapesTheSaddleAndRecovers() {
        Synthetic[] truth = new Synthetic[1];
        double noise = 0.1;
        Split split = synthetic(9, 100, 90, noise, truth);
        RankFreeDescent.Settings s = fast().withStart(RankFreeDescent.Start.IPGD_ZERO);
        LowRankCompletion c = new RankFreeDescent(s).fit(split.train(), split.validation(), new SplittableRandom(2));
        Map<String, Object> d = c.diagnostics();
        assertThat(d.get("ipgdStatus")).isEqualTo("iteration-limit"); // escaped: the test did not return z
        assertThat((Integer) d.get("ipgdPerturbations")).isEqualTo(1);
        // from exactly zero the directions are learned one at a time: the fit is exactly rank 3 …
        List<?> sv = (List<?>) d.get("singularValues");
        assertThat((Double) sv.get(3) / (Double) sv.get(0)).isLessThan(1e-6);
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
        LowRankCompletion c = new RankFreeDescent(s).fit(split.train(), split.validation(), new SplittableRandom(3));
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
        LowRankCompletion c = new RankFreeDescent(fast()).fit(flat.train(), flat.validation(), rng.split());
        checkFinite(c, 5, 8);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 8; j++) assertThat(c.predict(i, j)).isEqualTo(3.5);
        assertThat(c.diagnostics().get("stopped")).isEqualTo("zero-curvature");
        // huge values with joint biases and no centring: the safeguard keeps every chunk from diverging
        double[] huge = new double[n];
        for (int k = 0; k < n; k++) huge[k] = 1e6 * (1 + rng.nextDouble()) * (k % 3 == 0 ? -1 : 1);
        Split wild = Split.random(SparseRatings.of(5, 8, rows, cols, huge), 0.2, 0.2, rng);
        RankFreeDescent.Settings s = fast().withCentering(Centering.NONE).withJointBiases(true).withStepFraction(1.99);
        LowRankCompletion w = new RankFreeDescent(s).fit(wild.train(), wild.validation(), rng.split());
        checkFinite(w, 5, 8);
        assertThat((Double) w.diagnostics().get("finalLoss")).isFinite();
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
