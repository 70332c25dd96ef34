package org.irlab.experiment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Where and how a run was made: commit, Java, OS, machine (processors, worker threads, heap), time. */
public final class Provenance {
    private static volatile String commit;

    private Provenance() {}

    /** A JSON object describing this process. */
    public static ObjectNode describe() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("commit", commit());
        o.put("irlabVersion", version());
        o.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        o.put("processors", Runtime.getRuntime().availableProcessors());
        o.put("threads", org.irlab.linalg.Parallel.threads());
        o.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        o.put("peakHeapMiB", peakHeapBytes() >> 20);
        o.put("time", Instant.now().toString());
        return o;
    }

    /**
     * Σ over the heap memory pools of their peak occupancy since the JVM started: an upper bound on the heap held at
     * once (pools peak at different times), i.e. what -Xmx had to cover so far.
     */
    public static long peakHeapBytes() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    public static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The git commit of the working directory ("+dirty" when it has changes), or "unknown". */
    public static String commit() {
        String c = commit;
        if (c == null) {
            String env = System.getenv("IRLAB_COMMIT");
            c = env != null && !env.isBlank() ? env.trim() : readGit();
            commit = c;
        }
        return c;
    }

    private static String readGit() {
        String head = git("rev-parse", "HEAD");
        if (head == null) return "unknown";
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isBlank() ? head + "+dirty" : head;
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
