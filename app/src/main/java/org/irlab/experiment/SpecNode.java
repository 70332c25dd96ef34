package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A strict reader over one JSON object of a spec: every read names its key, records the value (or default) in the
 * resolved spec, and {@link #finish()} rejects keys nobody read, suggesting the known key a typo stands for. Errors
 * are {@link SpecException}s naming the dotted path of the key. A reader made by {@link #collecting} gathers the
 * problems of every {@link #section} (unknown keys, then missing keys, then the rest) and {@link #check()} reports
 * them all at once.
 */
public final class SpecNode {
    private final String path;
    private final JsonNode node;
    private final ObjectNode resolved;
    private final Set<String> read = new HashSet<>();
    /** Shared by a collecting reader and its children; null for a reader that throws at the first problem. */
    private final Collected collected;
    private final List<String> missing = new ArrayList<>(), unknown = new ArrayList<>();
    private boolean finished;

    public SpecNode(String path, JsonNode node, ObjectNode resolved) {
        this(path, node, resolved, null);
    }

    private SpecNode(String path, JsonNode node, ObjectNode resolved, Collected collected) {
        this.path = path;
        if (node == null || node.isNull()) node = JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw new SpecException(label() + ": expected an object, got " + node.getNodeType());
        this.node = node;
        this.resolved = resolved;
        this.collected = collected;
        if (collected != null) collected.nodes.add(this);
    }

    /**
     * A root reader that collects problems instead of throwing at the first: a missing required key is noted (the read
     * returns a placeholder), unknown keys are noted by {@link #finish()}, a failing {@link #section} is noted and
     * skipped. {@link #check()} must end the reading.
     */
    public static SpecNode collecting(JsonNode node, ObjectNode resolved) {
        return new SpecNode("", node, resolved, new Collected());
    }

    /** What a collecting reader found, in the order it is reported. */
    private static final class Collected {
        final List<SpecNode> nodes = new ArrayList<>();
        final List<String> missing = new ArrayList<>(), other = new ArrayList<>();
    }

    /**
     * Reads the object under {@code key} with {@code reader}; in a collecting reader a problem is noted and null is
     * returned (an error that follows a missing key of the same section is taken as its consequence and dropped).
     */
    public <T> T section(String key, java.util.function.Function<SpecNode, T> reader) {
        if (collected == null) return reader.apply(child(key));
        int missingBefore = collected.missing.size();
        try {
            return reader.apply(child(key));
        } catch (RuntimeException e) {
            if (collected.missing.size() > missingBefore) return null; // read with a placeholder: a consequence
            if (!(e instanceof SpecException)) throw e;
            collected.other.add(e.getMessage());
            return null;
        }
    }

    /** Notes (or, for a reader that throws at the first problem, throws) a problem found outside any section. */
    public void problem(SpecException e) {
        if (collected == null) throw e;
        collected.other.add(e.getMessage());
    }

    /** Notes (or throws) that a required key is absent. */
    public void require(String key) {
        if (!has(key)) missing(key, "required");
    }

    private void missing(String key, String what) {
        read.add(key);
        if (collected == null) throw new SpecException(key(key) + ": " + what);
        missing.add(key);
        collected.missing.add(key(key) + ": " + what);
    }

    /**
     * Ends a collecting reader: throws one {@link SpecException} listing every problem found (unknown keys with the
     * key they may stand for, then missing keys, then the rest). A section cut short still has its unread keys that
     * resemble one of its missing keys reported.
     */
    public void check() {
        if (collected == null) return;
        List<String> all = new ArrayList<>();
        for (SpecNode n : collected.nodes) {
            if (!n.finished) {
                for (Iterator<String> it = n.node.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    String near = n.read.contains(k) ? null : closest(k, n.missing);
                    if (near != null) n.unknown.add(n.key(k) + ": unknown key (did you mean " + near + "?)");
                }
                n.finished = true;
            }
            all.addAll(n.unknown);
            n.unknown.clear();
        }
        all.addAll(collected.missing);
        all.addAll(collected.other);
        collected.missing.clear();
        collected.other.clear();
        if (all.size() == 1) throw new SpecException(all.get(0));
        if (!all.isEmpty()) {
            throw new SpecException(all.size() + " problems in the spec:\n  " + String.join("\n  ", all));
        }
    }

    /** The dotted path of this object ("" for the root). */
    public String path() { return path; }

    public boolean has(String key) { return node.has(key) && !node.get(key).isNull(); }

    /** The keys present in this object, in spec order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The dotted path of one of this object's keys, as error messages name it. */
    public String keyPath(String key) { return key(key); }

    private String key(String key) { return path.isEmpty() ? key : path + "." + key; }

    private String label() { return path.isEmpty() ? "spec" : path; }

    private JsonNode get(String key) {
        read.add(key);
        return node.get(key);
    }

    public String string(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            missing(key, "required");
            return "";
        }
        if (!v.isTextual()) throw new SpecException(key(key) + ": expected a string, got " + v);
        resolved.put(key, v.asText());
        return v.asText();
    }

    public String string(String key, String fallback) {
        return has(key) ? string(key) : record(key, fallback);
    }

    private String record(String key, String value) {
        read.add(key);
        resolved.put(key, value);
        return value;
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, String fallback) {
        String v = string(key, fallback);
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = specName(e);
            if (name.equals(v)) return e;
            if (allowed.length() > 0) allowed.append(", ");
            allowed.append(name);
        }
        throw new SpecException(key(key) + ": unknown value '" + v + "' (expected one of " + allowed + ")");
    }

    /** The spec spelling of an enum constant: lower case with dashes. */
    public static String specName(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * True when the key holds the string "auto" (recorded as such); false when it is absent or a number. Any other
     * string is an error naming the key.
     */
    public boolean isAuto(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) return false;
        read.add(key);
        if (!v.asText().equals("auto")) {
            throw new SpecException(key(key) + ": expected a number or \"auto\", got \"" + v.asText() + "\"");
        }
        resolved.put(key, "auto");
        return true;
    }

    public double number(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            missing(key, "required");
            return 1;
        }
        if (!v.isNumber()) throw new SpecException(key(key) + ": expected a number, got " + v);
        double d = v.asDouble();
        if (!Double.isFinite(d)) throw new SpecException(key(key) + ": must be finite");
        resolved.put(key, d);
        return d;
    }

    public double number(String key, double fallback) {
        if (has(key)) return number(key);
        read.add(key);
        resolved.put(key, fallback);
        return fallback;
    }

    public double positive(String key) {
        double d = number(key);
        if (!(d > 0)) throw new SpecException(key(key) + ": must be > 0, got " + d);
        return d;
    }

    public double positive(String key, double fallback) {
        double d = number(key, fallback);
        if (!(d > 0)) throw new SpecException(key(key) + ": must be > 0, got " + d);
        return d;
    }

    public double nonNegative(String key, double fallback) {
        double d = number(key, fallback);
        if (!(d >= 0)) throw new SpecException(key(key) + ": must be >= 0, got " + d);
        return d;
    }

    public long integer(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            missing(key, "required");
            return 1;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble())
                && Math.abs(v.asDouble()) < 9.0e15)) {
            throw new SpecException(key(key) + ": expected an integer, got " + v);
        }
        if (v.isIntegralNumber() && !v.canConvertToLong()) {
            throw new SpecException(key(key) + ": " + v + " is out of range (at most " + Long.MAX_VALUE + ")");
        }
        long l = v.isIntegralNumber() ? v.asLong() : (long) v.asDouble();
        resolved.put(key, l);
        return l;
    }

    public long integer(String key, long fallback) {
        if (has(key)) return integer(key);
        read.add(key);
        resolved.put(key, fallback);
        return fallback;
    }

    /** An int in [min, max]. */
    public int integer(String key, int min, int max) {
        long l = integer(key);
        return checkRange(key, l, min, max);
    }

    /** An int in [min, max], with a default. */
    public int integer(String key, int fallback, int min, int max) {
        long l = integer(key, fallback);
        return checkRange(key, l, min, max);
    }

    private int checkRange(String key, long l, int min, int max) {
        if (missing.contains(key)) return min;
        if (l < min || l > max) throw new SpecException(key(key) + ": must be in [" + min + ", " + max + "], got " + l);
        return (int) l;
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) { resolved.put(key, fallback); return fallback; }
        if (!v.isBoolean()) throw new SpecException(key(key) + ": expected true or false, got " + v);
        resolved.put(key, v.asBoolean());
        return v.asBoolean();
    }

    public double[] numbers(String key) {
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            missing(key, "required");
            return new double[0];
        }
        if (!v.isArray()) throw new SpecException(key(key) + ": expected an array of numbers, got " + v);
        double[] out = new double[v.size()];
        ArrayNode arr = resolved.putArray(key);
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                throw new SpecException(key(key) + "[" + i + "]: expected a finite number, got " + e);
            }
            out[i] = e.asDouble();
            arr.add(out[i]);
        }
        return out;
    }

    /** A nested object (an empty one when absent). */
    public SpecNode child(String key) {
        JsonNode v = get(key);
        if (v != null && !v.isNull() && !v.isObject()) {
            throw new SpecException(key(key) + ": expected an object, got " + v.getNodeType());
        }
        return new SpecNode(key(key), v, resolved.putObject(key), collected);
    }

    /** Records in the resolved spec a value other than the one read (e.g. where a run keeps its copy of a file). */
    public void resolveAs(String key, String value) {
        read.add(key);
        resolved.put(key, value);
    }

    /** As {@link #resolveAs(String, String)} for any JSON value (e.g. an object of paths made absolute). */
    public void resolveAs(String key, JsonNode value) {
        read.add(key);
        resolved.set(key, value.deepCopy());
    }

    /** Keeps a value verbatim (used for values read elsewhere, e.g. free-form notes). */
    public JsonNode raw(String key) {
        JsonNode v = get(key);
        if (v != null) resolved.set(key, v.deepCopy());
        return v;
    }

    /** Like {@link #raw(String)}, but an absent key reads (and is recorded as) {@code fallback}. */
    public JsonNode raw(String key, JsonNode fallback) {
        if (has(key)) return raw(key);
        read.add(key);
        resolved.set(key, fallback.deepCopy());
        return fallback;
    }

    /** Rejects (or, collecting, notes) every key that was not read, naming it and the known key it may stand for. */
    public void finish() {
        finished = true;
        List<String> found = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (read.contains(k)) continue;
            String near = closest(k, read);
            found.add(key(k) + ": unknown key" + (near != null ? " (did you mean " + near + "?)"
                    : " (known here: " + String.join(", ", new java.util.TreeSet<>(read)) + ")"));
        }
        if (found.isEmpty()) return;
        if (collected == null) throw new SpecException(String.join("; ", found));
        unknown.addAll(found);
    }

    /**
     * The candidate a mistyped key most likely stands for: equal ignoring case, or within an edit distance of 1 (keys
     * up to 4 letters) or 2, counting a swap of neighbours as one edit; null when none is that close.
     */
    static String closest(String key, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new java.util.TreeSet<>(candidates)) {
            int d = c.equalsIgnoreCase(key) ? 0 : distance(key.toLowerCase(java.util.Locale.ROOT),
                    c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.min(key.length(), best == null ? 0 : best.length()) <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Thrown for an impossible combination, naming the key. */
    public SpecException invalid(String key, String why) {
        return new SpecException(key(key) + ": " + why);
    }
}
