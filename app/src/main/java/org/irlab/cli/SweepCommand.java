package org.irlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.irlab.data.BadInputException;
import org.irlab.experiment.Json;
import org.irlab.experiment.OutputException;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.SpecException;
import org.irlab.report.Format;
import org.irlab.sweep.Driver;
import org.irlab.sweep.Engine;
import org.irlab.sweep.EngineProvider;
import org.irlab.sweep.Expansion;
import org.irlab.sweep.Journal;
import org.irlab.sweep.LocalEngine;
import org.irlab.sweep.LocalStore;
import org.irlab.sweep.Row;
import org.irlab.sweep.Store;
import org.irlab.sweep.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code irlab sweep SWEEP.json}: a parameter grid of runs, on this machine or on Spark, with phase diagrams. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every cell × seed of a sweep (a base spec with grid, zip, seeds and where) and write "
                + "DIR/results.parquet, DIR/results.csv (one row per run), DIR/cells.csv (success rate with a Wilson 95% "
                + "interval, medians, quartiles) and DIR/sweep.html (heatmaps).",
                "Every key is checked before any run. Finished runs are recorded as they end (DIR/runs.jsonl): a killed "
                + "sweep resumes where it stopped; --force reruns everything. Format: docs/sweeps.md."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every run has a row (a run that failed by itself is a row with status error)",
                        "1:the sweep could not finish (e.g. an output could not be written)",
                        "2:bad input (sweep file, option, row number)"})
public final class SweepCommand implements Callable<Integer> {
    /** The engines of --engine. */
    enum EngineName { local, spark }

    @Parameters(index = "0", paramLabel = "SWEEP", description = "the sweep file (JSON)") Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: out/<sweep name>); with --engine spark also a URI Hadoop can write (hdfs://…, s3a://…)")
    String out;

    @Option(names = "--engine", paramLabel = "NAME", description = "local (default) or spark (needs irlab-spark.jar and Spark on the class path; ./irlab adds them)")
    EngineName engine = EngineName.local;

    @Option(names = "--threads", paramLabel = "K", description = "runs in parallel on the local engine (default: the available processors); rows do not depend on K")
    Integer threads;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark (default: local[K])")
    String master;

    @Option(names = "--quick", description = "the sweep's quick variant (its coarser grid and fewer seeds)")
    boolean quick;

    @Option(names = "--force", description = "forget the recorded runs and run every one again")
    boolean force;

    @Option(names = "--replay", paramLabel = "ROW", description = "print the resolved run spec of row ROW (for ./irlab run) and exit")
    Integer replay;

    @Option(names = {"-q", "--quiet"}, description = "no run count, progress bar or summary line")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() {
        System.setProperty("java.awt.headless", "true");
        PrintWriter err = command.commandLine().getErr(), stdout = command.commandLine().getOut();
        int k = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (k < 1) {
            err.println("irlab sweep: --threads must be at least 1, got " + k);
            return Main.BAD_INPUT;
        }
        if (master != null && engine != EngineName.spark) {
            err.println("irlab sweep: --master needs --engine spark");
            return Main.BAD_INPUT;
        }
        try {
            SparkMaster.check(master);
        } catch (BadInputException e) {
            err.println("irlab sweep: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Expansion expansion;
        try {
            expansion = Expansion.of(Sweep.load(file, quick));
        } catch (SpecException e) {
            err.println("irlab sweep: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (replay != null) {
            if (replay < 0 || replay >= expansion.size()) {
                err.println("irlab sweep: --replay " + replay + ": rows are 0 to " + (expansion.size() - 1));
                return Main.BAD_INPUT;
            }
            stdout.print(Json.write(expansion.runs().get(replay).spec()));
            stdout.flush();
            return 0;
        }
        boolean uri = out != null && out.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
        if (uri && engine != EngineName.spark) {
            err.println("irlab sweep: --out " + out + ": a URI needs --engine spark (Hadoop's file systems); the local engine writes a directory");
            return Main.BAD_INPUT;
        }
        Path dir = uri ? null : out != null ? Path.of(out) : Path.of("out", expansion.sweep().name());
        Engine chosen;
        try {
            chosen = open(k);
        } catch (SpecException | BadInputException e) {
            err.println("irlab sweep: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Driver.Result result;
        Store store = uri ? chosen.store(out) : new LocalStore(dir);
        RunDirectory lock;
        try {
            lock = dir == null ? null : RunDirectory.open(dir, Driver.OUTPUTS); // one sweep at a time in a directory
        } catch (OutputException e) {
            chosen.close();
            err.println("irlab sweep: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        try (Engine eng = chosen; RunDirectory held = lock; Bar bar = new Bar(!quiet && Progress.interactive())) {
            result = Driver.run(expansion, store, eng, force, new Driver.Listener() {
                @Override public void planned(Expansion e, int reused, int pending, String engineName) {
                    if (!quiet) {
                        stdout.println(plannedLine(e, reused, pending, engineName, store));
                        stdout.flush();
                    }
                    bar.start(pending);
                }

                @Override public void finished(Row row) { bar.step(); }
            });
        } catch (SpecException e) {
            err.println("irlab sweep: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (Exception e) { // an output that cannot be written, a cluster job that failed after Spark's retries
            err.println("irlab sweep: stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + "; the finished runs are recorded in " + store.locate(Journal.FILE) + ": the same command resumes");
            return 1;
        }
        if (result.errors() > 0) err.println("irlab sweep: " + result.errors() + " runs failed by themselves (status error in results.csv)");
        if (!quiet) {
            int successes = 0;
            for (Row r : result.rows()) if (r.success()) successes++;
            stdout.printf("%s: %d of %d runs succeeded (%s); %d errors; wrote %s, %s, %s, %s (%s)%n",
                    expansion.sweep().name(), successes, result.rows().size(), expansion.sweep().measures().describeSuccess(),
                    result.errors(), store.locate(Driver.PAGE), store.locate(Driver.RESULTS_PARQUET),
                    store.locate(Driver.RESULTS_CSV), store.locate(Driver.CELLS_CSV), Format.seconds(result.seconds()));
        }
        return 0;
    }

    /** The line printed before any run: how many runs, cells, seeds, skipped cells, recorded, to run. */
    static String plannedLine(Expansion e, int reused, int pending, String engineName, Store store) {
        Sweep s = e.sweep();
        return s.name() + ": " + e.size() + " runs = " + e.cells().size() + " cells × " + s.seeds().size() + " seeds"
                + (e.skipped().isEmpty() ? "" : " (" + e.skipped().size() + " cells skipped by where)")
                + "; " + reused + " already recorded in " + store.locate(Journal.FILE) + ", " + pending + " to run on "
                + engineName;
    }

    private Engine open(int k) {
        if (engine == EngineName.local) return new LocalEngine(k);
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.name().equals(engine.name())) return p.open(master, k);
        }
        throw new SpecException("--engine " + engine + ": not available in this build. The Spark engine lives in "
                + "spark/target/irlab-spark.jar and needs Spark on the class path: run ./irlab sweep … --engine spark "
                + "(it builds the jar and adds Spark), or spark-submit --class org.irlab.spark.SweepJob irlab-spark.jar");
    }

    /** A progress bar over the runs to do, only on an interactive terminal. */
    private static final class Bar implements AutoCloseable {
        private final boolean show;
        private ProgressBar bar;

        Bar(boolean show) { this.show = show; }

        void start(int total) {
            if (show && total > 0) {
                bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).continuousUpdate().build();
            }
        }

        synchronized void step() { if (bar != null) bar.step(); }

        @Override public void close() { if (bar != null) bar.close(); }
    }
}
