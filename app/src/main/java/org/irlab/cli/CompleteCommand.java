package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.irlab.data.BadInputException;
import org.irlab.experiment.CompletionComparison;
import org.irlab.experiment.CompletionMethods;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code irlab complete INPUT}: matrix completion of a ratings table, a Matrix Market file or an image, with every
 * registered method on one seeded train / validation / test split; writes summary.json, predictions.csv, and for
 * images the original / masked / recovered pictures with PSNR.
 */
@Command(name = "complete", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {FitCommand.class, PredictCommand.class, RecommendCommand.class, EvaluateCommand.class},
        description = {"Complete a partly observed matrix (ratings CSV, Matrix Market, or image) with every method on "
                + "the same seeded split, and report train/validation/test RMSE and MAE (PSNR for images).",
                "Ratings: the test part is --test-fraction of the entries. Images: the test part is the hidden "
                        + "pixels (--missing or --mask); the recovered picture keeps the observed pixels.",
                "Validation (--validation-fraction of the rest) tunes every hyper-parameter; test is used only to "
                        + "report. Predictions are clipped to the training range (images: [0, 1]) unless --no-clip."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (option or file)"})
public final class CompleteCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT",
            description = "ratings .csv/.tsv/.dat/u.data, Matrix Market .mtx, or image (.png/.jpg)")
    Path input;

    @Option(names = "--format", paramLabel = "ratings|mtx|image", description = "input format (default: from the extension)")
    String format;

    @Option(names = "--test-fraction", paramLabel = "F", description = "ratings: fraction of entries held out for test (default ${DEFAULT-VALUE})")
    double testFraction = 0.2;

    @Option(names = "--validation-fraction", paramLabel = "F", description = "fraction of the remaining entries held out for tuning (default ${DEFAULT-VALUE})")
    double validationFraction = 0.1;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the split and of every method (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: out/complete-<input name>)")
    Path out;

    @Option(names = "--compare", description = "print and save (compare.md, compare.csv) a table: method, chosen hyper-parameters, test RMSE, time")
    boolean compare;

    @Option(names = "--methods", split = ",", paramLabel = "NAME", description = "methods to run (default: all: ${COMPLETION-CANDIDATES})",
            completionCandidates = MethodNames.class)
    List<String> methods;

    @CommandLine.Mixin RatingsOptions ratings = new RatingsOptions();

    @CommandLine.Mixin ImageOptions image = new ImageOptions();

    @CommandLine.Mixin MethodOptions method = new MethodOptions();

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    /** The method names for --help. */
    static final class MethodNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        MethodNames() { super(CompletionMethods.names()); }
    }

    @Override public Integer call() { return Guarded.run(command, this::run); }

    private int run() throws IOException {
        if (input == null) {
            throw new BadInputException("missing INPUT (a ratings table, Matrix Market file or image), or a command:"
                    + " fit, predict, recommend, evaluate (irlab complete --help)");
        }
        CompletionInputs.refuseUri(command, input, "irlab complete");
        if (Files.isDirectory(input)) throw new BadInputException(input + " is a directory, expected a file to complete");
        if (!Files.isRegularFile(input)) throw new BadInputException(input + ": no such file");
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : guessFormat(input);
        if (!List.of("ratings", "mtx", "image").contains(kind)) {
            throw new BadInputException("--format must be ratings, mtx or image, not '" + format + "'");
        }
        List<String> misplaced = new ArrayList<>();
        for (String option : kind.equals("image") ? List.of("--test-fraction", "--duplicates", "--invalid-ratings")
                                                  : List.of("--mask", "--missing", "--channels")) {
            if (command.commandLine().getParseResult().hasMatchedOption(option)) misplaced.add(option);
        }
        if (!kind.equals("ratings")) misplaced.addAll(ratings.given());
        if (!misplaced.isEmpty()) {
            boolean layoutOnly = ratings.given().containsAll(misplaced);
            throw new BadInputException(String.join(", ", misplaced) + (misplaced.size() > 1 ? " apply" : " applies")
                    + (layoutOnly ? " to ratings tables, not " + kind + " input"
                    : kind.equals("image") ? " to ratings, not images (the hidden pixels are the test set: use "
                            + "--missing or --mask)" : " to images, not " + kind + " input (use --test-fraction)"));
        }
        image.check();
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new BadInputException("--validation-fraction must be in (0, 1): the methods tune on it");
        }
        if (!(testFraction > 0 && testFraction < 1)) throw new BadInputException("--test-fraction must be in (0, 1)");
        method.check();
        CompletionSpec spec = CompletionSpec.parse(spec(kind));
        Path dir = out != null ? out : Path.of("out", "complete-" + stem(input));
        PrintWriter o = command.commandLine().getOut(), err = command.commandLine().getErr();
        CompletionComparison.Result result;
        CompletionInputs.refuseResultInputs(dir, CompletionComparison.RESULTS, "--out", input, image.mask);
        try (RunDirectory target = RunDirectory.open(dir, CompletionComparison.RESULTS);
             StatusLine status = new StatusLine(err, quiet)) {
            result = CompletionComparison.run(spec, input, target, new CompletionComparison.Listener() {
                String current = "";

                @Override public void fitting(String method) {
                    current = method;
                    status.show("fitting " + method + "...", true);
                }

                @Override public void progress(String setting, int iteration, double validationRmse) {
                    status.show(StatusLine.fit(current, setting, iteration, validationRmse), false);
                }

                @Override public void fitted(String method) {
                    status.close();
                }

                @Override public void inputReport(String text) {
                    if (!quiet) err.println("irlab complete: " + text);
                }

                @Override public void finishing(CompletionComparison.Result r) {
                    if (compare) CompletionComparison.writeTables(r);
                }
            });
        }
        boolean picture = spec.image();
        if (compare) {
            if (!quiet) o.print(CompletionComparison.table(result, false));
        } else if (!quiet) {
            for (CompletionComparison.MethodResult r : result.methods()) {
                o.printf(Locale.ROOT, "%-12s test RMSE %.4f  MAE %.4f%s  (%.1f s)%n", r.name(), r.test().rmse(),
                        r.test().mae(), picture ? String.format(Locale.ROOT, "  PSNR %.2f dB",
                                r.node().get("psnr").asDouble()) : "", r.seconds());
            }
        }
        if (!quiet) o.println("wrote " + dir.resolve("summary.json"));
        return 0;
    }

    /** The options as a comparison spec (validated and completed by {@link CompletionSpec#parse}). */
    private ObjectNode spec(String kind) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.putObject("input").put("file", input.toString());
        s.put("format", kind);
        s.put("seed", seed);
        s.put("validationFraction", validationFraction);
        if (kind.equals("image")) {
            image.putInto(s);
        } else {
            s.put("testFraction", testFraction);
            ratings.putInto(s, input.getFileName().toString(), kind.equals("ratings"));
        }
        if (methods != null && !methods.isEmpty()) {
            ArrayNode m = s.putArray("methods");
            for (String name : methods) m.add(name.strip());
        }
        method.putInto(s);
        return s;
    }

    private static String guessFormat(Path file) {
        CompletionSpec.Format f = CompletionSpec.Format.guess(file.getFileName().toString());
        if (f == null) {
            throw new BadInputException(file + ": cannot tell the format from the extension; give --format ratings|mtx|image");
        }
        return f.label();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
