package org.irlab.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.ImageData;
import org.irlab.data.RatingsData;
import org.irlab.experiment.CompletionComparison;
import org.irlab.experiment.CompletionMethods;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.Json;
import org.irlab.experiment.Provenance;
import org.irlab.experiment.RunDirectory;
import java.util.ServiceLoader;
import org.irlab.model.Factors;
import org.irlab.model.FitEngine;
import org.irlab.model.FitEngineProvider;
import org.irlab.model.Fitting;
import org.irlab.model.Model;
import org.irlab.model.ModelContents;
import org.irlab.model.ModelDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code irlab complete fit INPUT --model DIR}: fits one method (tuned on a validation part, then refitted on every
 * observed entry unless {@code --no-refit}) and saves it as a model directory ({@link ModelDirectory}).
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit a completion model and save it to --model DIR: .npy arrays (factors, biases, ids, the entries"
                + " seen) and model.json (input SHA-256, settings, what was chosen, validation RMSE), readable by NumPy"
                + " without IRLab.",
                "Hyper-parameters and early stopping are chosen on a validation part (--validation-fraction); the model"
                        + " is then refitted on all observed entries with those choices, unless --no-refit."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:model saved", "1:the fit failed (e.g. out of memory)", "2:bad input (option, file, model"
                + " directory of another input)"})
