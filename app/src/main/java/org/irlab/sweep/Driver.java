package org.irlab.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.Json;
import org.irlab.experiment.Provenance;

/**
 * The driver of a sweep: takes the expanded runs, reuses the ones its journal already holds (unless forced), has an
 * {@link Engine} run the others while recording each as it finishes, then writes results.parquet, results.csv,
 * cells.csv, sweep.html with its heatmaps, and summary.json last.
 */
public final class Driver {
    /** The files a sweep writes (besides the journal and the heatmaps). */
    public static final String RESULTS_CSV = "results.csv", RESULTS_PARQUET = "results.parquet", CELLS_CSV = "cells.csv",
            PAGE = "sweep.html", SUMMARY = "summary.json";

    /** What a sweep leaves in its directory (for {@link org.irlab.experiment.RunDirectory}), summary.json first. */
    public static final List<String> OUTPUTS = List.of(SUMMARY, PAGE, RESULTS_CSV, RESULTS_PARQUET, CELLS_CSV);

    private Driver() {}

    /** Hears about a sweep's progress; {@link #finished} is called from engine threads. */
    public interface Listener {
        /** Before any run: how many rows there are, how many the journal already holds, how many will run. */
        default void planned(Expansion e, int reused, int pending, String engine) {}

        /** One run finished. */
        default void finished(Row row) {}

        Listener NONE = new Listener() {};
    }

    /**
     * What a sweep produced.
     *
     * @param reused rows taken from the journal
     * @param ran    rows run in this pass
     */
    public record Result(Expansion expansion, List<Row> rows, List<CellStats> cells, int reused, int ran,
                         double seconds, String engine) {
        /** Rows whose run failed by itself (status error). */
        public int errors() {
            int n = 0;
            for (Row r : rows) if (Row.ERROR.equals(r.status())) n++;
            return n;
        }
    }

    /** Runs what is missing and writes every output. */
    public static Result run(Expansion e, Store store, Engine engine, boolean force, Listener listener) {
        return run(e, store, engine, force, listener, null);
    }

    /**
     * As {@link #run(Expansion, Store, Engine, boolean, Listener)}; {@code spec} (may be null) is stored in
     * summary.json as its "spec", which tells reproduce that the sweep it planned is complete.
     */
    public static Result run(Expansion e, Store store, Engine engine, boolean force, Listener listener,
                             com.fasterxml.jackson.databind.JsonNode spec) {
        long start = System.nanoTime();
        Journal journal = new Journal(store);
        if (force) journal.clear();
        Map<String, Row> recorded = force ? Map.of() : journal.read();
        Row[] rows = new Row[e.size()];
        List<Job> pending = new ArrayList<>();
        String[] keys = new String[e.size()];
        for (Expansion.Run run : e.runs()) {
            keys[run.row()] = run.key();
            Row r = recorded.get(run.key());
            if (r != null) rows[run.row()] = r.at(run.row());
            else pending.add(run.job());
        }
        int reused = e.size() - pending.size();
        listener.planned(e, reused, pending.size(), engine.describe());
        if (!pending.isEmpty()) {
            for (String f : OUTPUTS) store.delete(f); // no stale results (summary.json first)
            int before = org.irlab.linalg.Parallel.threads();
            org.irlab.linalg.Parallel.setThreads(1); // parallel over runs, not inside them (same bits either way)
            try {
                engine.run(pending, e.sweep().measures(), row -> {
                    if (row.row() < 0 || row.row() >= rows.length) throw new IllegalStateException("no row " + row.row());
                    journal.record(keys[row.row()], row);
                    synchronized (rows) {
                        rows[row.row()] = row;
                    }
                    listener.finished(row);
                });
            } finally {
                org.irlab.linalg.Parallel.setThreads(before);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) throw new IllegalStateException("the engine returned no row for run " + i);
        }
        List<Row> all = List.copyOf(Arrays.asList(rows));
        List<CellStats> cells = CellStats.of(e, all);
        Result result = new Result(e, all, cells, reused, pending.size(), (System.nanoTime() - start) / 1e9,
                engine.describe());
        write(store, result, spec);
        return result;
    }

    /** Writes the tables, the page and, last, summary.json. */
    static void write(Store store, Result r, com.fasterxml.jackson.databind.JsonNode spec) {
        Expansion e = r.expansion();
        Table results = Table.results(e, r.rows());
        store.write(RESULTS_PARQUET, results.parquet());
        store.write(RESULTS_CSV, results.csv().getBytes(StandardCharsets.UTF_8));
        store.write(CELLS_CSV, Table.cells(e, r.cells()).csv().getBytes(StandardCharsets.UTF_8));
        Page.write(store, r);
        ObjectNode summary = summary(r);
        if (spec != null) summary.set("spec", spec.deepCopy());
        store.write(SUMMARY, Json.write(summary).getBytes(StandardCharsets.UTF_8));
    }

    /** summary.json: counts, the success rule, and every cell's aggregate (what reproduce's claims read). */
    static ObjectNode summary(Result r) {
        Sweep s = r.expansion().sweep();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("sweep", s.name());
        o.put("status", r.errors() == 0 ? "complete" : "complete-with-errors");
        o.put("runs", r.rows().size());
        o.put("cells", r.cells().size());
        o.put("skippedCells", r.expansion().skipped().size());
        int successes = 0;
        for (Row row : r.rows()) if (row.success()) successes++;
        o.put("successes", successes);
        o.put("errors", r.errors());
        o.put("reused", r.reused());
        o.put("ran", r.ran());
        o.put("engine", r.engine());
        o.put("wallSeconds", r.seconds());
        o.put("success", s.measures().describeSuccess());
        ArrayNode cells = o.putArray("cellStats");
        List<String> keys = s.keys();
        for (CellStats c : r.cells()) {
            ObjectNode n = cells.addObject();
            ObjectNode at = n.putObject("at");
            List<Object> values = c.cell().tableValues(s);
            for (int k = 0; k < keys.size(); k++) at.set(keys.get(k), Json.MAPPER.valueToTree(values.get(k)));
            n.put("runs", c.runs());
            n.put("successes", c.successes());
            n.put("errors", c.errors());
            Json.put(n, "successRate", c.rate());
            n.put("successLow", c.low());
            n.put("successHigh", c.high());
            ObjectNode st = n.putObject("status");
            for (Map.Entry<String, Integer> x : c.statuses().entrySet()) st.put(x.getKey(), x.getValue());
            ObjectNode median = n.putObject("median"), q1 = n.putObject("q1"), q3 = n.putObject("q3");
            for (Map.Entry<String, double[]> q : c.quartiles().entrySet()) {
                Json.put(q1, q.getKey(), q.getValue()[0]);
                Json.put(median, q.getKey(), q.getValue()[1]);
                Json.put(q3, q.getKey(), q.getValue()[2]);
            }
        }
        o.set("provenance", Provenance.describe());
        return o;
    }
}
