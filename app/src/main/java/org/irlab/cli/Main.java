package org.irlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.irlab.data.BadInputException;
import org.irlab.experiment.OutputException;
import org.irlab.experiment.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code irlab} command line: one subcommand per job ({@link #SUBCOMMANDS}). Only {@link #main} calls
 * System.exit.
 */
@Command(name = "irlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Implicit Regularization Lab: exact IPGD/IPGD+ runs, diagnostics and reproductions.")
public final class Main implements Runnable {
    /** Exit code for bad input (spec, options, files). */
    public static final int BAD_INPUT = 2;

    /**
     * The subcommands by name, in the order help lists them. picocli builds a command's model by reflection over its
     * annotations (its classes cannot come from the class-data archive), so {@link #main} registers only the one a
     * run names: `irlab run` skips building the other six (bench/RESULTS.md).
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("reproduce", ReproduceCommand::new);
        SUBCOMMANDS.put("sweep", SweepCommand::new);
        SUBCOMMANDS.put("fig6", Fig6Command::new);
        SUBCOMMANDS.put("complete", CompleteCommand::new);
        SUBCOMMANDS.put("data", DataCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command line with IRLab's conventions: bad input (options, specs, files, an unusable output
     * directory) → a one-line message naming the cause and exit 2, whichever command raised it; running out of memory
     * → a message saying how to give the JVM more, exit 1.
     */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * {@link #commandLine()} with only the subcommand {@code first} names when it names one (the first argument of a
     * command line), else with all of them (help, options, a misspelt command: picocli's messages list them all).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        Supplier<Object> only = first == null ? null : SUBCOMMANDS.get(first);
        if (only != null) {
            cl.addSubcommand(first, only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("irlab: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof SpecException || ex instanceof BadInputException || ex instanceof OutputException) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            try {
                return run.execute(parseResult);
            } catch (OutOfMemoryError e) {
                parseResult.commandSpec().commandLine().getErr().printf(java.util.Locale.ROOT,
                        "irlab: out of memory (the JVM may use %.1f GiB): make the input or problem smaller, or "
                                + "raise the limit, e.g. IRLAB_JAVA_OPTS=-Xmx16g%n",
                        Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024));
                return 1;
            }
        });
        return cl;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // plots are drawn off-screen; never open a window
        useStderr(System.getProperty("irlab.stderr"));
        System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
    }

    /**
     * The launcher passes the real stderr as a path (it filters the JVM's own stderr for the incubator-module
     * warning): messages written there cannot arrive after the process has exited. Kept as is when it cannot be
     * opened (e.g. a socket).
     */
    static void useStderr(String path) {
        if (path == null || path.isEmpty()) return;
        try {
            System.setErr(new java.io.PrintStream(new java.io.FileOutputStream(path, true), true));
        } catch (java.io.IOException | SecurityException e) {
            // the JVM's stderr still reaches the terminal through the launcher's filter
        }
    }

    /** Prints the version and the Java it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"irlab " + org.irlab.experiment.Provenance.version() + " on Java "
                    + System.getProperty("java.version")};
        }
    }
}