final class FitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT",
            description = "ratings .csv/.tsv/.dat/u.data, Matrix Market .mtx, or image (.png/.jpg); with --engine"
                    + " spark also a URI Hadoop reads (hdfs://, s3a://, file:)")
    String input;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory to write")
    Path model;

    @Option(names = "--method", paramLabel = "NAME", description = "method (default ${DEFAULT-VALUE}; any of"
            + " ${COMPLETION-CANDIDATES})", completionCandidates = CompleteCommand.MethodNames.class)
    String method = "irlab";

    @Option(names = "--no-refit", description = "keep the fit on the training part (do not refit on train + validation)")
    boolean noRefit;

    @Option(names = "--force", description = "replace a model of another input in DIR")
    boolean force;

    @Option(names = "--format", paramLabel = "ratings|mtx|image", description = "input format (default: from the extension)")
    String format;

    @Option(names = "--validation-fraction", paramLabel = "F", description = "fraction of the entries held out for tuning"
            + " (default ${DEFAULT-VALUE})")
    double validationFraction = 0.1;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the validation split and the method (default ${DEFAULT-VALUE})")
    long seed = 1;

    @CommandLine.Mixin RatingsOptions ratings = new RatingsOptions();

    @CommandLine.Mixin ImageOptions image = new ImageOptions();

    @CommandLine.Mixin MethodOptions options = new MethodOptions();

    @Option(names = "--engine", paramLabel = "local|spark", description = "where the rank-free model's gradients are"
            + " computed: this JVM (default) or Spark (needs irlab-spark.jar and Spark on the class path; ./irlab adds"
            + " them)")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark (default: local[K],"
            + " K the available processors; spark-submit's when submitted)")
    String master;

    @Option(names = "--like-spark", description = "fit here the model --engine spark fits (irlab on ratings or .mtx): the keyed"
            + " validation split (an entry held out by a hash of the seed, its user and item), the starts drawn row by"
            + " row, the descents on the transpose when there are more items than users; docs/completion.md")
    boolean likeSpark;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    /** The engine of --engine spark while it runs (null: this JVM). */
    private FitEngine remote;

    /** The fit's progress line (set while it runs). */
    private org.irlab.completion.FitProgress progress = org.irlab.completion.FitProgress.NONE;

    @Override public Integer call() { return Guarded.run(command, this::run); }

    /** INPUT as resolved: a local file, or a URI the engine's file systems resolved. */
    private CompletionInputs.Source source;

    private int run() throws IOException {
        if (!engine.equals("local") && !engine.equals("spark")) {
            throw new BadInputException("--engine must be local or spark, not '" + engine + "'");
        }
        if (master != null && engine.equals("local")) throw new BadInputException("--master applies to --engine spark");
        SparkMaster.check(master);
        if (engine.equals("spark") && !method.equals("irlab")) {
            throw new BadInputException("--engine spark runs the rank-free method irlab, not " + method);
        }
        if (likeSpark && engine.equals("spark")) {
            throw new BadInputException("--like-spark fits in this JVM what --engine spark fits: give one or the other");
        }
        // spark: INPUT is resolved by the engine's file systems as its executors will read it (a plain path against
        // fs.defaultFS), without starting the engine, so the file checked and digested is the file the fit reads
        source = engine.equals("spark") ? CompletionInputs.Source.resolved(input, provider().input(input))
                : CompletionInputs.Source.local(input, "the local engine");
        CompletionSpec.Format kind = CompletionInputs.format(source, format);
        if (!CompletionMethods.names().contains(method)) {
            throw new BadInputException("--method: unknown method '" + method + "' (known: "
                    + String.join(", ", CompletionMethods.names()) + ")");
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new BadInputException("--validation-fraction must be in (0, 1): the method tunes on it");
        }
        boolean picture = kind == CompletionSpec.Format.IMAGE;
        List<String> misplaced = new ArrayList<>();
        for (String o : picture ? List.of("--duplicates", "--invalid-ratings") : List.of("--mask", "--missing",
                "--channels")) {
            if (command.commandLine().getParseResult().hasMatchedOption(o)) misplaced.add(o);
        }
        if (picture) misplaced.addAll(ratings.given());
        if (!misplaced.isEmpty()) {
            throw new BadInputException(String.join(", ", misplaced) + (misplaced.size() > 1 ? " apply" : " applies")
                    + " to " + (picture ? "ratings, not images" : "images, not " + kind.label() + " input"));
        }
        image.check();
        options.check();
        if (kind == CompletionSpec.Format.MTX) CompletionInputs.matrixMarket(ratings);
        if (picture && source.local() == null) {
            throw new BadInputException("INPUT " + source + ": an image is read on this machine: copy it here and give"
                    + " its path");
        }
        if (likeSpark && (!method.equals("irlab") || picture)) {
            throw new BadInputException("--like-spark fits in this JVM what --engine spark fits: " + (!method.equals(
                    "irlab") ? "the method irlab, not " + method : "ratings or Matrix Market, not image input"));
        }
        CompletionInputs.refuseResultInputs(model, ModelDirectory.FILES, "--model", source.onThisMachine(), image.mask);
        String sha256 = source.sha256();
        // before Spark starts: a cluster allocates no executors for a fit that could not write its model
        if (engine.equals("spark")) ModelDirectory.checkReplaceable(model, sha256, force);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom splitRng = root.split();
        Map<String, SplittableRandom> methodRngs = new LinkedHashMap<>();
        for (String name : CompletionMethods.names()) methodRngs.put(name, root.split());
        SplittableRandom rng = methodRngs.get(method);
        PrintWriter out = command.commandLine().getOut();
        try (StatusLine status = new StatusLine(command.commandLine().getErr(), quiet)) {
            Fitting.Listener listener = new Fitting.Listener() {
                @Override public void tuning(String name, int entries) {
                    status.show(String.format(Locale.ROOT, "%s: tuning on %,d entries...", name, entries), true);
                }

                @Override public void refitting(String name, int entries) {
                    status.show(String.format(Locale.ROOT, "%s: refitting on all %,d entries...", name, entries), true);
                }
            };
            progress = (setting, iteration, rmse) -> status.show(StatusLine.fit(method, setting, iteration, rmse), false);
            Fitted fitted;
            try (FitEngine remote = engine.equals("spark") ? openEngine() : null) {
                this.remote = remote;
                fitted = picture ? fitImage(kind, sha256, splitRng, rng, listener)
                        : fitRatings(kind, sha256, splitRng, rng, listener);
            }
            status.close();
            if (!quiet) {
                Fitting.Outcome o = fitted.outcome();
                out.printf(Locale.ROOT, "%s: validation RMSE %.4f, MAE %.4f on %,d held-out entries (%s)%n", method,
                        o.validation().rmse(), o.validation().mae(), o.validation().count(),
                        CompletionComparison.chosen(fitted.chosen()).isEmpty() ? "nothing to choose"
                                : CompletionComparison.chosen(fitted.chosen()));
                out.printf(Locale.ROOT, "%s%n", o.refitted()
                        ? String.format(Locale.ROOT, "refitted on all %,d entries with those choices (%.1f s in all)",
                                fitted.entries(), o.seconds())
                        : String.format(Locale.ROOT, "not refitted (--no-refit): the model is the fit on %,d training"
                                + " entries (%.1f s)", fitted.trained(), o.seconds()));
                out.printf(Locale.ROOT, "wrote %s: %,d %s × %,d %s, rank %d (model.json, *.npy)%n", model,
                        fitted.users(), picture ? "rows" : "users", fitted.items(),
                        picture ? "columns" : "items", fitted.rank());
            }
        }
        return 0;
    }

    /** A fitted model's shape, its first plane's fit, what it chose, and the entry counts. */
    private record Fitted(int users, int items, int rank, Fitting.Outcome outcome,
                          com.fasterxml.jackson.databind.JsonNode chosen, int entries, int trained) {
        Fitted(Model m, Fitting.Outcome outcome, com.fasterxml.jackson.databind.JsonNode chosen, int entries,
               int trained) {
            this(m.users(), m.items(), m.rank(), outcome, chosen, entries, trained);
        }
    }

    private Fitted fitRatings(CompletionSpec.Format kind, String sha256, SplittableRandom splitRng,
                              SplittableRandom rng, Fitting.Listener listener) throws IOException {
        if (remote != null) {
            FitEngine.Ratings read = kind == CompletionSpec.Format.RATINGS
                    ? remote.read(source.uri(), source.name(), ratings.layout(source.name()),
                            ratings.duplicatePolicy(), ratings.invalidPolicy(), validationFraction, splitRng.nextLong())
                    : remote.readMatrixMarket(source.uri(), source.name(), CompletionInputs.matrixMarket(ratings)
                            .duplicatePolicy(), ratings.invalidPolicy(), validationFraction, splitRng.nextLong());
            if (read != null) return fitRemote(kind, sha256, read, rng, listener);
        }
        if (source.local() == null) {
            throw new BadInputException("INPUT " + source + ": --engine " + remote.name() + " does not read "
                    + kind.label() + " input from a URI: copy it here and give its path");
        }
        RatingsData data = CompletionInputs.ratings(source.local(), kind, ratings);
        if (!data.report().isClean() && !quiet) {
            command.commandLine().getErr().println("irlab complete fit: " + source + ": " + data.report().describe());
        }
        SparseRatings all = data.ratings();
        Split split = likeSpark ? Split.keyed(all, validationFraction, splitRng.nextLong())
                : Split.holdOut(all, new int[0], validationFraction, splitRng);
        CompletionInputs.checkTunable(source.name() + ": the ratings have " + all.rows() + " users and "
                + all.columns() + " items", split);
        CompletionMethods.Options o = options.options(false, all.rows(), all.columns()).withProgress(progress);
        if (likeSpark) {
            o = o.withEngine(org.irlab.completion.RankFreeDescent.Engine.localLargerSideAsRows(
                    org.irlab.problem.CompletionTerm.LOCAL, org.irlab.completion.RankFreeDescent.Draws.PER_ROW));
        }
        CompletionModel m = remote != null ? remote.method(method, o) : CompletionMethods.create(method, o);
        try (RunDirectory dir = RunDirectory.open(model, ModelDirectory.FILES)) {
            ModelDirectory.checkReplaceable(model, sha256, force);
            SparseRatings fitted = noRefit ? split.train() : all;
            double low = options.noClip ? Double.NEGATIVE_INFINITY : fitted.min();
            double high = options.noClip ? Double.POSITIVE_INFINITY : fitted.max();
            Fitting.Outcome outcome = fit(m, split, all, rng, listener, low, high);
            ObjectNode info = info(CompletionInputs.describe(source.location(), kind, sha256, data), o, outcome,
                    split.train().size(), split.validation().size(), all.size());
            if (likeSpark) ((ObjectNode) info.get("settings")).put("likeSpark", true);
            Model saved = new Model(Model.Kind.RATINGS, method, List.of(Factors.of(outcome.model())), data.rowIds(),
                    data.columnIds(), all.rowStart(), all.entryColumn(), null, low, high, info);
            ModelDirectory.write(saved, dir);
            return new Fitted(saved, outcome, info.get("chosen"), all.size(), split.train().size());
        }
    }

    /**
     * The spark route: the ratings read, split, centred and fitted where the engine holds them (the keyed split,
     * {@link Split#keyed}); the driver sees the shape, the ids and the reductions.
     */
    private Fitted fitRemote(CompletionSpec.Format kind, String sha256, FitEngine.Ratings read, SplittableRandom rng,
                             Fitting.Listener listener) {
        org.irlab.completion.FitRatings data = read.data();
        if (!read.report().isClean() && !quiet) {
            command.commandLine().getErr().println("irlab complete fit: " + source + ": " + read.report().describe());
        }
        String what = source.name() + ": the ratings have " + data.rows() + " users and " + data.columns()
                + " items";
        if (data.rows() < 2 || data.columns() < 2) {
            throw new BadInputException(what + ": completion needs at least 2 rows and 2 columns");
        }
        if (data.size() == 0 || data.heldSize() == 0) {
            throw new BadInputException(what + ": too few entries: the split leaves " + data.size() + " for training and "
                    + data.heldSize() + " for validation (--validation-fraction); each needs at least one");
        }
        if (data.min() == data.max()) {
            throw new BadInputException(what + ": all " + data.size() + " training values equal " + data.min()
                    + ": there is nothing to complete");
        }
        CompletionMethods.Options o = options.options(false, data.rows(), data.columns()).withProgress(progress);
        if (!(remote.method(method, o) instanceof org.irlab.completion.RankFreeDescent m)) {
            throw new BadInputException("--engine spark runs the rank-free method irlab, not " + method);
        }
        try (RunDirectory dir = RunDirectory.open(model, ModelDirectory.FILES)) {
            ModelDirectory.checkReplaceable(model, sha256, force);
            org.irlab.completion.FitRatings all = data.all();
            org.irlab.completion.FitRatings fitted = noRefit ? data : all;
            double low = options.noClip ? Double.NEGATIVE_INFINITY : fitted.min();
            double high = options.noClip ? Double.POSITIVE_INFINITY : fitted.max();
            Fitting.Outcome outcome = Fitting.fit(m, data, all, !noRefit, rng, listener);
            ObjectNode in = CompletionInputs.describe(source.location(), kind, sha256, null);
            in.put("users", data.rows()).put("items", data.columns()).put("entries", all.size())
                    .put("times", read.times());
            in.set("report", Json.MAPPER.valueToTree(read.report().toMap()));
            in.put("split", "keyed: entry (u, i) held out iff a hash of (seed, u, i) < --validation-fraction");
            ObjectNode info = info(in, o, outcome, data.size(), data.heldSize(), all.size());
            // the factor rows of the blocks' side and the seen entries stream from the executors into the files
            ModelContents.Plane plane = ModelContents.Plane.of(outcome.model());
            ModelContents saved = new ModelContents(Model.Kind.RATINGS, method, List.of(plane), read.rowIds(),
                    read.columnIds(), read.seen(), null, low, high, info);
            ModelDirectory.write(saved, dir);
            plane.left().release();
            plane.right().release();
            return new Fitted(saved.users(), saved.items(), saved.rank(), outcome, info.get("chosen"), (int) all.size(),
                    (int) data.size());
        }
    }

    private Fitted fitImage(CompletionSpec.Format kind, String sha256, SplittableRandom splitRng, SplittableRandom rng,
                            Fitting.Listener listener) throws IOException {
        ImageData picture = ImageData.read(source.local(), RatingsOptions.choice(ImageData.Channels.class, image.channels,
                "--channels"));
        int w = picture.width(), h = picture.height(), channels = picture.channels();
        if (w < 2 || h < 2) throw new BadInputException(source.name() + ": the image is " + w + "×" + h
                + " pixels: completion needs at least 2 rows and 2 columns");
        boolean[] observed = image.mask != null ? picture.maskFrom(image.mask)
                : picture.randomMask(image.missing != null ? image.missing : 0.5, splitRng.split());
        int hidden = 0;
        for (boolean b : observed) if (!b) hidden++;
        if (hidden == observed.length) throw new BadInputException(source.name() + ": "
                + (image.mask != null ? "the mask" : "--missing") + " hides all " + hidden + " pixels");
        CompletionMethods.Options o = options.options(true, h, w).withProgress(progress);
        CompletionModel m = remote != null ? remote.method(method, o) : CompletionMethods.create(method, o);
        Split[] splits = new Split[channels];
        SparseRatings[] available = new SparseRatings[channels];
        for (int c = 0; c < channels; c++) {
            available[c] = picture.entries(c, observed, true);
            splits[c] = Split.holdOut(available[c], new int[0], validationFraction, splitRng.split());
        }
        CompletionInputs.checkTunable(source.name() + ": the image (" + w + "×" + h + ")", splits);
        try (RunDirectory dir = RunDirectory.open(model, ModelDirectory.FILES)) {
            ModelDirectory.checkReplaceable(model, sha256, force);
            double low = options.noClip ? Double.NEGATIVE_INFINITY : 0, high = options.noClip ? Double.POSITIVE_INFINITY : 1;
            List<Factors> planes = new ArrayList<>();
            Fitting.Outcome first = null;
            for (int c = 0; c < channels; c++) {
                Fitting.Outcome outcome = fit(m, splits[c], available[c], rng.split(), listener, low, high);
                if (first == null) first = outcome;
                planes.add(Factors.of(outcome.model()));
            }
            int rank = 0;
            for (Factors f : planes) rank = Math.max(rank, f.rank());
            for (int c = 0; c < channels; c++) planes.set(c, planes.get(c).padded(rank));
            double[] pixels = new double[channels * h * w];
            for (int c = 0; c < channels; c++) {
                for (int k = 0; k < h * w; k++) pixels[c * h * w + k] = observed[k] ? picture.planes()[c][k] : Double.NaN;
            }
            String[] rows = new String[h], columns = new String[w];
            for (int i = 0; i < h; i++) rows[i] = Integer.toString(i);
            for (int j = 0; j < w; j++) columns[j] = Integer.toString(j);
            ObjectNode in = CompletionInputs.describe(source.location(), kind, sha256, null);
            in.put("width", w).put("height", h).put("channels", channels).put("hiddenPixels", hidden);
            if (image.mask != null) in.put("mask", image.mask.toString());
            else in.put("missing", image.missing != null ? image.missing : 0.5);
            ObjectNode info = info(in, o, first, splits[0].train().size(), splits[0].validation().size(),
                    available[0].size());
            Model saved = new Model(Model.Kind.IMAGE, method, planes, rows, columns, available[0].rowStart(),
                    available[0].entryColumn(), pixels, low, high, info);
            ModelDirectory.write(saved, dir);
            return new Fitted(saved, first, info.get("chosen"), available[0].size(), splits[0].train().size());
        }
    }

    /** The Spark engine, found on the class path. */
    private FitEngine openEngine() {
        return provider().open(master, Runtime.getRuntime().availableProcessors(), quiet);
    }

    /** The provider of --engine, found on the class path. */
    private FitEngineProvider provider() {
        for (FitEngineProvider p : ServiceLoader.load(FitEngineProvider.class)) {
            if (p.name().equals(engine)) return p;
        }
        throw new BadInputException("--engine spark needs irlab-spark.jar and Spark on the class path: run ./irlab"
                + " (it adds them), or spark-submit --class org.irlab.spark.SweepJob spark/target/irlab-spark.jar"
                + " complete fit …");
    }

    private Fitting.Outcome fit(CompletionModel m, Split split, SparseRatings all, SplittableRandom rng,
                                Fitting.Listener listener, double low, double high) {
        try {
            return Fitting.fit(m, split, all, !noRefit, rng, low, high, listener);
        } catch (UnsupportedOperationException e) {
            throw new BadInputException(e.getMessage() + ": give --no-refit");
        }
    }

    private ObjectNode info(ObjectNode input, CompletionMethods.Options o, Fitting.Outcome outcome, long trained,
                            long held, long entries) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.set("input", input);
        ObjectNode settings = info.putObject("settings");
        settings.put("seed", seed);
        settings.put("validationFraction", validationFraction);
        settings.put("refit", !noRefit);
        settings.setAll(options.describe(o));
        info.set("chosen", CompletionComparison.hyperParameters(outcome.tuned()));
        ObjectNode validation = info.putObject("validation");
        Json.put(validation, "rmse", outcome.validation().rmse());
        Json.put(validation, "mae", outcome.validation().mae());
        validation.put("count", outcome.validation().count());
        ObjectNode fit = info.putObject("fit");
        fit.put("trainEntries", trained);
        fit.put("validationEntries", held);
        fit.put("modelEntries", outcome.refitted() ? entries : trained);
        Json.put(fit, "seconds", outcome.seconds());
        Json.put(fit, "tuneSeconds", outcome.tuneSeconds());
        Json.put(fit, "cpuSeconds", outcome.cpuSeconds());
        if (remote != null) {
            ObjectNode e = info.putObject("engine");
            e.put("name", remote.name());
            e.set("statistics", Json.MAPPER.valueToTree(remote.statistics()));
        }
        info.set("provenance", Provenance.describe());
        return info;
    }
}
