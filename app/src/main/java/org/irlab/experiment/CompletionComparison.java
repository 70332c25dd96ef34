package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.irlab.completion.Completion;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.Errors;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.Datasets;
import org.irlab.data.ImageData;
import org.irlab.data.MatrixMarket;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;

/**
 * Runs every method of a {@link CompletionSpec} on one seeded train / validation / test split of one input and
 * writes {@code summary.json} and {@code predictions.csv} (images also the original, masked and recovered pictures
 * and {@code comparison.png}); {@code irlab complete} and the completion experiment of {@code irlab reproduce} both
 * run through here. One seed gives a {@code SplittableRandom} split once for the data split and once per
 * <em>registered</em> method, so a method's numbers do not depend on which other methods run.
 */
public final class CompletionComparison {
    private CompletionComparison() {}

    /** Hears what the comparison is doing (the command prints it; library code does not). */
    public interface Listener {
        /** A method is about to be fitted. */
        default void fitting(String method) {}

        /** A method has been fitted and scored. */
        default void fitted(String method) {}

        /** How the method being fitted is doing (see {@link org.irlab.completion.FitProgress}). */
        default void progress(String setting, int iteration, double validationRmse) {}

        /** The loader found something questionable in the input and acted on its policy (said in words). */
        default void inputReport(String text) {}

        /**
         * The input has been read and accepted and the directory's earlier results removed: outputs of the caller
         * (e.g. spec.json) may be written now, before any method runs.
         */
        default void accepted(Path dir) {}

        /** Every method has run; called before summary.json is written, so outputs added here come before it. */
        default void finishing(Result result) {}

        Listener NONE = new Listener() {};
    }

    /**
     * One method's outcome.
     *
     * @param completions one fit per image channel (one for ratings)
     * @param node        its entry of summary.json
     * @param seconds     wall time of its fits
     */
    public record MethodResult(String name, List<Completion> completions, ObjectNode node, Errors test,
                               double seconds) {}

    /** What a comparison wrote: the methods in run order and the summary (also in {@code dir/summary.json}). */
    public record Result(CompletionSpec spec, List<MethodResult> methods, ObjectNode summary, Path directory) {}

    /** The files a comparison leaves in its directory, its completion marker {@code summary.json} first. */
    public static final List<String> RESULTS = List.of("summary.json", "not-measured.json", "spec.json",
            "predictions.csv", "compare.md", "compare.csv", "trace.csv", "original.png", "masked.png",
            "comparison.png", "recovered-*.png");

    /** Like {@link #run(CompletionSpec, Path, RunDirectory, Listener)}, locking {@code dir} for the run. */
    public static Result run(CompletionSpec spec, Path file, Path dir, Listener listener) throws IOException {
        try (RunDirectory out = RunDirectory.open(dir, RESULTS)) {
            return run(spec, file, out, listener);
        }
    }

    /**
     * Runs the comparison on {@code file} (the located input of {@code spec}) and writes its outputs into {@code out};
     * summary.json is written last. The input is read and checked (sizes, values, a split with entries in every part)
     * before the directory's earlier results are removed, so bad input loses nothing; a comparison that fails later
     * leaves no results.
     *
     * @throws org.irlab.data.BadInputException when the input cannot be read as the spec's format or cannot be
     *                                          completed (one row, constant values, an empty part of the split)
     */
    public static Result run(CompletionSpec spec, Path file, RunDirectory out, Listener listener) throws IOException {
        boolean[] accepted = {false};
        Runnable accept = () -> {
            out.clear();
            accepted[0] = true;
            listener.accepted(out.path());
        };
        try {
            return runChecked(spec, file, out.path(), accept, listener);
        } catch (RuntimeException | Error | IOException e) {
            if (accepted[0]) {
                try {
                    out.clear(); // half a comparison's files must not pass for results
                } catch (RuntimeException second) {
                    e.addSuppressed(second);
                }
            }
            throw e;
        }
    }

