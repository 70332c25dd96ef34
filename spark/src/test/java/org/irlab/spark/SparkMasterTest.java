package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A --master where Spark cannot start — malformed, zero threads, a spark:// address where nothing listens, a cluster
 * manager this build lacks — exits 2 with one line naming --master and the cause, no stack trace, in seconds, for
 * {@code complete fit} and {@code sweep}; a foreign --model or a missing input is refused before Spark starts; and
 * stdout of a fit on Spark holds IRLab's lines only (Spark's log on stderr; nothing of it with --quiet).
 */
class SparkMasterTest {
    @TempDir static Path dir;
    static Path table, sweep;
    /** A port on 127.0.0.1 where nothing listens. */
    static int closed;

    @BeforeAll static void files() throws IOException {
        table = dir.resolve("ratings.csv");
        SplittableRandom rng = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("userId,itemId,rating\n");
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 25; i++) {
                if (rng.nextDouble() < 0.5) csv.append(u).append(',').append(i).append(',').append(1 + rng.nextInt(5)).append('\n');
            }
        }
        Files.writeString(table, csv);
        sweep = dir.resolve("tiny.json");
        for (String f : new String[] {"tiny.json", "bad.csv"}) {
            try (InputStream in = SparkMasterTest.class.getResourceAsStream("/sweeps/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
    }

    record Result(int code, String out, String err, double seconds) {}

    static Result irlab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        int code = cli.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - t0) / 1e9);
    }

    static Stream<Arguments> masters() {
        List<Arguments> all = new ArrayList<>();
        for (String command : new String[] {"fit", "sweep"}) {
            all.add(Arguments.of(command, "foo://bar", "not a Spark master URL"));
            all.add(Arguments.of(command, "local[0]", "N ≥ 1 threads"));
            all.add(Arguments.of(command, "spark://127.0.0.1:" + closed, "cannot reach the Spark master (127.0.0.1:"
                    + closed));
            all.add(Arguments.of(command, "k8s://https://127.0.0.1:" + closed, "cannot start Spark (Could not parse"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --master {1}")
    @MethodSource("masters")
    void aMasterWhereSparkCannotStartExitsTwoInOneLine(String command, String master, String cause) {
        Path model = dir.resolve("m-" + command + "-" + Math.abs(master.hashCode()));
        Result r = command.equals("fit")
                ? irlab("complete", "fit", table.toString(), "--model", model.toString(), "--engine", "spark",
                        "--master", master)
                : irlab("sweep", sweep.toString(), "--out", model.toString(), "--engine", "spark", "--master", master);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--master " + master).contains(cause)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(r.seconds()).isLessThan(SparkSessions.START_SECONDS);
        assertThat(model.resolve("model.json")).doesNotExist();
        // and nothing was left running: a local session starts afterwards
        SparkSessions.open("IRLab test", "local[1]", 1).stop();
    }

    @Test void aForeignModelOrAMissingInputIsRefusedBeforeSparkStarts() throws IOException {
        String unreachable = "spark://127.0.0.1:" + closed;
        Path other = dir.resolve("other.csv"), foreign = dir.resolve("foreign");
        Files.writeString(other, "userId,itemId,rating\n1,1,3\n1,2,4\n2,1,5\n2,2,1\n3,1,2\n3,3,4\n");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("model.json"), "{\"input\": {\"file\": \"other.csv\", \"sha256\": \"0123\"}}");
        Result r = irlab("complete", "fit", table.toString(), "--model", foreign.toString(), "--engine", "spark",
                "--master", unreachable);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("holds a model of another input").doesNotContain("--master");
        r = irlab("complete", "fit", dir.resolve("absent.csv").toString(), "--model", dir.resolve("m2").toString(),
                "--engine", "spark", "--master", unreachable);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("absent.csv").doesNotContain("--master");
    }

    /**
     * A spark:// address that takes the connection and never answers (a socket here that accepts and stays silent):
     * the start is given up after -Dirlab.spark.startSeconds (here 5 s), exit 2 in one line. In its own JVM: the
     * abandoned start keeps running until the process exits.
     */
    @Test void aMasterThatNeverAnswersIsGivenUpInBoundedTime() throws IOException, InterruptedException {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                List<java.net.Socket> held = new ArrayList<>();
                try {
                    while (true) held.add(silent.accept());
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
            accept.setDaemon(true);
            accept.start();
            String master = "spark://127.0.0.1:" + silent.getLocalPort();
            Result r = java(List.of("-Dirlab.spark.startSeconds=5"), "complete", "fit", table.toString(), "--model",
                    dir.resolve("silent").toString(), "--engine", "spark", "--master", master);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains("--master " + master)
                    .contains("no answer within 5 s").doesNotContain("\tat ");
            assertThat(r.out()).isEmpty();
            assertThat(r.seconds()).isLessThan(SparkSessions.START_SECONDS);
        }
    }

    /** A fit on Spark in its own JVM (Spark's log goes to the process's stdout or stderr, not to picocli's writers). */
    @Test void stdoutHoldsIrlabsLinesOnlyAndQuietIsQuiet() throws IOException, InterruptedException {
        Result loud = java("complete", "fit", table.toString(), "--model", dir.resolve("p1").toString(), "--engine",
                "spark", "--master", "local[2]", "--search-rank", "4", "--members", "1");
        assertThat(loud.code()).as(loud.err()).isZero();
        List<String> lines = loud.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("irlab: validation RMSE ");
        assertThat(lines.get(1)).startsWith("refitted on all ");
        assertThat(lines.get(2)).startsWith("wrote ");
        assertThat(loud.err()).doesNotContain("locally checkpointed").doesNotContain(" INFO ").doesNotContain("\tat ");
        Result quiet = java("complete", "fit", table.toString(), "--model", dir.resolve("p2").toString(), "--engine",
                "spark", "--master", "local[2]", "--search-rank", "4", "--members", "1", "--quiet");
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err()).doesNotContain(" WARN ").doesNotContain(" INFO ");
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        return java(List.of(), args);
    }

    private static Result java(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("-X")) command.add(a);
        }
        command.addAll(options);
        // the class path of the command: without the tests' classes and their log4j2-test.properties
        command.add("-cp");
        command.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.add("org.irlab.cli.Main");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).start();
        long t0 = System.nanoTime();
        int code = p.waitFor();
        return new Result(code, Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")),
                (System.nanoTime() - t0) / 1e9);
    }
}
