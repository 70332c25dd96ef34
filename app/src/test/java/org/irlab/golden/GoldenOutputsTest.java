package org.irlab.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.irlab.completion.Centering;
import org.irlab.completion.LowRankCompletion;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.experiment.CompletionComparison;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.Json;
import org.irlab.experiment.RankFreePayload;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.report.Experiment;
import org.irlab.report.Experiments;
import org.irlab.report.Plan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden outputs recorded from the code before the descent engine was made composable (issue 13): every
 * {@code examples/*.json}, the first three seeds of every group of every {@code reproduce} experiment (the completion
 * experiment on the small ratings file and picture beside this class's resources), {@code irlab complete} with its
 * defaults on both, and the rank-free descent's variants the command does not expose. Each case keeps the numbers of
 * its summary (as exact decimal strings; wall times, paths and provenance left out) and 64-bit SHA-256 prefixes of
 * iterate.csv and of every column of trace.csv, events.csv and predictions.csv; any difference fails. Columns or
 * summary keys added later are ignored, so new outputs do not break it.
 *
 * <p>Iteration budgets are capped where a run is long (the IPGD phase, the refinement and the deviation-rate cadence
 * of the experiments; runs with automatic step sizes or escape times are run to their end), and the two large
 * examples are shrunk, so the whole takes about a minute on two idle cores while every path is still taken:
 * GD, PGD, IPGD, IPGD+, automatic step size with halvings, automatic escape, returned candidate and initial point,
 * oscillation, divergence, refinement, every problem type and transpose strategy, and the completion descent from a
 * small random start and from IPGD at zero, with rejected chunks and with more than one member. Regenerate with
 * {@code -Dirlab.golden.write=true} — see {@code src/test/resources/golden/README.md}.
 */
class GoldenOutputsTest {
    private static final Path RESOURCES = Path.of("src/test/resources/golden");
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path GOLDEN = RESOURCES.resolve("golden.json");
    private static final boolean WRITE = Boolean.getBoolean("irlab.golden.write");
    private static final int SEEDS = 3;

    private static final Map<String, Map<String, String>> RECORDED = new TreeMap<>();

    @TempDir static Path scratch;

    @TestFactory
    Stream<DynamicTest> goldenOutputs() throws IOException {
        Map<String, Map<String, String>> golden = WRITE ? Map.of() : readGolden();
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                Map<String, String> actual = c.run().get();
                RECORDED.put(c.name(), actual);
                if (WRITE) return;
                Map<String, String> expected = golden.get(c.name());
                assertThat(expected).as("no golden recorded for " + c.name()).isNotNull();
                List<String> differences = new ArrayList<>();
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    String got = actual.get(e.getKey());
                    if (!e.getValue().equals(got)) differences.add(e.getKey() + ": " + e.getValue() + " -> " + got);
                }
                assertThat(differences).as(c.name() + " differs from its golden output").isEmpty();
            }));
        }
        return tests.stream();
    }

    @AfterAll
    static void write() throws IOException {
        if (!WRITE) return;
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode cases = root.putObject("cases");
        for (Map.Entry<String, Map<String, String>> c : RECORDED.entrySet()) {
            ObjectNode o = cases.putObject(c.getKey());
            c.getValue().forEach(o::put);
        }
        Files.writeString(GOLDEN, Json.write(root));
    }

    private static Map<String, Map<String, String>> readGolden() throws IOException {
        JsonNode root = Json.MAPPER.readTree(Files.readString(GOLDEN));
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("cases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            Map<String, String> values = new LinkedHashMap<>();
            c.getValue().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            out.put(c.getKey(), values);
        }
        return out;
    }

    private record Case(String name, Supplier<Supplier<Map<String, String>>> body) {
        Supplier<Map<String, String>> run() { return body.get(); }
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String name = "examples/" + f.getFileName().toString().replace(".json", "");
                cases.add(new Case(name, () -> () -> {
                    ObjectNode tree = (ObjectNode) Json.read(f);
                    pinRoute(tree);
                    shrinkLarge(tree);
                    cap(tree, 20_000, 1000, 50);
                    return descent(name, RunSpec.parse(tree, List.of(), EXAMPLES.toAbsolutePath()));
                }));
            }
        }
        for (Variant v : Variant.values()) {
            String name = "variants/" + v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            cases.add(new Case(name, () -> () -> {
                ObjectNode tree = (ObjectNode) Json.read(EXAMPLES.resolve(v.example + ".json"));
                pinRoute(tree);
                return descent(name, RunSpec.parse(tree, List.of(v.overrides), EXAMPLES.toAbsolutePath()));
            }));
        }
        for (Experiment e : Experiments.builtIn()) {
            // descent and completion runs (sweeps came later: their runs are descents of the same engine)
            if (e.analysisOnly() || (e.kind() != Experiment.Kind.DESCENT && e.kind() != Experiment.Kind.COMPLETION)) {
                continue;
            }
            Map<String, Integer> taken = new LinkedHashMap<>();
            for (Plan.PlannedRun r : e.plan(false).runs()) {
                // beyond (issue 17, recorded after the engine) on its first seed only: 21 groups of new rules
                int seeds = e.name().equals("beyond") ? 1 : SEEDS;
                if (taken.merge(r.group().name(), 1, Integer::sum) > seeds) continue;
                String name = e.name() + "/" + r.name();
                ObjectNode tree = r.task().resolved().deepCopy();
                if (e.kind() == Experiment.Kind.COMPLETION) {
                    cases.add(new Case(name, () -> () -> completion(name, tree)));
                } else {
                    boolean auto = r.group().name().contains("auto");
                    cases.add(new Case(name, () -> () -> {
                        pinRoute(tree);
                        if (!auto) cap(tree, 1000, 300, 100);
                        return descent(name, RunSpec.parse(tree, List.of(), null));
                    }));
                }
            }
        }
        for (String input : List.of("ratings.csv", "picture.png")) {
            String name = "complete/" + input.replace('.', '-');
            cases.add(new Case(name, () -> () -> {
                ObjectNode tree = JsonNodeFactory.instance.objectNode();
                tree.put("name", name);
                return completion(name, tree, input);
            }));
        }
        for (RankFree v : RankFree.values()) {
            String name = "rank-free/" + v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            cases.add(new Case(name, () -> () -> rankFree(v)));
        }
        return cases;
    }

    /** Runs beside the examples that take paths no example or experiment takes within the caps. */
    private enum Variant {
        /** Automatic step size and escape on the unnormalised sparse recovery (which diverges at the stated η). */
        SPARSE_UNNORMALISED_AUTO("sparse-recovery-ipgd-unnormalised", "algorithm.stepSize=\"auto\"",
                "algorithm.escapeSteps=\"auto\"", "algorithm.refineSteps=2000", "record.every=10"),
        /** GD with η = 1.99/L: oscillation detected and η halved. */
        GD_AUTO_EDGE("symmetric-sensing-gd-small-init", "algorithm.stepSize=\"auto\"", "algorithm.stepFraction=1.99",
                "algorithm.maxIterations=3000"),
        /** Jin et al.'s PGD with its decrease test (strict inequality). */
        PGD_DECREASE_TEST("symmetric-sensing-pgd", "algorithm.decreaseThreshold=1e-10", "algorithm.maxIterations=3000");

        final String example;
        final String[] overrides;

        Variant(String example, String... overrides) {
            this.example = example;
            this.overrides = overrides;
        }
    }

    /**
     * Sensing on the direct gradient route, the only one when the goldens were recorded (the Gram route of issue 15,
     * chosen by "auto" since, changes the iterates in round-off; docs/performance.md).
     */
    private static void pinRoute(ObjectNode tree) {
        ObjectNode p = (ObjectNode) tree.get("problem");
        String type = p.path("type").asText();
        boolean routed = type.equals("symmetric-sensing") || type.equals("asymmetric-sensing"); // not robust sensing
        if (routed && !p.has("instance") && p.path("gradientRoute").asText("auto").equals("auto")) {
            p.put("gradientRoute", "direct");
        }
    }

    /** The large examples at a size a test can afford, keeping their transpose strategy (scatter, mirrored). */
    private static void shrinkLarge(ObjectNode tree) {
        ObjectNode p = (ObjectNode) tree.get("problem");
        if (p.path("n1").asInt() == 100_000) {
            p.put("n1", 2000);
            p.put("n2", 400);
            p.put("probability", 0.25);
            ((ObjectNode) tree.get("algorithm")).put("maxIterations", 30);
            ((ObjectNode) tree.get("record")).put("every", 5);
        } else if (p.path("n").asInt() == 20_000) {
            p.put("n", 1000);
            p.put("probability", 0.2);
            ((ObjectNode) tree.get("algorithm")).put("maxIterations", 30);
            ((ObjectNode) tree.get("record")).put("every", 5);
        }
    }

    /** Caps the IPGD phase and the refinement, and records the deviation rate at most every {@code every} steps. */
    private static void cap(ObjectNode tree, int iterations, int refine, int every) {
        ObjectNode a = (ObjectNode) tree.get("algorithm");
        a.put("maxIterations", Math.min(a.path("maxIterations").asInt(100_000), iterations));
        if (a.has("refineSteps")) a.put("refineSteps", Math.min(a.get("refineSteps").asInt(), refine));
        JsonNode r = tree.get("record");
        if (r != null && !r.path("deviationRate").asText("off").equals("off")) {
            ((ObjectNode) r).put("deviationEvery", Math.max(r.path("deviationEvery").asInt(1), every));
        }
    }

    private static Map<String, String> descent(String name, RunSpec spec) {
        try {
            Path dir = Files.createDirectories(scratch.resolve(name));
            Runner.run(spec, dir, null);
            Map<String, String> out = new LinkedHashMap<>();
            flatten("summary", Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json"))), out);
            out.put("iterate.csv", hash(Files.readAllBytes(dir.resolve("iterate.csv"))));
            columns("trace.csv", dir.resolve("trace.csv"), out);
            columns("events.csv", dir.resolve("events.csv"), out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A completion experiment's run with its data set replaced by the small file of the same format. */
    private static Map<String, String> completion(String name, ObjectNode tree) {
        boolean image = tree.path("format").asText().equals("image")
                || tree.path("input").path("dataset").asText().equals("camera");
        return completion(name, tree, image ? "picture.png" : "ratings.csv");
    }

    private static Map<String, String> completion(String name, ObjectNode tree, String input) {
        try {
            Path file = RESOURCES.resolve(input).toAbsolutePath();
            tree.putObject("input").put("file", file.toString());
            tree.remove("crop");
            CompletionSpec spec = CompletionSpec.parse(tree);
            Path dir = Files.createDirectories(scratch.resolve(name));
            CompletionComparison.run(spec, file, dir, CompletionComparison.Listener.NONE);
            Map<String, String> out = new LinkedHashMap<>();
            flatten("summary", Json.MAPPER.readTree(Files.readString(dir.resolve("summary.json"))), out);
            columns("predictions.csv", dir.resolve("predictions.csv"), out);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Settings of the rank-free descent that {@code irlab complete} does not expose. */
    private enum RankFree {
        IPGD_ZERO, IPGD_RETURNS_ZERO, JOINT_BIASES_BALANCE_PRECONDITIONED, AGGRESSIVE_STEP, SINGLE_MEMBER;

        RankFreeDescent.Settings settings() {
            RankFreeDescent.Settings d = RankFreeDescent.Settings.defaults();
            return switch (this) {
                case IPGD_ZERO -> d.withStart(RankFreeDescent.Start.IPGD_ZERO).withMembers(2);
                case IPGD_RETURNS_ZERO -> d.withStart(RankFreeDescent.Start.IPGD_ZERO).withRadius(1e-300).withMembers(1);
                case JOINT_BIASES_BALANCE_PRECONDITIONED -> d.withCentering(Centering.GLOBAL_MEAN).withJointBiases(true)
                        .withBalance(0.5).withCountExponent(0.5).withMembers(2);
                case AGGRESSIVE_STEP -> d.withInitScales(0.1).withStepFraction(1.95).withPatience(400, 1)
                        .withMembers(1);
                case SINGLE_MEMBER -> d.withMembers(1).withSearchRank(12).withSchedule(10, 3, 2);
            };
        }
    }

    private static Map<String, String> rankFree(RankFree v) {
        try {
            SparseRatings all = RatingsCsv.read(RESOURCES.resolve("ratings.csv"), DuplicatePolicy.ERROR,
                    InvalidPolicy.ERROR).ratings();
            SplittableRandom rng = new SplittableRandom(5);
            Split split = Split.random(all, 0.2, 0.1, rng.split());
            RankFreeDescent.Fit fit = new RankFreeDescent(v.settings()).fit(split.train(), split.validation(), rng.split());
            LowRankCompletion c = fit.model();
            Map<String, String> out = new LinkedHashMap<>();
            flatten("hyperParameters", RankFreePayload.hyperParameters(fit), out);
            flatten("diagnostics", RankFreePayload.diagnostics(fit, Double.NaN), out);
            out.put("rank", Integer.toString(c.rank()));
            out.put("left", hash(c.left()));
            out.put("right", hash(c.right()));
            double[] predictions = new double[all.rows() * all.columns()];
            for (int i = 0; i < all.rows(); i++) {
                for (int j = 0; j < all.columns(); j++) predictions[i * all.columns() + j] = c.predict(i, j);
            }
            out.put("predictions", hash(predictions));
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Leaves of a JSON tree as path → text (doubles as Java's shortest round-trip decimal); times, file paths and
     * provenance are left out, and an array of more than 16 elements becomes one hash.
     */
    static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (ignored(e.getKey())) continue;
                flatten(path + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            if (node.size() > 16) {
                out.put(path, hash(Json.write(strip(node)).getBytes(StandardCharsets.UTF_8)));
                return;
            }
            for (int i = 0; i < node.size(); i++) flatten(path + "[" + i + "]", node.get(i), out);
        } else {
            out.put(path, node.isNull() ? "null" : node.asText());
        }
    }

    private static boolean ignored(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("seconds") || k.equals("provenance") || k.equals("spec") || k.equals("file")
                || k.contains("cpu") || k.equals("time");
    }

    /** The tree without the ignored keys (for hashing arrays of objects). */
    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> { if (!ignored(e.getKey())) o.set(e.getKey(), strip(e.getValue())); });
            return o;
        }
        if (node.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode n : node) a.add(strip(n));
            return a;
        }
        return node;
    }

    /** One hash per CSV column, keyed by the column's header. */
    static void columns(String file, Path path, Map<String, String> out) throws IOException {
        List<String> lines = Files.readAllLines(path);
        if (lines.isEmpty()) return;
        String[] header = lines.get(0).split(",", -1);
        StringBuilder[] cells = new StringBuilder[header.length];
        for (int c = 0; c < header.length; c++) cells[c] = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",", -1);
            for (int c = 0; c < header.length; c++) cells[c].append(c < parts.length ? parts[c] : "<missing>").append('\n');
        }
        out.put(file + ".rows", Integer.toString(lines.size() - 1));
        for (int c = 0; c < header.length; c++) {
            out.put(file + ":" + header[c], hash(cells[c].toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    static String hash(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8);
        for (double v : values) b.putLong(Double.doubleToRawLongBits(v));
        return hash(b.array());
    }

    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
