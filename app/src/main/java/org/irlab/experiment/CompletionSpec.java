package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.irlab.completion.AlternatingLeastSquares;
import org.irlab.completion.Centering;
import org.irlab.completion.RankFreeDescent;
import org.irlab.data.Datasets;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.ImageData;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsLayout;

/**
 * One comparison of completion methods as data: the input (a file, or a data set kept in the data directory), its
 * format, the seeded split, the methods and their grids. Built from the options of {@code irlab complete}, or read
 * strictly from JSON (a run of a {@code "kind": "completion"} experiment of {@code irlab reproduce}), in which case
 * {@link #resolved()} holds every setting with its default made explicit.
 *
 * @param testFraction ratings: fraction of the entries held out for test (images: the hidden pixels are the test set)
 * @param missing      images: the fraction of pixels hidden at random (ignored when {@code mask} is given)
 * @param mask         images: a mask image (white = observed), or null
 * @param crop         images: the part of the picture to complete, or null for all of it
 * @param maxRank      SoftImpute's rank cap; 0 = by format (ratings 100, images half the smaller side)
 * @param searchRank   irlab's search rank r'; 0 = the model's default (images: half the smaller side)
 * @param layout       ratings: the separator, header and columns of the file (null for other formats)
 * @param members      irlab's number of averaged descents (fewer when the factor budget is exceeded); default 3,
 *                     images 1
 * @param clip         whether predictions are clipped to the training range (images: [0, 1])
 */
