package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.irlab.data.InputReport;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;
import org.irlab.evaluation.Evaluation;
import org.irlab.evaluation.EvaluationReport;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.CompletionMethods;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.Json;
import org.irlab.experiment.Provenance;
import org.irlab.experiment.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code irlab complete evaluate INPUT}: methods fitted as {@code fit} does and scored on held-out entries over k
 * folds, repeated random or per-user splits, the latest entries, or a test file; mean ± sd per method.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cross-validate completion methods: in each round (a fold, a random or per-user split, the latest"
                + " entries by time, or --test FILE) each method is tuned on a validation part of the rest, refitted on"
                + " all of the rest (unless --no-refit) and scored on the held-out entries: RMSE, MAE, and precision,"
                + " recall and NDCG at --top K of its ranking of each user's unseen items (relevant: held-out rating ≥"
                + " --relevance). Prints and writes mean ± sd per method (DIR/compare.md, compare.csv), every round"
                + " (DIR/folds.csv) and DIR/summary.json.",
                "Default: 5 folds of irlab; --compare runs every method."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (option, file, test file)"})
final class EvaluateCommand implements Callable<Integer> {
    /** The ways to hold entries out. */
    enum Protocol { RANDOM, TIME, PER_USER }

    /** What to do with a test rating whose user or item INPUT does not have. */
    enum Unknown { FALLBACK, SKIP, ERROR }

    /** Files an evaluation leaves in its directory, summary.json (the completion marker) first. */
    static final List<String> RESULTS = List.of("summary.json", "folds.csv", "compare.md", "compare.csv");

    @Parameters(index = "0", paramLabel = "INPUT", description = "ratings .csv/.tsv/.dat/u.data or Matrix Market .mtx")
    Path input;

    @Option(names = "--folds", paramLabel = "K", description = "k-fold cross-validation (the default, K = 5)")
    Integer folds;

    @Option(names = "--split", paramLabel = "random|time|per-user", description = "one held-out part: uniformly random,"
            + " the latest entries by time, or a random fraction of every user's entries (--test-fraction)")
    String split;

    @Option(names = "--test", paramLabel = "FILE", description = "score on this file's ratings (same layout; its pairs"
            + " must not be in INPUT; --unknown: its users or items INPUT lacks)")
    Path test;

    @Option(names = "--test-fraction", paramLabel = "F", description = "--split: fraction held out (default 0.2)")
    Double testFractionOption;

    @Option(names = "--unknown", paramLabel = "fallback|skip|error", description = "--test: ratings of users or items"
            + " INPUT does not have: predict them from the bias terms that are known and score them (default), leave"
            + " them out, or refuse the file; counted either way")
    String unknown = "fallback";

    double testFraction = 0.2;

    @Option(names = "--repeats", paramLabel = "N", description = "--split random|per-user: independent splits (default ${DEFAULT-VALUE})")
    int repeats = 1;

    @Option(names = "--methods", split = ",", paramLabel = "NAME", description = "methods (default: irlab; --compare:"
            + " all: ${COMPLETION-CANDIDATES})", completionCandidates = CompleteCommand.MethodNames.class)
    List<String> methods;

    @Option(names = "--compare", description = "evaluate every method (unless --methods names some) side by side")
    boolean compare;

    @Option(names = "--top", paramLabel = "K", description = "k of precision@k, recall@k, NDCG@k (default ${DEFAULT-VALUE})")
    int top = 10;

    @Option(names = "--relevance", paramLabel = "T", description = "a held-out rating ≥ T is relevant (default ${DEFAULT-VALUE})")
    double relevance = 4.0;

    @Option(names = "--no-refit", description = "score the fit on the training part (no refit on train + validation)")
    boolean noRefit;

    @Option(names = "--validation-fraction", paramLabel = "F", description = "fraction of each round's rest held out for"
            + " tuning (default ${DEFAULT-VALUE})")
    double validationFraction = 0.1;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the rounds, validation parts and methods (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--format", paramLabel = "ratings|mtx", description = "input format (default: from the extension)")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: out/evaluate-<input name>)")
    Path out;

    @CommandLine.Mixin RatingsOptions ratings = new RatingsOptions();

    @CommandLine.Mixin MethodOptions options = new MethodOptions();

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() { return Guarded.run(command, this::run); }

    private int run() throws IOException {
        CompletionInputs.refuseUri(command, input, "complete evaluate");
        CompletionSpec.Format kind = CompletionInputs.format(input, format);
        if (kind == CompletionSpec.Format.IMAGE) {
            throw new BadInputException(input + ": evaluate applies to ratings and Matrix Market input; for a picture,"
                    + " irlab complete IMAGE --compare scores the hidden pixels");
        }
        int protocols = (folds != null ? 1 : 0) + (split != null ? 1 : 0) + (test != null ? 1 : 0);
        if (protocols > 1) throw new BadInputException("give one of --folds, --split and --test");
        Protocol protocol = split == null ? null : RatingsOptions.choice(Protocol.class, split, "--split");
        if (testFractionOption != null) {
            if (protocol == null) {
                throw new BadInputException("--test-fraction applies to --split random|time|per-user (" + (test != null
                        ? "--test FILE holds out that file's ratings" : "--folds K holds out 1/K of the entries in each"
                        + " fold") + ")");
            }
            testFraction = testFractionOption;
        }
        Unknown unknownPolicy = RatingsOptions.choice(Unknown.class, unknown, "--unknown");
        if (test == null && !"fallback".equals(unknown)) {
            throw new BadInputException("--unknown applies to --test FILE (the other protocols hold out entries of"
                    + " INPUT, whose users and items are all known)");
        }
        if (folds != null && folds < 2) throw new BadInputException("--folds must be ≥ 2, got " + folds);
        if (top < 1) throw new BadInputException("--top must be ≥ 1, got " + top);
        if (!Double.isFinite(relevance)) throw new BadInputException("--relevance must be a number, got " + relevance);
        if (repeats < 1) throw new BadInputException("--repeats must be ≥ 1, got " + repeats);
        if (repeats > 1 && (protocol == null || protocol == Protocol.TIME)) {
            throw new BadInputException("--repeats applies to --split random and per-user (folds, the latest entries and"
                    + " a test file are one partition each)");
        }
        if (protocol != null && !(testFraction > 0 && testFraction < 1)) {
            throw new BadInputException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new BadInputException("--validation-fraction must be in (0, 1): the methods tune on it");
        }
        List<String> names = CompletionMethods.names();
        List<String> chosen = methods != null && !methods.isEmpty() ? methods.stream().map(String::strip).toList()
                : compare ? names : List.of("irlab");
        for (String m : chosen) {
            if (!names.contains(m)) throw new BadInputException("--methods: unknown method '" + m + "' (known: "
                    + String.join(", ", names) + ")");
        }
        if (chosen.stream().distinct().count() < chosen.size()) throw new BadInputException("--methods names a method twice");
        options.check();
        String sha256 = CompletionInputs.sha256(input);
        RatingsData data = CompletionInputs.ratings(input, kind, ratings);
        if (!data.report().isClean() && !quiet) {
            command.commandLine().getErr().println("irlab complete evaluate: " + input + ": " + data.report().describe());
        }
        SparseRatings all = data.ratings();
        SplittableRandom partition = new SplittableRandom(seed).split(); // Evaluation skips the root's first split
        List<Evaluation.Round> rounds = new ArrayList<>();
        String protocolText;
        int testEntries = 0;
        Combined testFile = null;
        if (test != null) {
            testFile = withTestFile(data, unknownPolicy);
            all = testFile.all();
            rounds.add(new Evaluation.Round("test file " + test.getFileName(), testFile.test(),
                    unknownPolicy == Unknown.FALLBACK ? testFile.unseen() : null));
            testEntries = rounds.get(0).size();
            protocolText = "the ratings of " + test.getFileName();
            if (testFile.unseenCount() > 0 && !quiet) {
                command.commandLine().getErr().println("irlab complete evaluate: --test " + test + ": "
                        + testFile.describeUnseen(unknownPolicy));
            }
        } else if (protocol == null) {
            int k = folds != null ? folds : 5;
            if (k > all.size()) throw new BadInputException("--folds " + k + " is more than the " + all.size() + " entries");
            int[][] parts = Split.folds(all.size(), k, partition);
            for (int f = 0; f < k; f++) rounds.add(new Evaluation.Round("fold " + (f + 1) + " of " + k, parts[f]));
            protocolText = k + "-fold cross-validation";
        } else if (protocol == Protocol.TIME) {
            if (!data.hasTimes()) {
                throw new BadInputException(input + ": --split time needs a time column (a header naming timestamp,"
                        + " or --columns user,item,rating,time)");
            }
            rounds.add(new Evaluation.Round(String.format(Locale.ROOT, "latest %.0f%%", 100 * testFraction),
                    Split.latest(data.times(), testFraction)));
            protocolText = String.format(Locale.ROOT, "the latest %.0f%% of the ratings", 100 * testFraction);
        } else {
            for (int r = 0; r < repeats; r++) {
                int[] held = protocol == Protocol.RANDOM
                        ? Split.sample(all.size(), (int) Math.round(testFraction * all.size()), partition)
                        : Split.perRow(all, testFraction, partition);
                rounds.add(new Evaluation.Round((protocol == Protocol.RANDOM ? "random " : "per-user ")
                        + String.format(Locale.ROOT, "%.0f%%", 100 * testFraction) + (repeats > 1 ? ", repeat "
                        + (r + 1) : ""), held));
            }
            protocolText = String.format(Locale.ROOT, "%s%.0f%% held out%s", protocol == Protocol.RANDOM ? "a random "
                    : "per user, ", 100 * testFraction, repeats > 1 ? ", " + repeats + " times" : "");
        }
        for (Evaluation.Round r : rounds) {
            Split check = Split.holdOut(all, r.test(), validationFraction, new SplittableRandom(0));
            if (r.test().length == 0) throw new BadInputException(input + ": " + r.label() + " holds out no entries");
            CompletionInputs.checkTunable(input.getFileName() + " (" + r.label() + ")", check);
        }
        Path dir = out != null ? out : Path.of("out", "evaluate-" + stem(input));
        Evaluation.Settings settings = new Evaluation.Settings(validationFraction, !noRefit, !options.noClip, top,
                relevance, seed);
        List<Evaluation.Score> scores;
        CompletionInputs.refuseResultInputs(dir, RESULTS, "--out", input, test);
        try (RunDirectory target = RunDirectory.open(dir, RESULTS);
             StatusLine status = new StatusLine(command.commandLine().getErr(), quiet)) {
            target.clear();
            String[] where = {"", ""};
            CompletionMethods.Options o = options.options(false, all.rows(), all.columns()).withProgress(
                    (setting, iteration, rmse) -> status.show(where[0] + ": " + StatusLine.fit(where[1], setting,
                            iteration, rmse), false));
            Map<String, CompletionModel> models = new LinkedHashMap<>();
            for (String m : chosen) models.put(m, CompletionMethods.create(m, o));
            scores = Evaluation.run(all, rounds, models, names, settings, new Evaluation.Listener() {
                @Override public void round(int round, int count, String method) {
                    where[0] = rounds.get(round).label();
                    where[1] = method;
                }

                @Override public void tuning(String method, int entries) {
                    status.show(String.format(Locale.ROOT, "%s: %s: tuning on %,d entries...", where[0], method,
                            entries), true);
                }

                @Override public void refitting(String method, int entries) {
                    status.show(String.format(Locale.ROOT, "%s: %s: refitting on %,d entries...", where[0], method,
                            entries), true);
                }
            });
            status.close();
            ObjectNode summary = JsonNodeFactory.instance.objectNode();
            summary.put("command", "complete evaluate");
            ObjectNode in = CompletionInputs.describe(input.toString(), kind, sha256, data);
            if (test != null) {
                in.put("testFile", test.toString());
                in.put("testSha256", CompletionInputs.sha256(test));
                in.put("testEntries", testEntries);
                in.put("testUnknown", testFile.unseenCount());
                in.put("testUnknownPolicy", unknownPolicy.name().toLowerCase(Locale.ROOT));
                in.put("testScoredByFallback", unknownPolicy == Unknown.FALLBACK ? testFile.unseenCount() : 0);
            }
            summary.set("input", in);
            ObjectNode s = summary.putObject("settings");
            s.put("protocol", test != null ? "test-file" : protocol == null ? "folds"
                    : protocol.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (test == null && protocol == null) s.put("folds", rounds.size());
            if (protocol != null) s.put("testFraction", testFraction).put("repeats", repeats);
            s.put("seed", seed).put("validationFraction", validationFraction).put("refit", !noRefit).put("top", top)
                    .put("relevance", relevance);
            ArrayNode m = s.putArray("methods");
            chosen.forEach(m::add);
            s.setAll(options.describe(o));
            ArrayNode r = summary.putArray("rounds");
            for (Evaluation.Round round : rounds) r.addObject().put("label", round.label()).put("testEntries",
                    round.size());
            summary.set("methods", EvaluationReport.methods(scores, chosen, top));
            summary.set("provenance", Provenance.describe());
            String table = EvaluationReport.table(scores, chosen, top, false);
            AtomicFiles.write(dir.resolve("folds.csv"), EvaluationReport.rounds(scores, rounds, top));
            AtomicFiles.write(dir.resolve("compare.md"), table);
            AtomicFiles.write(dir.resolve("compare.csv"), EvaluationReport.table(scores, chosen, top, true));
            AtomicFiles.write(dir.resolve("summary.json"), Json.write(summary));
            if (!quiet) {
                PrintWriter o2 = command.commandLine().getOut();
                o2.printf(Locale.ROOT, "%s: %s; %s; mean%s per method; relevant: held-out rating ≥ %s%n",
                        input.getFileName(), protocolText, noRefit ? "fitted on train (no refit)"
                                : "tuned on validation, refitted on train + validation", rounds.size() > 1 ? " ± sd"
                                : "", trim(relevance));
                o2.print(table);
                o2.println("wrote " + dir.resolve("summary.json") + ", compare.md, compare.csv, folds.csv");
            }
        }
        return 0;
    }

    /**
     * INPUT and the test file's known pairs as one matrix, the test entries' numbers in it, and the ratings of users
     * or items INPUT does not have (first lines in {@code unseenLines}).
     */
    private record Combined(SparseRatings all, int[] test, Evaluation.Unseen unseen, int unseenCount,
                            List<String> unseenLines) {
        String countUnseen() {
            return unseenCount + " rating" + (unseenCount == 1 ? " names a user or item" : "s name users or items")
                    + " INPUT does not have (" + String.join("; ", unseenLines) + (unseenCount > unseenLines.size()
                    ? "; …" : "") + ")";
        }

        String describeUnseen(Unknown policy) {
            return countUnseen() + ": " + switch (policy) {
                        case FALLBACK -> "predicted from the bias terms that are known and scored (RMSE and MAE, not"
                                + " the ranking; --unknown skip leaves them out)";
                        case SKIP -> "left out (--unknown skip)";
                        case ERROR -> "a model cannot be scored on users or items it never saw (--unknown fallback"
                                + " predicts them from the bias terms, --unknown skip leaves them out)";
                    };
        }
    }

    private Combined withTestFile(RatingsData data, Unknown policy) throws IOException {
        if (Files.isDirectory(test)) throw new BadInputException("--test " + test + " is a directory, expected a file");
        if (!Files.isRegularFile(test)) throw new BadInputException("--test " + test + ": no such file");
        Map<String, Integer> users = index(data.rowIds()), items = index(data.columnIds());
        List<int[]> pairs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> unknown = new ArrayList<>(), bad = new ArrayList<>(), repeated = new ArrayList<>();
        Map<List<String>, Integer> firstLine = new HashMap<>();
        int[] counts = new int[3]; // unknown, bad, repeated
        List<int[]> coldPairs = new ArrayList<>();
        List<Double> coldValues = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(test, StandardCharsets.UTF_8)) {
            RatingsCsv.scan(reader, test.getFileName().toString(), ratings.layout(test.getFileName().toString()), true,
                    (line, user, item, rating, time) -> {
                        double v = RatingsCsv.parseRating(rating);
                        if (!Double.isFinite(v)) {
                            if (counts[1]++ < InputReport.SHOWN) bad.add(Integer.toString(line));
                            return;
                        }
                        Integer before = firstLine.putIfAbsent(List.of(user, item), line);
                        if (before != null) {
                            if (counts[2]++ < InputReport.SHOWN) repeated.add(before + " and " + line);
                            return;
                        }
                        int u = users.getOrDefault(user, -1), i = items.getOrDefault(item, -1);
                        if (u < 0 || i < 0) {
                            if (counts[0]++ < InputReport.SHOWN) unknown.add("line " + line + ": " + (u < 0 ? "user '"
                                    + user + "'" : "") + (u < 0 && i < 0 ? " and " : "") + (i < 0 ? "item '" + item
                                    + "'" : ""));
                            coldPairs.add(new int[] {u, i});
                            coldValues.add(v);
                            return;
                        }
                        pairs.add(new int[] {u, i});
                        values.add(v);
                        lines.add(line);
                    });
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.notUtf8(test);
        }
        if (counts[1] > 0) throw new BadInputException("--test " + test + ": " + counts[1] + " rating"
                + (counts[1] == 1 ? " is" : "s are") + " not a finite number at line" + (counts[1] == 1 ? " " : "s ")
                + String.join(", ", bad) + (counts[1] > bad.size() ? ", …" : ""));
        if (counts[2] > 0) throw new BadInputException("--test " + test + ": " + counts[2] + " (user, item) pair"
                + (counts[2] == 1 ? " appears" : "s appear") + " twice in it (lines " + String.join("; ", repeated)
                + (counts[2] > repeated.size() ? "; …" : "") + "): give each test rating once");
        Evaluation.Unseen unseen = null;
        if (counts[0] > 0) {
            Combined c = new Combined(null, null, null, counts[0], unknown);
            if (policy == Unknown.ERROR) throw new BadInputException("--test " + test + ": " + c.describeUnseen(policy));
            int[] r = new int[coldPairs.size()], col = new int[coldPairs.size()];
            double[] v = new double[coldPairs.size()];
            for (int p = 0; p < r.length; p++) {
                r[p] = coldPairs.get(p)[0];
                col[p] = coldPairs.get(p)[1];
                v[p] = coldValues.get(p);
            }
            unseen = new Evaluation.Unseen(r, col, v);
        }
        if (pairs.isEmpty()) {
            throw new BadInputException("--test " + test + ": no ratings" + (counts[0] > 0 ? " whose user and item"
                    + " are both in INPUT: " + new Combined(null, null, null, counts[0], unknown).countUnseen() : ""));
        }
        SparseRatings in = data.ratings();
        int n = in.size(), t = pairs.size();
        int[] r = Arrays.copyOf(in.entryRow(), n + t), c = Arrays.copyOf(in.entryColumn(), n + t);
        double[] v = Arrays.copyOf(in.values(), n + t);
        List<String> overlap = new ArrayList<>();
        int overlapCount = 0;
        for (int p = 0; p < t; p++) {
            r[n + p] = pairs.get(p)[0];
            c[n + p] = pairs.get(p)[1];
            v[n + p] = values.get(p);
            if (in.find(r[n + p], c[n + p]) >= 0 && overlapCount++ < InputReport.SHOWN) {
                overlap.add(Integer.toString(lines.get(p)));
            }
        }
        if (overlapCount > 0) {
            throw new BadInputException("--test " + test + ": " + overlapCount + " pair" + (overlapCount == 1 ? " is"
                    : "s are") + " also in INPUT (line" + (overlapCount == 1 ? " " : "s ") + String.join(", ", overlap)
                    + (overlapCount > InputReport.SHOWN ? ", …" : "") + "): a test rating must not be trained on");
        }
        SparseRatings all = SparseRatings.of(in.rows(), in.columns(), r, c, v);
        int[] held = new int[t];
        for (int p = 0; p < t; p++) held[p] = all.find(r[n + p], c[n + p]);
        Arrays.sort(held);
        return new Combined(all, held, unseen, counts[0], unknown);
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> m = new HashMap<>();
        for (int k = 0; k < ids.length; k++) m.put(ids[k], k);
        return m;
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
