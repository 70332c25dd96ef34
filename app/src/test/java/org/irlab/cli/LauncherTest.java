package org.irlab.cli;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./irlab} launcher, run as a user runs it: stderr carries no "WARNING: Using incubator modules" line,
 * the exit code and the CLI's messages are the JVM's, the class archive is made by the first run and used by the
 * next. The launcher is copied into a temporary tree whose app/target/irlab.jar is a manifest-only jar pointing at
 * this build's classes (the real jar is made after the tests).
 */
class LauncherTest {
    @TempDir static Path tree;

    @BeforeAll
    static void install() throws IOException {
        Files.copy(Path.of("..", "irlab"), tree.resolve("irlab"));
        Path target = Files.createDirectories(tree.resolve("app/target"));
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String url = Path.of(entry).toAbsolutePath().toUri().toString();
            classPath.append(url).append(' ');
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.irlab.cli.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().trim());
        try (OutputStream out = Files.newOutputStream(target.resolve("irlab.jar"));
             JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        Files.writeString(tree.resolve("spec.json"), RunCommandTest.SMALL);
    }

    record Result(int exit, String out, String err) {}

    static Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", tree.resolve("irlab").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tree.toFile());
        pb.environment().put("IRLAB_COMMIT", "test");
        pb.environment().put("TMPDIR", tree.toString());
        pb.environment().remove("IRLAB_JAVA_OPTS");
        pb.redirectOutput(tree.resolve("stdout.txt").toFile()).redirectError(tree.resolve("stderr.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(tree.resolve("stdout.txt")),
                Files.readString(tree.resolve("stderr.txt")));
    }

    @Test
    void runsLeaveStderrCleanAndReuseTheClassArchive() throws Exception {
        for (int round = 0; round < 2; round++) {
            Result r = launch("run", "spec.json", "--out", "out" + round, "--quiet");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).as("round %d", round).isEmpty();
            assertThat(tree.resolve("out" + round + "/summary.json")).exists();
        }
        try (var files = Files.list(tree.resolve("app/target/cds"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("vector-"));
            assertThat(names).anyMatch(n -> n.endsWith(".jsa")).noneMatch(n -> n.matches(".*\\.jsa\\.\\d+"));
        }
        try (var left = Files.list(tree)) {
            assertThat(left.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("irlab-stderr"));
        }
    }

    @Test
    void badInputKeepsItsExitCodeAndMessageWithoutTheWarning() throws Exception {
        Result r = launch("run", "spec.json", "--set", "problem.n=-1", "--out", "bad");
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("problem.n").doesNotContain("WARNING").doesNotContain("Exception");
    }
}
