package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkException;
import org.irlab.completion.FactorRows;
import org.irlab.completion.FitProgress;
import org.irlab.completion.FitRatings;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.experiment.RunDirectory;
import org.irlab.model.Factors;
import org.irlab.model.Model;
import org.irlab.model.ModelContents;
import org.irlab.model.ModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A distributed fit's model is written from where it lives — the blocks' factor rows and seen entries streamed block by
 * block, the driver holding one block at a time — byte for byte as the same fit gathered whole on the driver and
 * written as before (ModelDirectoryBytesTest pins that writer's bytes); on tables with more users than items and more
 * items than users (the blocks then hold the items), cut into 1 or 3 blocks.
 */
class SparkModelWriteTest {
    static SparkFitEngine engine;

    @BeforeAll static void open() {
        engine = new SparkFitEngine(SparkSessions.open("IRLab test", "local[2]", 2), true);
    }

    @AfterAll static void close() {
        if (engine != null) engine.close();
    }

    @ParameterizedTest(name = "{0} users × {1} items, {2} blocks")
    @CsvSource({"90, 35, 3", "35, 90, 3", "40, 25, 1"})
    void theStreamedModelIsTheGatheredModelByteForByte(int users, int items, int blocks, @TempDir Path dir)
            throws IOException {
        SparseRatings all = DistributedDescentsTest.table(users, items, users * 7L + items);
        Split s = Split.random(all, 0.1, 0.15, new SplittableRandom(blocks));
        DistributedRatings there = DistributedRatings.of(engine.spark(), s.train(), s.validation(), blocks,
                new SparkStatistics());
        System.setProperty("irlab.spark.blocks", Integer.toString(blocks));
        try {
            RankFreeDescent method = new RankFreeDescent(RankFreeDescent.Settings.defaults().withSearchRank(4)
                    .withMembers(2), FitProgress.NONE, engine.descents());
            RankFreeDescent.Fit fit = method.fit(there, new SplittableRandom(3));
            ModelContents.Plane plane = ModelContents.Plane.of(fit);
            // the blocks' side stays in the executors: the users' when users ≥ items, else the items'
            FactorRows blocksSide = users >= items ? plane.left() : plane.right();
            long rowsBefore = (Long) engine.statistics().get("factorRowsGathered");
            assertThat(blocksSide.held()).isNull();
            assertThat((users >= items ? plane.right() : plane.left()).held()).isNotNull();
            assertThat(plane.rank()).isEqualTo(2 * 4);
            // nothing predicts from rows it does not hold: gather first
            assertThatThrownBy(() -> fit.predict(0, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gather");

            ObjectNode info = JsonNodeFactory.instance.objectNode();
            info.putObject("input").put("sha256", "0123");
            String[] userIds = ids("user", users), itemIds = ids("item", items);
            double low = s.train().min(), high = s.train().max();
            Path streamed = dir.resolve("streamed"), gathered = dir.resolve("gathered");
            try (RunDirectory d = RunDirectory.open(streamed, ModelDirectory.FILES)) {
                ModelDirectory.write(new ModelContents(Model.Kind.RATINGS, "irlab", List.of(plane), userIds, itemIds,
                        SparkFitEngine.seen(there), null, low, high, info), d);
            }
            assertThat((Long) engine.statistics().get("factorRowsGathered")).as("streamed, not gathered")
                    .isEqualTo(rowsBefore);
            // as before: the factors gathered (Factors.of), the entries of the table here
            SparseRatings seen = ((org.irlab.completion.LocalRatings) FitRatings.of(s.train(), s.validation()).all()).train();
            try (RunDirectory d = RunDirectory.open(gathered, ModelDirectory.FILES)) {
                ModelDirectory.write(new Model(Model.Kind.RATINGS, "irlab", List.of(Factors.of(fit)), userIds, itemIds,
                        seen.rowStart(), seen.entryColumn(), null, low, high, info), d);
            }
            List<String> names = new ArrayList<>();
            try (var files = Files.list(gathered)) {
                for (Path f : files.toList()) names.add(f.getFileName().toString());
            }
            assertThat(names).contains("model.json", "user_factors.npy", "item_factors.npy", "seen_items.npy");
            for (String name : names) {
                assertThat(Files.readAllBytes(streamed.resolve(name))).as(name)
                        .isEqualTo(Files.readAllBytes(gathered.resolve(name)));
            }
            // and it reads back as a model that predicts what the gathered fit predicts
            Model read = ModelDirectory.read(streamed);
            RankFreeDescent.Fit here = fit.gathered();
            for (int k = 0; k < s.validation().size(); k++) {
                int u = s.validation().entryRow()[k], i = s.validation().entryColumn()[k];
                assertThat(read.planes().get(0).predict(u, i)).isEqualTo(here.predict(u, i));
            }
            // released, the blocks' rows are gone: Spark's job fails on the missing checkpoint block
            blocksSide.release();
            Throwable thrown = quietly(() -> catchThrowable(blocksSide::gather));
            assertThat(Stream.iterate(thrown, Objects::nonNull, Throwable::getCause)).as("%s", thrown)
                    .anySatisfy(t -> assertThat(t).isInstanceOf(SparkException.class)
                            .hasMessageContaining("CHECKPOINT_RDD_BLOCK_ID_NOT_FOUND"));
        } finally {
            System.clearProperty("irlab.spark.blocks");
            there.release();
        }
    }

    /**
     * {@code action} with Spark's executor and scheduler loggers off (an expected failed task: no ERROR and stack trace
     * in the build's output), their levels restored once no task runs (the aborted stage's other tasks are logged as
     * lost after the job has failed).
     */
    private static <T> T quietly(java.util.function.Supplier<T> action) {
        Map<String, Level> before = new LinkedHashMap<>(), off = new LinkedHashMap<>();
        for (String name : List.of("org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager")) {
            before.put(name, LogManager.getLogger(name).getLevel());
            off.put(name, Level.OFF);
        }
        Configurator.setLevel(off);
        try {
            return action.get();
        } finally {
            org.apache.spark.SparkStatusTracker tracker = engine.spark().sc().statusTracker();
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until && java.util.Arrays.stream(tracker.getExecutorInfos())
                    .anyMatch(e -> e.numRunningTasks() > 0)) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Configurator.setLevel(before);
        }
    }

    private static String[] ids(String prefix, int n) {
        String[] out = new String[n];
        for (int k = 0; k < n; k++) out[k] = prefix + k;
        return out;
    }
}
