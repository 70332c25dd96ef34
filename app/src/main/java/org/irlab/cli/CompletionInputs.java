package org.irlab.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.MatrixMarket;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;
import org.irlab.data.RatingsLayout;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.Json;
import picocli.CommandLine;

/** Reading the input of {@code complete fit} and {@code complete evaluate}: checks, format, SHA-256, entries. */
final class CompletionInputs {
    private CompletionInputs() {}

    /**
     * INPUT as given: a local file ({@code local}), and/or what an engine's file systems resolved ({@code remote}:
     * {@code hdfs://}, {@code s3a://}, {@code file:}, a plain path on {@code fs.defaultFS}; only {@code --engine spark});
     * read and digested here when {@code local} is set.
     *
     * @param location the text given, as messages and model.json name it
     * @param name     the file's name (the format and the layout are told from it)
     */
    record Source(String location, String name, Path local, org.irlab.model.InputFile remote) {
        /** A local file: refuses a text that is a URI, naming {@code command}'s way to read one. */
        static Source local(String input, String command) {
            if (isUri(input)) {
                throw new BadInputException("INPUT " + input + " is a URI: " + command + " reads local files; use"
                        + " 'complete fit --engine spark' (it reads any Hadoop URI) or copy the file here");
            }
            Path p;
            try {
                p = Path.of(input);
            } catch (java.nio.file.InvalidPathException e) {
                throw new BadInputException("INPUT '" + input + "' is not a path: " + e.getReason());
            }
            return new Source(input, p.getFileName() == null ? input : p.getFileName().toString(), p, null);
        }

        /**
         * INPUT as an engine's file system resolved it: a plain path that resolved to this machine's file system is
         * read and digested here as before (java.nio); anything else (a URI, a plain path on a cluster's
         * {@code fs.defaultFS}) through {@code file}.
         */
        static Source resolved(String input, org.irlab.model.InputFile file) {
            if (!isUri(input) && file.local() != null) {
                return new Source(input, file.name(), file.local(), file);
            }
            return new Source(file.location(), file.name(), null, file);
        }

        /** What an engine reads: the URI its file system resolved (the digested file), or the local file's path. */
        String uri() {
            return remote != null ? remote.uri() : local.toAbsolutePath().toString();
        }

        /** The local file, as a path to compare with output directories: a {@code file:} URI's too; else null. */
        Path onThisMachine() {
            if (local != null) return local;
            try {
                java.net.URI u = new java.net.URI(location);
                return "file".equalsIgnoreCase(u.getScheme()) ? Path.of(u) : null;
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }

        /** The SHA-256 of the bytes, streamed: a URI's digest is its local copy's. */
        String sha256() throws IOException {
            return local != null ? CompletionInputs.sha256(local) : remote.sha256();
        }

        @Override public String toString() { return location; }
    }

    /**
     * Refuses INPUT when it was given as a URI (which a Path would have folded to {@code scheme:/…}), naming it as typed.
     *
     * @param command the command's name in the message ({@code complete evaluate})
     */
    static void refuseUri(CommandLine.Model.CommandSpec spec, Path input, String command) {
        if (input == null || !isUri(input.toString())) return;
        CommandLine.Model.PositionalParamSpec p = spec.commandLine().getParseResult().matchedPositional(0);
        String given = p != null && !p.originalStringValues().isEmpty() ? p.originalStringValues().get(0)
                : input.toString();
        Source.local(given, command);
    }

    /** Whether INPUT is a URI ({@code scheme:/…}: {@code hdfs://h/p}, {@code file:///p}, {@code file:/p}), not a path. */
    static boolean isUri(String input) {
        return input.matches("[A-Za-z][A-Za-z0-9+.-]*:/.*");
    }

    /** The input's format: {@code --format}, or what its name tells; refuses a missing file or a directory. */
    static CompletionSpec.Format format(Path input, String format) {
        if (Files.isDirectory(input)) throw new BadInputException(input + " is a directory, expected a file");
        if (!Files.isRegularFile(input)) throw new BadInputException(input + ": no such file");
        return format(input.getFileName().toString(), input.toString(), format);
    }

