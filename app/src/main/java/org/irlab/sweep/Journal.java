package org.irlab.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.Json;

/**
 * The record of finished runs that makes a sweep resumable: {@value #FILE}, one JSON line per run, appended as each
 * run finishes, keyed by {@link Job#key()} (its spec and measures). A line torn by a kill does not parse and is
 * dropped, so that run is simply done again. Doubles are written as the shortest decimal that reads back as the
 * same bits.
 */
public final class Journal {
    /** The journal's file name in the output directory. */
    public static final String FILE = "runs.jsonl";

    private final Store store;

    public Journal(Store store) {
        this.store = store;
    }

    /** Every intact record: key ↦ row (a later record of the same key wins). */
    public Map<String, Row> read() {
        Map<String, Row> out = new HashMap<>();
        for (String line : store.readLines(FILE)) {
            if (line.isBlank()) continue;
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n == null || !n.isObject() || !n.path("key").isTextual()) continue;
                out.put(n.get("key").asText(), decode(n));
            } catch (JsonProcessingException | RuntimeException e) {
                // torn by a kill (or edited by hand): that run is redone
            }
        }
        return out;
    }

    /** Records one finished run. */
    public void record(String key, Row row) {
        ObjectNode n = encode(row);
        n.put("key", key);
        try {
            // a leading newline: a torn record before this one never swallows it
            store.append(FILE, "\n" + Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(n) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets every recorded run (--force). */
    public void clear() { store.delete(FILE); }

    static ObjectNode encode(Row r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("row", r.row());
        n.put("status", r.status());
        n.put("success", r.success());
        n.put("iterations", r.iterations());
        put(n, "finalError", r.finalError());
        put(n, "finalResidualNorm", r.finalResidualNorm());
        put(n, "maxResidualNorm", r.maxResidualNorm());
        ArrayNode m = n.putArray("metrics");
        for (Object v : r.metrics()) {
            if (v instanceof String s) m.add(s);
            else if (v instanceof Double d && Double.isFinite(d)) m.add(d);
            else m.add(v == null ? "null" : v.toString()); // NaN, ±Infinity as text: JSON has no such numbers
        }
        n.put("message", r.message());
        n.put("wallSeconds", r.wallSeconds());
        return n;
    }

    static Row decode(JsonNode n) {
        List<Object> metrics = new ArrayList<>();
        for (JsonNode v : n.get("metrics")) {
            if (v.isNumber()) metrics.add(v.asDouble());
            else if (v.asText().equals("NaN") || v.asText().equals("null")) metrics.add(Double.NaN);
            else if (v.asText().equals("Infinity")) metrics.add(Double.POSITIVE_INFINITY);
            else if (v.asText().equals("-Infinity")) metrics.add(Double.NEGATIVE_INFINITY);
            else metrics.add(v.asText());
        }
        return new Row(n.get("row").asInt(), n.get("status").asText(), n.get("success").asBoolean(),
                n.get("iterations").asLong(), number(n.get("finalError")), number(n.get("finalResidualNorm")),
                number(n.get("maxResidualNorm")), metrics, n.get("message").asText(), n.get("wallSeconds").asDouble());
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) n.put(key, v); else n.put(key, Double.toString(v));
    }

    private static double number(JsonNode v) {
        if (v == null) throw new IllegalArgumentException("missing value");
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText());
    }
}
