package org.irlab.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

/** Reading the input of {@code complete fit} and {@code complete evaluate}: checks, format, SHA-256, entries. */
final class CompletionInputs {
    private CompletionInputs() {}

    /** The input's format: {@code --format}, or what its name tells; refuses a missing file or a directory. */
    static CompletionSpec.Format format(Path input, String format) {
        if (Files.isDirectory(input)) throw new BadInputException(input + " is a directory, expected a file");
        if (!Files.isRegularFile(input)) throw new BadInputException(input + ": no such file");
        if (format != null) {
            try {
                return CompletionSpec.Format.valueOf(format.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--format must be ratings, mtx or image, not '" + format + "'");
            }
        }
        CompletionSpec.Format f = CompletionSpec.Format.guess(input.getFileName().toString());
        if (f == null) {
            throw new BadInputException(input + ": cannot tell the format from the extension; give --format"
                    + " ratings|mtx|image");
        }
        return f;
    }

    /** Reads a ratings table or a Matrix Market file. */
    static RatingsData ratings(Path input, CompletionSpec.Format format, RatingsOptions options) throws IOException {
        if (format == CompletionSpec.Format.MTX) {
            if (!options.given().isEmpty()) {
                throw new BadInputException(String.join(", ", options.given()) + " apply to ratings tables, not"
                        + " Matrix Market input");
            }
            return MatrixMarket.read(input, options.duplicatePolicy(), options.invalidPolicy());
        }
        RatingsLayout layout = options.layout(input.getFileName().toString());
        return RatingsCsv.read(input, layout, options.duplicatePolicy(), options.invalidPolicy());
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
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The input as model.json and summaries describe it. */
    static ObjectNode describe(Path input, CompletionSpec.Format format, String sha256, RatingsData data) {
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        in.put("file", input.toString());
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