    /** The format of a resolved INPUT (a URI's existence was checked by its file system). */
    static CompletionSpec.Format format(Source input, String format) {
        if (input.local() != null) return format(input.local(), format);
        return format(input.name(), input.location(), format);
    }

    private static CompletionSpec.Format format(String name, String input, String format) {
        if (format != null) {
            try {
                return CompletionSpec.Format.valueOf(format.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--format must be ratings, mtx or image, not '" + format + "'");
            }
        }
        CompletionSpec.Format f = CompletionSpec.Format.guess(name);
        if (f == null) {
            throw new BadInputException(input + ": cannot tell the format from the extension; give --format"
                    + " ratings|mtx|image");
        }
        return f;
    }

    /** Reads a ratings table or a Matrix Market file. */
    static RatingsData ratings(Path input, CompletionSpec.Format format, RatingsOptions options) throws IOException {
        if (format == CompletionSpec.Format.MTX) {
            matrixMarket(options);
            return MatrixMarket.read(input, options.duplicatePolicy(), options.invalidPolicy());
        }
        RatingsLayout layout = options.layout(input.getFileName().toString());
        return RatingsCsv.read(input, layout, options.duplicatePolicy(), options.invalidPolicy());
    }

    /**
     * The reader options for a Matrix Market file: refuses the layout options (--sep, --columns, …), naming them, and
     * {@code --duplicates latest} (no times), before anything is read or an engine starts.
     */
    static RatingsOptions matrixMarket(RatingsOptions options) {
        if (!options.given().isEmpty()) {
            throw new BadInputException(String.join(", ", options.given()) + " apply to ratings tables, not"
                    + " Matrix Market input");
        }
        MatrixMarket.checkPolicy(options.duplicatePolicy());
        return options;
    }

    /**
     * Refuses an input that lies in the output directory {@code dir} under a name the run writes there (the run would
     * delete or replace it before reading it again): exit 2 naming both.
     *
     * @param inputs the command's input files (null entries are skipped)
     */
    static void refuseResultInputs(Path dir, List<String> results, String option, Path... inputs) {
        for (Path input : inputs) {
            if (input == null) continue;
            String clash = org.irlab.experiment.RunDirectory.resultNamed(dir, results, input);
            if (clash != null) {
                throw new BadInputException(input + " is inside " + option + " " + dir + ", where this command writes "
                        + clash + ": it would be replaced; give another " + option + " or move the input");
            }
        }
    }

    /** The SHA-256 of a file, read in blocks. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return org.irlab.model.InputFile.sha256(in);
        }
    }

    /** The input as model.json and summaries describe it. */
    static ObjectNode describe(String input, CompletionSpec.Format format, String sha256, RatingsData data) {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("file", input);
        in.put("format", format.label());
        in.put("sha256", sha256);
        if (data != null) {
            in.put("users", data.ratings().rows());
            in.put("items", data.ratings().columns());
            in.put("entries", data.ratings().size());
            in.put("times", data.hasTimes());
            in.set("report", Json.MAPPER.valueToTree(data.report().toMap()));
        }
        return in;
    }

    /**
     * Refuses splits a method cannot be tuned on: fewer than 2 rows or columns, an empty training or validation part,
     * or training values that are all equal in every split (one constant channel of a colour image is fine).
     */
    static void checkTunable(String what, Split... splits) {
        for (Split split : splits) {
            if (split.train().rows() < 2 || split.train().columns() < 2) {
                throw new BadInputException(what + ": completion needs at least 2 rows and 2 columns");
            }
            if (split.train().size() == 0 || split.validation().size() == 0) {
                throw new BadInputException(what + ": too few entries: the split leaves " + split.train().size()
                        + " for training and " + split.validation().size() + " for validation (--validation-fraction);"
                        + " each needs at least one");
            }
        }
        for (Split s : splits) if (s.train().min() != s.train().max()) return;
        throw new BadInputException(what + ": all " + splits[0].train().size() + " training values equal "
                + splits[0].train().min() + (splits.length > 1 ? " in every channel" : "")
                + ": there is nothing to complete");
    }
}
