package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.irlab.completion.SparseRatings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Tuple2;

/**
 * The fixed-tree sum refuses what would silently drop or double a block's share (a null partial, a block added twice,
 * a total missing a block), never writes a block's own partial, and a pass's reduction read again — the same RDD
 * evaluated twice, or a task that fails on its first attempt and is retried (local[2, 2]) — gives the same bits.
 */
class TreeSumTest {
    static SparkSession session;
    static JavaSparkContext spark;

    @BeforeAll static void open() {
        session = SparkSessions.open("IRLab test", "local[2,2]", 2); // two attempts per task
        spark = JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    @AfterAll static void close() {
        if (session != null) session.stop();
    }

    private static TreeSum.Partial leaf(double v) {
        return new TreeSum.Partial(new double[] {v}, new double[] {v, 2 * v});
    }

    @Test void aNullPartialIsRefused() {
        assertThatThrownBy(() -> TreeSum.partials().add(3, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("block 3");
    }

    @Test void aBlockAddedTwiceIsRefused() {
        assertThatThrownBy(() -> TreeSum.partials().add(0, leaf(1)).add(0, leaf(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        // once its sibling has joined it, the second copy meets the sum of the pair at the level above
        assertThatThrownBy(() -> TreeSum.partials().add(0, leaf(1)).add(1, leaf(2)).add(0, leaf(1)).add(1, leaf(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        // a copy whose sibling never comes: seen at the total
        TreeSum<TreeSum.Partial> s = TreeSum.partials().add(0, leaf(1)).add(1, leaf(2)).add(0, leaf(1)).add(2, leaf(3));
        assertThatThrownBy(() -> s.total(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        // across two partial sums
        TreeSum<TreeSum.Partial> a = TreeSum.partials().add(0, leaf(1)).add(1, leaf(2)), b = TreeSum.partials().add(1, leaf(2)).add(0, leaf(1));
        assertThatThrownBy(() -> TreeSum.merge(a, b)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 2, 5, 8, 13})
    void aTotalMissingABlockIsRefused(int count) {
        for (int missing = 0; missing < count; missing++) {
            TreeSum<TreeSum.Partial> s = TreeSum.partials();
            for (int b = 0; b < count; b++) if (b != missing) s.add(b, leaf(b));
            int m = missing;
            assertThatThrownBy(() -> s.total(count)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing").hasMessageContaining(m + "…");
        }
        TreeSum<TreeSum.Partial> all = TreeSum.partials();
        for (int b = 0; b < count; b++) all.add(b, leaf(b));
        assertThat(all.total(count).scalars()[0]).isEqualTo(count * (count - 1) / 2.0);
        assertThatThrownBy(() -> all.total(count - 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("past");
        assertThatThrownBy(() -> all.total(count + 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing");
    }

    @Test void theBlocksPartialsAreNotWritten() {
        List<TreeSum.Partial> leaves = new ArrayList<>();
        TreeSum<TreeSum.Partial> s = TreeSum.partials();
        for (int b = 0; b < 7; b++) {
            leaves.add(leaf(b + 1));
            s.add(b, leaves.get(b));
        }
        assertThat(s.total(7).y()).containsExactly(28, 56);
        for (int b = 0; b < 7; b++) assertThat(leaves.get(b).y()).containsExactly(b + 1, 2 * (b + 1));
    }

    /** One pass of the descents over real blocks: f and ∇f at a drawn point, the partials kept in the new blocks. */
    private static JavaRDD<UserBlock> passed(int blocks) {
        SparseRatings t = DistributedDescentsTest.table(120, 30, 9);
        int r = 3;
        List<UserBlock> cut = UserBlocks.cut(t, null, r, 1.0 / t.size(), blocks);
        double[] y = new double[30 * r];
        for (int j = 0; j < 30; j++) org.irlab.linalg.Randoms.gaussianRow(5, 120 + j, 0.5, y, j * r, r);
        List<UserBlock.Op> ops = List.of(new UserBlock.Op(UserBlock.Kind.DRAW, 0, DistributedDescents.X, 0, 0.5, 5));
        JavaRDD<UserBlock> next = spark.parallelize(cut, cut.size()).map(b -> b.next(ops, UserBlock.Pass.GRADIENT,
                DistributedDescents.X, DistributedDescents.X, DistributedDescents.GRADIENT, -1, y, null));
        next.rdd().localCheckpoint();
        next.count();
        return next;
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {2, 13})
    void aPassReducedAgainGivesTheSameBits(int blocks) {
        JavaRDD<UserBlock> next = passed(blocks);
        TreeSum.Partial first = DistributedDescents.reduce(next, blocks), again = DistributedDescents.reduce(next, blocks);
        assertThat(again.scalars()).containsExactly(first.scalars());
        assertThat(again.y()).containsExactly(first.y());
        assertThat(first.scalars()[0]).isPositive();
        next.unpersist(false);
    }

    /** Each block's partial read by a task that fails on its first attempt after reading it; the retry reads it again. */
    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {2, 13})
    void aRetriedTaskGivesTheSameBits(int blocks) {
        JavaRDD<UserBlock> next = passed(blocks);
        TreeSum.Partial clean = DistributedDescents.reduce(next, blocks);
        JavaPairRDD<Integer, TreeSum.Partial> failingOnce = DistributedDescents.partials(next).mapToPair(p -> {
            if (TaskContext.get().attemptNumber() == 0 && p._1() == 1) throw new IllegalStateException("injected");
            return new Tuple2<>(p._1(), p._2());
        });
        TreeSum.Partial retried = TreeSum.of(failingOnce, blocks);
        assertThat(retried.scalars()).containsExactly(clean.scalars());
        assertThat(retried.y()).containsExactly(clean.y());
        next.unpersist(false);
    }
}
