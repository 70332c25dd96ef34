package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.cli.Main;
import org.irlab.completion.Errors;
import org.irlab.completion.FitProgress;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.Datasets;
import org.irlab.data.DebianPackages;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.experiment.Json;
import org.irlab.problem.CompletionTerm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The rank-free method on Spark (local[2]) against the same method in this JVM on MovieLens-small, same split: the
 * test RMSE agrees within 1e-3 (the descents see the same gradient bits, so it agrees far closer), and {@code irlab
 * complete fit --engine spark} writes the model the local engine writes (refit included), with the engine's statistics
 * in model.json. A search rank of 20 and one descent keep it short; the method is otherwise the default. Needs the MovieLens-small
 * Debian package (skip with -Dirlab.skipRealData=true).
 */
class SparkCompletionFitTest {
    static final int SEARCH_RANK = 20;
    static Path ratings;

    @BeforeAll static void data() throws IOException {
        Assumptions.assumeFalse(Boolean.getBoolean("irlab.skipRealData"), "irlab.skipRealData is set");
        try {
            ratings = Datasets.ensure(Datasets.Dataset.MOVIELENS_SMALL, Path.of("target", "test-data"));
        } catch (DebianPackages.FetchException e) {
            fail("cannot fetch MovieLens-small (run 'apt-get update'): " + e.getMessage());
        }
    }

    @Test void theDistributedFitMakesTheLocalChoicesOnTheSameSplit() throws IOException {
        SparseRatings all = RatingsCsv.read(ratings, DuplicatePolicy.ERROR, InvalidPolicy.ERROR).ratings();
        Split split = Split.random(all, 0.2, 0.1, new SplittableRandom(1));
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(SEARCH_RANK)
                .withMembers(1);
        // MovieLens-small has more items than users: both run the descents on the transpose
        assertThat(all.columns()).isGreaterThan(all.rows());
        RankFreeDescent.Fit local = new RankFreeDescent(settings, FitProgress.NONE,
                RankFreeDescent.Engine.localLargerSideAsRows(CompletionTerm.LOCAL, RankFreeDescent.Draws.PER_ROW))
                .fit(split.train(), split.validation(), new SplittableRandom(2));
        RankFreeDescent.Fit spark;
        try (SparkFitEngine engine = new SparkFitEngine(SparkSessions.open("IRLab test", "local[2]", 2), true)) {
            spark = new RankFreeDescent(settings, FitProgress.NONE, engine.descents()).fit(split.train(),
                    split.validation(), new SplittableRandom(2));
            assertThat(((Number) ((java.util.Map<?, ?>) engine.statistics().get("gradient")).get("count")).longValue())
                    .isGreaterThanOrEqualTo(spark.report().iterations());
            assertSameChoices(local, spark, split); // while the engine holds the distributed fit's factors
        }
        assertThat(Errors.of(local, split.test(), split.train().min(), split.train().max()).rmse()).isLessThan(0.95);
    }

    /**
     * The same α grid (points tried, best steps, stops), the same early-stopping step per member, and a test RMSE
     * within 1e-9 of the local one (the descents differ only in the rounding of sums over blocks).
     */
    static void assertSameChoices(RankFreeDescent.Fit local, RankFreeDescent.Fit spark, Split split) {
        RankFreeDescent.Report a = local.report(), b = spark.report();
        assertThat(b.initScale()).isEqualTo(a.initScale());
        assertThat(b.bestIteration()).isEqualTo(a.bestIteration());
        assertThat(b.iterations()).isEqualTo(a.iterations());
        assertThat(b.stopped()).isEqualTo(a.stopped());
        assertThat(b.memberBestIterations()).containsExactly(a.memberBestIterations());
        assertThat(b.grid()).hasSameSizeAs(a.grid());
        for (int k = 0; k < a.grid().size(); k++) {
            assertThat(b.grid().get(k).skipped()).isEqualTo(a.grid().get(k).skipped());
            assertThat(b.grid().get(k).bestIteration()).isEqualTo(a.grid().get(k).bestIteration());
            assertThat(b.grid().get(k).stopped()).isEqualTo(a.grid().get(k).stopped());
        }
        assertThat(b.rejectedChunks()).isEqualTo(a.rejectedChunks());
        double low = split.train().min(), high = split.train().max();
        double rmseLocal = Errors.of(local, split.test(), low, high).rmse();
        double rmseSpark = Errors.of(spark.gathered(), split.test(), low, high).rmse();
        System.out.printf("distributed fit: test RMSE local %.12f, spark %.12f, difference %.3e%n", rmseLocal, rmseSpark,
                rmseSpark - rmseLocal);
        assertThat(rmseSpark).isCloseTo(rmseLocal, within(1e-9));
        assertSameSpectrum(local, spark);
    }

