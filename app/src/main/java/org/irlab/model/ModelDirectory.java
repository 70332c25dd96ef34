package org.irlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.irlab.data.BadInputException;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunDirectory;

/**
 * A model directory: {@code model.json} (how the model was made and how to use it, with the shape, dtype and
 * SHA-256 of every array) and NumPy {@code .npy} arrays that NumPy loads without IRLab ({@code allow_pickle} not
 * needed): {@code user_factors} (users × rank), {@code item_factors} (items × rank), {@code user_bias},
 * {@code item_bias}, {@code user_ids} and {@code item_ids} (unicode strings), {@code seen_indptr} and
 * {@code seen_items} (the fitted entries as CSR: user u saw seen_items[seen_indptr[u]:seen_indptr[u+1]]); images add
 * a leading channel axis to the factors and biases and {@code observed} (channels × height × width, NaN where
 * hidden). The prediction is clip(mean + user_bias[u] + item_bias[i] + user_factors[u] · item_factors[i]).
 * model.json is written last and removed first, so a directory with a model.json holds a whole model.
 */
public final class ModelDirectory {
    /** The value of model.json's {@code format}. */
    public static final String FORMAT = "irlab-completion-model";
    public static final int VERSION = 1;

    /** The files of a model directory, the completion marker model.json first. */
    public static final List<String> FILES = List.of("model.json", "user_factors.npy", "item_factors.npy",
            "user_bias.npy", "item_bias.npy", "user_ids.npy", "item_ids.npy", "seen_indptr.npy", "seen_items.npy",
            "observed.npy");

    private ModelDirectory() {}

    /**
     * Refuses to replace a model fitted on another input: when {@code dir} holds a model.json whose input SHA-256
     * differs from {@code sha256} (and {@code force} is off), throws naming both inputs.
     */
    public static void checkReplaceable(Path dir, String sha256, boolean force) {
        Path json = dir.resolve("model.json");
        if (force || !Files.isRegularFile(json)) return;
        JsonNode old;
        try {
            old = Json.MAPPER.readTree(Files.readString(json));
        } catch (IOException | RuntimeException e) {
            return; // not a model we can read: RunDirectory clears it like any other result
        }
        JsonNode input = old.path("input");
        String oldSha = input.path("sha256").asText("");
        if (!oldSha.isEmpty() && !oldSha.equals(sha256)) {
            throw new BadInputException(dir + " holds a model of another input (" + input.path("file").asText("?")
                    + ", sha256 " + abbreviate(oldSha) + "; this input's is " + abbreviate(sha256)
                    + "): choose another --model directory, or give --force to replace it");
        }
    }

    /** Writes the model into the (locked, checked) directory: earlier results go first, model.json comes last. */
    public static void write(Model model, RunDirectory dir) { write(ModelContents.of(model), dir); }

