package org.irlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.irlab.experiment.DataSource;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.SpecException;
import org.irlab.report.Experiment;
import org.irlab.report.Experiments;
import org.irlab.report.Plan;
import org.irlab.report.Report;
import org.irlab.report.Reproduction;
import org.irlab.report.Results;
import org.irlab.report.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code irlab reproduce}: runs the paper's experiments and writes plots and an HTML report of its claims. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run every experiment of the paper (or those named with --only), then write DIR/report.html "
                + "with settings, plots and a claims table, and each plot as PNG and SVG under DIR/<experiment>/.",
                "An experiment whose outputs are complete and whose resolved specs are unchanged is not run again."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every run finished, or was not measured for lack of data, and the report was written "
                        + "(whatever the verdicts)",
                        "1:some run failed (the report is written with what exists)",
                        "2:bad input (option or experiment definition)"})
public final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "run only these experiments (and those whose runs they use), e.g. --only fig1,fig5")
    List<String> only = new ArrayList<>();

    @Option(names = "--quick", description = "fewer seeds and steps (defined per experiment); the whole run takes < 1 min")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out");

    @Option(names = "--threads", paramLabel = "K",
            description = "runs in parallel (default: the available processors); results do not depend on K")
    Integer threads;

    @Option(names = "--force", description = "run even the experiments that are up to date")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "no progress bars and no summary lines")
    boolean quiet;

    @Option(names = "--data", paramLabel = "DIR",
            description = "where the data sets of the completion experiment are (default: ${DEFAULT-VALUE}); one that "
                    + "is missing is fetched there as by 'irlab data fetch', and if that fails its runs are reported "
                    + "as not measured")
    Path data = Path.of("data");

    @Option(names = "--experiments", paramLabel = "DIR",
            description = "read experiment definitions from DIR/index.json instead of the built-in ones")
    Path definitions;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() {
        System.setProperty("java.awt.headless", "true");
        PrintWriter err = command.commandLine().getErr();
        PrintWriter stdout = command.commandLine().getOut();
        long start = System.nanoTime();
        int k = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (k < 1) {
            err.println("irlab reproduce: --threads must be at least 1, got " + k);
            return Main.BAD_INPUT;
        }
        for (String name : only) {
            if (name.isBlank()) {
                err.println("irlab reproduce: --only: an empty experiment name in '" + String.join(",", only)
                        + "' (give names such as --only fig1,fig5, or leave --only out to run everything)");
                return Main.BAD_INPUT;
            }
        }
        List<Experiment> all;
        List<Experiment> selected;
        List<Plan> plans = new ArrayList<>();
        try {
            all = definitions == null ? Experiments.builtIn() : Experiments.fromDirectory(definitions);
            selected = Experiments.select(all, only);
            for (Experiment e : all) plans.add(e.plan(quick));
        } catch (SpecException e) {
            err.println("irlab reproduce: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Set<String> selectedNames = new HashSet<>();
        for (Experiment e : selected) selectedNames.add(e.name());
        List<Plan> toRun = new ArrayList<>();
        for (Plan p : plans) if (selectedNames.contains(p.name())) toRun.add(p);

        // the whole output directory is this pass's; its report describes an earlier pass, so it goes until rewritten
        try (RunDirectory directory = RunDirectory.open(out, List.of(Report.FILE))) {
            directory.clear();
            return pass(toRun, plans, k, start, err, stdout);
        }
    }

    private int pass(List<Plan> toRun, List<Plan> plans, int k, long start, PrintWriter err, PrintWriter stdout) {
        List<Reproduction.Outcome> outcomes;
        try (Bars bars = new Bars(!quiet && Progress.interactive())) {
            outcomes = Reproduction.execute(toRun,
                    new Reproduction.Options(out, k, force, DataSource.debian(data)), bars);
        }
        // the report shows what was run now, plus any other experiment whose outputs in DIR are up to date
        List<Report.Section> sections = new ArrayList<>();
        List<Plan> shown = new ArrayList<>();
        for (Plan p : plans) {
            Reproduction.Outcome o = null;
            for (Reproduction.Outcome x : outcomes) if (x.plan() == p) o = x;
            if (o != null || p.isUpToDate(out)) {
                sections.add(new Report.Section(p, o));
                shown.add(p);
            }
        }
        Results results = Results.load(shown, out);
        Report.Written written = Report.write(out, sections, results, new Report.Pass(quick, k, start, commandLine()));
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean failed = false;
        for (Reproduction.Outcome o : outcomes) {
            if (o.state() == Reproduction.State.FAILED) {
                failed = true;
                err.println("irlab reproduce: " + o.plan().name() + ": " + String.join("; ", o.failures()));
            }
            for (String n : o.notMeasured()) err.println("irlab reproduce: " + o.plan().name() + ": not measured: " + n);
        }
        if (!quiet) {
            for (Reproduction.Outcome o : outcomes) stdout.println(line(o));
            Map<Verdict, Integer> c = written.counts();
            stdout.printf("claims: %d reproduced, %d partially, %d not reproduced%s%n", c.get(Verdict.REPRODUCED),
                    c.get(Verdict.PARTIALLY), c.get(Verdict.NOT_REPRODUCED),
                    c.get(Verdict.NOT_MEASURED) > 0 ? ", " + c.get(Verdict.NOT_MEASURED) + " not measured" : "");
            stdout.printf("wrote %s (%s in all)%n", written.file(), org.irlab.report.Format.seconds(seconds));
        }
        return failed ? 1 : 0;
    }

    private static String line(Reproduction.Outcome o) {
        String name = o.plan().name() + (o.plan().quick() ? " (quick)" : "");
        return switch (o.state()) {
            case UP_TO_DATE -> name + ": up to date, not re-run (--force to redo)";
            case RAN -> o.plan().runs().isEmpty()
                    ? name + ": analysis of " + String.join(", ", o.plan().experiment().references()) + " (nothing to run)"
                    : name + ": " + o.runsExecuted() + " runs in " + org.irlab.report.Format.seconds(o.wallSeconds())
                            + (o.runsExecuted() < o.plan().runs().size() ? " (" + (o.plan().runs().size()
                            - o.runsExecuted()) + " finished by an earlier pass)" : "");
            case FAILED -> name + ": " + o.failures().size() + " of " + o.runsExecuted() + " runs failed";
            case INCOMPLETE -> name + ": " + (o.runsExecuted() - o.notMeasured().size()) + " runs in "
                    + org.irlab.report.Format.seconds(o.wallSeconds()) + ", " + o.notMeasured().size()
                    + " not measured (data unavailable)";
        };
    }

    private String commandLine() {
        StringBuilder b = new StringBuilder("irlab reproduce");
        if (quick) b.append(" --quick");
        if (!only.isEmpty()) b.append(" --only ").append(String.join(",", only));
        b.append(" --out ").append(out);
        if (threads != null) b.append(" --threads ").append(threads);
        if (force) b.append(" --force");
        if (!data.equals(Path.of("data"))) b.append(" --data ").append(data);
        if (definitions != null) b.append(" --experiments ").append(definitions);
        return b.toString();
    }

    /** One progress bar per experiment while its runs go on (only on an interactive terminal). */
    static final class Bars implements Reproduction.Listener, AutoCloseable {
        private final boolean show;
        private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();

        Bars(boolean show) { this.show = show; }

        @Override public void started(Plan plan, long totalWork) {
            if (!show || plan.runs().isEmpty()) return;
            bars.put(plan.name(), new ProgressBarBuilder().setTaskName(plan.name()).setInitialMax(totalWork)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build());
            bars.get(plan.name()).setExtraMessage(plan.runs().size() + " runs");
        }

        @Override public void advanced(Plan plan, long work) {
            ProgressBar b = bars.get(plan.name());
            if (b != null) b.stepBy(work);
        }

        @Override public void finished(Reproduction.Outcome outcome) {
            ProgressBar b = bars.remove(outcome.plan().name());
            if (b != null) {
                b.setExtraMessage(outcome.state() == Reproduction.State.FAILED ? "failed" : "done");
                b.stepTo(b.getMax());
                b.close();
            }
        }

        @Override public void close() {
            for (ProgressBar b : bars.values()) b.close();
            bars.clear();
        }
    }
}
