package org.irlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.experiment.SpecException;
import org.irlab.optim.Status;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code irlab run SPEC.json}: one run of one algorithm on one problem. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one spec; writes summary.json, trace.csv, events.csv, iterate.csv, iterate.npy and"
                + " spec.json.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the run finished (any status but diverged)", "1:the run diverged (NaN/Inf)",
                        "2:bad input (spec, option or file)"})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "the run spec (JSON)") Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: out/<spec name>)")
    Path out;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override one spec key, e.g. algorithm.stepSize=0.05")
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "no progress bar and no summary line")
    boolean quiet;

    @Option(names = "--export-instance", description = "also write the problem's data to DIR/instance/ (.npy files and"
            + " a spec.json that reruns it from them); the same as --set record.instance=true")
    boolean exportInstance;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() {
        return execute(specFile, out, overrides, quiet, exportInstance, command.commandLine().getOut(),
                command.commandLine().getErr());
    }

    /**
     * The command's body, also called without picocli by {@link RunFastPath}: a spec and an output directory in, an
     * exit code out; messages go to {@code outWriter} and {@code err}.
     */
    static int execute(Path specFile, Path out, List<String> overrides, boolean quiet, boolean exportInstance,
                       PrintWriter outWriter, PrintWriter err) {
        RunSpec spec;
        List<String> settings = new ArrayList<>(overrides);
        if (exportInstance) settings.add("record.instance=true");
        try {
            spec = RunSpec.load(specFile, settings);
        } catch (SpecException e) {
            err.println("irlab run: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        Path dir = out != null ? out : Path.of("out", spec.name());
        long total = (long) spec.algorithm().maxIterations() + spec.algorithm().refineSteps();
        Runner.Outcome outcome;
        try (Progress progress = new Progress(spec.name(), total, quiet)) {
            outcome = Runner.run(spec, dir, progress.consumer());
        } catch (SpecException e) {
            err.println("irlab run: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        var s = outcome.summary();
        if (!quiet) {
            outWriter.printf("%s: %s after %d iterations; error %s, residual norm %s, %d perturbations (%d no-op). %s%n",
                    spec.name(), s.get("status").asText(), s.get("iterations").asInt(), s.get("finalError").asText(),
                    s.get("finalResidualNorm").asText(), s.get("perturbations").asInt(),
                    s.get("noOpPerturbations").asInt(), outcome.result().message());
            outWriter.println("wrote " + dir.resolve("summary.json"));
        }
        if (outcome.result().status() == Status.DIVERGED) {
            err.println("irlab run: diverged: " + outcome.result().message());
            return 1;
        }
        return 0;
    }
}