    /**
     * Writes a model whose factor rows and seen entries may live elsewhere: each array's header first (its shape is
     * known), then its values block by block in row order through the SHA-256 digest, each file atomically; earlier
     * results go first, model.json comes last. Holds no copy of a factor or of the seen entries.
     */
    public static void write(ModelContents model, RunDirectory dir) {
        dir.clear();
        Path path = dir.path();
        boolean image = model.kind() == Model.Kind.IMAGE;
        int channels = model.planes().size(), users = model.users(), items = model.items(), rank = model.rank();
        ObjectNode arrays = JsonNodeFactory.instance.objectNode();
        double[] userBias = new double[channels * users], itemBias = new double[channels * items];
        for (int c = 0; c < channels; c++) {
            ModelContents.Plane f = model.planes().get(c);
            System.arraycopy(f.rowBias(), 0, userBias, c * users, users);
            System.arraycopy(f.columnBias(), 0, itemBias, c * items, items);
        }
        stream(path, arrays, "user_factors.npy", NdArray.Type.FLOAT64, shape(image, channels, users, rank), out -> {
            for (ModelContents.Plane f : model.planes()) rows(out, f.left());
        });
        stream(path, arrays, "item_factors.npy", NdArray.Type.FLOAT64, shape(image, channels, items, rank), out -> {
            for (ModelContents.Plane f : model.planes()) rows(out, f.right());
        });
        array(path, arrays, "user_bias.npy", NdArray.of(userBias, shape(image, channels, users)));
        array(path, arrays, "item_bias.npy", NdArray.of(itemBias, shape(image, channels, items)));
        strings(path, arrays, "user_ids.npy", model.userIds());
        strings(path, arrays, "item_ids.npy", model.itemIds());
        int[] start = model.seen().start();
        if (start.length != users + 1 || start[0] != 0) {
            throw new IllegalArgumentException("seen entries do not match the " + users + " users");
        }
        stream(path, arrays, "seen_indptr.npy", NdArray.Type.INT64, new int[] {users + 1},
                out -> Npy.writeInts(out, NdArray.Type.INT64, start, 0, start.length));
        long[] written = {0};
        stream(path, arrays, "seen_items.npy", NdArray.Type.INT32, new int[] {start[users]}, out -> {
            model.seen().forEach((values, from, to) -> {
                Npy.writeInts(out, NdArray.Type.INT32, values, from, to);
                written[0] += to - from;
            });
            if (written[0] != start[users]) {
                throw new IllegalStateException(written[0] + " seen items streamed, the starts count " + start[users]);
            }
        });
        if (image) array(path, arrays, "observed.npy", NdArray.of(model.observed(), channels, users, items));
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("kind", model.kind().label());
        json.put("method", model.method());
        json.put("prediction", "clip(mean + user_bias[u] + item_bias[i] + user_factors[u] @ item_factors[i],"
                + " clip[0], clip[1])" + (image ? ", per channel c (the arrays' first axis)" : ""));
        json.put("users", users);
        json.put("items", items);
        json.put("rank", rank);
        if (image) {
            json.put("channels", channels);
            ArrayNode means = json.putArray("mean");
            for (ModelContents.Plane f : model.planes()) means.add(f.mean());
        } else {
            json.put("mean", model.planes().get(0).mean());
        }
        if (Double.isFinite(model.low()) || Double.isFinite(model.high())) {
            json.putArray("clip").add(model.low()).add(model.high());
        } else {
            json.putNull("clip");
        }
        json.setAll(model.info());
        json.set("arrays", arrays);
        AtomicFiles.write(path.resolve("model.json"), Json.write(json));
    }

    /** The rows of a factor, block by block in row order, as raw float64. */
    private static void rows(OutputStream out, org.irlab.completion.FactorRows rows) throws IOException {
        int rank = rows.rank();
        long[] next = {0};
        rows.forEach((first, count, values) -> {
            if (first != next[0]) throw new IllegalStateException("factor rows out of order at row " + first);
            Npy.writeValues(out, NdArray.Type.FLOAT64, values, 0, count * rank);
            next[0] += count;
        });
        if (next[0] != rows.rows()) throw new IllegalStateException(next[0] + " factor rows of " + rows.rows());
    }

    /** An array written as its header, then the values {@code body} streams. */
    private static void stream(Path dir, ObjectNode arrays, String name, NdArray.Type type, int[] shape,
                               AtomicFiles.Content body) {
        String sha = write(dir.resolve(name), out -> {
            out.write(Npy.header(type, shape));
            body.writeTo(out);
        });
        ObjectNode o = arrays.putObject(name);
        ArrayNode s = o.putArray("shape");
        for (int d : shape) s.add(d);
        o.put("dtype", type.descr());
        o.put("sha256", sha);
    }

