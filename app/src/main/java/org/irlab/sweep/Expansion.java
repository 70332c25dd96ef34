package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.SpecException;
import org.irlab.report.Overrides;

/**
 * A sweep expanded on the driver: its cells (points of the axes' product that pass {@code where}, in order, the
 * first axis slowest), the cells {@code where} skipped, and one validated run per cell and seed. Every run spec is
 * resolved here, so a bad key stops the sweep before any run.
 */
public record Expansion(Sweep sweep, List<Cell> cells, List<Skipped> skipped, List<Run> runs) {

    /** A cell: one value per varied key (in {@link Sweep#keys()} order), and its position on each axis. */
    public record Cell(int index, List<JsonNode> values, int[] positions) {
        /** The cell's coordinates as {@code key=value, …}. */
        public String describe(Sweep sweep) {
            List<String> parts = new ArrayList<>();
            List<String> keys = sweep.keys();
            for (int i = 0; i < keys.size(); i++) parts.add(keys.get(i) + "=" + Sweep.text(values.get(i)));
            return String.join(", ", parts);
        }

        /** The cell's value of each varied key as a table value: the axis point's name if it has one, else the value. */
        public List<Object> tableValues(Sweep sweep) {
            List<Object> out = new ArrayList<>();
            int k = 0;
            for (int a = 0; a < sweep.axes().size(); a++) {
                Sweep.Axis axis = sweep.axes().get(a);
                for (int j = 0; j < axis.keys().size(); j++, k++) {
                    out.add(axis.names() != null && j == 0 ? axis.names().get(positions[a]) : Table.value(values.get(k)));
                }
            }
            return out;
        }

        /** The value of a varied key in this cell (null when the key is not varied). */
        public JsonNode value(Sweep sweep, String key) {
            int i = sweep.keys().indexOf(key);
            return i < 0 ? null : values.get(i);
        }
    }

    /** A cell that a {@code where} constraint excluded. */
    public record Skipped(String cell, String constraint) {}

    /** One run: a cell and a seed, with its resolved spec (every default explicit). */
    public record Run(int row, Cell cell, long seed, ObjectNode spec, String key) {
        /** The job an engine runs. */
        public Job job() {
            return new Job(row, key, Json.write(spec), cost(spec));
        }
    }

