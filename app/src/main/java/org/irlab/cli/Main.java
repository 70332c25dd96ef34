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
        // a lambda, not HelpCommand::new: linking a constructor reference loads picocli, which a plain run never needs
        SUBCOMMANDS.put("help", () -> new CommandLine.HelpCommand());
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
     * command line), else with all of them (help, options, a misspelt command: picocli's messages list them all; the
     * {@code help} command, which describes the others).
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        // `help` describes the others, so it needs them all (`irlab help run`)
        Supplier<Object> only = first == null || first.equals("help") ? null : SUBCOMMANDS.get(first);
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
                outOfMemory(parseResult.commandSpec().commandLine().getErr());
                return 1;
            }
        });
        return cl;
    }

    /** Says that the JVM ran out of memory and how to give it more. */
    static void outOfMemory(java.io.PrintWriter err) {
        err.printf(java.util.Locale.ROOT,
                "irlab: out of memory (the JVM may use %.1f GiB): make the input or problem smaller, or "
                        + "raise the limit, e.g. IRLAB_JAVA_OPTS=-Xmx16g%n",
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024));
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // plots are drawn off-screen; never open a window
        useStderr(System.getProperty("irlab.stderr"));
        Integer fast = RunFastPath.execute(args, writer(System.out, "sun.stdout.encoding"),
                writer(System.err, "sun.stderr.encoding"));
        System.exit(fast != null ? fast : commandLine(args.length > 0 ? args[0] : null).execute(args));
    }

    /**
     * As {@link #main} without exiting, with these writers: a plain {@code run} without picocli
     * ({@link RunFastPath}), anything else through {@link #commandLine(String)}.
     */
    public static int execute(String[] args, java.io.PrintWriter out, java.io.PrintWriter err) {
        Integer fast = RunFastPath.execute(args, out, err);
        if (fast != null) return fast;
        CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** An autoflushing writer on a standard stream, made as picocli makes its own (the same encoding). */
    private static java.io.PrintWriter writer(java.io.PrintStream stream, String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        java.nio.charset.Charset charset = java.nio.charset.Charset.defaultCharset();
        if (name != null) {
            try {
                charset = java.nio.charset.Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
            } catch (IllegalArgumentException e) {
                // picocli falls back to the default charset too
            }
        }
        return new java.io.PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, charset)), true);
    }

    /**
     * The launcher passes the real stderr as a path (it filters the JVM's own stderr for the incubator-module
     * warning): messages written there cannot arrive after the process has exited. Kept as is when it cannot be
     * opened (e.g. a socket).
     */
    public static void useStderr(String path) {
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
