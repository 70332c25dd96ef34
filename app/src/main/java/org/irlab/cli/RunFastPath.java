package org.irlab.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.irlab.data.BadInputException;
import org.irlab.experiment.OutputException;
import org.irlab.experiment.SpecException;

/**
 * {@code irlab run SPEC [--out DIR] [--set K=V]… [-q] [--export-instance]} without building picocli's model: its
 * classes are Java 5 class files the class-data archive cannot hold, and reflecting over the annotations costs more
 * than the rest of a short run's start-up (bench/RESULTS.md). Only a command line in exactly that plain form takes
 * this path; anything else (help, a misspelt or repeated option, a value that looks like an option, an {@code @file},
 * a missing or second SPEC) goes to picocli, whose messages and exit codes stay the only ones. Errors raised by the
 * run are reported as {@link Main#commandLine} reports them.
 */
final class RunFastPath {
    private RunFastPath() {}

    /** The exit code of the run, or null when {@code args} is not a plain {@code run} command line. */
    static Integer execute(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length < 2 || !"run".equals(args[0])) return null;
        String spec = null, dir = null;
        boolean quiet = false, export = false;
        List<String> settings = new ArrayList<>();
        for (int k = 1; k < args.length; k++) {
            String a = args[k];
            if (a.isEmpty() || a.startsWith("@")) return null;
            String value = null;
            boolean isOut = false;
            if (a.equals("--out") || a.equals("--set")) {
                if (k + 1 == args.length) return null;
                value = args[++k];
                isOut = a.equals("--out");
            } else if (a.startsWith("--out=") || a.startsWith("--set=")) {
                value = a.substring(6);
                isOut = a.startsWith("--out=");
            } else if (a.equals("-q") || a.equals("--quiet")) {
                if (quiet) return null;
                quiet = true;
                continue;
            } else if (a.equals("--export-instance")) {
                if (export) return null;
                export = true;
                continue;
            } else if (a.startsWith("-") || spec != null) {
                return null;
            } else {
                spec = a;
                continue;
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) return null;
            if (isOut) {
                if (dir != null) return null;
                dir = value;
            } else {
                settings.add(value);
            }
        }
        if (spec == null) return null;
        Path specFile, outDir;
        try {
            specFile = Path.of(spec);
            outDir = dir == null ? null : Path.of(dir);
        } catch (InvalidPathException e) {
            return null;
        }
        try {
            return RunCommand.execute(specFile, outDir, settings, quiet, export, out, err);
        } catch (SpecException | BadInputException | OutputException e) {
            err.println("irlab run: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (OutOfMemoryError e) {
            Main.outOfMemory(err);
            return 1;
        } catch (RuntimeException e) {
            e.printStackTrace(err); // as picocli prints an exception no handler takes
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