    /** {@code accept} removes the earlier results once the input is accepted and lets the caller write its own. */
    private static Result runChecked(CompletionSpec spec, Path file, Path dir, Runnable accept, Listener listener)
            throws IOException {
        SplittableRandom root = new SplittableRandom(spec.seed());
        SplittableRandom splitRng = root.split();
        Map<String, SplittableRandom> methodRngs = new LinkedHashMap<>();
        for (String name : CompletionMethods.names()) methodRngs.put(name, root.split());

        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("command", "complete");
        summary.put("name", spec.name());
        ObjectNode in = summary.putObject("input");
        in.put("file", file.toString());
        if (spec.input() instanceof CompletionSpec.Input.OfDataset d) in.put("dataset", d.dataset().label());
        in.put("format", spec.format().label());
        in.put("sha256", Datasets.sha256(Files.readAllBytes(file)));
        ObjectNode settings = summary.putObject("settings");
        settings.put("seed", spec.seed());
        settings.put("validationFraction", spec.validationFraction());
        settings.put("centering", spec.centering().label());
        List<MethodResult> results = spec.image()
                ? runImage(spec, file, methodRngs, splitRng, dir, accept, summary, listener)
                : runRatings(spec, file, methodRngs, splitRng, dir, accept, summary, listener);
        ArrayNode methodNodes = summary.putArray("methods");
        for (MethodResult r : results) methodNodes.add(r.node());
        summary.set("spec", spec.resolved().deepCopy());
        summary.set("provenance", Provenance.describe());
        Result result = new Result(spec, List.copyOf(results), summary, dir);
        listener.finishing(result);
        AtomicFiles.write(dir.resolve("summary.json"), Json.write(summary));
        return result;
    }

    /**
     * Refuses, before any output, an input the methods cannot complete: fewer than 2 rows or columns, or a part of the
     * split (train, validation, test) without entries.
     *
     * @param what   the input and its size, starting the message
     * @param split  the split (null: check the size only)
     * @param leaves how the test part was made, e.g. "--test-fraction 0.2 leaves"
     */
    public static void checkCompletable(String what, int rows, int columns, Split split, String leaves) {
        if (rows < 2 || columns < 2) {
            throw new BadInputException(what + ": completion needs at least 2 rows and 2 columns");
        }
        if (split == null) return;
        int total = split.train().size() + split.validation().size() + split.test().size();
        if (split.test().size() == 0) {
            throw new BadInputException(what + ": " + leaves + " no test entries out of " + total
                    + ", so nothing could be scored");
        }
        if (split.train().size() == 0 || split.validation().size() == 0) {
            throw new BadInputException(what + ": " + total + " entries are too few: the split leaves "
                    + split.train().size() + " for training and " + split.validation().size() + " for validation"
                    + " (--validation-fraction); each needs at least one");
        }
    }

    /**
     * Refuses an input whose training values are all equal in every part (a ratings table, or every channel of an
     * image): there is nothing to complete. One constant channel of a colour image is fine.
     */
    private static void checkVaries(String what, Split... splits) {
        for (Split s : splits) if (s.train().min() != s.train().max()) return;
        SparseRatings train = splits[0].train();
        throw new BadInputException(what + ": all " + train.size() + " training values equal " + train.min()
                + (splits.length > 1 ? " in every channel" : "")
                + ": there is nothing to complete (at least two distinct values are needed)");
    }

    private static void putOptions(ObjectNode settings, CompletionMethods.Options options, CompletionSpec spec) {
        settings.put("maxRank", options.maxRank());
        settings.put("searchRank", options.searchRank() > 0 ? String.valueOf(options.searchRank()) : "default");
        ArrayNode ranksNode = settings.putArray("alsRanks");
        for (int r : options.alsRanks()) ranksNode.add(r);
        ArrayNode lambdasNode = settings.putArray("alsLambdas");
        for (double l : options.alsLambdas()) lambdasNode.add(l);
        settings.put("clip", spec.clip());
    }

    private static List<CompletionModel> models(CompletionSpec spec, CompletionMethods.Options options) {
        List<CompletionModel> models = new ArrayList<>();
        for (String name : spec.methods()) models.add(CompletionMethods.create(name, options));
        return models;
    }