    /**
     * The spectrum of the distributed model (TSQR over the blocks: each block's R, combined along a fixed tree)
     * equals the dense QR route's on the same factors gathered within 1e-12·σ₁, and the local fit's within 1e-8·σ₁
     * (the two fits differ by the rounding of sums over blocks: factors to about 1e-10); the winner's imbalance
     * ‖XᵀX − YᵀY‖ (Grams reduced over the blocks) the local one's within 1e-8 relative.
     */
    static void assertSameSpectrum(RankFreeDescent.Fit local, RankFreeDescent.Fit spark) {
        RankFreeDescent.Report a = local.report(), b = spark.report();
        double[] sa = a.singularValues(), sb = b.singularValues();
        org.irlab.completion.LowRankCompletion m = spark.model().gathered();
        int p = m.rank(), n1 = m.left().length / p, n2 = m.right().length / p;
        double[] dense = org.irlab.problem.FactorSpectrum.singularValues(
                org.irlab.linalg.Householder.triangular(m.left(), n1, p), Math.min(n1, p),
                org.irlab.linalg.Householder.triangular(m.right(), n2, p), Math.min(n2, p), p);
        assertThat(sb).hasSameSizeAs(sa).hasSameSizeAs(dense);
        assertThat(sa[0]).isPositive();
        for (int t = 0; t < sa.length; t++) {
            assertThat(sb[t]).as("σ%d against the dense route", t + 1).isCloseTo(dense[t], within(1e-12 * dense[0]));
            assertThat(sb[t]).as("σ%d against the local fit", t + 1).isCloseTo(sa[t], within(1e-8 * sa[0]));
        }
        assertThat(a.imbalance()).isPositive();
        assertThat(b.imbalance()).isCloseTo(a.imbalance(), within(1e-8 * a.imbalance()));
    }

    /** The command on a small generated table (rank 3 + noise, 120 users × 80 items, 40% seen), refit included. */
    @Test void completeFitWithTheSparkEngineWritesTheLocalModel(@TempDir Path dir) throws IOException {
        Path onSpark = dir.resolve("spark"), here = dir.resolve("local"), table = dir.resolve("ratings.csv");
        SplittableRandom rng = new SplittableRandom(9);
        double[] users = new double[120 * 3], items = new double[80 * 3];
        for (int k = 0; k < users.length; k++) users[k] = rng.nextGaussian();
        for (int k = 0; k < items.length; k++) items[k] = rng.nextGaussian();
        StringBuilder csv = new StringBuilder("userId,itemId,rating\n");
        for (int u = 0; u < 120; u++) {
            for (int i = 0; i < 80; i++) {
                if (rng.nextDouble() >= 0.4) continue;
                double v = 3 + 0.1 * rng.nextGaussian();
                for (int q = 0; q < 3; q++) v += 0.4 * users[3 * u + q] * items[3 * i + q];
                csv.append("u").append(u).append(",i").append(i).append(',')
                        .append(Math.round(Math.max(1, Math.min(5, v)) * 2) / 2.0).append('\n');
            }
        }
        Files.writeString(table, csv);
        String[] common = {"complete", "fit", table.toString(), "--search-rank", Integer.toString(SEARCH_RANK),
                "--members", "1", "--quiet"};
        assertThat(irlab(common, "--model", here.toString())).isZero();
        assertThat(irlab(common, "--model", onSpark.toString(), "--engine", "spark", "--master", "local[2]")).isZero();
        JsonNode a = Json.MAPPER.readTree(here.resolve("model.json").toFile());
        JsonNode b = Json.MAPPER.readTree(onSpark.resolve("model.json").toFile());
        // the command's local fit draws its starts from one stream per descent, the distributed one row by row
        // (RankFreeDescent.Draws): another random start, so the same method, not the same bits (those are tested above
        // with the local engine drawing row by row too)
        assertThat(b.get("chosen").get("searchRank")).isEqualTo(a.get("chosen").get("searchRank"));
        assertThat(b.get("chosen").get("stoppedAt").asInt()).isPositive();
        assertThat(b.get("validation").get("rmse").asDouble()).isCloseTo(a.get("validation").get("rmse").asDouble(),
                within(0.02));
        assertThat(b.get("settings").get("refit").asBoolean()).isTrue();
        JsonNode statistics = b.get("engine").get("statistics");
        assertThat(b.get("engine").get("name").asText()).isEqualTo("spark");
        assertThat(statistics.get("gradient").get("count").asLong()).isPositive();
        assertThat(statistics.get("master").asText()).isEqualTo("local[2]");
        // the model went from the blocks into the files: no factor row of the blocks' side was gathered to the driver
        assertThat(statistics.get("factorRowsGathered").asLong()).isZero();
        // per gradient the blocks receive Y (n2 × r') and hand back Y-sized partials: nothing of X's size
        JsonNode gradient = statistics.get("gradient");
        long itemFactorBytes = 8L * org.irlab.data.Npy.read(onSpark.resolve("item_factors.npy")).values().length;
        assertThat(gradient.get("bytesBroadcast").asLong()).isEqualTo(gradient.get("count").asLong() * itemFactorBytes);
        // the factors NumPy reads: the shapes of the local model's
        assertThat(org.irlab.data.Npy.read(onSpark.resolve("user_factors.npy")).values())
                .hasSameSizeAs(org.irlab.data.Npy.read(here.resolve("user_factors.npy")).values());
    }

