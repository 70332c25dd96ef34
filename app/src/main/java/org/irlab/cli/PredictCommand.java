package org.irlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.irlab.data.BadInputException;
import org.irlab.data.ImageData;
import org.irlab.data.InputReport;
import org.irlab.data.RatingsCsv;
import org.irlab.experiment.AtomicFiles;
import org.irlab.model.Model;
import org.irlab.model.ModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code irlab complete predict --model DIR PAIRS}: the saved model's prediction for each (user, item) pair of a
 * file; for an image model without PAIRS, the filled picture.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict the (user, item) pairs of PAIRS with a saved model (irlab complete fit): CSV"
                + " user,item[,rating],prediction,fallback on stdout or --out FILE, one line per pair, in order;"
                + " predictions are clipped to the model's range and written in full precision (an RGB image model:"
                + " red,green,blue columns instead of prediction).",
                "Ids the model does not know are refused (exit 2) unless --unknown fallback, which predicts them from"
                        + " the bias terms that are known (mean + user bias, mean + item bias, or the mean) and flags"
                        + " them in the fallback column. With a rating column, RMSE and MAE are printed (ratings that are"
                        + " not numbers are counted and their lines named; empty ones are unrated).",
                "An image model without PAIRS writes the filled picture (observed pixels kept) to --out FILE.png."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (model directory, pairs file, unknown ids, option)"})
