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
 * resolved spec, and {@link #finish()} rejects keys nobody read. Errors are {@link SpecException}s naming the
 * dotted path of the key.
 */
public final class SpecNode {
    private final String path;
    private final JsonNode node;
    private final ObjectNode resolved;
    private final Set<String> read = new HashSet<>();

    public SpecNode(String path, JsonNode node, ObjectNode resolved) {
        this.path = path;
        if (node == null || node.isNull()) node = JsonNodeFactory.instance.objectNode();
        if (!node.isObject()) throw new SpecException(label() + ": expected an object, got " + node.getNodeType());
        this.node = node;
        this.resolved = resolved;
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
        if (v == null || v.isNull()) throw new SpecException(key(key) + ": required");
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
        if (v == null || v.isNull()) throw new SpecException(key(key) + ": required");
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
        if (v == null || v.isNull()) throw new SpecException(key(key) + ": required");
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble())
                && Math.abs(v.asDouble()) < 9.0e15)) {
            throw new SpecException(key(key) + ": expected an integer, got " + v);
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
        if (v == null || v.isNull()) throw new SpecException(key(key) + ": required");
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
        return new SpecNode(key(key), v, resolved.putObject(key));
    }

    /** Keeps a value verbatim (used for values read elsewhere, e.g. free-form notes). */
    public JsonNode raw(String key) {
        JsonNode v = get(key);
        if (v != null) resolved.set(key, v.deepCopy());
        return v;
    }

    /** Records {@code value} as the resolved value of a key already read (e.g. a path made absolute). */
    public void resolve(String key, JsonNode value) {
        resolved.set(key, value.deepCopy());
    }

    /** Like {@link #raw(String)}, but an absent key reads (and is recorded as) {@code fallback}. */
    public JsonNode raw(String key, JsonNode fallback) {
        if (has(key)) return raw(key);
        read.add(key);
        resolved.set(key, fallback.deepCopy());
        return fallback;
    }

    /** Rejects every key that was not read, naming them. */
    public void finish() {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) unknown.add(key(k));
        }
        if (!unknown.isEmpty()) {
            throw new SpecException("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known here: " + String.join(", ", new java.util.TreeSet<>(read)) + ")");
        }
    }

    /** Thrown for an impossible combination, naming the key. */
    public SpecException invalid(String key, String why) {
        return new SpecException(key(key) + ": " + why);
    }
}
