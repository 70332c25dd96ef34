package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.completion.FitProgress;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.CompletionTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The descents with X in the executors (local[2]) against this JVM: the gradient and ∇²f·v of the distributed pass
 * equal the local objective's to rounding (X rows to the bit), the reduction over blocks gives the same bits in any
 * merge order, the driver holds only Y-sized vectors, and a whole fit makes the local method's choices on a table
 * with more users than items.
 */
class DistributedDescentsTest {
    static SparkFitEngine engine;

    @BeforeAll static void open() {
        engine = new SparkFitEngine(SparkSessions.open("IRLab test", "local[2]", 2), true);
    }

    @AfterAll static void close() {
        if (engine != null) engine.close();
    }

    /** A centred table: n1 users × n2 items, rank 3 + noise, about 30% seen. */
    static SparseRatings table(int n1, int n2, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = new double[n1 * 3], v = new double[n2 * 3];
        Randoms.gaussian(rng, 1.0, u);
        Randoms.gaussian(rng, 1.0, v);
        List<int[]> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                if (rng.nextDouble() >= 0.3) continue;
                double t = 3 + 0.1 * Randoms.gaussian(rng);
                for (int q = 0; q < 3; q++) t += 0.5 * u[3 * i + q] * v[3 * j + q];
                cells.add(new int[] {i, j});
                values.add(t);
            }
        }
        int[] row = new int[cells.size()], column = new int[cells.size()];
        double[] value = new double[cells.size()];
        for (int k = 0; k < row.length; k++) {
            row[k] = cells.get(k)[0];
            column[k] = cells.get(k)[1];
            value[k] = values.get(k);
        }
        return SparseRatings.of(n1, n2, row, column, value);
    }

    @ParameterizedTest(name = "{0} user blocks")
    @ValueSource(ints = {1, 3, 7, 200})
    void gradientAndHessianVectorAreTheLocalOnes(int blocks) throws IllegalAccessException {
        SparseRatings t = table(150, 23, 5 + blocks);
        int r = 4;
        RankFreeDescent model = new RankFreeDescent(RankFreeDescent.Settings.defaults());
        DistributedDescents d = new DistributedDescents(engine.spark(), model, t, r, null, blocks, new SparkStatistics());
        try {
            double f = d.evaluateDrawn(17, 0.3, 0.7);
            double[] x = d.collect(DistributedDescents.X), g = d.collect(DistributedDescents.GRADIENT);
            double[] v = d.collect(DistributedDescents.VECTOR), h = d.collect(DistributedDescents.PRODUCT);
            // x is the per-row draw the local descent makes
            double[] drawn = new double[x.length];
            for (int i = 0; i < 150; i++) Randoms.gaussianRow(17, i, 0.3, drawn, i * r, r);
            for (int j = 0; j < 23; j++) Randoms.gaussianRow(17, 150 + j, 0.7, drawn, (150 + j) * r, r);
            assertThat(x).containsExactly(drawn);
            CompletionObjective local = CompletionObjective.asymmetric(t.pattern(), t.values(), r, 1.0 / t.size());
            double[] gl = new double[x.length], hl = new double[x.length];
            double fl = local.valueAndGradient(x, gl);
            local.hessianVector(x, v, hl);
            assertThat(f).isCloseTo(fl, within(1e-13 * Math.abs(fl)));
            double gScale = maxAbs(gl), hScale = maxAbs(hl);
            for (int k = 0; k < x.length; k++) {
                if (k < 150 * r) { // the X rows: the local row pass, to the bit
                    assertThat(g[k]).isEqualTo(gl[k]);
                    assertThat(h[k]).isEqualTo(hl[k]);
                } else { // the Y rows: a sum over blocks, rounding only
                    assertThat(g[k]).isCloseTo(gl[k], within(1e-14 * gScale));
                    assertThat(h[k]).isCloseTo(hl[k], within(1e-14 * hScale));
                }
            }
            // the driver holds Y rows only: every vector it keeps is n2 × r', and nothing reachable from the descents'
            // driver-side object (Spark's handles aside) is an array the size of X (n1 × r' = 600 > n2 × r' = 92)
            assertThat(d.driverVectors()).isNotEmpty().allSatisfy(a -> assertThat(a).hasSize(23 * r));
            assertThat(largestArrayReachable(d)).isEqualTo(23 * r);
        } finally {
            d.close();
        }
    }

    /**
     * The longest double[] reachable from {@code root} through fields of IRLab's objects, collections, maps and
     * arrays, not entering Spark's objects (the RDD of blocks and the broadcasts live in the executors).
     */
    static int largestArrayReachable(Object root) throws IllegalAccessException {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>(List.of(root));
        int largest = 0;
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o)) continue;
            if (o instanceof double[] a) {
                largest = Math.max(largest, a.length);
            } else if (o instanceof Object[] a) {
                for (Object e : a) if (e != null) todo.push(e);
            } else if (o instanceof java.util.Collection<?> c) {
                for (Object e : c) if (e != null) todo.push(e);
            } else if (o instanceof java.util.Map<?, ?> m) {
                for (Object e : m.values()) if (e != null) todo.push(e);
            } else if (o.getClass().getName().startsWith("org.irlab.")) {
                for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
                    for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                        if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                        f.setAccessible(true);
                        Object v = f.get(o);
                        if (v != null) todo.push(v);
                    }
                }
            }
        }
        return largest;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test void theTreeSumIsTheSameBitsInAnyMergeOrder() {
        SplittableRandom rng = new SplittableRandom(3);
        int blocks = 13;
        double[][] parts = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            parts[b] = new double[5];
            for (int k = 0; k < 5; k++) parts[b][k] = Math.scalb(Randoms.gaussian(rng), rng.nextInt(-30, 30));
        }
        double[] reference = null;
        for (int trial = 0; trial < 20; trial++) {
            int[] order = new int[blocks];
            for (int b = 0; b < blocks; b++) order[b] = b;
            for (int b = blocks - 1; b > 0; b--) { int o = rng.nextInt(b + 1), s = order[b]; order[b] = order[o]; order[o] = s; }
            // a random split into partitions, each folded in its order, merged in a random order
            int cut = 1 + rng.nextInt(blocks - 1);
            TreeSum<TreeSum.Partial> a = TreeSum.partials(), b = TreeSum.partials();
            for (int k = 0; k < blocks; k++) {
                (k < cut ? a : b).add(order[k], new TreeSum.Partial(new double[] {parts[order[k]][0]},
                        parts[order[k]].clone()));
            }
            double[] total = (rng.nextBoolean() ? TreeSum.merge(a, b) : TreeSum.merge(b, a)).total(blocks).y();
            if (reference == null) reference = total;
            assertThat(total).containsExactly(reference);
        }
        double[] plain = new double[5];
        for (double[] p : parts) for (int k = 0; k < 5; k++) plain[k] += p[k];
        for (int k = 0; k < 5; k++) assertThat(reference[k]).isCloseTo(plain[k], within(1e-12 * Math.abs(plain[k]) + 1e-300));
    }

    /**
     * More users than items, as the design assumes: the same α, stop and test RMSE as the local method, with the
     * partials reduced by treeAggregate (2 blocks) or by aligned groups (13 blocks); with the step fraction c = 1.99
     * a chunk is rejected and rolled back, on both engines alike.
     */
    @ParameterizedTest(name = "{0} user blocks, c = {1}")
    @org.junit.jupiter.params.provider.CsvSource({"2, 0.75", "13, 0.75", "2, 1.99"})
    void aFitMakesTheLocalChoices(int blocks, double stepFraction) {
        SparseRatings all = table(400, 60, 21);
        Split split = Split.random(all, 0.2, 0.1, new SplittableRandom(1));
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(8).withMembers(2)
                .withStepFraction(stepFraction);
        RankFreeDescent.Fit local = new RankFreeDescent(settings, FitProgress.NONE,
                RankFreeDescent.Engine.local(CompletionTerm.LOCAL, RankFreeDescent.Draws.PER_ROW))
                .fit(split.train(), split.validation(), new SplittableRandom(2));
        RankFreeDescent.Fit spark = distributedFit(settings, split, blocks);
        SparkCompletionFitTest.assertSameChoices(local, spark, split);
        if (stepFraction > 1.9) assertThat(local.report().rejectedChunks()).isPositive(); // the roll-back ran
    }

    private static RankFreeDescent.Fit distributedFit(RankFreeDescent.Settings settings, Split split, int blocks) {
        System.setProperty("irlab.spark.blocks", Integer.toString(blocks));
        try {
            return new RankFreeDescent(settings, FitProgress.NONE, engine.descents())
                    .fit(split.train(), split.validation(), new SplittableRandom(2));
        } finally {
            System.clearProperty("irlab.spark.blocks");
        }
    }

    /**
     * What depends on the block count: the Y-side sums (f, ∇_Y f, (∇²f·v)_Y, the validation error) are grouped by
     * block, so their rounding follows the cut; the X rows do not. The fit makes the same choices and its test RMSE
     * agrees to 1e-12 with 1, 2 and 7 blocks.
     */
    @Test void theBlockCountMovesTheRoundingOnly() {
        SparseRatings all = table(400, 60, 21);
        Split split = Split.random(all, 0.2, 0.1, new SplittableRandom(1));
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(8).withMembers(2);
        RankFreeDescent.Fit one = distributedFit(settings, split, 1);
        double low = split.train().min(), high = split.train().max();
        double rmse = org.irlab.completion.Errors.of(one.gathered(), split.test(), low, high).rmse();
        for (int blocks : new int[] {2, 7}) {
            RankFreeDescent.Fit other = distributedFit(settings, split, blocks);
            assertThat(other.report().bestIteration()).isEqualTo(one.report().bestIteration());
            assertThat(other.report().memberBestIterations()).containsExactly(one.report().memberBestIterations());
            assertThat(org.irlab.completion.Errors.of(other.gathered(), split.test(), low, high).rmse())
                    .isCloseTo(rmse, within(1e-12));
        }
    }
}
