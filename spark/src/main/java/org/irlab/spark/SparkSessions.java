package org.irlab.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * Shared Spark session helpers for IRLab's jobs: one session per driver, quiet logs (warnings only) unless the user
 * configured log4j, and the master taken from {@code spark-submit} when IRLab is submitted.
 */
public final class SparkSessions {
    private SparkSessions() {}

    /** Whether this JVM was started by spark-submit (it sets spark.master as a system property). */
    public static boolean submitted() {
        return System.getProperty("spark.master") != null;
    }

    /**
     * The session for an IRLab job.
     *
     * @param master  the master URL (e.g. {@code local[2]}), or null: spark-submit's, else {@code local[threads]}
     * @param threads the local parallelism when no master is given
     */
    public static SparkSession open(String appName, String master, int threads) {
        quietLogs();
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) b.master(master);
        else if (!submitted()) b.master("local[" + threads + "]");
        if (master != null && master.startsWith("local") || master == null && !submitted()) {
            b.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(1, threads)))
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession session = b.getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        return session;
    }

    /** Warnings only, unless a log4j2 configuration was given to this JVM. */
    static void quietLogs() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            Configurator.setRootLevel(Level.WARN);
            Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR); // no native Hadoop: expected
        }
    }
}
