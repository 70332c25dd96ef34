package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.irlab.experiment.Json;
import org.irlab.experiment.OutputException;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.experiment.SpecException;
import org.irlab.testing.Cli;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 1–8: one regression test per item, each of which failed on the code before the fix. The table of
 * malformed inputs is {@link FaultInjectionTest}; killed processes are {@link CrashTest}.
 */
class ReliabilityTest {
    @TempDir Path dir;

    static final String SPEC = FaultInjectionTest.SPEC;

    private Path spec(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // 1. stale results after an interrupted re-run

    @Test
    void aRerunThatDiesLeavesNoEarlierResultsBesideItsSpec() throws IOException {
        Path out = dir.resolve("out");
        assertThat(Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", out.toString(), "-q").exit()).isZero();
        Files.writeString(out.resolve(".trace.csv.0123abcd.tmp"), "left by a killed run");
        RunSpec other = RunSpec.load(spec("b.json", SPEC), List.of("algorithm.stepSize=0.04"));
        assertThatThrownBy(() -> Runner.run(other, out, t -> {
            if (t == 100) throw new IllegalStateException("interrupted at step 100");
        })).hasMessageContaining("interrupted");
        assertThat(files(out)).as("nothing of the first run, nothing half-written").containsOnly(RunDirectory.LOCK);
        Runner.Outcome rerun = Runner.run(other, out, null);
        assertThat(rerun.summary().path("spec").path("algorithm").path("stepSize").asDouble()).isEqualTo(0.04);
        assertThat(Json.read(out.resolve("spec.json")).path("algorithm").path("stepSize").asDouble()).isEqualTo(0.04);
    }

    @Test
    void anInputRejectedBeforeTheRunLosesNothing() throws IOException {
        Path out = dir.resolve("out");
        Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", out.toString(), "-q");
        byte[] before = Files.readAllBytes(out.resolve("summary.json"));
        Files.writeString(dir.resolve("x0.csv"), "1,2,3\n");
        Cli.Result r = Cli.irlab("run", dir.resolve("a.json").toString(), "--out", out.toString(), "-q",
                "--set", "init={\"type\":\"file\",\"path\":\"" + dir.resolve("x0.csv") + "\"}");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("x0.csv", "expected 8");
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(before);
    }

    // 2. two runs into one --out at once

    @Test
    void aSecondRunIntoADirectoryInUseIsRefusedAndAStaleLockIsTakenOver() throws Exception {
        Path out = dir.resolve("out"), specFile = spec("a.json", SPEC);
        try (RunDirectory busy = RunDirectory.open(out, Runner.RESULTS)) {
            Cli.Result r = Cli.irlab("run", specFile.toString(), "--out", out.toString(), "-q");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains(out.toString(), "in use");
            assertThat(out.resolve("summary.json")).doesNotExist();
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(out.resolve(RunDirectory.LOCK), gone.pid() + "\nirlab run (killed)\n");
        assertThat(Cli.irlab("run", specFile.toString(), "--out", out.toString(), "-q").exit()).isZero();
        assertThat(out.resolve("summary.json")).isRegularFile();
    }

    @Test
    void aRunWhoseDirectoryIsReplacedMeanwhileStopsAndLeavesTheNewOwnersFilesAlone() throws IOException {
        Path out = dir.resolve("out");
        RunSpec spec = RunSpec.load(spec("a.json", SPEC), List.of());
        Map<String, String> other = Map.of("spec.json", "{\"name\": \"other\"}\n", "summary.json",
                "{\"status\": \"converged\", \"name\": \"other\"}\n", RunDirectory.LOCK, "999999\nirlab run\n");
        // while the run computes, the user removes its directory and another run fills a new one at the same path
        assertThatThrownBy(() -> Runner.run(spec, out, t -> {
            if (t != 100) return;
            try {
                try (Stream<Path> s = Files.walk(out)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
                Files.createDirectories(out);
                for (Map.Entry<String, String> f : other.entrySet()) Files.writeString(out.resolve(f.getKey()), f.getValue());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(OutputException.class).hasMessageContaining(out + " was removed or replaced");
        assertThat(files(out)).as("nothing of the stopped run").containsExactlyInAnyOrderElementsOf(other.keySet());
        for (Map.Entry<String, String> f : other.entrySet()) {
            assertThat(Files.readString(out.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        // the lock file's identity is what counts: a run that keeps its directory is not disturbed by the check
        assertThat(Runner.run(spec, dir.resolve("kept"), null).summary().path("status").asText()).isEqualTo("converged");
    }

    // 3. duplicate keys and trailing text

    @Test
    void duplicateKeysAndTrailingTextAreRefusedNamingKeyAndPosition() throws IOException {
        Path dup = spec("dup.json", SPEC.replace("\"init\"", "\"problem\": {\"type\": \"symmetric-sensing\"}, \"init\""));
        Cli.Result d = Cli.irlab("run", dup.toString(), "--out", dir.resolve("d").toString());
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("'problem' appears twice", "line 1, column");
        Path tail = spec("tail.json", SPEC + "\n{\"name\": \"second\"}\n");
        Cli.Result t = Cli.irlab("run", tail.toString(), "--out", dir.resolve("t").toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("text after the end of the JSON value at line 2, column 1");
        assertThat(dir.resolve("d")).doesNotExist();
        assertThat(dir.resolve("t")).doesNotExist();
    }

    // 4. every problem of a spec at once, unknown keys with a suggestion first

    @Test
    void aTypoForARequiredKeyIsNamedWithItsSuggestionAndEveryProblemIsListed() throws IOException {
        Path typo = spec("typo.json", SPEC.replace("\"rank\"", "\"rnak\"").replace("\"stepSize\"", "\"stepsize\"")
                .replace("\"every\": 5", "\"every\": 0"));
        Cli.Result r = Cli.irlab("run", typo.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("5 problems",
                "problem.rnak: unknown key (did you mean rank?)", "algorithm.stepsize: unknown key (did you mean stepSize?)",
                "problem.rank: required", "algorithm.stepSize: required", "record.every");
        assertThat(r.err().indexOf("problem.rnak")).isLessThan(r.err().indexOf("problem.rank: required"));
    }

    // 5. stack traces and exit 1 instead of exit 2

    @Test
    void anUnusableOutputIsRefusedBeforeAnyWork() throws IOException {
        Path specFile = spec("a.json", SPEC), file = spec("plain.txt", "x");
        for (String[] args : List.of(
                new String[] {"run", specFile.toString(), "--out", "/proc/irlab-test"},
                new String[] {"run", specFile.toString(), "--out", file.toString()},
                new String[] {"reproduce", "--only", "fig1", "--out", file.toString()},
                new String[] {"complete", SyntheticData.ratings(dir.resolve("r.csv"), 20, 10, 0.6, 1).toString(),
                              "--out", "/proc/irlab-test"})) {
            Cli.Result r = Cli.irlab(args);
            assertThat(r.exit()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.stackTrace()).isFalse();
            assertThat(r.err()).contains(args[args.length - 1]).doesNotContain("cannot read");
        }
    }

    @Test
    void aReadOnlyDirectoryIsRefusedBeforeAnyWork() throws IOException {
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        assertThat(ro.toFile().setWritable(false, false)).isTrue();
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions do not stop writes");
            Cli.Result r = Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", ro.toString(), "-q");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains(ro.toString(), "permission denied");
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void overridesAndInitFilesThatUsedToCrashAreBadInput() throws IOException {
        Path specFile = spec("a.json", SPEC), out = dir.resolve("o");
        Cli.Result dot = Cli.irlab("run", specFile.toString(), "--out", out.toString(), "--set", ".=1");
        assertThat(dot.exit()).isEqualTo(2);
        assertThat(dot.err()).contains("'.'");
        Files.writeString(dir.resolve("nan.csv"), ("NaN" + ",NaN".repeat(7) + "\n").repeat(8));
        Cli.Result nan = Cli.irlab("run", specFile.toString(), "--out", out.toString(), "--set", "init.type=file",
                "--set", "init.path=" + dir.resolve("nan.csv"));
        assertThat(nan.exit()).isEqualTo(2);
        assertThat(nan.err()).contains("nan.csv line 1", "not finite");
        assertThat(out.resolve("trace.csv")).doesNotExist();
        assertThat(nan.stackTrace() || dot.stackTrace()).isFalse();
    }

    @Test
    void degenerateCompletionInputsAreRefusedBeforeAnyOutput() throws IOException {
        StringBuilder constant = new StringBuilder("userId,movieId,rating\n");
        for (int u = 1; u <= 8; u++) for (int i = 1; i <= 6; i++) constant.append(u).append(',').append(i).append(",3\n");
        Path flat = spec("flat.csv", constant.toString());
        Path extreme = spec("extreme.csv", constant.toString().replaceFirst("1,1,3", "1,1,-1e308"));
        BufferedImage thin = new BufferedImage(64, 1, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 64; x++) thin.getRaster().setSample(x, 0, 0, x * 4);
        Path line = dir.resolve("thin.png");
        ImageIO.write(thin, "png", line.toFile());
        Path huge = spec("huge.mtx", "%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 5\n1 1 1\n");
        Map<Path, String> named = new TreeMap<>(Map.of(flat, "all 34 training values equal 3.0", extreme, "line 2",
                line, "64×1", huge, "GiB"));
        for (Map.Entry<Path, String> e : named.entrySet()) {
            Path out = dir.resolve("out-" + e.getKey().getFileName());
            long start = System.nanoTime();
            Cli.Result r = Cli.irlab("complete", e.getKey().toString(), "--out", out.toString(), "-q");
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(e.getValue());
            assertThat(r.stackTrace()).isFalse();
            assertThat(out.resolve("summary.json")).doesNotExist();
            assertThat(out.resolve("recovered-softimpute.png")).doesNotExist();
            assertThat(System.nanoTime() - start).as("refused early").isLessThan(10_000_000_000L);
        }
    }

    // 6. the spec's name as a path

    @Test
    void aNameThatIsNotAPlainRunNameIsRefused() {
        ObjectNode base = (ObjectNode) Json.parse(SPEC, "spec");
        for (String name : List.of("../../x", "", "/x", "a/../b", "Run 1", "x/")) {
            ObjectNode tree = base.deepCopy();
            tree.put("name", name);
            assertThatThrownBy(() -> RunSpec.parse(tree, List.of(), null)).as(name)
                    .isInstanceOf(SpecException.class).hasMessageContaining("name: '" + name + "'");
        }
        ObjectNode nested = base.deepCopy();
        nested.put("name", "fig5/ipgd-seed1");
        assertThat(RunSpec.parse(nested, List.of(), null).name()).isEqualTo("fig5/ipgd-seed1");
    }

    // 7. replay with a relative init.path

    @Test
    void aRunFromARelativeInitFileReplaysBitForBitFromItsDirectory() throws IOException {
        Path first = dir.resolve("first");
        Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", first.toString(), "-q");
        Files.createDirectories(dir.resolve("specs"));
        Files.copy(first.resolve("iterate.csv"), dir.resolve("specs/start.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String fromFile = SPEC.replace("{\"type\": \"zero\"}", "{\"type\": \"file\", \"path\": \"start.csv\"}")
                .replace("\"type\": \"ipgd+\"", "\"type\": \"gd\"").replace(", \"radius\": 1e-15, \"gradientThreshold\": 1e-7,"
                        + " \"decreaseThreshold\": 1e-10, \"escapeSteps\": 200, \"refineSteps\": 500", "")
                .replace("\"maxIterations\": 20000, \"seed\": 2", "\"maxIterations\": 50");
        Path out = dir.resolve("out"), replay = dir.resolve("replay");
        Cli.Result r = Cli.irlab("run", spec("specs/from-file.json", fromFile).toString(), "--out", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("init.csv"))).isEqualTo(Files.readString(dir.resolve("specs/start.csv")));
        Files.delete(dir.resolve("specs/start.csv")); // the replay must not need the original
        Cli.Result again = Cli.irlab("run", out.resolve("spec.json").toString(), "--out", replay.toString(), "-q");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(Files.readString(replay.resolve("iterate.csv"))).isEqualTo(Files.readString(out.resolve("iterate.csv")));
        assertThat(RunCommandTest.stable(Json.read(replay.resolve("summary.json"))))
                .isEqualTo(RunCommandTest.stable(Json.read(out.resolve("summary.json"))));
        Files.writeString(out.resolve("init.csv"), Files.readString(out.resolve("init.csv")).replaceFirst("\\d", "7"));
        Cli.Result changed = Cli.irlab("run", out.resolve("spec.json").toString(), "--out", replay.toString(), "-q");
        assertThat(changed.exit()).isEqualTo(2);
        assertThat(changed.err()).contains("init.sha256", "has changed");
    }

    @Test
    void anInitPathGivenWithSetIsRelativeToTheWorkingDirectory() throws IOException {
        Path first = dir.resolve("first");
        Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", first.toString(), "-q");
        Path elsewhere = spec("specs/deep/s.json", SPEC);
        String relative = Path.of("").toAbsolutePath().relativize(first.resolve("iterate.csv")).toString();
        Cli.Result r = Cli.irlab("run", elsewhere.toString(), "--out", dir.resolve("o").toString(), "-q",
                "--set", "init.type=file", "--set", "init.path=" + relative);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("o/init.csv"))).isEqualTo(Files.readString(first.resolve("iterate.csv")));
    }

    // 8. smaller

    @Test
    void smallerCasesAreRefusedWithTheirCause() throws IOException {
        Path picture = SyntheticData.picture(dir.resolve("p.png"), 24, 20);
        Cli.Result none = Cli.irlab("complete", picture.toString(), "--missing", "1e-9", "--out", dir.resolve("a").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("--missing 1.0E-9", "no test entries");
        assertThat(dir.resolve("a/summary.json")).doesNotExist();
        Cli.Result fraction = Cli.irlab("complete", picture.toString(), "--test-fraction", "0.3", "--out",
                dir.resolve("b").toString());
        assertThat(fraction.exit()).isEqualTo(2);
        assertThat(fraction.err()).contains("--test-fraction applies to ratings");
        Cli.Result empty = Cli.irlab("reproduce", "--only", "", "--out", dir.resolve("c").toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(dir.resolve("c/report.html")).doesNotExist();
        Cli.Result overflow = Cli.irlab("run", spec("a.json", SPEC).toString(), "--out", dir.resolve("d").toString(),
                "--set", "problem.seed=7766279631452241919000");
        assertThat(overflow.exit()).isEqualTo(2);
        assertThat(overflow.err()).contains("7766279631452241919000").doesNotContain("got 7766279631452241919\n");
        Path noSize = spec("m.mtx", "%%MatrixMarket matrix coordinate real general\n% data\n1 1 5\n1 2 3\n2 1 4\n");
        Cli.Result mtx = Cli.irlab("complete", noSize.toString(), "--out", dir.resolve("e").toString());
        assertThat(mtx.exit()).isEqualTo(2);
        assertThat(mtx.err()).contains("size line");
    }

    // reproduce resumes run by run

    @Test
    void reproduceRerunsOnlyTheRunsAKilledPassDidNotFinish() throws IOException {
        Path out = dir.resolve("out");
        String defs = ReproduceCommandTest.tiny();
        Cli.Result first = Cli.irlab("reproduce", "--experiments", defs, "--out", out.toString(), "--threads", "2");
        assertThat(first.exit()).as(first.err()).isZero();
        Path sensing = out.resolve("sensing");
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(sensing)) {
            s.filter(Files::isDirectory).sorted().forEach(runs::add);
        }
        assertThat(runs).hasSize(6);
        Map<Path, byte[]> kept = new TreeMap<>();
        for (Path run : runs.subList(1, 6)) kept.put(run, Files.readAllBytes(run.resolve("summary.json")));
        JsonNode lost = Json.read(runs.get(0).resolve("summary.json"));
        // what a pass killed after five of the six runs leaves: no marker, one run without its summary
        Files.delete(sensing.resolve("experiment.json"));
        Files.delete(runs.get(0).resolve("summary.json"));
        Cli.Result resumed = Cli.irlab("reproduce", "--experiments", defs, "--out", out.toString(), "--threads", "2");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("sensing: 1 runs in").contains("(5 finished by an earlier pass)")
                .contains("sparse: up to date");
        for (Map.Entry<Path, byte[]> e : kept.entrySet()) {
            assertThat(Files.readAllBytes(e.getKey().resolve("summary.json"))).isEqualTo(e.getValue());
        }
        assertThat(RunCommandTest.stable(Json.read(runs.get(0).resolve("summary.json")))).isEqualTo(RunCommandTest.stable(lost));
        assertThat(sensing.resolve("experiment.json")).isRegularFile();
        assertThat(out.resolve("report.html")).isRegularFile();
    }

    @Test
    void aDamagedDataSetIsNamedWithHowToFetchItAgain() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("movielens-small.csv"), "<html>not found</html>\n");
        Files.writeString(data.resolve("camera.png"), "<html>not found</html>\n");
        Cli.Result r = Cli.irlab("reproduce", "--only", "completion", "--quick", "--data", data.toString(), "--out",
                dir.resolve("out").toString(), "-q");
        assertThat(r.exit()).as("a run failed").isEqualTo(1);
        assertThat(r.stackTrace()).as(r.err()).isFalse();
        assertThat(r.err()).contains("movielens-small.csv: line 1", "camera.png: not an image",
                "data fetch camera --force --dir " + data, "data fetch movielens-small --force --dir " + data);
    }

    @Test
    void runDirectoryErrorsNameTheDirectory() {
        assertThatThrownBy(() -> RunDirectory.open(Path.of(""), List.of())).isInstanceOf(OutputException.class)
                .hasMessageContaining("empty");
    }
}
