package org.irlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.irlab.data.BadInputException;
import org.irlab.experiment.OutputException;
import org.irlab.experiment.SpecException;
import picocli.CommandLine;

/**
 * Runs the body of a {@code complete} subcommand with IRLab's exit codes: bad input (an option, a file, a model
 * directory, an unusable output) prints one line naming it and exits 2; an output that fails while being written,
 * or an IllegalArgumentException (an internal check, not an input check: those throw BadInputException), exits 1.
 * No stack trace reaches the user.
 */
final class Guarded {
    /** A command's body. */
    @FunctionalInterface
    interface Body {
        int run() throws IOException;
    }

    private Guarded() {}

    static int run(CommandLine.Model.CommandSpec command, Body body) {
        PrintWriter err = command.commandLine().getErr();
        String name = command.qualifiedName();
        try {
            return body.run();
        } catch (BadInputException | SpecException | OutputException e) {
            err.println(name + ": " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            // input is checked where it is read (BadInputException); an argument refused deeper down is IRLab's fault
            err.println(name + ": internal error: " + e.getMessage() + " (" + origin(e) + "; a bug, not your input:"
                    + " please report it with the command)");
            return 1;
        } catch (IOException e) {
            err.println(name + ": cannot read " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        }
    }

    /** Where an exception was thrown: the first frame's class and line. */
    private static String origin(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length == 0) return "at an unknown place";
        String type = trace[0].getClassName();
        return "at " + type.substring(type.lastIndexOf('.') + 1) + "." + trace[0].getMethodName() + ":"
                + trace[0].getLineNumber();
    }

    /** Refuses an --out that is a directory, and an unknown --unknown policy. */
    static PredictCommand.Unknown policy(String unknown, java.nio.file.Path out) {
        if (out != null && java.nio.file.Files.isDirectory(out)) {
            throw new OutputException("--out " + out + " is a directory, expected a file");
        }
        return RatingsOptions.choice(PredictCommand.Unknown.class, unknown, "--unknown");
    }
}