    /** Expands and validates every run; errors name the cell and the key. */
    public static Expansion of(Sweep sweep) {
        List<Sweep.Axis> axes = sweep.axes();
        List<String> keys = sweep.keys();
        String measures = sweep.measures().definition();
        List<Cell> cells = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        int[] pos = new int[axes.size()];
        long total = sweep.cellCount();
        if (total * sweep.seeds().size() > 10_000_000L) {
            throw new SpecException("grid: " + total + " cells × " + sweep.seeds().size() + " seeds is more than 10^7 runs");
        }
        for (long c = 0; c < total; c++) {
            long rest = c;
            for (int a = axes.size() - 1; a >= 0; a--) {
                pos[a] = (int) (rest % axes.get(a).size());
                rest /= axes.get(a).size();
            }
            List<JsonNode> values = new ArrayList<>();
            Map<String, JsonNode> set = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) {
                Sweep.Axis axis = axes.get(a);
                for (int k = 0; k < axis.keys().size(); k++) {
                    JsonNode v = axis.values().get(k).get(pos[a]);
                    values.add(v);
                    set.put(axis.keys().get(k), v);
                }
            }
            Cell cell = new Cell(cells.size(), List.copyOf(values), pos.clone());
            String where = "cell " + describe(keys, values);
            List<Run> cellRuns = new ArrayList<>();
            for (long seed : sweep.seeds()) {
                ObjectNode tree = sweep.base().deepCopy();
                Overrides.apply(tree, set, "grid");
                for (Map.Entry<String, Long> k : sweep.seedKeys().entrySet()) {
                    Overrides.apply(tree, k.getKey(), LongNode.valueOf(seed + k.getValue()), "seedKeys");
                }
                tree.put("name", sweep.name() + "-row" + (runs.size() + cellRuns.size()));
                absoluteInitPath(tree, sweep.baseDir());
                RunSpec spec;
                try {
                    spec = RunSpec.parse(tree, List.of(), sweep.baseDir());
                } catch (SpecException e) {
                    String failed = failedConstraint(sweep, tree);
                    if (failed != null) {
                        cellRuns = null;
                        skipped.add(new Skipped(describe(keys, values), failed));
                        break;
                    }
                    throw new SpecException(where + ", seed " + seed + ": " + e.getMessage());
                }
                if (spec.record().instance() || spec.record().iterates() > 0) {
                    throw new SpecException(where + ": " + (spec.record().instance() ? "record.instance" : "record.iterates")
                            + ": a sweep keeps its runs in memory and writes no per-run files; replay a row with "
                            + "./irlab run to export it");
                }
                String failed = failedConstraint(sweep, spec.resolved());
                if (failed != null) {
                    cellRuns = null;
                    skipped.add(new Skipped(describe(keys, values), failed));
                    break;
                }
                int row = runs.size() + cellRuns.size();
                cellRuns.add(new Run(row, cell, seed, spec.resolved(), key(spec.resolved(), measures)));
            }
            if (cellRuns == null) continue;
            cells.add(cell);
            runs.addAll(cellRuns);
        }
        if (runs.isEmpty()) throw new SpecException("where: every cell is excluded, nothing to run");
        return new Expansion(sweep, List.copyOf(cells), List.copyOf(skipped), List.copyOf(runs));
    }

    /** The first constraint the spec fails, or null. */
    private static String failedConstraint(Sweep sweep, JsonNode spec) {
        for (Constraint c : sweep.where()) if (!c.test(spec)) return c.text();
        return null;
    }

    private static String describe(List<String> keys, List<JsonNode> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) parts.add(keys.get(i) + "=" + Sweep.text(values.get(i)));
        return "{" + String.join(", ", parts) + "}";
    }

    /** An init file named relative to the sweep file is made absolute, so the spec runs from anywhere. */
    private static void absoluteInitPath(ObjectNode tree, Path baseDir) {
        JsonNode init = tree.get("init");
        if (baseDir == null || init == null || !init.isObject() || !init.path("path").isTextual()) return;
        Path p = Path.of(init.get("path").asText());
        if (!p.isAbsolute()) ((ObjectNode) init).set("path", TextNode.valueOf(baseDir.resolve(p).toString()));
    }

    /**
     * SHA-256 of the spec without its name, the measures and the IRLab commit: a result recorded under it is this
     * run's (a new commit may change the numbers, so it redoes the runs).
     */
    static String key(ObjectNode resolved, String measures) {
        ObjectNode nameless = resolved.deepCopy();
        nameless.remove("name");
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(("irlab-sweep-run-v1\n" + org.irlab.experiment.Provenance.commit() + "\n" + Json.write(nameless)
                    + measures).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A rough relative cost of a run, to start expensive runs first and balance partitions: the step budget times
     * the size keys of the problem (n or n1 + n2, r', N, d).
     */
    static double cost(JsonNode spec) {
        JsonNode p = spec.path("problem"), a = spec.path("algorithm");
        double steps = a.path("maxIterations").asDouble(1000) + a.path("refineSteps").asDouble(0);
        double n = p.has("n") ? p.get("n").asDouble() : p.path("n1").asDouble(0) + p.path("n2").asDouble(0);
        double size = Math.max(1, n) * Math.max(1, p.path("searchRank").asDouble(1))
                * Math.max(1, p.path("measurements").asDouble(1)) * Math.max(1, p.path("dimension").asDouble(1));
        return steps * size;
    }

    /** The row count. */
    public int size() { return runs.size(); }
}