    /**
     * The spark route end to end — read, keyed split, centring, σ̂, descents, refit on the executors — writes the
     * model that the same method fitted in this JVM on the same split (Split.keyed with the command's split seed, starts
     * drawn row by row) makes: factors and biases to 1e-9, the same λ, α and stop, the same validation errors.
     */
    @Test void theSparkRouteWritesTheModelOfTheLocalFitOnTheKeyedSplit(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("ratings.csv"), onSpark = dir.resolve("spark");
        Files.writeString(table, DistributedRatingsTest.table(70, 30, 4, ",", true, false, 0, 0));
        assertThat(irlab(new String[] {"complete", "fit", table.toString(), "--search-rank", "5", "--members", "2",
                "--quiet", "--seed", "3"}, "--model", onSpark.toString(), "--engine", "spark", "--master", "local[2]"))
                .isZero();
        SparseRatings all = RatingsCsv.read(table, DuplicatePolicy.ERROR, InvalidPolicy.ERROR).ratings();
        SplittableRandom root = new SplittableRandom(3), splitRng = root.split(), rng = null;
        for (String name : org.irlab.experiment.CompletionMethods.names()) {
            SplittableRandom r = root.split();
            if (name.equals("irlab")) rng = r;
        }
        Split keyed = Split.keyed(all, 0.1, splitRng.nextLong());
        RankFreeDescent method = new RankFreeDescent(RankFreeDescent.Settings.defaults().withSearchRank(5)
                .withMembers(2), FitProgress.NONE, RankFreeDescent.Engine.local(CompletionTerm.LOCAL,
                RankFreeDescent.Draws.PER_ROW));
        org.irlab.completion.FitRatings here = org.irlab.completion.FitRatings.of(keyed.train(), keyed.validation());
        org.irlab.model.Fitting.Outcome local = org.irlab.model.Fitting.fit(method, here, here.all(), true, rng,
                org.irlab.model.Fitting.Listener.NONE);
        org.irlab.model.Factors expected = org.irlab.model.Factors.of(local.model());
        JsonNode json = Json.MAPPER.readTree(onSpark.resolve("model.json").toFile());
        assertThat(json.get("fit").get("validationEntries").asInt()).isEqualTo(keyed.validation().size());
        assertThat(json.get("validation").get("rmse").asDouble()).isCloseTo(local.validation().rmse(), within(1e-9));
        assertThat(json.get("validation").get("mae").asDouble()).isCloseTo(local.validation().mae(), within(1e-9));
        assertThat(json.get("mean").asDouble()).isCloseTo(expected.mean(), within(1e-12));
        close(org.irlab.data.Npy.read(onSpark.resolve("user_factors.npy")).values(), expected.left(), 1e-9);
        close(org.irlab.data.Npy.read(onSpark.resolve("item_factors.npy")).values(), expected.right(), 1e-9);
        close(org.irlab.data.Npy.read(onSpark.resolve("user_bias.npy")).values(), expected.rowBias(), 1e-12);
        close(org.irlab.data.Npy.read(onSpark.resolve("item_bias.npy")).values(), expected.columnBias(), 1e-12);
        double[] indptr = org.irlab.data.Npy.read(onSpark.resolve("seen_indptr.npy")).values();
        for (int u = 0; u <= all.rows(); u++) assertThat(indptr[u]).isEqualTo(all.rowStart()[u]);
        double[] seen = org.irlab.data.Npy.read(onSpark.resolve("seen_items.npy")).values();
        for (int k = 0; k < all.size(); k++) assertThat(seen[k]).isEqualTo(all.entryColumn()[k]);
    }

