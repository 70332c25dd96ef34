package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.completion.AdditiveCompletion;
import org.irlab.completion.Biases;
import org.irlab.completion.Errors;
import org.irlab.completion.FitProgress;
import org.irlab.completion.FitRatings;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;
import org.irlab.data.RatingsLayout;
import org.irlab.problem.CompletionTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ratings read, split, centred and σ̂-estimated on the executors (local[2]) against the same steps in this JVM: the
 * reader gives the local reader's ids, entries and messages; the keyed split is {@link Split#keyed}'s on any number of
 * blocks; given the same split, the tuned biases, λ, σ̂ and the whole fit (choices, validation and test errors) equal
 * the local method's — to the bit with one block, to rounding with several.
 */
class DistributedRatingsTest {
    static SparkFitEngine engine;

    @BeforeAll static void open() {
        engine = new SparkFitEngine(SparkSessions.open("IRLab test", "local[2]", 2), true);
    }

    @AfterAll static void close() {
        if (engine != null) engine.close();
    }

    /** A ratings file: users × items, rank 2 + noise, ~30% seen, ids as strings in a shuffled line order. */
    static String table(int users, int items, long seed, String separator, boolean header, boolean times,
                        int repeats, int invalid) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = new double[users * 2], v = new double[items * 2];
        for (int k = 0; k < u.length; k++) u[k] = rng.nextGaussian();
        for (int k = 0; k < v.length; k++) v[k] = rng.nextGaussian();
        List<String> lines = new ArrayList<>();
        for (int a = 0; a < users; a++) {
            for (int b = 0; b < items; b++) {
                if (rng.nextDouble() >= 0.3) continue;
                double x = 3 + 0.3 * rng.nextGaussian() + 0.5 * (u[2 * a] * v[2 * b] + u[2 * a + 1] * v[2 * b + 1]);
                String rating = Double.toString(Math.round(Math.max(0.5, Math.min(5, x)) * 2) / 2.0);
                lines.add("user" + a + separator + "item" + b + separator + rating
                        + (times ? separator + (1000 + rng.nextInt(100)) : ""));
            }
        }
        for (int k = lines.size() - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            String t = lines.get(k);
            lines.set(k, lines.get(j));
            lines.set(j, t);
        }
        for (int k = 0; k < repeats; k++) {
            String[] f = lines.get(rng.nextInt(lines.size())).split(java.util.regex.Pattern.quote(separator));
            f[2] = Double.toString(1 + rng.nextInt(5));
            if (times) f[3] = Integer.toString(1000 + rng.nextInt(100));
            lines.add(rng.nextInt(lines.size()), String.join(separator, f));
        }
        for (int k = 0; k < invalid; k++) {
            lines.add(rng.nextInt(lines.size()), "user" + rng.nextInt(users) + separator + "item" + rng.nextInt(items)
                    + separator + "n/a" + (times ? separator + "1000" : ""));
        }
        StringBuilder s = new StringBuilder();
        if (header) s.append(String.join(separator, times ? List.of("userId", "movieId", "rating", "timestamp")
                : List.of("userId", "movieId", "rating"))).append('\n');
        for (String line : lines) s.append(line).append('\n');
        return s.toString();
    }

    static RatingsOnSpark.Read read(Path file, RatingsLayout layout, DuplicatePolicy d, InvalidPolicy i,
                                    double fraction, long seed, int blocks) {
        return RatingsOnSpark.read(engine.spark(), file.toString(), file.getFileName().toString(), layout, d, i,
                fraction, seed, blocks, new SparkStatistics());
    }

    /** The blocks' entries gathered: {train, held} as matrices of the read shape. */
    static SparseRatings[] gather(DistributedRatings data) {
        List<UserRatings> blocks = data.blocks().collect();
        List<int[]> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<int[]> heldCells = new ArrayList<>();
        List<Double> heldValues = new ArrayList<>();
        for (UserRatings b : blocks) {
            for (int i = 0; i < b.count(); i++) {
                for (int k = b.rowStart()[i]; k < b.rowStart()[i + 1]; k++) {
                    cells.add(new int[] {b.first() + i, b.column()[k]});
                    values.add(b.value()[k]);
                }
            }
            for (int k = 0; k < b.heldValue().length; k++) {
                heldCells.add(new int[] {b.first() + b.heldRow()[k], b.heldColumn()[k]});
                heldValues.add(b.heldValue()[k]);
            }
        }
        return new SparseRatings[] {matrix(data.rows(), data.columns(), cells, values),
                matrix(data.rows(), data.columns(), heldCells, heldValues)};
    }

    private static SparseRatings matrix(int n1, int n2, List<int[]> cells, List<Double> values) {
        int[] r = new int[cells.size()], c = new int[cells.size()];
        double[] v = new double[cells.size()];
        for (int k = 0; k < v.length; k++) {
            r[k] = cells.get(k)[0];
            c[k] = cells.get(k)[1];
            v[k] = values.get(k);
        }
        return SparseRatings.of(n1, n2, r, c, v);
    }

    static void assertSame(SparseRatings a, SparseRatings b) {
        assertThat(a.rows()).isEqualTo(b.rows());
        assertThat(a.columns()).isEqualTo(b.columns());
        assertThat(a.entryRow()).containsExactly(b.entryRow());
        assertThat(a.entryColumn()).containsExactly(b.entryColumn());
        assertThat(a.values()).containsExactly(b.values());
    }

    @ParameterizedTest(name = "{0}, {1} blocks, duplicates {2}")
    @CsvSource({"ratings.csv, 1, ERROR", "ratings.csv, 3, LAST", "ratings.dat, 4, LATEST", "u.data, 7, MEAN",
            "ratings.tsv, 2, LATEST"})
    void readsWhatTheLocalReaderReadsAndSplitsAsTheKeyedSplit(String name, int blocks, DuplicatePolicy policy,
                                                               @TempDir Path dir) throws IOException {
        RatingsLayout layout = RatingsLayout.guess(name);
        boolean times = !name.equals("ratings.csv");
        boolean header = name.endsWith(".csv") || name.endsWith(".tsv");
        int repeats = policy == DuplicatePolicy.ERROR ? 0 : 25;
        Path file = dir.resolve(name);
        Files.writeString(file, table(60, 25, blocks, layout.separator(), header, times, repeats, 3));
        RatingsData local = RatingsCsv.read(file, layout, policy, InvalidPolicy.SKIP);
        RatingsOnSpark.Read spark = read(file, layout, policy, InvalidPolicy.SKIP, 0.2, 7, blocks);
        assertThat(spark.rowIds()).containsExactly(local.rowIds());
        assertThat(spark.columnIds()).containsExactly(local.columnIds());
        assertThat(spark.report()).isEqualTo(local.report());
        Split keyed = Split.keyed(local.ratings(), 0.2, 7);
        SparseRatings[] parts = gather(spark.data());
        assertSame(parts[0], keyed.train());
        assertSame(parts[1], keyed.validation());
        assertThat(spark.data().size()).isEqualTo(keyed.train().size());
        assertThat(spark.data().heldSize()).isEqualTo(keyed.validation().size());
        assertThat(spark.data().blocks().getNumPartitions()).isLessThanOrEqualTo(blocks);
    }

    /**
     * A Matrix Market file: rows × columns declared (the last row and column left empty), ~35% of the cells, entry
     * lines shuffled, with comments and blank lines, {@code repeats} repeated pairs and {@code invalid} non-numeric
     * values; for a symmetric or skew-symmetric file the lower triangle only.
     */
    static String matrixMarket(int rows, int columns, long seed, String symmetry, int repeats, int invalid) {
        SplittableRandom rng = new SplittableRandom(seed);
        boolean lower = !symmetry.equals("general");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i < rows; i++) {
            for (int j = 1; j < columns; j++) {
                if (lower && (j > i || symmetry.equals("skew-symmetric") && j == i) || rng.nextDouble() >= 0.35) continue;
                lines.add(i + " " + j + " " + (Math.round(rng.nextGaussian() * 100) / 10.0));
            }
        }
        for (int k = 0; k < repeats; k++) {
            String[] f = lines.get(rng.nextInt(lines.size())).split(" ");
            lines.add(rng.nextInt(lines.size()), f[0] + " " + f[1] + " " + (1 + rng.nextInt(5)));
        }
        for (int k = 0; k < invalid; k++) {
            String[] f = lines.get(rng.nextInt(lines.size())).split(" ");
            lines.add(rng.nextInt(lines.size()), f[1] + "  " + f[1] + "\tn/a");
        }
        for (int k = lines.size() - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            String t = lines.get(k);
            lines.set(k, lines.get(j));
            lines.set(j, t);
        }
        for (int k = 0; k < 3; k++) lines.add(rng.nextInt(lines.size()), k == 1 ? "" : "% a comment");
        return "%%MatrixMarket matrix coordinate real " + symmetry + "\n% generated\n\n" + rows + " " + columns + " "
                + lines.stream().filter(org.irlab.data.MatrixMarket::content).count() + "\n" + String.join("\n", lines) + "\n";
    }

    static RatingsOnSpark.Read readMatrixMarket(Path file, DuplicatePolicy d, InvalidPolicy i, double fraction,
                                                long seed, int blocks) {
        return RatingsOnSpark.readMatrixMarket(engine.spark(), file.toString(), file.getFileName().toString(), d, i,
                fraction, seed, blocks, new SparkStatistics());
    }

    /** Matrix Market on the executors gives the local reader's ids (the declared size), entries, report and split. */
    @ParameterizedTest(name = "{0}, {1} blocks, duplicates {2}")
    @CsvSource({"general, 1, ERROR", "general, 3, LAST", "symmetric, 4, MEAN", "skew-symmetric, 2, ERROR"})
    void readsMatrixMarketAsTheLocalReader(String symmetry, int blocks, DuplicatePolicy policy, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("m.mtx");
        Files.writeString(file, matrixMarket(40, symmetry.equals("general") ? 25 : 40, blocks, symmetry,
                policy == DuplicatePolicy.ERROR ? 0 : 15, 2));
        RatingsData local = org.irlab.data.MatrixMarket.read(file, policy, InvalidPolicy.SKIP);
        RatingsOnSpark.Read spark = readMatrixMarket(file, policy, InvalidPolicy.SKIP, 0.2, 7, blocks);
        assertThat(spark.rowIds()).containsExactly(local.rowIds()).hasSize(40);
        assertThat(spark.columnIds()).containsExactly(local.columnIds());
        assertThat(spark.times()).isFalse();
        assertThat(spark.report()).isEqualTo(local.report());
        assertThat(local.report().invalid()).isEqualTo(2);
        Split keyed = Split.keyed(local.ratings(), 0.2, 7);
        SparseRatings[] parts = gather(spark.data());
        assertSame(parts[0], keyed.train());
        assertSame(parts[1], keyed.validation());
    }

    /** A malformed Matrix Market file gets the local reader's message, naming the line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "entry out of range|%%MatrixMarket matrix coordinate real general\\n3 3 2\\n1 1 1\\n% c\\n4 1 1\\n|line 5",
        "first entry out of range|%%MatrixMarket matrix coordinate real general\\n3 3 2\\n9 1 1\\n1 1 1\\n|size line",
        "index a word|%%MatrixMarket matrix coordinate real general\\n3 3 1\\na 1 1\\n|line 3",
        "entry short|%%MatrixMarket matrix coordinate real general\\n3 3 1\\n1 1\\n|line 3",
        "count mismatch|%%MatrixMarket matrix coordinate real general\\n3 3 5\\n1 1 1\\n2 2 2\\n|declares 5",
        "no size line|%%MatrixMarket matrix coordinate real general\\n% only\\n|no size line",
        "array|%%MatrixMarket matrix array real general\\n2 2\\n1\\n2\\n3\\n4\\n|'array'",
        "banner|%%MatrixMarket tensor\\n2 2 1\\n1 1 1\\n|line 1",
        "symmetric not square|%%MatrixMarket matrix coordinate real symmetric\\n2 3 1\\n1 1 1\\n|square",
        "value too large|%%MatrixMarket matrix coordinate real general\\n3 3 2\\n1 1 -1e308\\n2 2 1\\n|-1.0E308",
        "all values invalid|%%MatrixMarket matrix coordinate real general\\n3 3 1\\n1 1 NaN\\n|non-numeric",
        "repeated pair|%%MatrixMarket matrix coordinate real general\\n3 3 2\\n1 1 1\\n1 1 2\\n|repeated",
        "empty|\\n|empty file"})
    void malformedMatrixMarketGetsTheLocalReadersMessage(String label, String text, String named, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("m.mtx");
        Files.writeString(file, label.equals("empty") ? "" : text.replace("\\n", "\n"));
        String message = null;
        try {
            org.irlab.data.MatrixMarket.read(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        } catch (BadInputException e) {
            message = e.getMessage();
        }
        assertThat(message).as("the local reader refuses it").isNotNull().contains(named);
        String expected = message;
        assertThatThrownBy(() -> readMatrixMarket(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.1, 1, 3))
                .isInstanceOf(BadInputException.class).hasMessage(expected);
    }

    /** {@code --duplicates latest} on Matrix Market: refused before any pass (a malformed file too), one message. */
    @Test void latestIsRefusedForMatrixMarketBeforeReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.mtx");
        Files.writeString(file, "%%MatrixMarket tensor\n3 3 1\n9 9 1\n");
        String expected = "--duplicates latest: Matrix Market files have no times: use --duplicates last or mean";
        assertThatThrownBy(() -> org.irlab.data.MatrixMarket.read(file, DuplicatePolicy.LATEST, InvalidPolicy.ERROR))
                .isInstanceOf(BadInputException.class).hasMessage(expected);
        assertThatThrownBy(() -> readMatrixMarket(file, DuplicatePolicy.LATEST, InvalidPolicy.ERROR, 0.1, 1, 2))
                .isInstanceOf(BadInputException.class).hasMessage(expected);
    }

    /**
     * The problems pass (one mutable accumulator per partition, merged in a tree) finds what a recount finds: the
     * first refused line by number, the non-numeric values (count, first lines), the entry lines (mirrors of a
     * symmetric file's entries not counted), on Spark and folded by hand over any cut of the lines.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theProblemsPassFindsWhatARecountFinds(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<RatingsOnSpark.Line> lines = new ArrayList<>();
        List<RatingsOnSpark.Cell> cells = new ArrayList<>();
        int firstError = Integer.MAX_VALUE;
        long invalid = 0, counted = 0;
        List<Integer> invalidLines = new ArrayList<>();
        for (int n = 1; n <= 600; n++) {
            double u = rng.nextDouble();
            String error = u < 0.01 * seed ? "line " + n + " is wrong" : null;
            double value = u < 0.01 * seed ? Double.NaN : u < 0.12 ? Double.NaN : 1 + u;
            lines.add(new RatingsOnSpark.Line(n, "u" + n, "i" + n, value, Double.NaN, error));
            cells.add(new RatingsOnSpark.Cell(n, n, n, value, false, error));
            if (error == null && Double.isFinite(value) && n % 3 == 0) {
                cells.add(new RatingsOnSpark.Cell(n, n + 1, n, value, true, null)); // a mirror: no line of its own
            }
            if (error != null) {
                firstError = Math.min(firstError, n);
                continue;
            }
            counted++;
            if (!Double.isFinite(value)) {
                invalid++;
                invalidLines.add(n);
            }
        }
        java.util.Collections.shuffle(lines, new java.util.Random(seed));
        java.util.Collections.shuffle(cells, new java.util.Random(seed + 1));
        int[] shown = invalidLines.stream().mapToInt(Integer::intValue).limit(org.irlab.data.InputReport.SHOWN)
                .toArray();
        RatingsOnSpark.Problems spark = engine.spark().parallelize(lines, 5).treeAggregate(
                new RatingsOnSpark.Problems(), (p, l) -> p.add(l), RatingsOnSpark.Problems::merge, 2);
        RatingsOnSpark.Problems sparkCells = engine.spark().parallelize(cells, 4).treeAggregate(
                new RatingsOnSpark.Problems(), (p, c) -> p.add(c), RatingsOnSpark.Problems::merge, 2);
        RatingsOnSpark.Problems byHand = new RatingsOnSpark.Problems();
        for (int from = 0; from < lines.size(); ) {
            int to = Math.min(lines.size(), from + 1 + rng.nextInt(150));
            RatingsOnSpark.Problems part = new RatingsOnSpark.Problems();
            for (RatingsOnSpark.Line l : lines.subList(from, to)) part.add(l);
            byHand = RatingsOnSpark.Problems.merge(part, byHand);
            from = to;
        }
        for (RatingsOnSpark.Problems p : List.of(spark, sparkCells, byHand)) {
            assertThat(p.malformed() == null ? Integer.MAX_VALUE : p.malformed().number()).isEqualTo(firstError);
            if (p.malformed() != null) assertThat(p.malformed().error()).isEqualTo("line " + firstError + " is wrong");
            assertThat(p.invalid()).isEqualTo(invalid);
            assertThat(p.invalidLines()).containsExactly(shown);
            assertThat(p.lines()).isEqualTo(counted);
        }
        assertThat(invalid).isGreaterThan(org.irlab.data.InputReport.SHOWN);
    }

    @Test void theKeyedSplitIsTheSameOnAnyNumberOfBlocks(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, table(80, 30, 3, ",", true, false, 0, 0));
        SparseRatings[] one = gather(read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.3,
                11, 1).data());
        for (int blocks : new int[] {2, 5, 13}) {
            SparseRatings[] more = gather(read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR,
                    0.3, 11, blocks).data());
            assertSame(more[0], one[0]);
            assertSame(more[1], one[1]);
        }
    }

    @Test void badInputGetsTheLocalReadersMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ratings.csv");
        String good = table(30, 10, 5, ",", true, false, 0, 0);
        // a row with a missing field, at line 7
        List<String> lines = new ArrayList<>(List.of(good.split("\n")));
        lines.set(6, "user1,item2");
        Files.writeString(file, String.join("\n", lines) + "\n");
        String message = local(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThat(message).contains("line 7");
        assertThatThrownBy(() -> read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.1, 1, 2))
                .isInstanceOf(BadInputException.class).hasMessage(message);
        // repeated pairs and non-numeric ratings refused together, with counts and the first lines
        Files.writeString(file, table(30, 10, 6, ",", true, false, 4, 3));
        String refused = local(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThat(refused).contains("repeated").contains("non-numeric");
        assertThatThrownBy(() -> read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.1, 1, 3))
                .isInstanceOf(BadInputException.class).hasMessage(refused);
        // --duplicates latest without a time column; an empty file; bytes that are not UTF-8
        String latest = local(file, DuplicatePolicy.LATEST, InvalidPolicy.SKIP);
        assertThatThrownBy(() -> read(file, RatingsLayout.CSV, DuplicatePolicy.LATEST, InvalidPolicy.SKIP, 0.1, 1, 3))
                .isInstanceOf(BadInputException.class).hasMessage(latest);
        Files.writeString(file, "\n\n");
        String empty = local(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThatThrownBy(() -> read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.1, 1, 3))
                .isInstanceOf(BadInputException.class).hasMessage(empty);
        byte[] latin1 = "userId,movieId,rating\nu1,i1,4\nu\u00e9,i2,3\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        String notUtf8 = local(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThatThrownBy(() -> read(file, RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, 0.1, 1, 3))
                .isInstanceOf(BadInputException.class).hasMessage(notUtf8);
    }

    private static String local(Path file, DuplicatePolicy d, InvalidPolicy i) {
        try {
            RatingsCsv.read(file, RatingsLayout.CSV, d, i);
        } catch (BadInputException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the local reader accepted " + file);
    }

    /** A train/validation split of a generated table, the same in both places. */
    static Split split(long seed) {
        SparseRatings all = DistributedDescentsTest.table(90, 35, seed);
        double[] raw = all.values().clone();
        for (int k = 0; k < raw.length; k++) raw[k] = Math.round(raw[k] * 2) / 2.0 + 0.5 * (k % 3);
        return Split.random(all.withValues(raw), 0.1, 0.15, new SplittableRandom(seed));
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 3})
    void biasesAndSigmaHatAreTheLocalOnesGivenTheSameSplit(int blocks) {
        Split s = split(blocks);
        FitRatings here = FitRatings.of(s.train(), s.validation());
        DistributedRatings there = DistributedRatings.of(engine.spark(), s.train(), s.validation(), blocks,
                new SparkStatistics());
        try {
            assertThat(there.size()).isEqualTo(here.size());
            assertThat(there.heldSize()).isEqualTo(here.heldSize());
            assertThat(there.columnCounts()).containsExactly(here.columnCounts());
            assertThat(there.min()).isEqualTo(here.min());
            assertThat(there.max()).isEqualTo(here.max());
            AdditiveCompletion a = Biases.tuned(here), b = Biases.tuned(there);
            assertThat(b.hyperParameters()).isEqualTo(a.hyperParameters()); // the same λ
            assertThat(b.diagnostics().get("sweeps")).isEqualTo(a.diagnostics().get("sweeps"));
            double tolerance = blocks == 1 ? 0 : 1e-12;
            assertThat(b.mean()).isCloseTo(a.mean(), within(tolerance));
            assertClose(b.rowBias(), a.rowBias(), tolerance);
            assertClose(b.columnBias(), a.columnBias(), tolerance);
            double sa = RankFreeDescent.leadingSingularValue(here.centred(a), new SplittableRandom(4));
            double sb = RankFreeDescent.leadingSingularValue(there.centred(a), new SplittableRandom(4));
            assertThat(sb).isCloseTo(sa, within(tolerance * sa));
            // the refit's union: the biases with a fixed λ on train + validation
            AdditiveCompletion c = Biases.fit(here.all(), 2), d = Biases.fit(there.all(), 2);
            assertClose(d.rowBias(), c.rowBias(), tolerance);
            assertClose(d.columnBias(), c.columnBias(), tolerance);
        } finally {
            there.release();
        }
    }

    private static void assertClose(double[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < actual.length; k++) assertThat(actual[k]).isCloseTo(expected[k], within(tolerance));
    }

    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 4})
    void theWholeFitOnTheExecutorsMakesTheLocalChoices(int blocks) {
        Split s = split(20 + blocks);
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(6).withMembers(2);
        RankFreeDescent local = new RankFreeDescent(settings, FitProgress.NONE,
                RankFreeDescent.Engine.local(CompletionTerm.LOCAL, RankFreeDescent.Draws.PER_ROW));
        RankFreeDescent distributed = new RankFreeDescent(settings, FitProgress.NONE, engine.descents());
        DistributedRatings there = DistributedRatings.of(engine.spark(), s.train(), s.validation(), blocks,
                new SparkStatistics());
        try {
            RankFreeDescent.Fit a = local.fit(FitRatings.of(s.train(), s.validation()), new SplittableRandom(3));
            RankFreeDescent.Fit b = distributed.fit(there, new SplittableRandom(3));
            assertThat(b.report().centeringParameters()).isEqualTo(a.report().centeringParameters());
            assertThat(b.report().sigmaHat()).isCloseTo(a.report().sigmaHat(), within(1e-12 * a.report().sigmaHat()));
            SparkCompletionFitTest.assertSameChoices(a, b, s);
            Errors va = a.validation(), vb = b.validation();
            assertThat(vb.count()).isEqualTo(va.count());
            assertThat(vb.rmse()).isCloseTo(va.rmse(), within(1e-9));
            assertThat(vb.mae()).isCloseTo(va.mae(), within(1e-9));
            assertThat(b.report().validationRmse()).isCloseTo(a.report().validationRmse(), within(1e-9));
            // the refit on train + validation, both places
            RankFreeDescent.Fit ra = local.refit(FitRatings.of(s.train(), s.validation()).all(), a,
                    new SplittableRandom(5));
            RankFreeDescent.Fit rb = distributed.refit(there.all(), b, new SplittableRandom(5));
            double[] pa = ra.model().left(), pb = rb.model().left();
            assertClose(pb, pa, 1e-9);
            assertClose(rb.model().right(), ra.model().right(), 1e-9);
        } finally {
            there.release();
        }
    }

    /**
     * More items than users (60 × 400): the descents run on the transpose (items in the blocks, the users' factor
     * broadcast), read from the executors' user blocks (one shuffle by item) or cut here, and give the local method's
     * fit of the transposed table turned back: same choices, the same predictions to 1e-9, factors user × item.
     * Centred by the mean, which is symmetric (the biases' sweeps are not: rows first).
     */
    @ParameterizedTest(name = "{0} blocks")
    @ValueSource(ints = {1, 3})
    void aWideTableRunsOnItsTransposeAsTheLocalMethodDoes(int blocks) {
        SparseRatings all = DistributedDescentsTest.table(60, 400, 31);
        Split s = Split.random(all, 0.2, 0.1, new SplittableRandom(4));
        Split t = new Split(s.train().transpose(), s.validation().transpose(), s.test().transpose());
        int rank = 5;
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(rank).withMembers(2)
                .withCentering(org.irlab.completion.Centering.GLOBAL_MEAN);
        RankFreeDescent local = new RankFreeDescent(settings, FitProgress.NONE,
                RankFreeDescent.Engine.local(CompletionTerm.LOCAL, RankFreeDescent.Draws.PER_ROW));
        RankFreeDescent distributed = new RankFreeDescent(settings, FitProgress.NONE, engine.descents());
        RankFreeDescent.Fit a = local.fit(FitRatings.of(t.train(), t.validation()), new SplittableRandom(3));
        DistributedRatings there = DistributedRatings.of(engine.spark(), s.train(), s.validation(), blocks,
                new SparkStatistics());
        System.setProperty("irlab.spark.blocks", Integer.toString(blocks));
        try {
            java.util.Map<String, Object> before = gradients();
            RankFreeDescent.Fit b = distributed.fit(there, new SplittableRandom(3));
            java.util.Map<String, Object> after = gradients();
            long passes = (long) after.get("count") - (long) before.get("count");
            long bytes = (long) after.get("bytesBroadcast") - (long) before.get("bytesBroadcast");
            assertThat(passes).isPositive();
            assertThat(bytes).isEqualTo(passes * 8L * 60 * rank); // the users' side: n₁ × r' per gradient
            RankFreeDescent.Fit c = distributed.fit(FitRatings.of(s.train(), s.validation()), new SplittableRandom(3));
            for (RankFreeDescent.Fit f : List.of(b, c)) {
                RankFreeDescent.Report ra = a.report(), rb = f.report();
                assertThat(rb.bestIteration()).isEqualTo(ra.bestIteration());
                assertThat(rb.iterations()).isEqualTo(ra.iterations());
                assertThat(rb.memberBestIterations()).containsExactly(ra.memberBestIterations());
                assertThat(rb.rejectedChunks()).isEqualTo(ra.rejectedChunks());
                assertThat(f.model().left()).hasSize(a.model().right().length); // users' rows first
                assertClose(f.model().left(), a.model().right(), 1e-9);
                assertClose(f.model().right(), a.model().left(), 1e-9);
                SparseRatings test = s.test();
                RankFreeDescent.Fit here = f.gathered();
                for (int k = 0; k < test.size(); k++) {
                    int u = test.entryRow()[k], i = test.entryColumn()[k];
                    assertThat(here.predict(u, i)).isCloseTo(a.predict(i, u), within(1e-9));
                }
                SparkCompletionFitTest.assertSameSpectrum(a, f);
            }
        } finally {
            System.clearProperty("irlab.spark.blocks");
            there.release();
        }
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> gradients() {
        Object g = engine.statistics().get("gradient");
        return g == null ? java.util.Map.of("count", 0L, "bytesBroadcast", 0L) : (java.util.Map<String, Object>) g;
    }
}
