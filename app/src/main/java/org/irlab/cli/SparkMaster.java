package org.irlab.cli;

import java.util.regex.Pattern;
import org.irlab.data.BadInputException;

/** The form of a {@code --master} URL, checked before Spark starts (the URLs Spark's own scheduler accepts). */
final class SparkMaster {
    private SparkMaster() {}

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\d+|\\*)(,(\\d+))?])?");
    private static final Pattern CLUSTER = Pattern.compile("local-cluster\\[\\d+, *\\d+, *\\d+]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^,:/\\s]+:\\d{1,5}(,[^,:/\\s]+:\\d{1,5})*");
    private static final Pattern KUBERNETES = Pattern.compile("k8s://\\S+");

    /** Refuses (exit 2, naming --master) a URL Spark would not parse, or local with no thread or no attempt. */
    static void check(String master) {
        if (master == null) return;
        java.util.regex.Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            if ("0".equals(local.group(2)) || "0".equals(local.group(4))) {
                throw new BadInputException("--master " + master + ": local[N] and local[N,F] need N ≥ 1 threads and"
                        + " F ≥ 1 attempts per task");
            }
            return;
        }
        if (CLUSTER.matcher(master).matches() || STANDALONE.matcher(master).matches() || master.equals("yarn")
                || KUBERNETES.matcher(master).matches()) {
            return;
        }
        throw new BadInputException("--master " + master + ": not a Spark master URL (expected local, local[N],"
                + " local[*], local[N,F], spark://HOST:PORT[,HOST:PORT…], yarn or k8s://https://HOST:PORT)");
    }
}
