package org.irlab.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fetches one Debian package's files without installing it: {@code apt-get download NAME} into a directory, then
 * {@code dpkg-deb -x} to unpack it (no dependencies, no maintainer scripts).
 */
public final class DebianPackages {
    private static final long TIMEOUT_SECONDS = 600;

    private DebianPackages() {}

    /** A fetch that could not be done: a tool is missing, apt cannot reach a mirror, the package is unknown. */
    public static final class FetchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FetchException(String message) { super(message); }
    }

    /**
     * Downloads {@code name} into {@code work} and unpacks it into {@code work/root}; returns that root.
     *
     * @throws FetchException when apt-get or dpkg-deb is missing or fails (the message says why and what to do)
     */
    public static Path downloadAndExtract(String name, Path work) throws IOException {
        requireTool("apt-get");
        requireTool("dpkg-deb");
        Files.createDirectories(work);
        // Running as root, apt drops to the _apt user, which cannot write a private temp dir; it only warns.
        Result download = run(work, "apt-get", "download", "-o", "APT::Sandbox::User=root", name);
        if (download.exit != 0) {
            throw new FetchException("apt-get download " + name + " failed (exit " + download.exit + "): "
                    + download.tail() + hint(download.output));
        }
        Path deb;
        try (Stream<Path> files = Files.list(work)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new FetchException("apt-get download " + name + " left no .deb file in " + work));
        }
        Path root = work.resolve("root");
        Result extract = run(work, "dpkg-deb", "-x", deb.toString(), root.toString());
        if (extract.exit != 0) {
            throw new FetchException("dpkg-deb -x " + deb.getFileName() + " failed (exit " + extract.exit + "): "
                    + extract.tail());
        }
        return root;
    }

    /** The version string of the downloaded .deb, from its file name (name_version_arch.deb), or "unknown". */
    public static String version(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".deb")).findFirst()
                    .map(n -> n.split("_").length >= 2 ? n.split("_")[1].replace("%3a", ":") : "unknown")
                    .orElse("unknown");
        }
    }

    private static String hint(String output) {
        if (output.contains("Unable to locate package") || output.contains("has no installation candidate")) {
            return "\n  (apt does not know the package: run 'apt-get update' first)";
        }
        if (output.contains("Temporary failure resolving") || output.contains("Could not resolve")
                || output.contains("Failed to fetch") || output.contains("Network is unreachable")
                || output.contains("Connection failed") || output.contains("Could not connect")) {
            return "\n  (cannot reach the Debian mirror: this needs network access to the package archive)";
        }
        return "";
    }

    /** Fails with a clear message when the executable is not on PATH. */
    static void requireTool(String tool) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) return;
            }
        }
        throw new FetchException(tool + " not found on PATH: 'irlab data fetch' needs Debian's apt-get and dpkg-deb"
                + " (a Debian or Ubuntu system); alternatively place the file in the data directory yourself");
    }

    private record Result(int exit, String output) {
        String tail() {
            String[] lines = output.strip().split("\n");
            List<String> last = new ArrayList<>();
            for (int i = Math.max(0, lines.length - 4); i < lines.length; i++) last.add(lines[i].strip());
            return String.join(" | ", last);
        }
    }

    private static Result run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FetchException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new FetchException(String.join(" ", command) + " was interrupted");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