public record CompletionSpec(String name, Input input, Format format, long seed, double testFraction,
                             double validationFraction, double missing, Path mask, Crop crop, List<String> methods,
                             DuplicatePolicy duplicates, InvalidPolicy invalidRatings, RatingsLayout layout,
                             ImageData.Channels channels,
                             Centering centering, int maxRank, int searchRank, int members, int[] alsRanks,
                             double[] alsLambdas, boolean clip, ObjectNode resolved) {

    /** ALS λ grid for images (pixel values in [0, 1]: less shrinkage than for ratings). */
    public static final double[] IMAGE_ALS_LAMBDAS = {0.001, 0.003, 0.01, 0.03, 0.1};

    /** Where the matrix comes from. */
    public sealed interface Input {
        /** A file given by its path. */
        record OfFile(Path path) implements Input {
            @Override public String fileName() { return path.getFileName().toString(); }

            @Override public String describe() { return path.toString(); }
        }

        /** A data set of {@code irlab data fetch}, kept as {@code <data directory>/<file name>}. */
        record OfDataset(Datasets.Dataset dataset) implements Input {
            @Override public String fileName() { return dataset.fileName(); }

            @Override public String describe() { return "data set " + dataset.label(); }
        }

        /** The file name, which tells the format when none is given. */
        String fileName();

        /** A few words for messages. */
        String describe();
    }

    /** The input formats. */
    public enum Format {
        RATINGS, MTX, IMAGE;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        /** The format a file name's extension stands for, or null when it tells nothing. */
        public static Format guess(String fileName) {
            String name = fileName.toLowerCase(Locale.ROOT);
            if (name.endsWith(".mtx")) return MTX;
            if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".gif")
                    || name.endsWith(".bmp")) {
                return IMAGE;
            }
            if (name.endsWith(".csv") || RatingsLayout.recognises(name)) return RATINGS;
            return null;
        }
    }

    /** A rectangle of an image: top-left pixel (x, y), width × height. */
    public record Crop(int x, int y, int width, int height) {
        public Crop {
            if (x < 0 || y < 0 || width < 1 || height < 1) {
                throw new IllegalArgumentException("crop: x, y ≥ 0 and width, height ≥ 1");
            }
        }
    }

    public CompletionSpec {
        methods = List.copyOf(methods);
        alsRanks = alsRanks == null ? null : alsRanks.clone();
        alsLambdas = alsLambdas.clone();
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1)");
        }
        if (format != Format.IMAGE && !(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1)");
        }
        if (format == Format.IMAGE && mask == null && !(missing > 0 && missing < 1)) {
            throw new IllegalArgumentException("missing fraction must be in (0, 1)");
        }
        if (maxRank < 0 || searchRank < 0) throw new IllegalArgumentException("ranks must be ≥ 0 (0 = by default)");
        if (members < 1) throw new IllegalArgumentException("members must be ≥ 1");
    }

    /** The ALS rank grid: the one given, or {@link #defaultRanks()}. */
    @Override public int[] alsRanks() { return alsRanks == null ? defaultRanks() : alsRanks.clone(); }

    @Override public double[] alsLambdas() { return alsLambdas.clone(); }

    public boolean image() { return format == Format.IMAGE; }

    /**
     * The method options once the matrix size is known: on images SoftImpute's rank cap and irlab's search rank r'
     * default to {@link #imageRank} (half the smaller side).
     */
    public CompletionMethods.Options options(int rows, int columns) {
        if (alsRanks != null) checkAlsRanks(alsRanks, rows, columns, image(), "alsRanks (--als-ranks)");
        int cap = maxRank > 0 ? maxRank
                : image() ? imageRank(rows, columns) : CompletionMethods.Options.defaults().maxRank();
        int search = searchRank > 0 ? searchRank : image() ? imageRank(rows, columns) : 0;
        return new CompletionMethods.Options(centering, cap, alsRanks(), alsLambdas, search, members);
    }

    /**
     * The default rank of a picture's fit, rows × columns pixels: half the smaller side, at least 1 (SoftImpute's
     * cap, and irlab's r' since issue 15: camera.png and moon.png gave the same PSNR to 0.01 dB at r' = 256 as at
     * 500, in half the time per step).
     */
    public static int imageRank(int rows, int columns) {
        return Math.max(1, Math.min(rows, columns) / 2);
    }

    /** The ALS λ grid a format uses when none is given. */
    public static double[] defaultLambdas(Format format) {
        return format == Format.IMAGE ? IMAGE_ALS_LAMBDAS.clone() : AlternatingLeastSquares.Settings.defaults().lambdas();
    }

    /** The ALS rank grid used when none is given. */
    public static int[] defaultRanks() { return AlternatingLeastSquares.Settings.defaults().ranks(); }

    /**
     * Refuses ALS ranks the input cannot have: above min(rows, columns) (ALS would allocate and solve for factors no
     * rows × columns matrix needs: an out-of-memory error for a large rank, not an answer) or below 1.
     *
     * @param option the option or key named in the message
     * @throws org.irlab.data.BadInputException naming the option, the rank and the input's size
     */
    public static void checkAlsRanks(int[] ranks, int rows, int columns, boolean image, String option) {
        int most = Math.min(rows, columns);
        for (int r : ranks) {
            if (r < 1 || r > most) {
                throw new org.irlab.data.BadInputException(String.format(Locale.ROOT, "%s: rank %d is not in 1..%d:"
                        + " the input has %d %s and %d %s, so no rank above min(%s, %s) = %d", option, r, most, rows,
                        image ? "rows" : "users", columns, image ? "columns" : "items", image ? "rows" : "users",
                        image ? "columns" : "items", most));
            }
        }
    }

    /**
     * Reads a comparison spec. Keys: {@code name}, {@code input} ({@code {"dataset": "movielens-small"}} or
     * {@code {"file": "path"}}), {@code format}, {@code seed}, {@code validationFraction}, for ratings
     * {@code testFraction}, {@code duplicates}, {@code invalidRatings}, for images {@code missing} or {@code mask},
     * {@code channels}, {@code crop} ({@code {"x", "y", "width", "height"}}), then {@code methods}, {@code centering},
     * {@code maxRank}, {@code searchRank} (a number or "auto"), {@code members}, {@code alsRanks}, {@code alsLambdas},
     * {@code clip}.
     *
     * @throws SpecException naming the dotted key of the first problem
     */
    public static CompletionSpec parse(JsonNode root) {
        if (root == null || !root.isObject()) throw new SpecException("spec: expected a JSON object at the top level");
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        SpecNode s = new SpecNode("", root, resolved);
        String name = s.string("name", "complete");
        if (!s.has("input")) throw s.invalid("input", "required: {\"dataset\": NAME} or {\"file\": PATH}");
        Input input = readInput(s.child("input"));
        Format format;
        if (s.has("format")) {
            format = s.choice("format", Format.class, "ratings");
        } else {
            format = Format.guess(input.fileName());
            if (format == null) {
                throw s.invalid("format", "cannot tell the format of " + input.fileName() + "; give ratings, mtx or image");
            }
            resolved.put("format", format.label());
        }
        long seed = s.integer("seed", 1L);
        double validation = s.number("validationFraction", 0.1);
        if (!(validation > 0 && validation < 1)) throw s.invalid("validationFraction", "must be in (0, 1)");
        boolean image = format == Format.IMAGE;
        for (String key : image ? List.of("testFraction", "duplicates", "invalidRatings", "separator", "header", "columns")
                                : List.of("missing", "mask", "channels", "crop")) {
            if (s.has(key)) {
                throw s.invalid(key, image ? "applies to ratings, not images (the hidden pixels are the test set)"
                        : "applies to images, not " + format.label() + " input");
            }
        }
        double test = Double.NaN, missing = Double.NaN;
        Path mask = null;
        Crop crop = null;
        DuplicatePolicy duplicates = DuplicatePolicy.ERROR;
        InvalidPolicy invalid = InvalidPolicy.ERROR;
        RatingsLayout layout = null;
        ImageData.Channels channels = ImageData.Channels.AUTO;
        if (image) {
            if (s.has("mask") && s.has("missing")) throw s.invalid("mask", "give mask or missing, not both");
            if (s.has("mask")) {
                mask = Path.of(s.string("mask"));
            } else {
                missing = s.number("missing", 0.5);
                if (!(missing > 0 && missing < 1)) throw s.invalid("missing", "must be in (0, 1)");
            }
            channels = s.choice("channels", ImageData.Channels.class, "auto");
            if (s.has("crop")) crop = readCrop(s.child("crop"));
        } else {
            test = s.number("testFraction", 0.2);
            if (!(test > 0 && test < 1)) throw s.invalid("testFraction", "must be in (0, 1)");
            duplicates = s.choice("duplicates", DuplicatePolicy.class, "error");
            invalid = s.choice("invalidRatings", InvalidPolicy.class, "error");
            if (format == Format.RATINGS) layout = readLayout(s, input.fileName());
            else for (String key : List.of("separator", "header", "columns")) {
                if (s.has(key)) throw s.invalid(key, "applies to ratings tables, not " + format.label() + " input");
            }
        }
        List<String> methods = readMethods(s, resolved);
        Centering centering = s.choice("centering", Centering.class, "biases");
        int maxRank = autoOrPositive(s, "maxRank", resolved,
                image ? 0 : CompletionMethods.Options.defaults().maxRank());
        int searchRank = autoOrPositive(s, "searchRank", resolved, 0);
        // images: one descent (~400 steps forget the start, so averaging gained 0.02 dB on camera.png for 2× time)
        int members = s.integer("members", image ? 1 : RankFreeDescent.DEFAULT_MEMBERS, 1, 100);
        int[] ranks = null; // the default grid, which fits any size (ranks above a side are skipped)
        if (s.has("alsRanks")) {
            double[] r = s.numbers("alsRanks");
            if (r.length == 0) throw s.invalid("alsRanks", "must not be empty");
            ranks = new int[r.length];
            for (int i = 0; i < r.length; i++) {
                if (r[i] != Math.rint(r[i]) || r[i] < 1 || r[i] > 100_000) {
                    throw s.invalid("alsRanks", "expected positive integers, got " + r[i]);
                }
                ranks[i] = (int) r[i];
            }
        } else {
            s.raw("alsRanks");
        }
        ArrayNode ranksNode = resolved.putArray("alsRanks");
        for (int r : ranks != null ? ranks : defaultRanks()) ranksNode.add(r);
        double[] lambdas;
        if (s.has("alsLambdas")) {
            lambdas = s.numbers("alsLambdas");
            if (lambdas.length == 0) throw s.invalid("alsLambdas", "must not be empty");
            for (double l : lambdas) if (!(l > 0)) throw s.invalid("alsLambdas", "expected positive values, got " + l);
        } else {
            lambdas = defaultLambdas(format);
            ArrayNode a = resolved.putArray("alsLambdas");
            for (double l : lambdas) a.add(l);
            s.raw("alsLambdas");
        }
        boolean clip = s.bool("clip", true);
        s.finish();
        return new CompletionSpec(name, input, format, seed, test, validation, missing, mask, crop, methods, duplicates,
                invalid, layout, channels, centering, maxRank, searchRank, members, ranks, lambdas, clip, resolved);
    }

    /**
     * The layout of a ratings file: the one its name suggests, changed by {@code separator} (text; "tab" for a tab),
     * {@code header} (true, false; absent: detected) and {@code columns} ("user,item,rating,time", "-" skips a field).
     * Absent keys are not added to the resolved spec, so specs written before these keys existed resolve as before.
     */
    private static RatingsLayout readLayout(SpecNode s, String fileName) {
        RatingsLayout layout = RatingsLayout.guess(fileName);
        try {
            if (s.has("separator")) layout = layout.withSeparator(RatingsLayout.separator(s.string("separator")));
            if (s.has("header")) {
                layout = layout.withHeader(s.bool("header", true) ? RatingsLayout.Header.PRESENT
                        : RatingsLayout.Header.ABSENT);
            }
            if (s.has("columns")) layout = layout.withColumns(RatingsLayout.columns(s.string("columns")));
        } catch (org.irlab.data.BadInputException e) {
            throw new SpecException(e.getMessage().replace("--sep", s.keyPath("separator"))
                    .replace("--columns", s.keyPath("columns")));
        }
        return layout;
    }

    private static Input readInput(SpecNode in) {
        if (in.has("dataset") == in.has("file")) {
            throw in.invalid("dataset", "give either dataset (" + datasetLabels() + ") or file");
        }
        Input input;
        if (in.has("dataset")) {
            String label = in.string("dataset");
            try {
                input = new Input.OfDataset(Datasets.Dataset.of(label));
            } catch (IllegalArgumentException e) {
                throw in.invalid("dataset", "unknown data set '" + label + "' (known: " + datasetLabels() + ")");
            }
        } else {
            input = new Input.OfFile(Path.of(in.string("file")));
        }
        in.finish();
        return input;
    }

    private static String datasetLabels() {
        List<String> out = new ArrayList<>();
        for (Datasets.Dataset d : Datasets.Dataset.values()) out.add(d.label());
        return String.join(", ", out);
    }

    private static Crop readCrop(SpecNode c) {
        int x = c.integer("x", 0, Integer.MAX_VALUE), y = c.integer("y", 0, Integer.MAX_VALUE);
        int w = c.integer("width", 1, Integer.MAX_VALUE), h = c.integer("height", 1, Integer.MAX_VALUE);
        c.finish();
        return new Crop(x, y, w, h);
    }

    private static List<String> readMethods(SpecNode s, ObjectNode resolved) {
        List<String> known = CompletionMethods.names();
        if (!s.has("methods")) {
            ArrayNode a = resolved.putArray("methods");
            for (String m : known) a.add(m);
            s.raw("methods");
            return known;
        }
        JsonNode v = s.raw("methods");
        if (!v.isArray() || v.isEmpty()) throw s.invalid("methods", "expected a non-empty array of method names");
        List<String> out = new ArrayList<>();
        for (JsonNode m : v) {
            if (!m.isTextual() || !known.contains(m.asText())) {
                throw s.invalid("methods", "unknown method '" + m.asText() + "' (known: " + String.join(", ", known) + ")");
            }
            if (out.contains(m.asText())) throw s.invalid("methods", "method '" + m.asText() + "' twice");
            out.add(m.asText());
        }
        return out;
    }

    /** A positive integer, or "auto" (0); the fallback 0 is recorded as "auto". */
    private static int autoOrPositive(SpecNode s, String key, ObjectNode resolved, int fallback) {
        if (s.isAuto(key)) return 0;
        if (!s.has(key)) {
            s.raw(key);
            if (fallback == 0) resolved.put(key, "auto");
            else resolved.put(key, (long) fallback);
            return fallback;
        }
        return s.integer(key, 1, Integer.MAX_VALUE);
    }
}
