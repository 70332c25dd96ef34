package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.irlab.experiment.SpecException;
import org.irlab.experiment.SpecNode;

/**
 * One experiment of {@code irlab reproduce}, read from {@code experiments/NAME.json}: a base spec, run groups
 * (each a set of dotted-key overrides) crossed with seeds, a quick variant, the plots and the paper's claims. An
 * <em>analysis</em> has neither base nor runs: its plots and claims read the runs of other experiments. The
 * {@link Kind kind} says what a run is: a descent run spec (the default) or a comparison of completion methods.
 *
 * @param seedKeys spec keys that follow the seed: key ↦ offset, the key is set to seed + offset
 * @param quickSeeds seeds in quick mode (null: the full list)
 * @param quickSet overrides applied to every run in quick mode, before the group's own
 */
public record Experiment(String name, String title, String source, String description, Kind kind, ObjectNode base,
                         List<Long> seeds, Map<String, Long> seedKeys, List<RunGroup> groups, List<Long> quickSeeds,
                         Map<String, JsonNode> quickSet, List<Plot> plots, List<Claim> claims) {

    /** What the runs of an experiment are ({@code "kind"} in the definition). */
    public enum Kind {
        /** A run spec of {@code irlab run} (problem, init, algorithm, record). */
        DESCENT,
        /** A comparison of completion methods on one input, as {@code irlab complete --compare} does. */
        COMPLETION,
        /**
         * A sweep of {@code sweeps/NAME.json} ({@code "sweep": NAME}; {@code "size"} patches its grid and seeds for
         * the full reproduction, {@code --quick} uses its quick variant): one task running every cell × seed, whose
         * heatmaps the report shows and whose cells the claims read ({@code "run": "sweep"}).
         */
        SWEEP
    }

    /** The one run group of a sweep experiment. */
    public static final String SWEEP_GROUP = "sweep";

    /** Names usable as directory and file names. */
    static final Pattern NAME = org.irlab.experiment.RunSpec.NAME;

    /**
     * A group of runs that differ from the base spec by the same overrides, one run per seed.
     *
     * @param seeds      its own seeds (null: the experiment's)
     * @param quickSeeds its own seeds in quick mode (null: inherit)
     * @param quickSet   overrides applied after {@code set} in quick mode
     */
    public record RunGroup(String name, String label, Map<String, JsonNode> set, List<Long> seeds,
                           List<Long> quickSeeds, Map<String, JsonNode> quickSet) {}

    /** A group of this experiment by name, or null. */
    public RunGroup group(String groupName) {
        for (RunGroup g : groups) if (g.name().equals(groupName)) return g;
        return null;
    }

    /** Whether this experiment runs nothing itself and only analyses the runs of others. */
    public boolean analysisOnly() { return groups.isEmpty(); }

    /** The other experiments whose runs this one's plots or claims use. */
    public Set<String> references() {
        Set<String> out = new LinkedHashSet<>();
        for (Plot p : plots) for (RunSelector s : p.runs()) if (s.experiment() != null) out.add(s.experiment());
        for (Claim c : claims) {
            for (RunSelector s : c.runs()) if (s.experiment() != null) out.add(s.experiment());
            for (RunSelector s : c.metric().selectors()) if (s.experiment() != null) out.add(s.experiment());
        }
        out.remove(name);
        return out;
    }

    /** Resolves every run spec of the full or quick variant; a spec error names the experiment, group and key. */
    public Plan plan(boolean quick) {
        List<Plan.PlannedRun> runs = new ArrayList<>();
        for (RunGroup g : groups) {
            List<Long> groupSeeds = seedsOf(g, quick);
            for (long seed : groupSeeds) {
                String runName = g.name() + "-seed" + seed;
                ObjectNode tree = base.deepCopy();
                tree.put("name", name + "/" + runName);
                String where = name + ".runs." + g.name();
                if (quick) Overrides.apply(tree, quickSet, name + ".quick.set");
                Overrides.apply(tree, g.set(), where + ".set");
                if (quick) Overrides.apply(tree, g.quickSet(), where + ".quick.set");
                for (Map.Entry<String, Long> k : seedKeys.entrySet()) {
                    Overrides.apply(tree, k.getKey(), LongNode.valueOf(seed + k.getValue()), name + ".seedKeys");
                }
                if (kind == Kind.SWEEP) tree.put("quick", quick);
                Task task;
                try {
                    task = Task.read(kind, tree);
                } catch (SpecException e) {
                    throw new SpecException("experiment " + name + ", run " + runName + (quick ? " (quick)" : "")
                            + ": " + e.getMessage());
                }
                runs.add(new Plan.PlannedRun(g, seed, runName, task));
            }
        }
        return new Plan(this, quick, runs);
    }

    private List<Long> seedsOf(RunGroup g, boolean quick) {
        if (quick && g.quickSeeds() != null) return g.quickSeeds();
        if (quick && g.seeds() == null && quickSeeds != null) return quickSeeds;
        return g.seeds() != null ? g.seeds() : seeds;
    }

    /** Reads and validates a definition; {@code origin} (e.g. the file name) prefixes every error. */
    public static Experiment parse(JsonNode root, String origin) {
        try {
            return read(new SpecNode("", root, scratch()));
        } catch (SpecException e) {
            throw new SpecException(origin + ": " + e.getMessage());
        }
    }

    private static Experiment read(SpecNode s) {
        String name = name(s, "name");
        String title = s.string("title");
        String source = s.string("source");
        String description = s.string("description", "");
        Kind kind = s.choice("kind", Kind.class, "descent");
        if (kind == Kind.SWEEP) return readSweep(s, name, title, source, description);
        JsonNode base = s.raw("base");
        boolean analysis = base == null && !s.has("runs");
        if (!analysis && (base == null || !base.isObject())) {
            throw s.invalid("base", "required: the run spec shared by every run");
        }
        List<Long> seeds = s.has("seeds") ? longs(s, "seeds") : List.of(1L);
        Map<String, Long> seedKeys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map(s, "seedKeys").entrySet()) {
            if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber()) {
                throw s.invalid("seedKeys." + e.getKey(), "expected an integer offset, got " + e.getValue());
            }
            seedKeys.put(e.getKey(), e.getValue().asLong());
        }
        List<Long> quickSeeds = null;
        Map<String, JsonNode> quickSet = Map.of();
        if (s.has("quick")) {
            SpecNode q = s.child("quick");
            quickSeeds = q.has("seeds") ? longs(q, "seeds") : null;
            quickSet = map(q, "set");
            q.finish();
        }
        List<RunGroup> groups = new ArrayList<>();
        Set<String> groupNames = new LinkedHashSet<>();
        for (SpecNode g : list(s, "runs")) {
            RunGroup group = readGroup(g);
            if (!groupNames.add(group.name())) throw g.invalid("name", "duplicate run name '" + group.name() + "'");
            groups.add(group);
        }
        if (groups.isEmpty() && !analysis) throw s.invalid("runs", "at least one run is needed");
        List<Plot> plots = new ArrayList<>();
        Set<String> plotNames = new LinkedHashSet<>();
        for (SpecNode p : list(s, "plots")) {
            Plot plot = Plot.read(p, groupNames);
            if (!plotNames.add(plot.name())) throw p.invalid("name", "duplicate plot name '" + plot.name() + "'");
            plots.add(plot);
        }
        List<Claim> claims = new ArrayList<>();
        for (SpecNode c : list(s, "claims")) claims.add(Claim.read(c, groupNames));
        s.finish();
        if (analysis) {
            for (Plot p : plots) {
                if (p.runs().isEmpty()) throw s.invalid("plots", "plot '" + p.name() + "' must name the runs it draws"
                        + " (this experiment has no base and no runs of its own)");
            }
        }
        ObjectNode baseSpec = analysis ? scratch() : (ObjectNode) base.deepCopy();
        return new Experiment(name, title, source, description, kind, baseSpec, List.copyOf(seeds),
                seedKeys, List.copyOf(groups), quickSeeds, quickSet, List.copyOf(plots), List.copyOf(claims));
    }

    /** An experiment of kind sweep: {@code sweep} names sweeps/NAME.json, {@code size} patches it; claims only. */
    private static Experiment readSweep(SpecNode s, String name, String title, String source, String description) {
        JsonNode sweep = s.raw("sweep");
        if (sweep == null || !(sweep.isTextual() || sweep.isObject())) {
            throw s.invalid("sweep", "required: the name of a sweep in sweeps/, or a sweep definition");
        }
        JsonNode size = s.raw("size");
        if (size != null && !size.isNull() && !size.isObject()) throw s.invalid("size", "expected an object (grid, zip, seeds, set)");
        ObjectNode base = scratch();
        base.set("sweep", sweep.deepCopy());
        if (size != null && !size.isNull()) base.set("size", size.deepCopy());
        RunGroup group = new RunGroup(SWEEP_GROUP, title, Map.of(), List.of(1L), null, Map.of());
        List<Claim> claims = new ArrayList<>();
        for (SpecNode c : list(s, "claims")) claims.add(Claim.read(c, Set.of(SWEEP_GROUP)));
        s.finish();
        return new Experiment(name, title, source, description, Kind.SWEEP, base, List.of(1L), Map.of(), List.of(group),
                null, Map.of(), List.of(), List.copyOf(claims));
    }

    private static RunGroup readGroup(SpecNode g) {
        String name = name(g, "name");
        String label = g.string("label", name);
        Map<String, JsonNode> set = map(g, "set");
        List<Long> seeds = g.has("seeds") ? longs(g, "seeds") : null;
        List<Long> quickSeeds = null;
        Map<String, JsonNode> quickSet = Map.of();
        if (g.has("quick")) {
            SpecNode q = g.child("quick");
            quickSeeds = q.has("seeds") ? longs(q, "seeds") : null;
            quickSet = map(q, "set");
            q.finish();
        }
        g.finish();
        return new RunGroup(name, label, set, seeds, quickSeeds, quickSet);
    }

    static String name(SpecNode s, String key) {
        String v = s.string(key);
        if (!NAME.matcher(v).matches()) {
            throw s.invalid(key, "'" + v + "' must be lower-case letters, digits and dashes (it names files)");
        }
        return v;
    }

    public static List<Long> longs(SpecNode s, String key) {
        double[] values = s.numbers(key);
        if (values.length == 0) throw s.invalid(key, "must not be empty");
        List<Long> out = new ArrayList<>(values.length);
        Set<Long> seen = new LinkedHashSet<>();
        for (double v : values) {
            if (v != Math.rint(v) || Math.abs(v) > 1e15) throw s.invalid(key, "expected integers, got " + v);
            if (!seen.add((long) v)) throw s.invalid(key, "duplicate seed " + (long) v);
            out.add((long) v);
        }
        return out;
    }

    /** A JSON object of dotted keys to values (empty when absent). */
    public static Map<String, JsonNode> map(SpecNode s, String key) {
        JsonNode v = s.raw(key);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) return out;
        if (!v.isObject()) throw s.invalid(key, "expected an object of dotted keys, got " + v.getNodeType());
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().isEmpty() || e.getKey().startsWith(".") || e.getKey().endsWith(".")
                    || e.getKey().contains("..")) {
                throw s.invalid(key, "bad dotted key '" + e.getKey() + "'");
            }
            out.put(e.getKey(), e.getValue().deepCopy());
        }
        return out;
    }

    /** The objects of a JSON array, each as a strict reader (empty when absent). */
    public static List<SpecNode> list(SpecNode s, String key) {
        JsonNode v = s.raw(key);
        List<SpecNode> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (!v.isArray()) throw s.invalid(key, "expected an array, got " + v.getNodeType());
        String prefix = s.path().isEmpty() ? key : s.path() + "." + key;
        for (int i = 0; i < v.size(); i++) out.add(new SpecNode(prefix + "[" + i + "]", v.get(i), scratch()));
        return out;
    }

    static ObjectNode scratch() { return JsonNodeFactory.instance.objectNode(); }
}
