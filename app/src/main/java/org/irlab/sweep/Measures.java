package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;
import org.irlab.experiment.SpecNode;
import org.irlab.report.Measurement;
import org.irlab.report.Metric;
import org.irlab.report.Rule;
import org.irlab.report.RunResult;

/**
 * What a sweep measures on each run, in the claims language of {@code reproduce}: the {@code success} rule (a
 * metric and a rule, e.g. {@code {"summary": "finalError", "atMost": 1e-6}}) and named extra {@code metrics}
 * (each a metric, or a summary.json path). {@link #definition()} is the JSON they were read from, which is all an
 * executor needs to rebuild them.
 */
public final class Measures {
    /** The keys of a rule; every other key of {@code success} belongs to its metric. */
    static final Set<String> RULE_KEYS = Set.of("atMost", "atLeast", "between", "equals");

    /** The columns every row has: a metric may not take their names. */
    static final Set<String> RESERVED = Set.of("row", "cell", "seed", "status", "success", "iterations", "finalError",
            "finalResidualNorm", "maxResidualNorm", "wallSeconds", "message");

    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final ObjectNode definition;
    private final Metric successMetric;
    private final Rule successRule;
    private final Map<String, Metric> metrics;

    private Measures(ObjectNode definition, Metric successMetric, Rule successRule, Map<String, Metric> metrics) {
        this.definition = definition;
        this.successMetric = successMetric;
        this.successRule = successRule;
        this.metrics = metrics;
    }

    /** Reads the {@code success} and {@code metrics} sections of a sweep (metrics may be null). */
    static Measures read(JsonNode success, JsonNode metrics) {
        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        definition.set("success", success.deepCopy());
        if (metrics != null && !metrics.isNull()) definition.set("metrics", metrics.deepCopy());
        return of(definition);
    }

    /** Rebuilds measures from their {@link #definition()} (on an executor). */
    public static Measures fromDefinition(String json) {
        try {
            return of((ObjectNode) Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new SpecException("measures: not valid JSON: " + e.getMessage());
        }
    }

    private static Measures of(ObjectNode definition) {
        JsonNode success = definition.get("success");
        if (!success.isObject()) throw new SpecException("success: expected an object such as {\"summary\": \"finalError\", \"atMost\": 1e-6}");
        ObjectNode metricPart, rulePart;
        if (success.has("metric") || success.has("rule")) {
            SpecNode s = new SpecNode("success", success, JsonNodeFactory.instance.objectNode());
            JsonNode m = s.raw("metric"), r = s.raw("rule");
            s.finish();
            if (m == null || !m.isObject()) throw new SpecException("success.metric: required (an object)");
            if (r == null || !r.isObject()) throw new SpecException("success.rule: required (an object)");
            metricPart = (ObjectNode) m;
            rulePart = (ObjectNode) r;
        } else {
            metricPart = JsonNodeFactory.instance.objectNode();
            rulePart = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = success.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                (RULE_KEYS.contains(e.getKey()) ? rulePart : metricPart).set(e.getKey(), e.getValue());
            }
            if (rulePart.isEmpty()) throw new SpecException("success: needs a rule: one of atMost, atLeast, between, equals");
            if (rulePart.size() > 1) throw new SpecException("success: one rule only, got " + rulePart.size());
            if (metricPart.isEmpty()) throw new SpecException("success: needs a metric, e.g. \"summary\": \"finalError\"");
        }
        Metric successMetric = metric(metricPart, "success");
        Rule successRule = Rule.read(new SpecNode("success", rulePart, JsonNodeFactory.instance.objectNode()));
        Map<String, Metric> metrics = new LinkedHashMap<>();
        JsonNode m = definition.get("metrics");
        if (m != null) {
            if (!m.isObject()) throw new SpecException("metrics: expected an object of name: metric (or summary.json path)");
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String where = "metrics." + e.getKey();
                if (!METRIC_NAME.matcher(e.getKey()).matches()) {
                    throw new SpecException(where + ": a metric name is letters, digits and _ (it names a column)");
                }
                if (RESERVED.contains(e.getKey())) throw new SpecException(where + ": '" + e.getKey() + "' is a standard column");
                JsonNode v = e.getValue();
                ObjectNode spelled;
                if (v.isTextual()) {
                    spelled = JsonNodeFactory.instance.objectNode();
                    spelled.set("summary", TextNode.valueOf(v.asText()));
                } else if (v.isObject()) {
                    spelled = (ObjectNode) v;
                } else {
                    throw new SpecException(where + ": expected a metric object or a summary.json path, got " + v);
                }
                metrics.put(e.getKey(), metric(spelled, where));
            }
        }
        return new Measures(definition, successMetric, successRule, java.util.Collections.unmodifiableMap(metrics));
    }

    private static Metric metric(ObjectNode spelled, String where) {
        Metric m;
        try {
            m = Metric.read(new SpecNode(where, spelled, JsonNodeFactory.instance.objectNode()));
        } catch (SpecException e) {
            throw e.getMessage().startsWith(where) ? e : new SpecException(where + ": " + e.getMessage());
        }
        if (m instanceof Metric.Pooled) throw new SpecException(where + ": a pooled metric needs several runs; a sweep measures one run per row");
        if (!m.selectors().isEmpty()) throw new SpecException(where + ": a sweep row cannot read other runs (sameSeed)");
        if (m instanceof Metric.SweepCell || m instanceof Metric.SweepTransition) {
            throw new SpecException(where + ": sweepCell and sweepTransition read a finished sweep's cells (in reproduce's claims), not one run");
        }
        return m;
    }

    /** The JSON the measures were read from (success and metrics). */
    public String definition() { return Json.write(definition); }

    /** The names of the extra metrics, in order (their columns follow the standard ones). */
    public List<String> metricNames() { return new ArrayList<>(metrics.keySet()); }

    /** Whether a metric reads the trace or the events, which must then be kept in memory. */
    public boolean needsTrace() {
        if (needsTrace(successMetric)) return true;
        for (Metric m : metrics.values()) if (needsTrace(m)) return true;
        return false;
    }

    private static boolean needsTrace(Metric m) {
        if (m instanceof Metric.Summary) return false;
        if (m instanceof Metric.Ratio r) return needsTrace(r.numerator()) || needsTrace(r.denominator());
        if (m instanceof Metric.Difference d) return needsTrace(d.minuend()) || needsTrace(d.subtrahend());
        return true;
    }

    /** Whether the run passes the success rule. */
    public boolean success(RunResult run) { return successRule.test(successMetric.measure(run)); }

    /** The success rule in words, e.g. "summary finalError ≤ 1e-6". */
    public String describeSuccess() { return successMetric.describe() + " " + successRule.describe(); }

    /** The extra metrics' values on a run: a Double (NaN when undefined) or a String each. */
    public List<Object> values(RunResult run) {
        List<Object> out = new ArrayList<>(metrics.size());
        for (Metric m : metrics.values()) {
            Measurement v = m.measure(run);
            out.add(v.isText() ? (Object) v.text() : (Object) (v.isNumber() ? v.number() : Double.NaN));
        }
        return out;
    }

    /** Each extra metric in words. */
    public Map<String, String> describeMetrics() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> e : metrics.entrySet()) out.put(e.getKey(), e.getValue().describe());
        return out;
    }
}
