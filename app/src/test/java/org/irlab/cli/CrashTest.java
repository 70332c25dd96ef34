package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunDirectory;
import org.irlab.testing.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed processes (issue 14): {@code irlab run} and {@code irlab reproduce --only} are started as separate JVMs into
 * a directory that holds an earlier, different run's complete results, and killed with SIGKILL at seeded random
 * moments. Afterwards no directory may hold a result that disagrees with its {@code spec.json} (every file present
 * must be byte-for-byte that spec's clean output; without spec.json there must be no result at all), and running
 * again must give the clean run's numbers — for {@code reproduce}, rerunning only the runs the killed pass did not
 * finish. A run into a directory another live process holds is refused, naming that process.
 */
class CrashTest {
    /**
     * Kill moments per test: seeded, uniform over 1.1 × the time a clean process works after taking its directory's
     * lock (its first write); the JVM's start before that writes nothing. For {@code reproduce}, whose runs end well
     * before its plots and report, every other moment is drawn over 1.1 × the time until its runs are done instead.
     */
    static final int KILLS = 20;
    static final long SEED = 14;

    @TempDir Path dir;

    private static final Map<String, String> FIGURES = new TreeMap<>();

    /** The crash-test spec: n = 12 sensing, IPGD+, about 4,000 steps with a trace row every second step. */
    static final String SPEC = "{\"name\": \"crash\", \"problem\": {\"type\": \"symmetric-sensing\", \"n\": 12, \"rank\": 2,"
            + " \"searchRank\": 12, \"singularValues\": [4, 1], \"measurements\": 300, \"seed\": 1},"
            + " \"algorithm\": {\"type\": \"ipgd+\", \"stepSize\": 0.05, \"radius\": 1e-15, \"gradientThreshold\": 1e-7,"
            + " \"decreaseThreshold\": 1e-10, \"escapeSteps\": 200, \"refineSteps\": 1500, \"maxIterations\": 20000,"
            + " \"seed\": 2}, \"record\": {\"every\": 2}}";

    /** The files a run leaves whose content is compared with the clean run's. */
    static final List<String> COMPARED = List.of("summary.json", "spec.json", "trace.csv", "events.csv", "iterate.csv");

    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until {@code p} holds the lock of {@code dir} (its first write) and returns that moment
     * ({@link System#nanoTime()}), or -1 when it ended before.
     */
    private static long locked(Process p, Path dir, Path log) throws Exception {
        Path lock = dir.resolve(RunDirectory.LOCK);
        String owner = p.pid() + "\n";
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive()) {
            if (Files.isRegularFile(lock)) {
                try {
                    if (Files.readString(lock).startsWith(owner)) return System.nanoTime();
                } catch (IOException beingWritten) {
                    // try again
                }
            }
            assertThat(System.nanoTime()).as("the process takes its lock: " + Files.readString(log)).isLessThan(deadline);
            Thread.sleep(2);
        }
        return -1;
    }

    /** Runs a process to its end and returns the seconds it worked after taking the lock of {@code dir}. */
    private static double timed(Path dir, Path log, String... args) throws Exception {
        return timed(dir, null, log, args)[0];
    }

    /**
     * Runs a process to its end: the seconds it worked after taking the lock of {@code dir}, and (when {@code marker}
     * is given) the seconds until that file, removed at the start, was written again.
     */
    private static double[] timed(Path dir, Path marker, Path log, String... args) throws Exception {
        Process p = start(log, args);
        long t0 = locked(p, dir, log), back = -1;
        boolean removed = false;
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (marker != null && p.isAlive() && back < 0 && System.nanoTime() < deadline) {
            if (!Files.exists(marker)) removed = true;
            else if (removed) back = System.nanoTime();
            Thread.sleep(1);
        }
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        long t1 = System.nanoTime();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(t0).as("seen holding its lock").isPositive();
        if (marker != null) assertThat(back).as("%s removed, then written again", marker).isPositive();
        return new double[] {(t1 - t0) / 1e9, (back - t0) / 1e9};
    }

    /**
     * Starts the process and kills it with SIGKILL {@code seconds} after it took the lock of {@code dir} (if it is
     * still running then); true when it was killed.
     */
    private static boolean killAfter(Path dir, double seconds, Path log, String... args) throws Exception {
        Process p = start(log, args);
        long t0 = locked(p, dir, log);
        boolean finished = t0 < 0 || p.waitFor((long) (seconds * 1e9) - (System.nanoTime() - t0), TimeUnit.NANOSECONDS);
        if (!finished) {
            p.destroyForcibly(); // SIGKILL on Unix
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        } else if (t0 > 0) {
            work.accept((System.nanoTime() - t0) / 1e9);
        }
        return !finished;
    }

    /**
     * The window kill moments are drawn from: the shortest work time seen so far (a process that finished before its
     * kill moment shortens it), so that a slow first measurement on a busy machine does not put most moments after
     * the end.
     */
    private static double window = Double.MAX_VALUE;
    private static final java.util.function.DoubleConsumer work = w -> window = Math.min(window, w);

    @Test
    void killedRunsIntoAUsedDirectoryLeaveNothingThatDisagreesAndRerunToTheCleanNumbers() throws Exception {
        Path specA = dir.resolve("a.json"), specB = dir.resolve("b.json");
        Files.writeString(specA, SPEC);
        Files.writeString(specB, SPEC.replace("\"stepSize\": 0.05", "\"stepSize\": 0.04"));
        Path cleanA = dir.resolve("clean-a"), cleanB = dir.resolve("clean-b");
        assertThat(Cli.irlab("run", specA.toString(), "--out", cleanA.toString(), "-q").exit()).isZero();
        assertThat(Cli.irlab("run", specB.toString(), "--out", cleanB.toString(), "-q").exit()).isZero();
        Map<String, Path> references = Map.of("old", cleanA, "new", cleanB);
        Path log = dir.resolve("log.txt");
        copyResults(cleanA, dir.resolve("timing"));
        window = Double.MAX_VALUE;
        work.accept(timed(dir.resolve("timing"), log, "run", specB.toString(), "--out", dir.resolve("timing").toString(),
                "-q"));

        Random rng = new Random(SEED);
        Map<String, Integer> states = new TreeMap<>();
        int killed = 0;
        for (int k = 0; k < KILLS; k++) {
            Path used = dir.resolve("used-" + k);
            copyResults(cleanA, used);
            double at = rng.nextDouble() * 1.1 * window;
            if (killAfter(used, at, log, "run", specB.toString(), "--out", used.toString(), "-q")) killed++;
            String state = state(used, references);
            states.merge(state, 1, Integer::sum);
            assertThat(state).as("kill %d at %.2f s", k, at).doesNotStartWith("MISLEADING");
            Cli.Result again = Cli.irlab("run", specB.toString(), "--out", used.toString(), "-q");
            assertThat(again.exit()).as(again.err()).isZero();
            for (String f : COMPARED) assertSame(used.resolve(f), cleanB.resolve(f));
            assertThat(hidden(used)).as("temporary files left after the rerun").isEmpty();
        }
        FIGURES.put("run", String.format(Locale.ROOT, "run into a used directory: %d kill moments (%d killed before the"
                + " end, %.2f s of work after the lock), misleading directories 0, states %s", KILLS, killed, window, states));
    }

    @Test
    void killedReproducePassesLeaveNothingThatDisagreesAndResumeRunByRun() throws Exception {
        Path v1 = definitions("v1", s -> s), v2 = definitions("v2", s -> s.replace("\"stepSize\": 0.05", "\"stepSize\": 0.04")
                .replace("\"maxIterations\": 400", "\"maxIterations\": 3000"));
        Path clean1 = dir.resolve("clean-1"), clean2 = dir.resolve("clean-2");
        for (Path[] p : new Path[][] {{v1, clean1}, {v2, clean2}}) {
            Cli.Result r = Cli.irlab("reproduce", "--experiments", p[0].toString(), "--only", "sensing", "--out",
                    p[1].toString(), "--threads", "1", "-q");
            assertThat(r.exit()).as(r.err()).isZero();
        }
        List<String> runs = runNames(clean2.resolve("sensing"));
        assertThat(runs).hasSize(6).isEqualTo(runNames(clean1.resolve("sensing")));
        Path log = dir.resolve("log.txt");
        copyTree(clean1, dir.resolve("timing"));
        window = Double.MAX_VALUE;
        double[] phases = timed(dir.resolve("timing"), dir.resolve("timing/sensing/experiment.json"), log, "reproduce",
                "--experiments", v2.toString(), "--only", "sensing", "--out", dir.resolve("timing").toString(),
                "--threads", "1", "-q");
        work.accept(phases[0]);
        // the runs take a part of the pass only (plots and report follow): every other moment falls among the runs
        double runPhase = phases[1];

        Random rng = new Random(SEED + 1);
        Map<String, Integer> states = new TreeMap<>();
        int killed = 0, resumed = 0;
        for (int k = 0; k < KILLS; k++) {
            Path used = dir.resolve("used-" + k);
            copyTree(clean1, used);
            double at = rng.nextDouble() * 1.1 * (k % 2 == 0 ? Math.min(runPhase, window) : window);
            if (killAfter(used, at, log, "reproduce", "--experiments", v2.toString(), "--only", "sensing", "--out",
                    used.toString(), "--threads", "1", "-q")) {
                killed++;
            }
            int finished = 0;
            for (String run : runs) {
                Path runDir = used.resolve("sensing").resolve(run);
                String state = state(runDir, Map.of("old", clean1.resolve("sensing").resolve(run),
                        "new", clean2.resolve("sensing").resolve(run)));
                assertThat(state).as("kill %d at %.2f s, run %s", k, at, run).doesNotStartWith("MISLEADING");
                if (state.equals("complete new")) finished++;
            }
            String derived = derivedOutputs(used, clean1, clean2);
            assertThat(derived).as("kill %d at %.2f s", k, at).doesNotStartWith("MISLEADING");
            states.merge(finished + "/6 new runs, " + derived, 1, Integer::sum);
            if (finished > 0 && finished < 6) resumed++;

            Cli.Result again = Cli.irlab("reproduce", "--experiments", v2.toString(), "--only", "sensing", "--out",
                    used.toString(), "--threads", "1");
            assertThat(again.exit()).as(again.err()).isZero();
            if (finished < 6) {
                assertThat(again.out()).as("only the unfinished runs run again")
                        .contains("sensing: " + (6 - finished) + " runs in");
            }
            for (String run : runs) {
                for (String f : COMPARED) {
                    assertSame(used.resolve("sensing").resolve(run).resolve(f), clean2.resolve("sensing").resolve(run).resolve(f));
                }
            }
            assertThat(used.resolve("report.html")).isRegularFile();
        }
        FIGURES.put("reproduce", String.format(Locale.ROOT, "reproduce --only into a used directory: %d kill moments"
                + " (%d killed before the end, %.2f s of work after the lock, the runs done after %.2f s; every other moment"
                + " among the runs), misleading directories 0, %d passes resumed part-way; states %s", KILLS, killed, window,
                runPhase, resumed, states));
    }

    @Test
    void aRunIntoADirectoryAnotherProcessHoldsIsRefusedNamingIt() throws Exception {
        Path spec = dir.resolve("a.json"), out = dir.resolve("busy"), log = dir.resolve("log.txt");
        Files.writeString(spec, SPEC.replace("\"refineSteps\": 1500", "\"refineSteps\": 2000000000"));
        Process holder = start(log, "run", spec.toString(), "--out", out.toString(), "-q");
        try {
            assertThat(locked(holder, out, log)).as(Files.readString(log)).isPositive();
            Cli.Result second = Cli.irlab("run", spec.toString(), "--out", out.toString(), "-q");
            assertThat(second.exit()).isEqualTo(2);
            assertThat(second.err()).contains(out.toString(), "in use", "process " + holder.pid());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(1, TimeUnit.MINUTES);
        }
        // its lock dies with it
        Cli.Result after = Cli.irlab("run", dir.resolve("a.json").toString(), "--out", out.toString(), "-q",
                "--set", "algorithm.refineSteps=10");
        assertThat(after.exit()).as(after.err()).isZero();
    }

    @AfterAll
    static void figures() throws IOException {
        if (FIGURES.isEmpty()) return;
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "crash-test.txt"), String.join("\n", FIGURES.values()) + "\n");
    }

    /**
     * What a directory holds after a kill: "complete X" (every compared file is reference X's), "incomplete X: files"
     * (spec.json is X's, no summary.json, every other file present is X's), "empty", or "MISLEADING: why".
     */
    static String state(Path dir, Map<String, Path> references) throws IOException {
        List<String> present = new ArrayList<>();
        for (String f : COMPARED) if (Files.isRegularFile(dir.resolve(f))) present.add(f);
        if (!present.contains("spec.json")) {
            return present.isEmpty() ? "empty" : "MISLEADING: " + present + " without spec.json";
        }
        String name = null;
        for (Map.Entry<String, Path> r : references.entrySet()) {
            if (Files.readString(r.getValue().resolve("spec.json")).equals(Files.readString(dir.resolve("spec.json")))) {
                name = r.getKey();
            }
        }
        if (name == null) return "MISLEADING: spec.json matches no clean run";
        for (String f : present) {
            if (!same(dir.resolve(f), references.get(name).resolve(f))) {
                return "MISLEADING: " + f + " is not that of its spec.json";
            }
        }
        if (present.contains("summary.json")) {
            return present.size() == COMPARED.size() ? "complete " + name : "MISLEADING: summary.json without " + present;
        }
        return "incomplete " + name + ": " + present;
    }

    /**
     * The experiment-level outputs after a killed pass: the marker, the plots and the report may only describe a
     * complete set of runs of one version.
     */
    private static String derivedOutputs(Path out, Path clean1, Path clean2) throws IOException {
        Path marker = out.resolve("sensing/experiment.json");
        String version = "no marker";
        if (Files.isRegularFile(marker)) {
            String hash = Json.read(marker).path("hash").asText();
            Path clean = hash.equals(Json.read(clean1.resolve("sensing/experiment.json")).path("hash").asText()) ? clean1
                    : hash.equals(Json.read(clean2.resolve("sensing/experiment.json")).path("hash").asText()) ? clean2 : null;
            if (clean == null) return "MISLEADING: a marker of neither version";
            for (String run : runNames(clean.resolve("sensing"))) {
                if (!state(out.resolve("sensing").resolve(run), Map.of("it", clean.resolve("sensing").resolve(run)))
                        .startsWith("complete")) {
                    return "MISLEADING: the marker of " + clean.getFileName() + " beside an unfinished run " + run;
                }
            }
            version = "marker " + clean.getFileName();
        }
        boolean plots = Files.exists(out.resolve("sensing/error.png")) || Files.exists(out.resolve("sensing/error.svg"));
        boolean report = Files.exists(out.resolve("report.html"));
        if ((plots || report) && version.equals("no marker")) return "MISLEADING: plots or report without a marker";
        return version + (report ? ", report" : "");
    }

    private static void assertSame(Path actual, Path expected) throws IOException {
        assertThat(same(actual, expected)).as(actual + " equals " + expected).isTrue();
    }

    /** Equal bytes; for summary.json equal apart from the wall time and provenance. */
    private static boolean same(Path actual, Path expected) throws IOException {
        if (!Files.isRegularFile(actual)) return false;
        if (actual.getFileName().toString().equals("summary.json")) {
            JsonNode a = RunCommandTest.stable(Json.read(actual)), b = RunCommandTest.stable(Json.read(expected));
            return a.equals(b);
        }
        return java.util.Arrays.equals(Files.readAllBytes(actual), Files.readAllBytes(expected));
    }

    private static List<String> hidden(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(AtomicFiles::isLeftover).toList();
        }
    }

    private static List<String> runNames(Path experiment) throws IOException {
        try (Stream<Path> s = Files.list(experiment)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void copyResults(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : COMPARED) Files.copy(from.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else if (!p.getFileName().toString().equals(RunDirectory.LOCK)) Files.copy(p, target);
            }
        }
    }

    /** A copy of the tiny experiments with sensing.json edited. */
    private Path definitions(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path source;
        try {
            source = Path.of(CrashTest.class.getResource("/tiny-experiments/index.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path target = dir.resolve(name);
        Files.createDirectories(target);
        for (String f : List.of("index.json", "sensing.json", "sparse.json")) {
            String text = Files.readString(source.resolve(f));
            Files.writeString(target.resolve(f), f.equals("sensing.json") ? edit.apply(text) : text);
        }
        Matcher m = Pattern.compile("\"stepSize\": ([0-9.]+)").matcher(Files.readString(target.resolve("sensing.json")));
        assertThat(m.find()).isTrue();
        return target;
    }
}
