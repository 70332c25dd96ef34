package org.irlab.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.irlab.cli.Main;
import picocli.CommandLine;

/** Runs the {@code irlab} command line in this JVM with captured stdout and stderr, as {@code main} would. */
public final class Cli {
    private Cli() {}

    /** What one invocation printed and returned. */
    public record Result(int exit, String out, String err) {
        /** True when either stream shows a Java stack trace or an exception's class name. */
        public boolean stackTrace() {
            String all = out + err;
            return all.contains("Exception") || all.matches("(?s).*\\n\\s+at [\\w.$]+\\(.*")
                    || all.contains("java.lang.");
        }
    }

    /** Through {@link Main#execute}: a plain {@code run} takes the path without picocli, as under {@code main}. */
    public static Result irlab(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    /** Through picocli whatever the command line (the route every command but a plain {@code run} takes). */
    public static Result picocli(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