    private static int[] shape(boolean image, int channels, int... rest) {
        if (!image) return rest;
        int[] s = new int[rest.length + 1];
        s[0] = channels;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    /** A float64 array held here (the biases, an image's observed pixels). */
    private static void array(Path dir, ObjectNode arrays, String name, NdArray a) {
        stream(dir, arrays, name, NdArray.Type.FLOAT64, a.shape(),
                out -> Npy.writeValues(out, NdArray.Type.FLOAT64, a.values(), 0, a.size()));
    }

    private static void strings(Path dir, ObjectNode arrays, String name, String[] values) {
        String sha = write(dir.resolve(name), out -> Npy.writeStrings(out, values));
        ObjectNode o = arrays.putObject(name);
        o.putArray("shape").add(values.length);
        o.put("dtype", "<U");
        o.put("sha256", sha);
    }

    /** Writes a file atomically and returns the SHA-256 of its bytes. */
    private static String write(Path file, AtomicFiles.Content content) {
        MessageDigest digest = sha256();
        AtomicFiles.write(file, out -> {
            DigestOutputStream d = new DigestOutputStream(out, digest);
            content.writeTo(d);
            d.flush();
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Reads and checks a model directory: model.json's format and version, every array's presence, SHA-256, dtype
     * and shape against model.json and against each other; finite factors, biases and means, a clip range with
     * low ≤ high, unique ids, and each user's seen items strictly ascending (model.json itself carries no hash, so
     * a hand-edited number that passes these checks is used as it is).
     *
     * @throws BadInputException naming the directory and the file or key at fault
     */
    public static Model read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--model " + dir + ": " + (Files.exists(dir) ? "not a directory"
                    : "no such directory") + " (irlab complete fit INPUT --model DIR makes one)");
        }
        Path jsonFile = dir.resolve("model.json");
        if (!Files.isRegularFile(jsonFile)) {
            throw new BadInputException("--model " + dir + ": no model.json, so not a whole model (irlab complete fit"
                    + " INPUT --model DIR makes one; a fit that stopped early leaves none)");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readString(jsonFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(jsonFile + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(jsonFile + ": cannot read (" + firstLine(e.getMessage()) + ")");
        }
        if (json == null || !json.isObject() || !FORMAT.equals(json.path("format").asText())) {
            throw new BadInputException(jsonFile + ": format is not " + FORMAT);
        }
        if (json.path("version").asInt(-1) != VERSION) {
            throw new BadInputException(jsonFile + ": version " + json.path("version") + " is not supported (this"
                    + " IRLab reads version " + VERSION + ")");
        }
        Model.Kind kind;
        try {
            kind = Model.Kind.valueOf(json.path("kind").asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(jsonFile + ": kind '" + json.path("kind").asText() + "' is not ratings or image");
        }
        boolean image = kind == Model.Kind.IMAGE;
        int users = positive(json, "users", jsonFile, 1), items = positive(json, "items", jsonFile, 1);
        int rank = positive(json, "rank", jsonFile, 0);
        int channels = image ? positive(json, "channels", jsonFile, 1) : 1;
        JsonNode arrays = json.path("arrays");
        double[] userFactors = numbers(dir, arrays, "user_factors.npy", shape(image, channels, users, rank));
        double[] itemFactors = numbers(dir, arrays, "item_factors.npy", shape(image, channels, items, rank));
        double[] userBias = numbers(dir, arrays, "user_bias.npy", shape(image, channels, users));
        double[] itemBias = numbers(dir, arrays, "item_bias.npy", shape(image, channels, items));
        String[] userIds = strings(dir, arrays, "user_ids.npy", users);
        String[] itemIds = strings(dir, arrays, "item_ids.npy", items);
        int[] indptr = indices(dir, arrays, "seen_indptr.npy", users + 1, Integer.MAX_VALUE);
        int[] seen = indices(dir, arrays, "seen_items.npy", -1, items);
        if (indptr[0] != 0 || indptr[users] != seen.length) {
            throw new BadInputException(dir.resolve("seen_indptr.npy") + ": does not span seen_items.npy (first "
                    + indptr[0] + ", last " + indptr[users] + ", expected 0 and " + seen.length + ")");
        }
        for (int u = 0; u < users; u++) {
            if (indptr[u + 1] < indptr[u]) {
                throw new BadInputException(dir.resolve("seen_indptr.npy") + ": decreases at user " + u);
            }
            for (int p = indptr[u] + 1; p < indptr[u + 1]; p++) {
                if (seen[p] <= seen[p - 1]) {
                    throw new BadInputException(dir.resolve("seen_items.npy") + ": the items of user " + u + " (entries "
                            + indptr[u] + "…" + (indptr[u + 1] - 1) + ") are not strictly ascending at entry " + p);
                }
            }
        }
        double[] observed = image ? numbers(dir, arrays, "observed.npy", new int[] {channels, users, items}) : null;
        double[] means = new double[channels];
        for (int c = 0; c < channels; c++) {
            JsonNode m = image ? json.path("mean").path(c) : json.path("mean");
            String key = image ? "mean[" + c + "]" : "mean";
            if (!m.isNumber()) throw new BadInputException(jsonFile + ": " + key + " is missing or not a number");
            means[c] = m.asDouble();
            if (!Double.isFinite(means[c])) {
                throw new BadInputException(jsonFile + ": " + key + " is " + means[c] + ", not a finite number");
            }
        }
        if (image && json.path("mean").size() != channels) {
            throw new BadInputException(jsonFile + ": mean has " + json.path("mean").size() + " values, channels is "
                    + channels);
        }
        List<Factors> planes = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            planes.add(new Factors(means[c], slice(userBias, c, users), slice(itemBias, c, items), rank,
                    slice(userFactors, c, users * rank), slice(itemFactors, c, items * rank)));
        }
        double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
        JsonNode clip = json.path("clip");
        if (clip.isArray() && clip.size() == 2 && clip.get(0).isNumber() && clip.get(1).isNumber()) {
            low = clip.get(0).asDouble();
            high = clip.get(1).asDouble();
            if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
                throw new BadInputException(jsonFile + ": clip [" + low + ", " + high + "] is not a range [low, high]"
                        + " of finite numbers with low ≤ high");
            }
        } else if (!clip.isNull() && !clip.isMissingNode()) {
            throw new BadInputException(jsonFile + ": clip must be [low, high] or null");
        }
        ObjectNode info = ((ObjectNode) json).deepCopy();
        return new Model(kind, json.path("method").asText("?"), planes, userIds, itemIds, indptr, seen, observed, low,
                high, info);
    }