    /**
     * {@code complete fit --like-spark} in this JVM and {@code complete fit --engine spark} write the same model (factors
     * and biases to 1e-9, the same choices, the same predictions) on a table with more users than items and on one
     * with more items than users, where both run the descents on the transpose: the model is still users × items and
     * the factor broadcast per pass is the users' (n₁ × r').
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} users × {1} items")
    @org.junit.jupiter.params.provider.CsvSource({"70, 30", "30, 70"})
    void likeSparkFitsHereTheModelTheSparkEngineFits(int users, int items, @TempDir Path dir) throws IOException {
        Path table = dir.resolve("ratings.csv"), here = dir.resolve("here"), there = dir.resolve("there");
        Files.writeString(table, DistributedRatingsTest.table(users, items, 4, ",", true, false, 0, 0));
        String[] common = {"complete", "fit", table.toString(), "--search-rank", "5", "--members", "2", "--quiet",
                "--seed", "3"};
        assertThat(irlab(common, "--model", here.toString(), "--like-spark")).isZero();
        assertThat(irlab(common, "--model", there.toString(), "--engine", "spark", "--master", "local[2]")).isZero();
        for (String f : new String[] {"user_factors.npy", "item_factors.npy", "user_bias.npy", "item_bias.npy"}) {
            close(org.irlab.data.Npy.read(there.resolve(f)).values(), org.irlab.data.Npy.read(here.resolve(f)).values(),
                    1e-9);
        }
        assertThat(org.irlab.data.Npy.read(there.resolve("user_factors.npy")).shape()[0]).isEqualTo(users);
        assertThat(org.irlab.data.Npy.read(there.resolve("item_factors.npy")).shape()[0]).isEqualTo(items);
        JsonNode a = Json.MAPPER.readTree(here.resolve("model.json").toFile());
        JsonNode b = Json.MAPPER.readTree(there.resolve("model.json").toFile());
        for (String k : new String[] {"searchRank", "stoppedAt", "initScale"}) {
            assertThat(b.get("chosen").get(k)).as(k).isEqualTo(a.get("chosen").get(k));
        }
        assertThat(b.get("validation").get("rmse").asDouble()).isCloseTo(a.get("validation").get("rmse").asDouble(),
                within(1e-9));
        assertThat(a.get("settings").get("likeSpark").asBoolean()).isTrue();
        JsonNode gradient = b.get("engine").get("statistics").get("gradient");
        assertThat(gradient.get("bytesBroadcast").asLong())
                .isEqualTo(gradient.get("count").asLong() * 8L * Math.min(users, items) * 5);
        // predict reads both models the same way
        Path pairs = dir.resolve("pairs.csv");
        Files.writeString(pairs, "userId,itemId\nuser0,item1\nuser3,item" + (items - 1) + "\nuser" + (users - 1)
                + ",item0\n");
        String[] predicted = new String[2];
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("p" + k + ".csv");
            assertThat(irlab(new String[] {"complete", "predict", pairs.toString(), "--out", out.toString()},
                    "--model", (k == 0 ? here : there).toString())).isZero();
            predicted[k] = Files.readString(out);
        }
        List<String> x = predicted[0].lines().toList(), y = predicted[1].lines().toList();
        assertThat(y).hasSize(4).hasSameSizeAs(x);
        for (int k = 1; k < x.size(); k++) {
            String[] p = x.get(k).split(","), q = y.get(k).split(",");
            assertThat(q[0] + q[1]).isEqualTo(p[0] + p[1]);
            assertThat(Double.parseDouble(q[2])).isCloseTo(Double.parseDouble(p[2]), within(1e-9));
        }
    }

    private static void close(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < actual.length; k++) assertThat(actual[k]).isCloseTo(expected[k], within(tolerance));
    }

    /** The ratings are read on the executors: a malformed line exits 2 naming the first one, as the local reader. */
    @Test void aMalformedLineIsNamedWithExitCode2(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("ratings.csv");
        Files.writeString(table, "userId,movieId,rating\nu1,i1,4\nu2,i2\nu3,i3,2\nu4,i4,x,5\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cli.execute("complete", "fit", table.toString(), "--model", dir.resolve("m").toString(), "--engine",
                "spark", "--master", "local[2]", "--quiet");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ratings.csv: line 3: expected 3 fields")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("m").resolve("model.json")).doesNotExist();
    }

    private static int irlab(String[] common, String... more) {
        return HadoopInputTest.run(common, more).code();
    }
}
