package org.irlab.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.sql.SparkSession;
import org.irlab.data.BadInputException;

/**
 * Shared Spark session helpers for IRLab's jobs: one session per driver, Spark's log lines on stderr only (warnings;
 * errors only when quiet) unless the user configured log4j, the master taken from {@code spark-submit} when IRLab is
 * submitted, and a master that cannot start Spark refused in one line (a standalone one within {@link #START_SECONDS}).
 */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * How long a session on a standalone (spark://) master may take to start (a master that takes connections but
     * never accepts the application) before it is refused; {@code -Dirlab.spark.startSeconds=S} changes it.
     */
    public static final int START_SECONDS = 30;
    /** How long a spark:// master's address may take to accept a connection before it counts as unreachable. */
    static final int CONNECT_MILLIS = 5000;

    /** Whether this JVM was started by spark-submit (it sets spark.master as a system property). */
    public static boolean submitted() {
        return System.getProperty("spark.master") != null;
    }

    /** {@link #open(String, String, int, boolean)} with Spark's warnings shown. */
    public static SparkSession open(String appName, String master, int threads) {
        return open(appName, master, threads, false);
    }

    /**
     * The session for an IRLab job.
     *
     * @param master  the master URL (e.g. {@code local[2]}), or null: spark-submit's, else {@code local[threads]}
     * @param threads the local parallelism when no master is given
     * @param quiet   Spark's errors only (no warnings)
     * @throws BadInputException naming the master when Spark cannot start there (a malformed URL, a spark:// address
     *                           where nothing answers, a master that does not accept the application in time)
     */
    public static SparkSession open(String appName, String master, int threads, boolean quiet) {
        quietLogs(quiet);
        String named = master != null ? "--master " + master : submitted() ? "spark.master " + System.getProperty(
                "spark.master") : null;
        if (master != null && master.startsWith("spark://")) reachable(named, master);
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) b.master(master);
        else if (!submitted()) b.master("local[" + threads + "]");
        if (master != null && master.startsWith("local") || master == null && !submitted()) {
            b.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(1, threads)))
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        String url = master != null ? master : System.getProperty("spark.master");
        SparkSession session = start(b, named == null ? "Spark (local[" + threads + "])" : named,
                url != null && url.startsWith("spark://"));
        session.sparkContext().setLogLevel(quiet ? "ERROR" : "WARN");
        return session;
    }

    /**
     * The session started on another thread and waited for (when {@code bounded}: a standalone master, which would
     * otherwise retry for over a minute; YARN or Kubernetes may take longer to grant a driver its resources) at most
     * {@link #START_SECONDS}: Spark's own failure (an
     * unparsable URL, zero threads), a context stopped while starting (a master that gave up on the application) or
     * the time running out is refused naming {@code what}. Spark logs nothing while it starts (its report of a
     * failure is a stack trace, then the warnings of the clean-up): the refusal says it in one line.
     */
    private static SparkSession start(SparkSession.Builder builder, String what, boolean bounded) {
        String context = "org.apache.spark";
        org.apache.logging.log4j.core.config.LoggerConfig own = ((org.apache.logging.log4j.core.LoggerContext)
                org.apache.logging.log4j.LogManager.getContext(false)).getConfiguration().getLoggerConfig(context);
        Level before = own.getName().equals(context) ? own.getLevel() : null; // null: inherit again afterwards
        Configurator.setLevel(context, Level.OFF);
        FutureTask<SparkSession> task = new FutureTask<>(builder::getOrCreate);
        Thread starter = new Thread(task, "irlab-spark-start");
        starter.setDaemon(true);
        starter.start();
        int limit = Integer.getInteger("irlab.spark.startSeconds", START_SECONDS);
        try {
            SparkSession session = bounded ? task.get(limit, TimeUnit.SECONDS) : task.get();
            if (session.sparkContext().isStopped()) {
                throw new BadInputException(what + ": cannot start Spark (the master did not accept the application)");
            }
            return session;
        } catch (ExecutionException e) {
            throw new BadInputException(what + ": cannot start Spark (" + firstLine(e.getCause()) + ")");
        } catch (TimeoutException e) {
            throw new BadInputException(what + ": cannot start Spark (no answer within " + limit + " s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException(what + ": interrupted while Spark started");
        } finally {
            Configurator.setLevel(context, before);
        }
    }

    /** Refuses a spark:// master where no listed address accepts a connection within {@link #CONNECT_MILLIS}. */
    private static void reachable(String what, String master) {
        String why = null;
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            if (colon < 0) throw new BadInputException(what + ": " + address + " names no port (spark://HOST:PORT)");
            String host = address.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadInputException(what + ": port '" + address.substring(colon + 1) + "' is not a number");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
                return;
            } catch (IOException e) {
                why = address + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        throw new BadInputException(what + ": cannot reach the Spark master (" + why + ")");
    }

    /** An exception's message, its first line only (no class name, no stack trace). */
    static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /**
     * Unless a log4j2 configuration was given to this JVM: Spark's log lines to stderr (never stdout, which holds
     * IRLab's own lines), one line each (an exception by its message, no stack trace), warnings only (errors only when
     * quiet), Hadoop's missing-native-library notice dropped.
     * Under spark-submit the levels only (its configuration keeps the appenders).
     */
    static void quietLogs(boolean quiet) {
        if (System.getProperty("log4j2.configurationFile") != null || System.getProperty("log4j.configurationFile") != null) {
            return;
        }
        // quiet: FATAL until Spark is up (open() then lowers it to ERROR), since Spark takes a root logger at exactly
        // ERROR with one appender for log4j's unconfigured default and loads its own profile, INFO lines and all
        Level root = quiet ? Level.FATAL : Level.WARN;
        if (submitted()) {
            Configurator.setRootLevel(root);
        } else {
            ConfigurationBuilder<BuiltConfiguration> c = ConfigurationBuilderFactory.newConfigurationBuilder();
            c.setConfigurationName("IRLab on Spark");
            c.add(c.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                    .add(c.newLayout("PatternLayout").addAttribute("alwaysWriteExceptions", false)
                            .addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%notEmpty{ (%ex{short.message})}%n")));
            c.add(c.newRootLogger(root).add(c.newAppenderRef("stderr")));
            Configurator.reconfigure(c.build());
        }
        Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR); // no native Hadoop: expected
    }
}
