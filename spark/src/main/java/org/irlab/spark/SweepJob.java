package org.irlab.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.cli.Main;

/**
 * The entry point of irlab-spark.jar for {@code spark-submit --class org.irlab.spark.SweepJob irlab-spark.jar
 * SWEEP.json --out PATH}: {@code irlab sweep} with the Spark engine and spark-submit's master. Without
 * spark-submit (the launcher's in-process mode) it is the whole {@code irlab} command line.
 */
public final class SweepJob {
    private SweepJob() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Main.useStderr(System.getProperty("irlab.stderr"));
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (a.isEmpty() || !isCommand(a.get(0))) {
            a.add(0, "sweep");
            if (!a.contains("--engine")) a.addAll(List.of("--engine", "spark"));
        }
        int code = Main.commandLine().execute(a.toArray(String[]::new));
        if (code != 0) System.exit(code);
    }

    private static boolean isCommand(String s) {
        return List.of("sweep", "run", "reproduce", "fig6", "complete", "data", "help", "--help", "-h", "--version", "-V")
                .contains(s);
    }
}
