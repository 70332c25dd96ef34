package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.irlab.cli.Main;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code complete fit URI --engine spark}: INPUT as a URI Hadoop resolves — {@code file:} and a made-up scheme served by
 * a test file system ({@link OtherSchemeFileSystem}, registered through {@code spark.hadoop.fs.irlabtest.impl} as a
 * cluster's configuration would be) — is checked, digested and read through Hadoop, and gives the model a fit of the
 * same file by its path gives: every array byte for byte, model.json the same but for the input's name.
 */
class HadoopInputTest {
    static final String IMPL = "spark.hadoop.fs." + OtherSchemeFileSystem.SCHEME + ".impl";

    @BeforeAll static void register() {
        System.setProperty(IMPL, OtherSchemeFileSystem.class.getName());
    }

    @AfterAll static void unregister() {
        System.clearProperty(IMPL);
    }

    @Test void aFitThroughAUriWritesTheModelOfTheSameFileByPath(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("ratings.csv");
        Files.writeString(table, csv(cells(40, 25, 5)));
        String[] common = {"complete", "fit", "--search-rank", "4", "--members", "1", "--quiet", "--engine", "spark",
                "--master", "local[2]", "--seed", "7", "--no-refit"};
        Path byPath = dir.resolve("by-path"), byOther = dir.resolve("by-other");
        String otherUri = OtherSchemeFileSystem.SCHEME + "://" + table;
        assertThat(run(common, table.toString(), "--model", byPath.toString()).code()).isZero();
        int opened = OtherSchemeFileSystem.OPENED.get();
        assertThat(run(common, otherUri, "--model", byOther.toString()).code()).isZero();
        // the driver's digest and the executors' reading went through the test file system
        assertThat(OtherSchemeFileSystem.OPENED.get() - opened).isGreaterThanOrEqualTo(2);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(table)));
        List<String> names;
        try (var files = Files.list(byPath)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
        }
        assertThat(names).contains("user_factors.npy", "item_factors.npy", "seen_items.npy", "user_ids.npy");
        for (String n : names) {
            assertThat(Files.readAllBytes(byOther.resolve(n))).as(n).isEqualTo(Files.readAllBytes(byPath.resolve(n)));
        }
        JsonNode a = Json.MAPPER.readTree(byPath.resolve("model.json").toFile());
        JsonNode b = Json.MAPPER.readTree(byOther.resolve("model.json").toFile());
        assertThat(b.get("input").get("file").asText()).isEqualTo(otherUri);
        assertThat(b.get("input").get("sha256").asText()).isEqualTo(sha256);
        ((ObjectNode) a.get("input")).remove("file");
        ((ObjectNode) b.get("input")).remove("file");
        for (String k : List.of("input", "settings", "chosen", "validation", "arrays", "mean", "clip")) {
            assertThat(b.get(k)).as(k).isNotNull().isEqualTo(a.get(k));
        }
        // the model of a path is the model of its URI: replacing it needs no --force; another file's does
        org.irlab.model.ModelDirectory.checkReplaceable(byPath, HadoopInput.resolve(otherUri,
                HadoopInput.configuration()).sha256(), false);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, csv(cells(40, 25, 6)));
        Result refused = run(common, OtherSchemeFileSystem.SCHEME + "://" + other, "--model", byPath.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("another input");
    }

    /**
     * A Matrix Market file through a {@code file:} URI is parsed on the executors: the model has the declared rows (the
     * empty last one included), exactly the local reader's entries as its seen entries, and the factors and biases that
     * {@code --like-spark} fits in this JVM from the local reader (to 1e-9).
     */
    @Test void aMatrixMarketFileIsReadOnTheExecutors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.mtx"), model = dir.resolve("model");
        List<String> cells = cells(29, 19, 3); // row 30 and column 20 declared, left empty
        Files.writeString(file, "%%MatrixMarket matrix coordinate real general\n% generated\n30 20 " + cells.size() + "\n"
                + String.join("\n", cells) + "\n");
        String uri = file.toUri().toString();
        assertThat(uri).startsWith("file:/");
        String[] common = {"complete", "fit", "--search-rank", "3", "--members", "1", "--quiet", "--no-refit"};
        assertThat(run(common, uri, "--model", model.toString(), "--engine", "spark", "--master", "local[2]").code())
                .isZero();
        // the model --like-spark fits here from the local reader's entries
        Path here = dir.resolve("here");
        assertThat(run(common, file.toString(), "--model", here.toString(), "--like-spark").code()).isZero();
        for (String f : new String[] {"user_factors.npy", "item_factors.npy", "user_bias.npy", "item_bias.npy"}) {
            double[] a = org.irlab.data.Npy.read(model.resolve(f)).values(), b = org.irlab.data.Npy.read(here.resolve(f))
                    .values();
            assertThat(a).as(f).hasSameSizeAs(b);
            for (int k = 0; k < a.length; k++) assertThat(a[k]).as(f).isCloseTo(b[k], org.assertj.core.api.Assertions.within(1e-9));
        }
        org.irlab.completion.SparseRatings local = org.irlab.data.MatrixMarket.read(file,
                org.irlab.data.DuplicatePolicy.ERROR, org.irlab.data.InvalidPolicy.ERROR).ratings();
        assertThat(local.rows()).isEqualTo(30);
        double[] indptr = org.irlab.data.Npy.read(model.resolve("seen_indptr.npy")).values();
        double[] items = org.irlab.data.Npy.read(model.resolve("seen_items.npy")).values();
        assertThat(indptr).hasSize(31);
        for (int u = 0; u <= 30; u++) assertThat(indptr[u]).isEqualTo(local.rowStart()[u]);
        assertThat(items).hasSize(local.size());
        for (int k = 0; k < local.size(); k++) assertThat(items[k]).isEqualTo(local.entryColumn()[k]);
        JsonNode json = Json.MAPPER.readTree(model.resolve("model.json").toFile());
        assertThat(json.get("input").get("format").asText()).isEqualTo("mtx");
        assertThat(json.get("input").get("users").asInt()).isEqualTo(30);
        assertThat(json.get("input").get("items").asInt()).isEqualTo(20);
        assertThat(json.get("input").get("file").asText()).isEqualTo(uri);
    }

    /**
     * A plain path under {@code --engine spark} is the file of Hadoop's default file system, as Spark reads it: with
     * {@code fs.defaultFS} on another file system (a cluster's hdfs://; here {@code irlabtest:} with its own working
     * directory) and another file at the same relative path on this machine, the checks, the digest in model.json and
     * the executors' reading are all of the default file system's file; when that file system has no such file, or
     * cannot be reached, the refusal is one line naming INPUT.
     */
    @Test void aPlainPathIsTheDefaultFileSystemsFileForTheDigestAndTheRead(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("home");
        String relative = "target/hadoop-input-" + System.nanoTime() + "/ratings.csv";
        Path theirs = home.resolve(relative), ours = Path.of("").toAbsolutePath().resolve(relative);
        Files.createDirectories(theirs.getParent());
        Files.createDirectories(ours.getParent());
        Files.writeString(theirs, csv(cells(40, 25, 5)));
        Files.writeString(ours, csv(cells(30, 20, 6)));
        String[] common = {"complete", "fit", "--search-rank", "3", "--members", "1", "--quiet", "--engine", "spark",
                "--master", "local[2]", "--no-refit"};
        Path model = dir.resolve("model");
        System.setProperty("spark.hadoop.fs.defaultFS", OtherSchemeFileSystem.SCHEME + ":///");
        OtherSchemeFileSystem.home = home;
        try {
            int opened = OtherSchemeFileSystem.OPENED.get();
            assertThat(run(common, relative, "--model", model.toString()).code()).isZero();
            assertThat(OtherSchemeFileSystem.OPENED.get() - opened).as("digest and reading").isGreaterThanOrEqualTo(2);
            JsonNode input = Json.MAPPER.readTree(model.resolve("model.json").toFile()).get("input");
            assertThat(input.get("file").asText()).isEqualTo(relative);
            assertThat(input.get("sha256").asText()).isEqualTo(sha256(theirs)).isNotEqualTo(sha256(ours));
            assertThat(input.get("users").asInt()).isEqualTo(40);
            assertThat(input.get("items").asInt()).isEqualTo(25);
            // not on the default file system, though this machine has it: one line naming INPUT and where it looked
            Files.delete(theirs);
            Result absent = run(common, relative, "--model", dir.resolve("absent").toString());
            assertThat(absent.code()).isEqualTo(2);
            assertThat(absent.err().strip()).startsWith("irlab complete fit: INPUT " + relative + " ("
                    + OtherSchemeFileSystem.SCHEME + ":").contains("from fs.defaultFS): no such file");
            assertThat(absent.err().strip().lines().count()).isEqualTo(1);
            // a default file system with no namenode: one line, no Hadoop paragraph
            System.setProperty("spark.hadoop.fs.defaultFS", "hdfs://127.0.0.1:9");
            Result down = run(common, relative, "--model", dir.resolve("down").toString());
            assertThat(down.code()).isEqualTo(2);
            assertThat(down.err()).contains("INPUT " + relative + " (hdfs://127.0.0.1:9/").contains("cannot read it")
                    .doesNotContain("wiki").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(down.err().strip().lines().count()).isEqualTo(1);
            assertThat(dir.resolve("absent")).doesNotExist();
            assertThat(dir.resolve("down")).doesNotExist();
        } finally {
            System.clearProperty("spark.hadoop.fs.defaultFS");
            OtherSchemeFileSystem.home = null;
            Files.deleteIfExists(ours);
            Files.deleteIfExists(ours.getParent());
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test void aUriThatHadoopCannotReadExitsWithCode2NamingIt(@TempDir Path dir) throws IOException {
        String[] common = {"complete", "fit", "--quiet", "--engine", "spark", "--master", "local[2]"};
        Path model = dir.resolve("m");
        String absent = OtherSchemeFileSystem.SCHEME + "://" + dir.resolve("absent.csv");
        String[][] cases = {
                {absent, "INPUT " + absent + ": no such file"},
                {OtherSchemeFileSystem.SCHEME + "://" + dir, "INPUT " + OtherSchemeFileSystem.SCHEME + "://" + dir
                        + " is a directory"},
                {"nosuchfs://host/ratings.csv", "no file system for the scheme 'nosuchfs'"},
                {"hdfs://127.0.0.1:9/ratings.csv", "INPUT hdfs://127.0.0.1:9/ratings.csv: cannot read it"}, // no namenode
                {dir.resolve("ratings.txt").toUri().toString(), "cannot tell the format"},
        };
        Files.writeString(dir.resolve("ratings.txt"), "u,i,r\n");
        for (String[] c : cases) {
            Result r = run(common, c[0], "--model", model.toString());
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(r.err().strip().lines().count()).as(c[0]).isEqualTo(1);
        }
        assertThat(model).doesNotExist();
    }

    /** The local engine reads local files: a URI is refused in one line naming --engine spark. */
    @Test void theLocalEngineRefusesAUri(@TempDir Path dir) throws IOException {
        Path table = dir.resolve("ratings.csv");
        Files.writeString(table, DistributedRatingsTest.table(10, 10, 5, ",", true, false, 0, 0));
        Result r = run(new String[] {"complete", "fit", "--quiet"}, table.toUri().toString(), "--model",
                dir.resolve("m").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is a URI").contains("--engine spark");
    }

    /**
     * About half the cells "i j value" (1-based) of a rows × columns matrix of row and column effects plus noise: the
     * centring explains it, so the descent stops early and a fit on Spark stays short.
     */
    static List<String> cells(int rows, int columns, long seed) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 1; i <= rows; i++) {
            for (int j = 1; j <= columns; j++) {
                if (rng.nextDouble() < 0.5) out.add(i + " " + j + " " + (1 + i % 5 + (j % 3) * 0.5 + 0.1 * rng.nextGaussian()));
            }
        }
        return out;
    }

    /** The cells as a ratings table with a header (ids u1…, i1…). */
    static String csv(List<String> cells) {
        StringBuilder b = new StringBuilder("userId,itemId,rating\n");
        for (String c : cells) {
            String[] f = c.split(" ");
            b.append('u').append(f[0]).append(",i").append(f[1]).append(',').append(f[2]).append('\n');
        }
        return b.toString();
    }

    record Result(int code, String err) {}

    static Result run(String[] common, String... more) {
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cli.execute(args);
        String text = err.toString(StandardCharsets.UTF_8);
        if (code != 0) System.err.println(text);
        return new Result(code, text);
    }
}
