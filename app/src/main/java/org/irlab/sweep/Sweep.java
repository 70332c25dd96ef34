package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;
import org.irlab.experiment.SpecNode;
import org.irlab.report.Experiment;

/**
 * A sweep ({@code sweeps/NAME.json}): a base run spec crossed with axes — {@code grid} (the Cartesian product of
 * dotted keys' values) and {@code zip} (keys that vary together) —, seeds set into {@code seedKeys} exactly as
 * {@code reproduce} does, {@code where} constraints that skip impossible cells, a {@code success} rule and extra
 * {@code metrics} in the claims language of the report, and the axis pairs drawn as heatmaps ({@code plots}).
 *
 * @param baseDir where relative paths of the base spec (init files) resolve
 */
public record Sweep(String name, String title, String description, ObjectNode base, List<Axis> axes, List<Long> seeds,
                    Map<String, Long> seedKeys, List<Constraint> where, Measures measures, List<PlotPair> plots,
                    Map<String, String> labels, Path baseDir) {

    /** Names usable as file names (as experiment names). */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The seed keys when a sweep names none: the problem's seed only (add {@code algorithm.seed} for PGD/IPGD). */
    static final Map<String, Long> DEFAULT_SEED_KEYS = Map.of("problem.seed", 0L);

    /**
     * One axis: a single grid key, or the keys of a zip group, with their values (one list per key, equal lengths).
     */
    public record Axis(List<String> keys, List<List<JsonNode>> values, List<String> names) {
        /** The number of points on the axis. */
        public int size() { return values.get(0).size(); }

        /** The key that names the axis (the first of a zip group). */
        public String key() { return keys.get(0); }

        /** Point i: its name from {@code valueLabels}, else the values of every key as written. */
        public String label(int i) {
            if (names != null) return names.get(i);
            List<String> parts = new ArrayList<>();
            for (List<JsonNode> v : values) parts.add(text(v.get(i)));
            return String.join(" / ", parts);
        }
    }

    /** A pair of axes drawn as heatmaps (x across, y up), the other axes as facets. */
    public record PlotPair(String x, String y) {}

    /** A JSON value as shown: a number or text as written, other values as JSON. */
    static String text(JsonNode v) {
        if (v.isNull()) return "—";
        if (v.isTextual()) return v.asText();
        if (v.isIntegralNumber()) return v.asText();
        if (v.isNumber()) return org.irlab.report.Format.exact(v.asDouble());
        return v.toString();
    }

    /** The label of an axis key for plots and tables: {@code labels} or the key itself. */
    public String label(String key) { return labels.getOrDefault(key, key); }

    /** The axis a key belongs to, or null. */
    public Axis axis(String key) {
        for (Axis a : axes) if (a.keys().contains(key)) return a;
        return null;
    }

    /** Every varied key, in axis order (the columns of results.csv before the seed). */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Axis a : axes) out.addAll(a.keys());
        return out;
    }

    /** The number of cells before {@code where} (the product of the axis sizes). */
    public long cellCount() {
        long n = 1;
        for (Axis a : axes) n *= a.size();
        return n;
    }

    /**
     * Reads a sweep file; {@code quick} applies its {@code quick} section (a coarser grid, fewer seeds).
     *
     * @throws SpecException naming the file and the key
     */
    public static Sweep load(Path file, boolean quick) {
        JsonNode root = Json.read(file);
        Path dir = file.toAbsolutePath().getParent();
        return parse(root, file.getFileName().toString(), dir, quick, null);
    }

    /**
     * Validates a definition.
     *
     * @param origin names the definition in errors (e.g. the file name)
     * @param quick  apply the definition's {@code quick} section
     * @param patch  a further section of the same form as {@code quick} (grid, zip, seeds, set) applied last, or
     *               null: lets {@code reproduce} size a sweep
     */
    public static Sweep parse(JsonNode root, String origin, Path baseDir, boolean quick, JsonNode patch) {
        try {
            if (root == null || !root.isObject()) throw new SpecException("expected a JSON object at the top level");
            ObjectNode tree = ((ObjectNode) root).deepCopy();
            JsonNode quickSection = tree.remove("quick");
            if (quickSection != null) {
                ObjectNode checked = applyVariant(tree.deepCopy(), quickSection, "quick"); // validated even when unused
                if (quick) tree = checked;
            }
            if (patch != null) tree = applyVariant(tree, patch, "reproduce");
            return read(new SpecNode("", tree, JsonNodeFactory.instance.objectNode()), baseDir);
        } catch (SpecException e) {
            throw new SpecException(origin + ": " + e.getMessage());
        }
    }

    /** Applies a {grid, zip, seeds, set} section to a definition: replaces axis values and seeds, overrides base. */
    static ObjectNode applyVariant(ObjectNode tree, JsonNode section, String where) {
        if (!section.isObject()) throw new SpecException(where + ": expected an object, got " + section.getNodeType());
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "grid" -> {
                    JsonNode grid = tree.get("grid");
                    if (!e.getValue().isObject()) throw new SpecException(where + ".grid: expected an object");
                    for (Iterator<Map.Entry<String, JsonNode>> g = e.getValue().fields(); g.hasNext(); ) {
                        Map.Entry<String, JsonNode> k = g.next();
                        if (grid == null || !grid.has(k.getKey())) {
                            throw new SpecException(where + ".grid." + k.getKey() + ": not a key of grid");
                        }
                        ((ObjectNode) grid).set(k.getKey(), k.getValue().deepCopy());
                    }
                }
                case "zip" -> {
                    JsonNode zip = tree.get("zip");
                    if (zip != null && zip.isObject() && e.getValue().isObject()) {
                        // new lists for some keys of the (one) zip group; the lengths are checked when it is read
                        for (Iterator<Map.Entry<String, JsonNode>> g = e.getValue().fields(); g.hasNext(); ) {
                            Map.Entry<String, JsonNode> k = g.next();
                            if (!zip.has(k.getKey())) throw new SpecException(where + ".zip." + k.getKey() + ": not a key of zip");
                            ((ObjectNode) zip).set(k.getKey(), k.getValue().deepCopy());
                        }
                    } else {
                        tree.set("zip", e.getValue().deepCopy());
                    }
                }
                case "seeds" -> tree.set(e.getKey(), e.getValue().deepCopy());
                case "set" -> {
                    if (!e.getValue().isObject()) throw new SpecException(where + ".set: expected an object");
                    JsonNode base = tree.get("base");
                    if (base == null || !base.isObject()) throw new SpecException("base: required");
                    for (Iterator<Map.Entry<String, JsonNode>> g = e.getValue().fields(); g.hasNext(); ) {
                        Map.Entry<String, JsonNode> k = g.next();
                        org.irlab.report.Overrides.apply((ObjectNode) base, k.getKey(), k.getValue(), where + ".set");
                    }
                }
                default -> throw new SpecException(where + "." + e.getKey()
                        + ": unknown key (known here: grid, zip, seeds, set)");
            }
        }
        return tree;
    }

    private static Sweep read(SpecNode s, Path baseDir) {
        String name = s.string("name");
        if (!NAME.matcher(name).matches()) {
            throw s.invalid("name", "'" + name + "' must be lower-case letters, digits and dashes (it names files)");
        }
        String title = s.string("title", name);
        String description = s.string("description", "");
        JsonNode base = s.raw("base");
        if (base == null || !base.isObject()) throw s.invalid("base", "required: the run spec shared by every run");
        List<Axis> axes = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : Experiment.map(s, "grid").entrySet()) {
            checkKey(e.getKey(), "grid");
            axes.add(new Axis(List.of(e.getKey()), List.of(values(e.getValue(), "grid." + e.getKey(), true)), null));
            keys.add(e.getKey());
        }
        JsonNode zip = s.raw("zip");
        if (zip != null && !zip.isNull()) {
            List<JsonNode> groups = new ArrayList<>();
            if (zip.isObject()) groups.add(zip);
            else if (zip.isArray()) zip.forEach(groups::add);
            else throw s.invalid("zip", "expected an object of keys to equally long lists, or an array of such objects");
            for (int g = 0; g < groups.size(); g++) {
                String where = zip.isArray() ? "zip[" + g + "]" : "zip";
                JsonNode group = groups.get(g);
                if (!group.isObject() || group.isEmpty()) throw new SpecException(where + ": expected a non-empty object");
                List<String> groupKeys = new ArrayList<>();
                List<List<JsonNode>> groupValues = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = group.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    checkKey(e.getKey(), where);
                    if (!keys.add(e.getKey())) throw new SpecException(where + "." + e.getKey() + ": varied twice");
                    List<JsonNode> v = values(e.getValue(), where + "." + e.getKey(), false);
                    if (!groupValues.isEmpty() && v.size() != groupValues.get(0).size()) {
                        throw new SpecException(where + "." + e.getKey() + ": " + v.size() + " values, but "
                                + groupKeys.get(0) + " has " + groupValues.get(0).size() + " (zipped keys vary together)");
                    }
                    groupKeys.add(e.getKey());
                    groupValues.add(v);
                }
                Set<String> tuples = new LinkedHashSet<>();
                for (int i = 0; i < groupValues.get(0).size(); i++) {
                    StringBuilder t = new StringBuilder();
                    for (List<JsonNode> gv : groupValues) t.append(gv.get(i)).append('\u0000');
                    if (!tuples.add(t.toString())) throw new SpecException(where + ": point " + i + " repeats an earlier point");
                }
                axes.add(new Axis(List.copyOf(groupKeys), List.copyOf(groupValues), null));
            }
        }
        List<Long> seeds = seeds(s);
        Map<String, Long> seedKeys = new LinkedHashMap<>();
        if (s.has("seedKeys")) {
            for (Map.Entry<String, JsonNode> e : Experiment.map(s, "seedKeys").entrySet()) {
                if (!e.getValue().isIntegralNumber()) {
                    throw s.invalid("seedKeys." + e.getKey(), "expected an integer offset, got " + e.getValue());
                }
                if (keys.contains(e.getKey())) throw s.invalid("seedKeys." + e.getKey(), "also an axis of the sweep");
                seedKeys.put(e.getKey(), e.getValue().asLong());
            }
        } else {
            s.raw("seedKeys");
            seedKeys.putAll(DEFAULT_SEED_KEYS);
        }
        List<Constraint> where = new ArrayList<>();
        JsonNode w = s.raw("where");
        if (w != null && !w.isNull()) {
            if (!w.isArray()) throw s.invalid("where", "expected an array of constraints such as \"problem.searchRank >= problem.rank\"");
            for (int i = 0; i < w.size(); i++) {
                if (!w.get(i).isTextual()) throw s.invalid("where[" + i + "]", "expected a string, got " + w.get(i));
                where.add(Constraint.parse(w.get(i).asText(), "where[" + i + "]"));
            }
        }
        JsonNode success = s.raw("success");
        if (success == null || success.isNull()) {
            throw s.invalid("success", "required: when a run counts as a success, e.g. {\"summary\": \"finalError\", \"atMost\": 1e-6}");
        }
        Measures measures = Measures.read(success, s.raw("metrics"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : Experiment.map(s, "labels").entrySet()) {
            if (!keys.contains(e.getKey())) throw s.invalid("labels." + e.getKey(), "not a key of grid or zip");
            if (!e.getValue().isTextual()) throw s.invalid("labels." + e.getKey(), "expected a string");
            labels.put(e.getKey(), e.getValue().asText());
        }
        for (Map.Entry<String, JsonNode> e : Experiment.map(s, "valueLabels").entrySet()) {
            String at = "valueLabels." + e.getKey();
            int a = -1;
            for (int i = 0; i < axes.size(); i++) if (axes.get(i).key().equals(e.getKey())) a = i;
            if (a < 0) throw new SpecException(at + ": not a key of grid nor the first key of a zip group");
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != axes.get(a).size()) {
                throw new SpecException(at + ": expected " + axes.get(a).size() + " names, one per value");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode n : v) {
                if (!n.isTextual() || n.asText().isBlank()) throw new SpecException(at + ": expected non-empty strings, got " + n);
                if (names.contains(n.asText())) throw new SpecException(at + ": '" + n.asText() + "' twice");
                names.add(n.asText());
            }
            axes.set(a, new Axis(axes.get(a).keys(), axes.get(a).values(), List.copyOf(names)));
        }
        List<PlotPair> plots = new ArrayList<>();
        JsonNode p = s.raw("plots");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) throw s.invalid("plots", "expected an array of axis pairs such as [\"problem.measurements\", \"problem.searchRank\"]");
            for (int i = 0; i < p.size(); i++) plots.add(plot(p.get(i), "plots[" + i + "]", axes));
        }
        s.finish();
        return new Sweep(name, title, description, (ObjectNode) base.deepCopy(), List.copyOf(axes), List.copyOf(seeds),
                Map.copyOf(seedKeys), List.copyOf(where), measures, List.copyOf(plots), Map.copyOf(labels), baseDir);
    }

    private static PlotPair plot(JsonNode p, String where, List<Axis> axes) {
        String x, y;
        if (p.isArray() && p.size() == 2 && p.get(0).isTextual() && p.get(1).isTextual()) {
            x = p.get(0).asText();
            y = p.get(1).asText();
        } else if (p.isObject() && p.path("x").isTextual() && p.path("y").isTextual() && p.size() == 2) {
            x = p.get("x").asText();
            y = p.get("y").asText();
        } else {
            throw new SpecException(where + ": expected [xKey, yKey] or {\"x\": key, \"y\": key}, got " + p);
        }
        Axis ax = null, ay = null;
        for (Axis a : axes) {
            if (a.keys().contains(x)) ax = a;
            if (a.keys().contains(y)) ay = a;
        }
        if (ax == null) throw new SpecException(where + ": '" + x + "' is not a key of grid or zip");
        if (ay == null) throw new SpecException(where + ": '" + y + "' is not a key of grid or zip");
        if (ax == ay) throw new SpecException(where + ": '" + x + "' and '" + y + "' are the same axis");
        return new PlotPair(ax.key(), ay.key());
    }

    private static List<Long> seeds(SpecNode s) {
        if (!s.has("seeds")) {
            s.raw("seeds");
            return List.of(1L);
        }
        JsonNode v = s.raw("seeds");
        if (v.isArray()) return Experiment.longs(s, "seeds");
        if (!v.isObject()) throw s.invalid("seeds", "expected a list of seeds or {\"count\": n, \"start\": s}");
        SpecNode c = s.child("seeds");
        int count = c.integer("count", 1, 1_000_000);
        long start = c.integer("start", 1L);
        c.finish();
        List<Long> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(start + i);
        return out;
    }

    private static void checkKey(String key, String where) {
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw new SpecException(where + ": bad dotted key '" + key + "'");
        }
        if (key.equals("name") || key.startsWith("name.")) throw new SpecException(where + "." + key + ": the name is set per run");
    }

    private static List<JsonNode> values(JsonNode v, String where, boolean distinct) {
        if (!v.isArray() || v.isEmpty()) throw new SpecException(where + ": expected a non-empty list of values");
        List<JsonNode> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode e : (ArrayNode) v) {
            if (!seen.add(e.toString()) && distinct) throw new SpecException(where + ": value " + e + " twice");
            out.add(e.deepCopy()); // null: the key is removed from the spec at that point (as in reproduce's set)
        }
        return List.copyOf(out);
    }
}