    private static List<MethodResult> runRatings(CompletionSpec spec, Path file, Map<String, SplittableRandom> rngs,
                                                 SplittableRandom splitRng, Path dir, Runnable accept,
                                                 ObjectNode summary,
                                                 Listener listener) throws IOException {
        RatingsData data = spec.format() == CompletionSpec.Format.MTX
                ? MatrixMarket.read(file, spec.duplicates(), spec.invalidRatings())
                : RatingsCsv.read(file, spec.layout(), spec.duplicates(), spec.invalidRatings());
        if (!data.report().isClean()) listener.inputReport(file + ": " + data.report().describe());
        SparseRatings all = data.ratings();
        ObjectNode in = (ObjectNode) summary.get("input");
        in.put("rows", all.rows());
        in.put("columns", all.columns());
        in.put("entries", all.size());
        in.set("report", Json.MAPPER.valueToTree(data.report().toMap()));
        CompletionMethods.Options options = spec.options(all.rows(), all.columns()).withProgress(listener::progress);
        List<CompletionModel> models = models(spec, options);
        ObjectNode settings = (ObjectNode) summary.get("settings");
        putOptions(settings, options, spec);
        Split split = Split.random(all, spec.testFraction(), spec.validationFraction(), splitRng);
        checkCompletable(file.getFileName() + ": the ratings have " + all.rows() + " rows (users) and " + all.columns()
                + " columns (items)", all.rows(), all.columns(), split, "--test-fraction " + spec.testFraction()
                + " leaves");
        checkVaries(file.getFileName() + ": the ratings", split);
        accept.run();
        putSplit(summary, split);
        settings.put("testFraction", spec.testFraction());
        double low = spec.clip() ? split.train().min() : Double.NEGATIVE_INFINITY;
        double high = spec.clip() ? split.train().max() : Double.POSITIVE_INFINITY;
        if (spec.clip()) settings.putArray("clipRange").add(low).add(high);
        List<MethodResult> results = new ArrayList<>();
        for (CompletionModel model : models) {
            listener.fitting(model.name());
            double cpu0 = cpuSeconds();
            long t0 = System.nanoTime();
            Completion c = model.fit(split.train(), split.validation(), rngs.get(model.name()).split());
            double seconds = (System.nanoTime() - t0) / 1e9, cpu = cpuSeconds() - cpu0;
            Errors test = Errors.of(c, split.test(), low, high);
            ObjectNode node = methodNode(model.name(), c, Errors.of(c, split.train(), low, high),
                    Errors.of(c, split.validation(), low, high), test, seconds, cpu);
            results.add(new MethodResult(model.name(), List.of(c), node, test, seconds));
            listener.fitted(model.name());
        }
        try (Writer w = AtomicFiles.open(dir.resolve("predictions.csv"))) {
            StringBuilder header = new StringBuilder("rowId,columnId,rating");
            for (MethodResult r : results) header.append(',').append(r.name());
            w.write(header.append('\n').toString());
            SparseRatings test = split.test();
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < test.size(); k++) {
                int i = test.entryRow()[k], j = test.entryColumn()[k];
                line.setLength(0);
                line.append(csv(data.rowIds()[i])).append(',').append(csv(data.columnIds()[j])).append(',')
                        .append(test.values()[k]);
                for (MethodResult r : results) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6g",
                            Errors.clip(r.completions().get(0).predict(i, j), low, high)));
                }
                w.write(line.append('\n').toString());
            }
        }
        return results;
    }

    private static List<MethodResult> runImage(CompletionSpec spec, Path file, Map<String, SplittableRandom> rngs,
                                               SplittableRandom splitRng, Path dir, Runnable accept,
                                               ObjectNode summary,
                                               Listener listener) throws IOException {
        ImageData image = ImageData.read(file, spec.channels());
        ObjectNode in = (ObjectNode) summary.get("input");
        if (spec.crop() != null) {
            CompletionSpec.Crop c = spec.crop();
            in.put("originalWidth", image.width());
            in.put("originalHeight", image.height());
            image = image.crop(c.x(), c.y(), c.width(), c.height());
            in.putObject("crop").put("x", c.x()).put("y", c.y()).put("width", c.width()).put("height", c.height());
        }
        String picture = file.getFileName() + ": the " + (spec.crop() != null ? "cropped " : "") + "image is "
                + image.width() + "×" + image.height() + " pixels";
        if (image.width() < 2 || image.height() < 2) checkCompletable(picture, image.height(), image.width(), null, "");
        boolean[] observed = spec.mask() != null ? image.maskFrom(spec.mask())
                : image.randomMask(spec.missing(), splitRng.split());
        int channelCount = image.channels(), w = image.width(), h = image.height();
        in.put("width", w);
        in.put("height", h);
        in.put("channels", channelCount);
        int hidden = 0;
        for (boolean b : observed) if (!b) hidden++;
        if (hidden == observed.length) {
            throw new BadInputException(picture + ": " + (spec.mask() != null ? "the mask" : "--missing "
                    + spec.missing()) + " hides all " + hidden + " pixels: nothing is left to learn from");
        }
        in.put("hiddenPixels", hidden);
        in.put("hiddenFraction", hidden / (double) observed.length);
        if (spec.mask() != null) in.put("mask", spec.mask().toString()); else in.put("missing", spec.missing());
        CompletionMethods.Options options = spec.options(h, w).withProgress(listener::progress);
        List<CompletionModel> models = models(spec, options);
        putOptions((ObjectNode) summary.get("settings"), options, spec);
        Split[] splits = new Split[channelCount];
        for (int c = 0; c < channelCount; c++) {
            splits[c] = Split.withTest(image.entries(c, observed, true), image.entries(c, observed, false),
                    spec.validationFraction(), splitRng.split());
            checkCompletable(picture + (channelCount > 1 ? " (channel " + (c + 1) + " of " + channelCount + ")" : ""),
                    h, w, splits[c], (spec.mask() != null ? "the mask" : "--missing " + spec.missing()) + " leaves");
        }
        checkVaries(picture, splits);
        accept.run();
        putSplit(summary, splits[0]);
        double low = spec.clip() ? 0 : Double.NEGATIVE_INFINITY, high = spec.clip() ? 1 : Double.POSITIVE_INFINITY;
        double[][] masked = new double[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            masked[c] = image.planes()[c].clone();
            for (int k = 0; k < observed.length; k++) if (!observed[k]) masked[c][k] = 0;
        }
        List<MethodResult> results = new ArrayList<>();
        List<double[][]> recovered = new ArrayList<>();
        for (CompletionModel model : models) {
            listener.fitting(model.name());
            SplittableRandom rng = rngs.get(model.name()).split();
            List<Completion> completions = new ArrayList<>();
            double[] sums = new double[6];
            int[] counts = new int[3];
            double[][] planes = new double[channelCount][];
            double cpu0 = cpuSeconds();
            long t0 = System.nanoTime();
            for (int c = 0; c < channelCount; c++) completions.add(model.fit(splits[c].train(), splits[c].validation(),
                    rng.split()));
            double seconds = (System.nanoTime() - t0) / 1e9, cpu = cpuSeconds() - cpu0;
            for (int c = 0; c < channelCount; c++) {
                Completion completion = completions.get(c);
                accumulate(Errors.of(completion, splits[c].train(), low, high), sums, counts, 0);
                accumulate(Errors.of(completion, splits[c].validation(), low, high), sums, counts, 1);
                accumulate(Errors.of(completion, splits[c].test(), low, high), sums, counts, 2);
                planes[c] = image.planes()[c].clone();
                for (int k = 0; k < observed.length; k++) {
                    if (!observed[k]) planes[c][k] = Errors.clip(completion.predict(k / w, k % w), 0, 1);
                }
            }
            Errors test = combined(sums, counts, 2);
            ObjectNode node = methodNode(model.name(), completions.get(0), combined(sums, counts, 0),
                    combined(sums, counts, 1), test, seconds, cpu);
            if (channelCount > 1) {
                ArrayNode perChannel = node.putArray("channelHyperParameters");
                for (Completion comp : completions) perChannel.add(RankFreePayload.hyperParameters(comp));
            }
            Json.put(node, "psnr", psnr(image.planes(), planes));
            Json.put(node, "psnrHiddenPixels", test.psnr(1.0));
            results.add(new MethodResult(model.name(), completions, node, test, seconds));
            recovered.add(planes);
            writePng(dir.resolve("recovered-" + model.name() + ".png"), ImageData.toImage(w, h, planes));
            listener.fitted(model.name());
        }
        writePng(dir.resolve("original.png"), ImageData.toImage(w, h, image.planes()));
        writePng(dir.resolve("masked.png"), ImageData.toImage(w, h, masked));
        List<BufferedImage> panels = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        panels.add(ImageData.toImage(w, h, image.planes()));
        captions.add("original");
        panels.add(ImageData.toImage(w, h, masked));
        captions.add(String.format(Locale.ROOT, "masked (%.0f%% hidden), %.2f dB", 100.0 * hidden / observed.length,
                psnr(image.planes(), masked)));
        for (int m = 0; m < results.size(); m++) {
            panels.add(ImageData.toImage(w, h, recovered.get(m)));
            captions.add(String.format(Locale.ROOT, "%s, %.2f dB", results.get(m).name(),
                    results.get(m).node().get("psnr").asDouble()));
        }
        writePng(dir.resolve("comparison.png"), sideBySide(panels, captions));
        try (Writer out = AtomicFiles.open(dir.resolve("predictions.csv"))) {
            StringBuilder header = new StringBuilder("row,column,channel,value");
            for (MethodResult r : results) header.append(',').append(r.name());
            out.write(header.append('\n').toString());
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < channelCount; c++) {
                SparseRatings test = splits[c].test();
                for (int k = 0; k < test.size(); k++) {
                    int i = test.entryRow()[k], j = test.entryColumn()[k];
                    line.setLength(0);
                    line.append(i).append(',').append(j).append(',').append(c).append(',')
                            .append(String.format(Locale.ROOT, "%.6g", test.values()[k]));
                    for (MethodResult r : results) {
                        line.append(',').append(String.format(Locale.ROOT, "%.6g",
                                Errors.clip(r.completions().get(c).predict(i, j), low, high)));
                    }
                    out.write(line.append('\n').toString());
                }
            }
        }
        return results;
    }

    /** Writes compare.md and compare.csv (method, chosen hyper-parameters, test RMSE/MAE, [PSNR], time). */
    public static void writeTables(Result result) {
        AtomicFiles.write(result.directory().resolve("compare.md"), table(result, false));
        AtomicFiles.write(result.directory().resolve("compare.csv"), table(result, true));
    }

    /** The comparison table as Markdown or CSV. */
    public static String table(Result result, boolean csv) {
        boolean image = result.spec().image();
        StringBuilder sb = new StringBuilder();
        if (csv) {
            sb.append("method,chosen,testRmse,testMae").append(image ? ",psnr" : "").append(",seconds\n");
        } else {
            sb.append("| method | chosen | test RMSE | test MAE |").append(image ? " PSNR (dB) |" : "")
                    .append(" time (s) |\n|---|---|---|---|").append(image ? "---|" : "").append("---|\n");
        }
        for (MethodResult r : result.methods()) {
            String chosen = chosen(r.node().get("hyperParameters"));
            String psnr = image ? String.format(Locale.ROOT, "%.2f", r.node().get("psnr").asDouble()) : "";
            if (csv) {
                sb.append(r.name()).append(",\"").append(chosen).append("\",")
                        .append(String.format(Locale.ROOT, "%.4f,%.4f", r.test().rmse(), r.test().mae()))
                        .append(image ? "," + psnr : "").append(String.format(Locale.ROOT, ",%.2f%n", r.seconds()));
            } else {
                sb.append("| ").append(r.name()).append(" | ").append(chosen.isEmpty() ? "–" : chosen).append(" | ")
                        .append(String.format(Locale.ROOT, "%.4f | %.4f |", r.test().rmse(), r.test().mae()))
                        .append(image ? " " + psnr + " |" : "").append(String.format(Locale.ROOT, " %.2f |%n",
                                r.seconds()));
            }
        }
        return sb.toString();
    }

    /** "rank=20 lambda=0.15" from the scalar hyper-parameters of a method's summary entry. */
    public static String chosen(JsonNode hyper) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : scalars(hyper).entrySet()) parts.add(e.getKey() + "=" + e.getValue());
        return String.join(" ", parts);
    }

    /**
     * The scalar hyper-parameters of a method's summary entry as text, in order: numbers (integers plainly, others
     * to 4 significant digits) and strings; nested values and the regularization form are left out.
     */
    public static Map<String, String> scalars(JsonNode hyper) {
        Map<String, String> out = new LinkedHashMap<>();
        if (hyper == null) return out;
        for (var it = hyper.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                double x = v.asDouble();
                out.put(e.getKey(), x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x)
                        : String.format(Locale.ROOT, "%.4g", x));
            } else if (v.isTextual() && !e.getKey().equals("regularization")) {
                out.put(e.getKey(), v.asText());
            }
        }
        return out;
    }

    /** PSNR (peak 1) of all planes together. */
    private static double psnr(double[][] reference, double[][] estimate) {
        int n = reference[0].length;
        double[] a = new double[n * reference.length], b = new double[n * reference.length];
        for (int c = 0; c < reference.length; c++) {
            System.arraycopy(reference[c], 0, a, c * n, n);
            System.arraycopy(estimate[c], 0, b, c * n, n);
        }
        return Errors.psnr(a, b, 1.0);
    }

    private static void accumulate(Errors e, double[] sums, int[] counts, int slot) {
        sums[2 * slot] += e.rmse() * e.rmse() * e.count();
        sums[2 * slot + 1] += e.mae() * e.count();
        counts[slot] += e.count();
    }

    private static Errors combined(double[] sums, int[] counts, int slot) {
        return new Errors(Math.sqrt(sums[2 * slot] / counts[slot]), sums[2 * slot + 1] / counts[slot], counts[slot]);
    }

    private static ObjectNode methodNode(String name, Completion c, Errors train, Errors validation, Errors test,
                                         double seconds, double cpu) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("method", name);
        node.set("hyperParameters", sanitize(RankFreePayload.hyperParameters(c)));
        node.set("train", errors(train));
        node.set("validation", errors(validation));
        node.set("test", errors(test));
        Json.put(node, "seconds", seconds);
        Json.put(node, "cpuSeconds", cpu);
        node.set("diagnostics", sanitize(RankFreePayload.diagnostics(c, seconds)));
        return node;
    }

    private static ObjectNode errors(Errors e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Json.put(o, "rmse", e.rmse());
        Json.put(o, "mae", e.mae());
        o.put("count", e.count());
        return o;
    }

    /** A fitted completion's chosen hyper-parameters as JSON (non-finite numbers as null). */
    public static JsonNode hyperParameters(Completion c) {
        return sanitize(RankFreePayload.hyperParameters(c));
    }

    /** Non-finite numbers become null (JSON has no NaN); the node is changed in place and returned. */
    public static JsonNode sanitize(JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.asDouble())) return JsonNodeFactory.instance.nullNode();
        if (node instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) o.set(k, sanitize(o.get(k)));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) a.set(i, sanitize(a.get(i)));
        }
        return node;
    }

    private static void putSplit(ObjectNode summary, Split split) {
        ObjectNode s = summary.putObject("split");
        s.put("train", split.train().size());
        s.put("validation", split.validation().size());
        s.put("test", split.test().size());
    }

    /** Panels in a grid of at most four columns, each with its caption above. */
    private static BufferedImage sideBySide(List<BufferedImage> panels, List<String> captions) {
        int pw = panels.get(0).getWidth(), ph = panels.get(0).getHeight();
        int columns = Math.min(4, panels.size()), gridRows = (panels.size() + columns - 1) / columns;
        int caption = 28, gap = 8;
        BufferedImage out = new BufferedImage(columns * (pw + gap) + gap, gridRows * (ph + caption + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int p = 0; p < panels.size(); p++) {
                int x = gap + (p % columns) * (pw + gap), y = gap + (p / columns) * (ph + caption + gap);
                g.drawImage(panels.get(p), x, y + caption, null);
                try {
                    g.setColor(Color.BLACK);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(16, pw / 24))));
                    g.drawString(captions.get(p), x, y + caption - 8);
                } catch (RuntimeException | Error noFonts) {
                    // a headless JVM without fonts still gets the pictures; the captions are also in summary.json
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void writePng(Path file, BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
