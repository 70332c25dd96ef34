package org.irlab.cli;

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
import java.io.PrintWriter;
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
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.irlab.completion.Centering;
import org.irlab.completion.Completion;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.Errors;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.Datasets;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.ImageData;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.MatrixMarket;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.CompletionMethods;
import org.irlab.experiment.Json;
import org.irlab.experiment.Provenance;
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
        description = {"Complete a partly observed matrix (ratings CSV, Matrix Market, or image) with every method on "
                + "the same seeded split, and report train/validation/test RMSE and MAE (PSNR for images).",
                "Ratings: the test part is --test-fraction of the entries. Images: the test part is the hidden "
                        + "pixels (--missing or --mask); the recovered picture keeps the observed pixels.",
                "Validation (--validation-fraction of the rest) tunes every hyper-parameter; test is used only to "
                        + "report. Predictions are clipped to the training range (images: [0, 1]) unless --no-clip."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (option or file)"})
public final class CompleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "ratings .csv, Matrix Market .mtx, or image (.png/.jpg)")
    Path input;

    @Option(names = "--format", paramLabel = "ratings|mtx|image", description = "input format (default: from the extension)")
    String format;

    @Option(names = "--mask", paramLabel = "FILE", description = "images: mask image, white = observed, black = hidden")
    Path mask;

    @Option(names = "--missing", paramLabel = "FRACTION", description = "images: hide this random fraction of pixels (default 0.5)")
    Double missing;

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

    @Option(names = "--duplicates", paramLabel = "error|last|mean", description = "repeated (user, item) pairs: refuse (default), keep the last line, or average")
    String duplicates = "error";

    @Option(names = "--invalid-ratings", paramLabel = "error|skip", description = "non-numeric ratings: refuse (default) or leave out")
    String invalidRatings = "error";

    @Option(names = "--channels", paramLabel = "auto|gray|rgb", description = "images: one gray plane or three colour planes (default auto)")
    String channels = "auto";

    @Option(names = "--centering", paramLabel = "none|global-mean|biases", description = "what ALS, SoftImpute and irlab subtract before fitting (default biases)")
    String centering = "biases";

    @Option(names = "--max-rank", paramLabel = "R", description = "SoftImpute: cap on the rank (default 100; images: half the smaller side)")
    Integer maxRank;

    @Option(names = "--search-rank", paramLabel = "R", description = "irlab: search rank r' (default min(rows, columns, 500), at most 3.3e7/(rows + columns))")
    Integer searchRank;

    @Option(names = "--als-ranks", split = ",", paramLabel = "R", description = "ALS: ranks tried (default 5,10,20,40)")
    int[] alsRanks;

    @Option(names = "--als-lambdas", split = ",", paramLabel = "L", description = "ALS: λ values tried (default 0.05,0.1,0.15,0.2,0.3; images: 0.001,0.003,0.01,0.03,0.1)")
    double[] alsLambdas;

    @Option(names = "--no-clip", description = "do not clip predictions to the valid range")
    boolean noClip;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    /** ALS λ grid for images (pixel values in [0, 1]). */
    static final double[] IMAGE_ALS_LAMBDAS = {0.001, 0.003, 0.01, 0.03, 0.1};

    /** The method names for --help. */
    static final class MethodNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        MethodNames() { super(CompletionMethods.names()); }
    }

    /** One method's outcome on one input. */
    private record MethodResult(String name, List<Completion> completions, ObjectNode node, Errors test,
                                double seconds) {}

    @Override public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        try {
            return run();
        } catch (BadInputException | SpecException | IllegalArgumentException e) {
            err.println("irlab complete: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (IOException e) {
            err.println("irlab complete: cannot read " + input + ": " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("irlab complete: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    private int run() throws IOException {
        if (!Files.isRegularFile(input)) throw new BadInputException(input + ": no such file");
        String kind = format != null ? format.toLowerCase(Locale.ROOT) : guessFormat(input);
        if (!List.of("ratings", "mtx", "image").contains(kind)) {
            throw new BadInputException("--format must be ratings, mtx or image, not '" + format + "'");
        }
        if (!kind.equals("image") && (mask != null || missing != null)) {
            throw new BadInputException("--mask and --missing apply to images; ratings use --test-fraction");
        }
        if (mask != null && missing != null) throw new BadInputException("give --mask or --missing, not both");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new BadInputException("--validation-fraction must be in (0, 1): the methods tune on it");
        }
        if (!(testFraction > 0 && testFraction < 1)) throw new BadInputException("--test-fraction must be in (0, 1)");
        List<String> names = methods == null || methods.isEmpty() ? CompletionMethods.names() : methods;
        CompletionMethods.Options defaults = CompletionMethods.Options.defaults();
        int rankCap = maxRank != null ? maxRank : defaults.maxRank();
        double[] lambdas = alsLambdas != null ? alsLambdas : defaults.alsLambdas();
        if (kind.equals("image")) {
            // Pixels need less shrinkage and more rank than ratings: other grid defaults, same methods.
            if (alsLambdas == null) lambdas = IMAGE_ALS_LAMBDAS.clone();
            if (maxRank == null) rankCap = -1; // resolved once the image size is known
        }
        CompletionMethods.Options options = new CompletionMethods.Options(parseCentering(centering), rankCap,
                alsRanks != null ? alsRanks : defaults.alsRanks(), lambdas, searchRank != null ? searchRank : 0);
        if (searchRank != null && searchRank < 1) throw new BadInputException("--search-rank must be ≥ 1");
        if (rankCap == -1) {
            ImageData probe = ImageData.read(input, parse(ImageData.Channels.class, channels, "--channels"));
            options = new CompletionMethods.Options(options.centering(), Math.max(1, Math.min(probe.width(),
                    probe.height()) / 2), options.alsRanks(), options.alsLambdas(), options.searchRank());
        }
        List<CompletionModel> models = new ArrayList<>();
        for (String name : names) models.add(CompletionMethods.create(name.strip(), options));
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom splitRng = root.split();
        // One stream per registered method, so a method's numbers do not depend on which others run.
        Map<String, SplittableRandom> methodRngs = new LinkedHashMap<>();
        for (String name : CompletionMethods.names()) methodRngs.put(name, root.split());
        Path dir = out != null ? out : Path.of("out", "complete-" + stem(input));
        Files.createDirectories(dir);

        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        summary.put("command", "complete");
        ObjectNode in = summary.putObject("input");
        in.put("file", input.toString());
        in.put("format", kind);
        in.put("sha256", Datasets.sha256(Files.readAllBytes(input)));
        ObjectNode settings = summary.putObject("settings");
        settings.put("seed", seed);
        settings.put("validationFraction", validationFraction);
        settings.put("centering", options.centering().label());
        settings.put("maxRank", options.maxRank());
        settings.put("searchRank", options.searchRank() > 0 ? String.valueOf(options.searchRank()) : "default");
        ArrayNode ranksNode = settings.putArray("alsRanks");
        for (int r : options.alsRanks()) ranksNode.add(r);
        ArrayNode lambdasNode = settings.putArray("alsLambdas");
        for (double l : options.alsLambdas()) lambdasNode.add(l);
        settings.put("clip", !noClip);
        List<MethodResult> results = kind.equals("image")
                ? runImage(models, methodRngs, splitRng, dir, summary)
                : runRatings(kind, models, methodRngs, splitRng, dir, summary);
        ArrayNode methodNodes = summary.putArray("methods");
        for (MethodResult r : results) methodNodes.add(r.node());
        summary.set("provenance", Provenance.describe());
        AtomicFiles.write(dir.resolve("summary.json"), Json.write(summary));
        PrintWriter o = command.commandLine().getOut();
        boolean image = kind.equals("image");
        if (compare) {
            String table = table(results, image, false);
            AtomicFiles.write(dir.resolve("compare.md"), table);
            AtomicFiles.write(dir.resolve("compare.csv"), table(results, image, true));
            if (!quiet) o.print(table);
        } else if (!quiet) {
            for (MethodResult r : results) {
                o.printf(Locale.ROOT, "%-12s test RMSE %.4f  MAE %.4f%s  (%.1f s)%n", r.name(), r.test().rmse(),
                        r.test().mae(), image ? String.format(Locale.ROOT, "  PSNR %.2f dB",
                                r.node().get("psnr").asDouble()) : "", r.seconds());
            }
        }
        if (!quiet) o.println("wrote " + dir.resolve("summary.json"));
        return 0;
    }

    private List<MethodResult> runRatings(String kind, List<CompletionModel> models,
                                          Map<String, SplittableRandom> rngs, SplittableRandom splitRng, Path dir,
                                          ObjectNode summary) throws IOException {
        DuplicatePolicy dp = parse(DuplicatePolicy.class, duplicates, "--duplicates");
        InvalidPolicy ip = parse(InvalidPolicy.class, invalidRatings, "--invalid-ratings");
        RatingsData data = kind.equals("mtx") ? MatrixMarket.read(input, dp, ip) : RatingsCsv.read(input, dp, ip);
        PrintWriter err = command.commandLine().getErr();
        if (!data.report().isClean() && !quiet) err.println("irlab complete: " + input + ": " + data.report().describe());
        SparseRatings all = data.ratings();
        ObjectNode in = (ObjectNode) summary.get("input");
        in.put("rows", all.rows());
        in.put("columns", all.columns());
        in.put("entries", all.size());
        in.set("report", Json.MAPPER.valueToTree(data.report().toMap()));
        Split split = Split.random(all, testFraction, validationFraction, splitRng);
        putSplit(summary, split);
        ((ObjectNode) summary.get("settings")).put("testFraction", testFraction);
        double low = noClip ? Double.NEGATIVE_INFINITY : split.train().min();
        double high = noClip ? Double.POSITIVE_INFINITY : split.train().max();
        if (!noClip) ((ObjectNode) summary.get("settings")).putArray("clipRange").add(low).add(high);
        List<MethodResult> results = new ArrayList<>();
        for (CompletionModel model : models) {
            Progress.note(command, quiet, "fitting " + model.name() + "...");
            double cpu0 = cpuSeconds();
            long t0 = System.nanoTime();
            Completion c = model.fit(split.train(), split.validation(), rngs.get(model.name()).split());
            double seconds = (System.nanoTime() - t0) / 1e9, cpu = cpuSeconds() - cpu0;
            Errors test = Errors.of(c, split.test(), low, high);
            ObjectNode node = methodNode(model.name(), c, Errors.of(c, split.train(), low, high),
                    Errors.of(c, split.validation(), low, high), test, seconds, cpu);
            results.add(new MethodResult(model.name(), List.of(c), node, test, seconds));
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

    private List<MethodResult> runImage(List<CompletionModel> models, Map<String, SplittableRandom> rngs,
                                        SplittableRandom splitRng, Path dir, ObjectNode summary) throws IOException {
        ImageData image = ImageData.read(input, parse(ImageData.Channels.class, channels, "--channels"));
        boolean[] observed = mask != null ? image.maskFrom(mask)
                : image.randomMask(missing != null ? missing : 0.5, splitRng.split());
        int channelCount = image.channels(), w = image.width(), h = image.height();
        ObjectNode in = (ObjectNode) summary.get("input");
        in.put("width", w);
        in.put("height", h);
        in.put("channels", channelCount);
        int hidden = 0;
        for (boolean b : observed) if (!b) hidden++;
        in.put("hiddenPixels", hidden);
        in.put("hiddenFraction", hidden / (double) observed.length);
        if (mask != null) in.put("mask", mask.toString()); else in.put("missing", missing != null ? missing : 0.5);
        Split[] splits = new Split[channelCount];
        for (int c = 0; c < channelCount; c++) {
            splits[c] = Split.withTest(image.entries(c, observed, true), image.entries(c, observed, false),
                    validationFraction, splitRng.split());
        }
        putSplit(summary, splits[0]);
        double low = noClip ? Double.NEGATIVE_INFINITY : 0, high = noClip ? Double.POSITIVE_INFINITY : 1;
        double[][] masked = new double[channelCount][];
        for (int c = 0; c < channelCount; c++) {
            masked[c] = image.planes()[c].clone();
            for (int k = 0; k < observed.length; k++) if (!observed[k]) masked[c][k] = 0;
        }
        List<MethodResult> results = new ArrayList<>();
        List<double[][]> recovered = new ArrayList<>();
        for (CompletionModel model : models) {
            Progress.note(command, quiet, "fitting " + model.name() + "...");
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
                for (Completion comp : completions) perChannel.add(Json.MAPPER.valueToTree(comp.hyperParameters()));
            }
            Json.put(node, "psnr", psnr(image.planes(), planes));
            Json.put(node, "psnrHiddenPixels", test.psnr(1.0));
            results.add(new MethodResult(model.name(), completions, node, test, seconds));
            recovered.add(planes);
            writePng(dir.resolve("recovered-" + model.name() + ".png"), ImageData.toImage(w, h, planes));
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
        node.set("hyperParameters", sanitize(Json.MAPPER.valueToTree(c.hyperParameters())));
        node.set("train", errors(train));
        node.set("validation", errors(validation));
        node.set("test", errors(test));
        Json.put(node, "seconds", seconds);
        Json.put(node, "cpuSeconds", cpu);
        node.set("diagnostics", sanitize(Json.MAPPER.valueToTree(c.diagnostics())));
        return node;
    }

    private static ObjectNode errors(Errors e) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Json.put(o, "rmse", e.rmse());
        Json.put(o, "mae", e.mae());
        o.put("count", e.count());
        return o;
    }

    /** Non-finite numbers become null (JSON has no NaN). */
    private static JsonNode sanitize(JsonNode node) {
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

    /** The comparison table as Markdown or CSV. */
    static String table(List<MethodResult> results, boolean image, boolean csv) {
        StringBuilder sb = new StringBuilder();
        if (csv) {
            sb.append("method,chosen,testRmse,testMae").append(image ? ",psnr" : "").append(",seconds\n");
        } else {
            sb.append("| method | chosen | test RMSE | test MAE |").append(image ? " PSNR (dB) |" : "")
                    .append(" time (s) |\n|---|---|---|---|").append(image ? "---|" : "").append("---|\n");
        }
        for (MethodResult r : results) {
            String chosen = chosen(r.completions().get(0).hyperParameters());
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

    /** "rank=20 lambda=0.15" from the scalar hyper-parameters. */
    private static String chosen(Map<String, Object> hyper) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : hyper.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                double x = n.doubleValue();
                parts.add(e.getKey() + "=" + (x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x)
                        : String.format(Locale.ROOT, "%.4g", x)));
            } else if (v instanceof String s && !e.getKey().equals("regularization")) {
                parts.add(e.getKey() + "=" + s);
            }
        }
        return String.join(" ", parts);
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

    private static String guessFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mtx")) return "mtx";
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".gif")
                || name.endsWith(".bmp")) {
            return "image";
        }
        if (name.endsWith(".csv")) return "ratings";
        throw new BadInputException(file + ": cannot tell the format from the extension; give --format ratings|mtx|image");
    }

    private static Centering parseCentering(String s) {
        for (Centering c : Centering.values()) if (c.label().equals(s.toLowerCase(Locale.ROOT))) return c;
        throw new BadInputException("--centering must be none, global-mean or biases, not '" + s + "'");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value)) return e;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase(Locale.ROOT));
        throw new BadInputException(option + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) return field;
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
