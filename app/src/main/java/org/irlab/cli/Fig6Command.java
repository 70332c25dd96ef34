package org.irlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.irlab.experiment.Fig6;
import org.irlab.experiment.RecordSpec;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.experiment.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code irlab fig6 SPEC|RUN_DIR... --out DIR}: Figure 6 of the IPGD paper, points and fitted slope. */
@Command(name = "fig6", mixinStandardHelpOptions = true,
        description = {"Figure 6: log(‖x_T⊥‖/‖x_0⊥‖) against η·r̄_T at 20 values of T per trajectory, and the fitted slope "
                + "(paper: ≈ 1/3; eq. (126) bounds it by 1/2).",
                "Each argument is a run spec (run into DIR/runs/NAME; record.deviationRate is set to auto when off) "
                + "or an existing run directory with the deviation-rate columns. Writes DIR/fig6.csv and DIR/fig6.json."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (spec, option, file or a run without deviation rates)"})
public final class Fig6Command implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SPEC|RUN_DIR", description = "run specs (JSON) or run directories")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a key in every spec, e.g. record.deviationEvery=1")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "no progress bars and no summary")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        PrintWriter stdout = command.commandLine().getOut();
        try {
            List<RunSpec> specs = new ArrayList<>();
            List<Path> dirs = new ArrayList<>();
            List<Path> toRun = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Path input : inputs) {
                if (Files.isDirectory(input)) {
                    Fig6.points(input); // refused now, before the output's earlier fit is removed
                    dirs.add(input);
                    continue;
                }
                RunSpec spec = RunSpec.load(input, overrides); // validate everything before running anything
                if (spec.record().deviationRate() == RecordSpec.DeviationRateMode.OFF) {
                    List<String> withRate = new ArrayList<>(overrides);
                    withRate.add("record.deviationRate=auto");
                    spec = RunSpec.load(input, withRate);
                }
                specs.add(spec);
                String name = spec.name();
                for (int i = 2; !names.add(name); i++) name = spec.name() + "-" + i;
                Path dir = out.resolve("runs").resolve(name);
                toRun.add(dir);
                dirs.add(dir);
            }
            // usable and ours before any run; a fit of other runs must not stay beside this one's runs
            Fig6.Result result;
            try (RunDirectory directory = RunDirectory.open(out, List.of("fig6.json", "fig6.csv"))) {
                directory.clear();
                for (int i = 0; i < specs.size(); i++) {
                    RunSpec spec = specs.get(i);
                    long total = (long) spec.algorithm().maxIterations() + spec.algorithm().refineSteps();
                    try (Progress progress = new Progress(spec.name(), total, quiet)) {
                        Runner.run(spec, toRun.get(i), progress.consumer());
                    }
                }
                result = Fig6.analyse(dirs);
                Fig6.write(result, out);
            }
            if (!quiet) {
                stdout.println("through the origin: " + Fig6.describe(result.throughOrigin()));
                Fig6.LineFit w = result.withIntercept();
                stdout.printf(java.util.Locale.ROOT, "with intercept: %s, intercept %.4f%n", Fig6.describe(w), w.intercept());
                result.perProblem().forEach((k, v) -> stdout.println("  " + k + ": " + Fig6.describe(v)));
                stdout.println("wrote " + out.resolve("fig6.json") + " and " + out.resolve("fig6.csv"));
            }
            return 0;
        } catch (SpecException e) {
            err.println("irlab fig6: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }
}