    private static double[] slice(double[] all, int c, int length) {
        return java.util.Arrays.copyOfRange(all, c * length, (c + 1) * length);
    }

    private static int positive(JsonNode json, String key, Path file, int min) {
        JsonNode v = json.path(key);
        if (!v.canConvertToInt() || v.asInt() < min) {
            throw new BadInputException(file + ": " + key + " must be an integer ≥ " + min + ", found " + v);
        }
        return v.asInt();
    }

    /** Opens an array, checking that model.json lists it and that its bytes hash to the recorded SHA-256. */
    private interface Reader<T> {
        T read(InputStream in, String source) throws IOException;
    }

    private static <T> T open(Path dir, JsonNode arrays, String name, Reader<T> reader) {
        Path file = dir.resolve(name);
        JsonNode entry = arrays.path(name);
        String expected = entry.path("sha256").asText("");
        if (expected.isEmpty()) throw new BadInputException(dir.resolve("model.json") + ": arrays." + name
                + " is missing (a model.json of another version or edited by hand?)");
        MessageDigest digest = sha256();
        T value;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                digest)) {
            value = reader.read(in, file.toString());
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": missing from the model directory");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new BadInputException(file + ": its SHA-256 is " + abbreviate(actual) + ", model.json records "
                    + abbreviate(expected) + ": the file was changed or comes from another model (fit again)");
        }
        return value;
    }

    private static double[] numbers(Path dir, JsonNode arrays, String name, int[] shape) {
        NdArray a = open(dir, arrays, name, Npy::read);
        if (!java.util.Arrays.equals(a.shape(), shape)) {
            throw new BadInputException(dir.resolve(name) + ": shape " + a.shapeText() + ", model.json says "
                    + java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')'));
        }
        if (a.type() != NdArray.Type.FLOAT64) throw a.invalid("expected float64");
        double[] values = a.values();
        if (!name.equals("observed.npy")) { // observed pixels are NaN where hidden; the fitted numbers never are
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new BadInputException(dir.resolve(name) + ": value " + k + " (C order) is " + values[k]
                            + "; a fitted model holds finite numbers only (fit again)");
                }
            }
        }
        return values;
    }

    private static int[] indices(Path dir, JsonNode arrays, String name, int length, int bound) {
        NdArray a = open(dir, arrays, name, Npy::read);
        if (a.dimensions() != 1 || length >= 0 && a.shape(0) != length) {
            throw a.invalid("shape " + a.shapeText() + ", expected (" + (length >= 0 ? length : "any") + ",)");
        }
        return a.indices(bound, name);
    }

    private static String[] strings(Path dir, JsonNode arrays, String name, int length) {
        String[] s = open(dir, arrays, name, Npy::readStrings);
        if (s.length != length) {
            throw new BadInputException(dir.resolve(name) + ": " + s.length + " ids, model.json says " + length);
        }
        java.util.Map<String, Integer> first = new java.util.HashMap<>(2 * s.length);
        for (int k = 0; k < s.length; k++) {
            Integer before = first.putIfAbsent(s[k], k);
            if (before != null) {
                throw new BadInputException(dir.resolve(name) + ": id '" + s[k] + "' appears twice (at " + before
                        + " and " + k + "); ids must be unique");
            }
        }
        return s;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String sha) { return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha; }

    private static String firstLine(String s) {
        if (s == null) return "";
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }

}
