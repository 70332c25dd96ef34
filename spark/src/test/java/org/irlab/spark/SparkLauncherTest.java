package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./irlab} launcher's Spark route, run as a user runs it: stderr carries no "WARNING: Using incubator
 * modules" line (the JVM prints it before main() runs; the launcher filters it as on the local route), and IRLab's
 * own messages and exit codes still arrive. The launcher is copied into a temporary tree whose
 * spark/target/irlab-spark.jar is a manifest-only jar pointing at this build's classes.
 */
class SparkLauncherTest {
    @TempDir static Path tree;
    static Path table;

    @BeforeAll static void install() throws IOException {
        Files.copy(Path.of("..", "irlab"), tree.resolve("irlab"));
        Path app = Files.createDirectories(tree.resolve("app/target"));
        Path spark = Files.createDirectories(tree.resolve("spark/target"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, java.util.Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .map(e -> Path.of(e).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        for (Path jar : List.of(app.resolve("irlab.jar"), spark.resolve("irlab-spark.jar"))) {
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
                j.flush();
            }
        }
        Files.writeString(spark.resolve("spark-classpath.txt"), "");
        table = tree.resolve("ratings.csv");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        StringBuilder csv = new StringBuilder("userId,itemId,rating\n");
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 25; i++) {
                if (rng.nextDouble() < 0.5) csv.append(u).append(',').append(i).append(',').append(1 + rng.nextInt(5)).append('\n');
            }
        }
        Files.writeString(table, csv);
    }

    record Result(int exit, String out, String err) {}

    static Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", tree.resolve("irlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tree.toFile());
        pb.environment().put("IRLAB_COMMIT", "test");
        pb.environment().put("TMPDIR", tree.toString());
        pb.environment().put("IRLAB_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("IRLAB_JAVA_OPTS");
        pb.redirectOutput(tree.resolve("stdout.txt").toFile()).redirectError(tree.resolve("stderr.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(tree.resolve("stdout.txt")),
                Files.readString(tree.resolve("stderr.txt")));
    }

    @Test void aFitOnSparkLeavesStderrWithoutTheIncubatorWarning() throws Exception {
        Result r = launch("complete", "fit", table.toString(), "--model", tree.resolve("m").toString(), "--engine",
                "spark", "--master", "local[1]", "--search-rank", "4", "--members", "1", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("WARNING: Using incubator modules").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
        assertThat(tree.resolve("m/model.json")).exists();
        try (var left = Files.list(tree)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("irlab-stderr"));
        }
    }

    @Test void badInputOnTheSparkRouteKeepsItsExitCodeAndMessage() throws Exception {
        Result r = launch("complete", "fit", table.toString(), "--model", tree.resolve("bad").toString(), "--engine",
                "spark", "--master", "nowhere://x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--master").doesNotContain("WARNING").doesNotContain("\tat ");
    }
}
