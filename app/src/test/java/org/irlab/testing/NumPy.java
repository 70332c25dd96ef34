package org.irlab.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs python3 with NumPy (and SciPy where a test asks for it) for cross-checks against the reference
 * implementation. Tests that need it are skipped when python3 or NumPy is missing, unless the environment variable
 * {@code IRLAB_REQUIRE_NUMPY=1} is set (CI sets it after installing Debian's python3-numpy), which makes them fail.
 * SciPy is optional everywhere (its tests are skipped without it).
 */
public final class NumPy {
    private static Boolean available;

    private NumPy() {}

    /** Skips the calling test when python3 + NumPy (and, with {@code scipy}, SciPy) are missing and not required. */
    public static void assume(boolean scipy) {
        boolean numpy = importable("numpy");
        if (!numpy && "1".equals(System.getenv("IRLAB_REQUIRE_NUMPY"))) {
            throw new AssertionError("python3 with numpy is required (IRLAB_REQUIRE_NUMPY=1) but cannot be imported");
        }
        assumeTrue(numpy, "python3 with numpy is not installed");
        if (scipy) assumeTrue(importable("numpy, scipy.io"), "scipy is not installed");
    }

    private static synchronized boolean importable(String modules) {
        if (modules.equals("numpy") && available != null) return available;
        boolean ok;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import " + modules).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (modules.equals("numpy")) available = ok;
        return ok;
    }

    /** Runs {@code python3 -c script args…} in {@code dir}; returns stdout, failing the test on a non-zero exit. */
    public static String run(Path dir, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        return exec(dir, command);
    }

    /** Runs {@code python3 file args…} in {@code dir}; returns stdout, failing the test on a non-zero exit. */
    public static String runFile(Path dir, Path file, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", file.toString()));
        command.addAll(List.of(args));
        return exec(dir, command);
    }

    private static String exec(Path dir, List<String> command) {
        try {
            Path errFile = java.nio.file.Files.createTempFile("python", ".err");
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(errFile.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = p.waitFor(120, TimeUnit.SECONDS);
            byte[] err = java.nio.file.Files.readAllBytes(errFile);
            java.nio.file.Files.deleteIfExists(errFile);
            if (!finished) {
                p.destroyForcibly();
                throw new AssertionError("python3 timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("python3 exited " + p.exitValue() + ":\n" + new String(err, StandardCharsets.UTF_8)
                        + "\nstdout:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run python3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