final class PredictCommand implements Callable<Integer> {
    /** What to do with an id the model does not know. */
    enum Unknown { ERROR, FALLBACK }

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (irlab complete fit)")
    Path model;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PAIRS",
            description = "user,item pairs (CSV with a header naming the user and item columns, or as --sep,"
                    + " --columns, --no-header say); extra columns are ignored, a rating column is scored")
    Path pairs;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of stdout")
    Path out;

    @Option(names = "--unknown", paramLabel = "error|fallback", description = "ids the model does not know: refuse"
            + " (default) or predict from the known bias terms, flagged")
    String unknown = "error";

    @CommandLine.Mixin RatingsOptions layout = new RatingsOptions();

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() { return Guarded.run(command, this::run); }

    private int run() throws IOException {
        Unknown policy = Guarded.policy(unknown, out);
        Model m = ModelDirectory.read(model);
        if (pairs == null) {
            if (m.kind() != Model.Kind.IMAGE) {
                throw new BadInputException("missing PAIRS: the (user, item) pairs to predict (a ratings model; only"
                        + " an image model is filled whole)");
            }
            return fillImage(m);
        }
        if (Files.isDirectory(pairs)) throw new BadInputException(pairs + " is a directory, expected a file of pairs");
        if (!Files.isRegularFile(pairs)) throw new BadInputException(pairs + ": no such file");
        Map<String, Integer> users = m.userIndex(), items = m.itemIndex();
        List<String[]> rows = new ArrayList<>();
        List<int[]> index = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int[] unknownCount = {0};
        RatingsCsv.Fields fields;
        try (BufferedReader reader = Files.newBufferedReader(pairs, StandardCharsets.UTF_8)) {
            fields = RatingsCsv.scan(reader, pairs.getFileName().toString(), layout.layout(pairs.getFileName()
                    .toString()), false, (line, user, item, rating, time) -> {
                        int u = users.getOrDefault(user, -1), i = items.getOrDefault(item, -1);
                        if (u < 0 || i < 0) {
                            unknownCount[0]++;
                            if (problems.size() < 5) {
                                problems.add("line " + line + ": " + (u < 0 ? "user '" + user + "'" : "")
                                        + (u < 0 && i < 0 ? " and " : "") + (i < 0 ? "item '" + item + "'" : ""));
                            }
                        }
                        rows.add(new String[] {user, item, rating});
                        index.add(new int[] {u, i});
                        lines.add(line);
                    });
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.notUtf8(pairs);
        }
        if (rows.isEmpty()) throw new BadInputException(pairs + ": no pairs");
        if (unknownCount[0] > 0 && policy == Unknown.ERROR) {
            throw new BadInputException(pairs + ": " + unknownCount[0] + " pair" + (unknownCount[0] == 1 ? " names an"
                    + " id" : "s name ids") + " the model (fitted on " + m.users() + " users × " + m.items()
                    + " items) does not know (" + String.join("; ", problems) + (unknownCount[0] > 5 ? "; …" : "")
                    + "): give --unknown fallback to predict them from the bias terms, flagged");
        }
        boolean rated = fields.hasRating();
        int channels = m.planes().size();
        if (rated && channels > 1) {
            throw new BadInputException(pairs + ": has a rating column, but the model is a " + channels + "-channel"
                    + " image model that predicts one value per channel (" + String.join(", ", channelNames(channels))
                    + "): leave the rating column out (--columns user,item,-) to get all " + channels);
        }
        double squares = 0, absolutes = 0;
        int scored = 0, fallbacks = 0, unrated = 0, unreadable = 0;
        List<Integer> unreadableLines = new ArrayList<>();
        StringBuilder text = new StringBuilder("user,item,").append(rated ? "rating," : "")
                .append(String.join(",", channelNames(channels))).append(",fallback\n");
        for (int p = 0; p < rows.size(); p++) {
            String[] row = rows.get(p);
            int u = index.get(p)[0], i = index.get(p)[1];
            String flag = u < 0 && i < 0 ? "unknown-user-and-item" : u < 0 ? "unknown-user" : i < 0 ? "unknown-item" : "";
            if (!flag.isEmpty()) fallbacks++;
            text.append(csv(row[0])).append(',').append(csv(row[1])).append(',');
            double prediction = m.fallback(u, i);
            if (rated) {
                String field = row[2].strip();
                text.append(csv(field)).append(',');
                double r = RatingsCsv.parseRating(field);
                if (Double.isFinite(r)) {
                    squares += (prediction - r) * (prediction - r);
                    absolutes += Math.abs(prediction - r);
                    scored++;
                } else if (field.isEmpty()) {
                    unrated++; // an unrated pair: predicted, not scored
                } else {
                    if (unreadable++ < InputReport.SHOWN) unreadableLines.add(lines.get(p));
                }
            }
            text.append(prediction);
            for (int c = 1; c < channels; c++) text.append(',').append(m.clip(m.planes().get(c).fallback(u, i)));
            text.append(',').append(flag).append('\n');
        }
        PrintWriter stdout = command.commandLine().getOut(), err = command.commandLine().getErr();
        PrintWriter notes = out != null ? stdout : err;
        if (out != null) {
            AtomicFiles.write(out, text.toString());
        } else {
            stdout.print(text);
            stdout.flush();
        }
        if (!quiet) {
            if (fallbacks > 0) notes.printf(Locale.ROOT, "%d of %d pairs predicted from the bias terms (unknown ids,"
                    + " flagged in the fallback column)%n", fallbacks, rows.size());
            if (scored > 0) notes.printf(Locale.ROOT, "RMSE %.4f, MAE %.4f on the %d rated pair%s%n",
                    Math.sqrt(squares / scored), absolutes / scored, scored, scored == 1 ? "" : "s");
            if (unreadable > 0) notes.printf(Locale.ROOT, "%d pair%s with a rating that is not a finite number (%s)"
                    + " predicted but left out of the RMSE and MAE%n", unreadable, unreadable == 1 ? "" : "s",
                    InputReport.at(unreadableLines, unreadable));
            if (unrated > 0 && scored + unreadable > 0) notes.printf(Locale.ROOT, "%d pair%s without a rating"
                    + " predicted, not scored%n", unrated, unrated == 1 ? "" : "s");
            if (out != null) notes.printf(Locale.ROOT, "wrote %,d predictions to %s%n", rows.size(), out);
        }
        return 0;
    }

    /** The prediction columns: one, or one per colour channel of an image model. */
    static List<String> channelNames(int channels) {
        if (channels == 1) return List.of("prediction");
        if (channels == 3) return List.of("red", "green", "blue");
        List<String> out = new ArrayList<>();
        for (int c = 0; c < channels; c++) out.add("channel" + c);
        return out;
    }

    private int fillImage(Model m) {
        if (out == null) throw new BadInputException("an image model writes the filled picture: give --out FILE.png");
        int h = m.users(), w = m.items(), channels = m.planes().size();
        double[][] planes = new double[channels][h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double v = m.observed()[c * h * w + i * w + j];
                    planes[c][i * w + j] = Double.isNaN(v) ? m.clip(m.planes().get(c).predict(i, j)) : v;
                }
            }
        }
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(ImageData.toImage(w, h, planes), "png", bytes);
            AtomicFiles.write(out, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        if (!quiet) command.commandLine().getOut().println("wrote the filled picture (" + w + "×" + h + ") to " + out);
        return 0;
    }

    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
