package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.irlab.experiment.Fig6;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;
import org.irlab.experiment.SpecNode;

/**
 * A number (or text) extracted from one run's outputs for a claim. Spelled in JSON as
 * {@code {"summary": "finalError"}}, {@code {"trace": "error", "reduce": "min"}},
 * {@code {"trace": "residualNorm", "at": "first-perturbation"}}, {@code {"trace": "error", "atFraction": 0.5}},
 * {@code {"trace": "error", "firstIterationBelow": 1e-8}}, {@code {"ratio": [metric, metric]}},
 * {@code {"difference": [metric, metric]}} or {@code {"sameSeed": "group", "metric": metric}} (the metric on the run
 * of another group with the same seed, e.g. to divide the error at α = 1e-4 by the error at α = 1e-2 seed by seed),
 * or the pooled {@code {"residualGrowthFit": "slope", "fit": "through-origin"}} (Figure 6) and
 * {@code {"mean": metric}} (the mean of a metric over the runs, e.g. over seeds).
 */
public sealed interface Metric {
    /** The value on one run, from that run's outputs alone. */
    Measurement measure(RunResult run);

    /** The value on one run, where the metric may also read other runs of the same output directory. */
    default Measurement measure(RunResult run, Results results) { return measure(run); }

    /** The run groups this metric reads besides the claim's own (for reference checks). */
    default List<RunSelector> selectors() { return List.of(); }

    /** A short phrase saying what is measured, for the report. */
    String describe();

    /** A metric measured once on several runs together (e.g. a line fitted to points of all their trajectories). */
    sealed interface Pooled extends Metric permits ResidualGrowthFit, Mean {
        /** The value over the given runs (each with its outputs). */
        Measurement measure(List<RunResult> runs);

        /** The value over the given runs, where the metric may also read other runs of the same output directory. */
        default Measurement measure(List<RunResult> runs, Results results) { return measure(runs); }

        @Override default Measurement measure(RunResult run) { return measure(List.of(run)); }
    }

    /**
     * The mean of a metric over the runs (e.g. a test RMSE over seeds): {@code {"mean": metric}}. Undefined when the
     * metric is undefined on any of them; the detail lists the values and their standard deviation.
     */
    record Mean(Metric metric) implements Pooled {
        @Override public Measurement measure(List<RunResult> runs) { return measure(runs, null); }

        @Override public Measurement measure(List<RunResult> runs, Results results) {
            if (runs.isEmpty()) return Measurement.undefined("no run");
            double[] v = new double[runs.size()];
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                RunResult r = runs.get(i);
                Measurement m = results == null ? metric.measure(r) : metric.measure(r, results);
                if (!m.isNumber()) return Measurement.undefined(r.name() + ": " + metric.describe() + " is " + m);
                v[i] = m.number();
                shown.add(Format.precise(v[i]));
            }
            double mean = 0;
            for (double x : v) mean += x;
            mean /= v.length;
            double squares = 0;
            for (double x : v) squares += (x - mean) * (x - mean);
            String detail = "mean of " + v.length + (v.length == 1 ? " run: " : " runs: ") + String.join(", ", shown)
                    + (v.length > 1 ? "; sd " + Format.number(Math.sqrt(squares / (v.length - 1))) : "");
            return Measurement.of(mean, detail);
        }

        @Override public List<RunSelector> selectors() { return metric.selectors(); }

        @Override public String describe() { return "mean over the runs of " + metric.describe(); }
    }

    /**
     * A statistic of the Figure 6 fit (eqs. (126)–(127)) over the pooled points of the runs:
     * {@code {"residualGrowthFit": "slope", "fit": "through-origin"}}. The points are log(‖x_T⊥‖/‖x_{t₀}⊥‖) against
     * η·r̄_T at 20 values of T per run ({@link Fig6#points}); each run needs the deviation-rate columns.
     */
    record ResidualGrowthFit(Statistic statistic, Line line) implements Pooled {
        /** What is read off the fit. */
        public enum Statistic { SLOPE, SLOPE_LOW, SLOPE_HIGH, INTERCEPT, INTERCEPT_LOW, INTERCEPT_HIGH, POINTS }

        /** Which least-squares line: y = bx (the form of eq. (127)) or y = a + bx. */
        public enum Line { THROUGH_ORIGIN, WITH_INTERCEPT }

        @Override public Measurement measure(List<RunResult> runs) {
            List<Fig6.Point> points = new ArrayList<>();
            for (RunResult r : runs) {
                if (r.missing()) continue;
                if (r.directory() == null) return Measurement.undefined(r.name() + ": no output directory");
                try {
                    points.addAll(Fig6.points(r.directory()));
                } catch (SpecException e) {
                    return Measurement.undefined(r.name() + ": " + e.getMessage());
                }
            }
            if (statistic == Statistic.POINTS) return Measurement.of(points.size());
            Fig6.Result fit = Fig6.fit(points);
            Fig6.LineFit f = line == Line.THROUGH_ORIGIN ? fit.throughOrigin() : fit.withIntercept();
            double v = switch (statistic) {
                case SLOPE -> f.slope();
                case SLOPE_LOW -> f.slopeLow();
                case SLOPE_HIGH -> f.slopeHigh();
                case INTERCEPT -> f.intercept();
                case INTERCEPT_LOW -> f.interceptLow();
                case INTERCEPT_HIGH -> f.interceptHigh();
                case POINTS -> points.size();
            };
            return Double.isFinite(v) ? Measurement.of(v)
                    : Measurement.undefined("no fit (" + points.size() + " points)");
        }

        @Override public String describe() {
            String what = switch (statistic) {
                case SLOPE -> "slope";
                case SLOPE_LOW -> "lower end of the 95% interval of the slope";
                case SLOPE_HIGH -> "upper end of the 95% interval of the slope";
                case INTERCEPT -> "intercept";
                case INTERCEPT_LOW -> "lower end of the 95% interval of the intercept";
                case INTERCEPT_HIGH -> "upper end of the 95% interval of the intercept";
                case POINTS -> "number of points";
            };
            return what + " of log(‖x_T⊥‖/‖x_t₀⊥‖) on η·r̄_T, least squares "
                    + (line == Line.THROUGH_ORIGIN ? "through the origin" : "with an intercept") + ", pooled over "
                    + Fig6.POINTS_PER_RUN + " values of T per run";
        }
    }

    /**
     * A value of summary.json by dotted path: a number, or a text such as {@code status}. A part {@code name[key=value]}
     * picks the element of the array {@code name} whose {@code key} is {@code value}, e.g.
     * {@code methods[method=irlab].test.rmse}.
     */
    record Summary(String path) implements Metric {
        private static final java.util.regex.Pattern ELEMENT =
                java.util.regex.Pattern.compile("([^\\[\\]=]+)\\[([^\\[\\]=]+)=([^\\[\\]]*)\\]");

        public Summary {
            for (String part : path.split("\\.", -1)) {
                if (part.isEmpty() || (part.contains("[") && !ELEMENT.matcher(part).matches())) {
                    throw new IllegalArgumentException("'" + path + "' is not a dotted path (parts: name or name[key=value])");
                }
            }
        }

        @Override public Measurement measure(RunResult run) {
            if (run.missing()) return Measurement.undefined(run.whyMissing());
            JsonNode v = run.summary();
            for (String part : path.split("\\.")) {
                java.util.regex.Matcher m = ELEMENT.matcher(part);
                if (!m.matches()) {
                    v = v.path(part);
                    continue;
                }
                JsonNode array = v.path(m.group(1)), found = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                for (JsonNode e : array) {
                    if (e.path(m.group(2)).asText().equals(m.group(3))) {
                        found = e;
                        break;
                    }
                }
                v = found;
            }
            if (v.isMissingNode()) return Measurement.undefined("no " + path + " in summary.json");
            if (v.isNull()) return Measurement.undefined("not finite");
            if (v.isNumber()) return Measurement.of(v.asDouble());
            return Measurement.text(v.asText());
        }

        @Override public String describe() { return path; }
    }

    /** How a trace column is reduced to one number (NaN cells are skipped). */
    enum Reduction { FIRST, LAST, MIN, MAX }

    /** A trace column reduced over the whole run. */
    record TraceReduce(String column, Reduction reduction) implements Metric {
        @Override public Measurement measure(RunResult run) {
            double[] c = values(run, column);
            if (c == null) return missingColumn(run, column);
            double out = Double.NaN;
            for (int i = 0; i < c.length; i++) {
                int k = reduction == Reduction.LAST ? c.length - 1 - i : i;
                double v = c[k];
                if (Double.isNaN(v)) continue;
                switch (reduction) {
                    case FIRST, LAST -> { return Measurement.of(v); }
                    case MIN -> out = Double.isNaN(out) ? v : Math.min(out, v);
                    case MAX -> out = Double.isNaN(out) ? v : Math.max(out, v);
                }
            }
            return Double.isNaN(out) ? Measurement.undefined("no value in " + column) : Measurement.of(out);
        }

        @Override public String describe() {
            return reduction.name().toLowerCase(Locale.ROOT) + " of " + column + " over the run";
        }
    }

    /** A trace column at the iterate right after the first perturbation (the first row at or after it). */
    record TraceAtFirstPerturbation(String column) implements Metric {
        @Override public Measurement measure(RunResult run) {
            double[] c = values(run, column);
            if (c == null) return missingColumn(run, column);
            int t = run.firstPerturbation();
            if (t < 0) return Measurement.undefined("no perturbation");
            double[] it = run.trace().iterations();
            for (int i = 0; i < it.length; i++) if (it[i] >= t) return Measurement.of(c[i]);
            return Measurement.undefined("perturbation after the last recorded row");
        }

        @Override public String describe() { return column + " right after the first perturbation"; }
    }

    /** A trace column at the last recorded row whose iteration is at most fraction × the last iteration. */
    record TraceAtFraction(String column, double fraction) implements Metric {
        @Override public Measurement measure(RunResult run) {
            double[] c = values(run, column);
            if (c == null) return missingColumn(run, column);
            double[] it = run.trace().iterations();
            if (it.length == 0) return Measurement.undefined("empty trace");
            double limit = fraction * it[it.length - 1];
            int found = -1;
            for (int i = 0; i < it.length && it[i] <= limit; i++) found = i;
            return found < 0 ? Measurement.undefined("no row before " + limit) : Measurement.of(c[found]);
        }

        @Override public String describe() {
            return column + " at " + Format.number(fraction) + " of the run";
        }
    }

    /** The first recorded iteration at which a trace column is at or below a level (e.g. iterations to error 1e-8). */
    record TraceFirstBelow(String column, double level) implements Metric {
        @Override public Measurement measure(RunResult run) {
            double[] c = values(run, column);
            if (c == null) return missingColumn(run, column);
            double[] it = run.trace().iterations();
            for (int i = 0; i < c.length; i++) if (c[i] <= level) return Measurement.of(it[i]);
            return Measurement.undefined(column + " never at or below " + Format.number(level));
        }

        @Override public String describe() {
            return "first iteration with " + column + " ≤ " + Format.number(level);
        }
    }

    /** One metric divided by another. */
    record Ratio(Metric numerator, Metric denominator) implements Metric {
        @Override public Measurement measure(RunResult run) { return divide(numerator.measure(run), denominator.measure(run)); }

        @Override public Measurement measure(RunResult run, Results results) {
            return divide(numerator.measure(run, results), denominator.measure(run, results));
        }

        private Measurement divide(Measurement a, Measurement b) {
            if (!a.isNumber()) return Measurement.undefined(numerator.describe() + " is " + a);
            if (!b.isNumber()) return Measurement.undefined(denominator.describe() + " is " + b);
            if (b.number() == 0) return Measurement.undefined(denominator.describe() + " is 0");
            return Measurement.of(a.number() / b.number(), Format.precise(a.number()) + " / " + Format.precise(b.number()));
        }

        @Override public List<RunSelector> selectors() {
            List<RunSelector> out = new ArrayList<>(numerator.selectors());
            out.addAll(denominator.selectors());
            return out;
        }

        @Override public String describe() {
            return "(" + numerator.describe() + ") / (" + denominator.describe() + ")";
        }
    }

    /** One metric minus another (e.g. the final error minus the initial residual norm). */
    record Difference(Metric minuend, Metric subtrahend) implements Metric {
        @Override public Measurement measure(RunResult run) { return subtract(minuend.measure(run), subtrahend.measure(run)); }

        @Override public Measurement measure(RunResult run, Results results) {
            return subtract(minuend.measure(run, results), subtrahend.measure(run, results));
        }

        private Measurement subtract(Measurement a, Measurement b) {
            if (!a.isNumber()) return Measurement.undefined(minuend.describe() + " is " + a);
            if (!b.isNumber()) return Measurement.undefined(subtrahend.describe() + " is " + b);
            return Measurement.of(a.number() - b.number(), Format.precise(a.number()) + " − " + Format.precise(b.number()));
        }

        @Override public List<RunSelector> selectors() {
            List<RunSelector> out = new ArrayList<>(minuend.selectors());
            out.addAll(subtrahend.selectors());
            return out;
        }

        @Override public String describe() { return "(" + minuend.describe() + ") − (" + subtrahend.describe() + ")"; }
    }

    /**
     * A metric measured on the run of another group that has the same seed (relative to the measured run's
     * experiment): lets a claim compare groups seed by seed.
     */
    record SameSeed(RunSelector group, Metric metric) implements Metric {
        @Override public Measurement measure(RunResult run) {
            return Measurement.undefined("needs the runs of " + group);
        }

        @Override public Measurement measure(RunResult run, Results results) {
            if (run.missing()) return Measurement.undefined("run missing");
            for (RunResult other : results.runs(run.experiment(), group)) {
                if (other.seed() == run.seed()) return metric.measure(other, results);
            }
            return Measurement.undefined("no run of " + group + " with seed " + run.seed());
        }

        @Override public List<RunSelector> selectors() {
            List<RunSelector> out = new ArrayList<>(List.of(group));
            out.addAll(metric.selectors());
            return out;
        }

        @Override public String describe() { return metric.describe() + " of " + group + " (same seed)"; }
    }

    /**
     * A statistic of a sweep's cells (an experiment of kind sweep), read from the cellStats of its summary.json:
     * {@code {"sweepCell": "successRate", "at": {"problem.searchRank": 20}, "reduce": "min"}}. The statistic is a
     * dotted path in a cell (successRate, successLow, successes, runs, median.finalError, q3.iterations,
     * status.converged; {@code statusRate.S} is the share of the cell's runs that ended with status S); {@code at}
     * picks the cells whose varied keys have the given values (a list: any of them); {@code reduce} combines the cells
     * picked ({@code only}: exactly one cell, the default).
     */
    record SweepCell(String statistic, com.fasterxml.jackson.databind.node.ObjectNode at, CellReduction reduction)
            implements Metric {
        /** How the picked cells' values are combined. */
        public enum CellReduction { ONLY, MIN, MAX, MEAN, MEDIAN, SUM }

        @Override public Measurement measure(RunResult run) {
            if (run.missing()) return Measurement.undefined("sweep not run");
            List<JsonNode> cells = cells(run, at);
            if (cells.isEmpty()) return Measurement.undefined("no cell at " + at);
            if (reduction == CellReduction.ONLY && cells.size() != 1) {
                return Measurement.undefined(cells.size() + " cells at " + at + ": pin every other axis, or reduce");
            }
            double[] v = new double[cells.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = value(cells.get(i), statistic);
                if (Double.isNaN(v[i])) return Measurement.undefined("no " + statistic + " in cell " + cells.get(i).path("at"));
            }
            java.util.Arrays.sort(v);
            double r = switch (reduction) {
                case ONLY, MIN -> v[0];
                case MAX -> v[v.length - 1];
                case SUM, MEAN -> {
                    double sum = 0;
                    for (double x : v) sum += x;
                    yield reduction == CellReduction.SUM ? sum : sum / v.length;
                }
                case MEDIAN -> v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
            };
            return Measurement.of(r, cells.size() == 1 ? null : reduction.name().toLowerCase(Locale.ROOT) + " over "
                    + cells.size() + " cells, from " + Format.number(v[0]) + " to " + Format.number(v[v.length - 1]));
        }

        static double value(JsonNode cell, String statistic) {
            if (statistic.startsWith("statusRate.")) {
                double runs = cell.path("runs").asDouble();
                return runs == 0 ? Double.NaN : cell.path("status").path(statistic.substring(11)).asDouble(0) / runs;
            }
            if (statistic.startsWith("status.")) return cell.path("status").path(statistic.substring(7)).asDouble(0);
            JsonNode v = cell;
            for (String part : statistic.split("\\.")) v = v.path(part);
            return v.isNumber() ? v.asDouble() : Double.NaN;
        }

        @Override public String describe() {
            return statistic + " of the sweep's cell" + (reduction == CellReduction.ONLY ? "" : "s") + " at " + at
                    + (reduction == CellReduction.ONLY ? "" : " (" + reduction.name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /**
     * Where a sweep's success rate crosses a level along one axis: {@code {"sweepTransition": "problem.measurements",
     * "at": {"problem.searchRank": 3}, "level": 0.5}} is the grid step (0 = the axis's first value) from which every
     * cell of the slice {@code at} has a success rate of at least {@code level}; undefined when the last cell is below
     * it. {@code at} must pin every other axis (one cell per value of the axis). With {@code "as": "value"} the value is
     * the axis value there instead of the step (comparable across grids, e.g. as a ratio).
     */
    record SweepTransition(String axis, com.fasterxml.jackson.databind.node.ObjectNode at, double level, boolean value)
            implements Metric {
        @Override public Measurement measure(RunResult run) {
            if (run.missing()) return Measurement.undefined("sweep not run");
            List<JsonNode> cells = cells(run, at);
            List<String> seen = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            for (JsonNode c : cells) {
                JsonNode v = c.path("at").get(axis);
                if (v == null) return Measurement.undefined("no axis " + axis + " in the sweep");
                if (seen.contains(v.asText())) {
                    return Measurement.undefined("several cells at " + axis + " = " + v.asText() + ": pin the other axes with at");
                }
                seen.add(v.asText());
                rates.add(c.path("successRate").asDouble(Double.NaN));
            }
            if (rates.isEmpty()) return Measurement.undefined("no cell at " + at);
            int step = rates.size();
            while (step > 0 && rates.get(step - 1) >= level) step--;
            if (step == rates.size()) return Measurement.undefined("the success rate never reaches " + Format.exact(level));
            String where = axis + " = " + seen.get(step) + " (step " + step + " of " + (rates.size() - 1) + ")";
            if (!value) return Measurement.of(step, where);
            try {
                return Measurement.of(Double.parseDouble(seen.get(step)), where);
            } catch (NumberFormatException e) {
                return Measurement.undefined(axis + " = " + seen.get(step) + " is not a number");
            }
        }

        @Override public String describe() {
            return (value ? "" : "grid step of ") + axis + " from which the success rate stays ≥ " + Format.exact(level)
                    + " at " + at;
        }
    }

    /** The cells of a sweep run whose coordinates match {@code at} (a list value: any of its values). */
    private static List<JsonNode> cells(RunResult run, JsonNode at) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : run.summary().path("cellStats")) {
            boolean match = true;
            for (var it = at.fields(); it.hasNext() && match; ) {
                var e = it.next();
                JsonNode v = c.path("at").get(e.getKey());
                if (v == null) return List.of();
                boolean any = false;
                for (JsonNode want : e.getValue().isArray() ? e.getValue() : Json.MAPPER.createArrayNode().add(e.getValue())) {
                    if (sameValue(v, want)) any = true;
                }
                match = any;
            }
            if (match) out.add(c);
        }
        return out;
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.asDouble() == b.asDouble();
        return a.asText().equals(b.asText());
    }

    private static double[] values(RunResult run, String column) {
        return run.missing() || run.trace() == null ? null : run.trace().column(column);
    }

    private static Measurement missingColumn(RunResult run, String column) {
        if (run.missing()) return Measurement.undefined("run missing");
        if (run.trace() == null) return Measurement.undefined("no trace.csv");
        return Measurement.undefined("no column " + column + " in trace.csv");
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode at(SpecNode s) {
        JsonNode at = s.raw("at");
        if (at == null || at.isNull()) return Json.MAPPER.createObjectNode();
        if (!at.isObject()) throw s.invalid("at", "expected an object of varied keys to values");
        return (com.fasterxml.jackson.databind.node.ObjectNode) at.deepCopy();
    }

    /** Reads a metric object (also the metrics and success rule of a sweep). */
    public static Metric read(SpecNode s) {
        Metric m;
        if (s.has("summary")) {
            try {
                m = new Summary(s.string("summary"));
            } catch (IllegalArgumentException e) {
                throw s.invalid("summary", e.getMessage());
            }
        } else if (s.has("trace")) {
            String column = s.string("trace");
            if (s.has("reduce")) {
                m = new TraceReduce(column, s.choice("reduce", Reduction.class, "last"));
            } else if (s.has("at")) {
                String at = s.string("at");
                if (!at.equals("first-perturbation")) throw s.invalid("at", "expected first-perturbation, got " + at);
                m = new TraceAtFirstPerturbation(column);
            } else if (s.has("atFraction")) {
                double f = s.number("atFraction");
                if (!(f >= 0 && f <= 1)) throw s.invalid("atFraction", "must be in [0, 1]");
                m = new TraceAtFraction(column, f);
            } else if (s.has("firstIterationBelow")) {
                m = new TraceFirstBelow(column, s.number("firstIterationBelow"));
            } else {
                throw s.invalid("trace", "needs one of reduce (first, last, min, max), at, atFraction or firstIterationBelow");
            }
        } else if (s.has("ratio")) {
            var parts = Experiment.list(s, "ratio");
            if (parts.size() != 2) throw s.invalid("ratio", "expected [numerator, denominator]");
            m = new Ratio(read(parts.get(0)), read(parts.get(1)));
        } else if (s.has("difference")) {
            var parts = Experiment.list(s, "difference");
            if (parts.size() != 2) throw s.invalid("difference", "expected [minuend, subtrahend]");
            m = new Difference(read(parts.get(0)), read(parts.get(1)));
        } else if (s.has("mean")) {
            Metric inner = read(s.child("mean"));
            if (inner instanceof Pooled) throw s.invalid("mean", "the mean of a pooled metric is not defined");
            m = new Mean(inner);
        } else if (s.has("residualGrowthFit")) {
            m = new ResidualGrowthFit(s.choice("residualGrowthFit", ResidualGrowthFit.Statistic.class, "slope"),
                    s.choice("fit", ResidualGrowthFit.Line.class, "through-origin"));
        } else if (s.has("sameSeed")) {
            RunSelector group;
            try {
                group = RunSelector.parse(s.string("sameSeed"));
            } catch (IllegalArgumentException e) {
                throw s.invalid("sameSeed", e.getMessage());
            }
            m = new SameSeed(group, read(s.child("metric")));
        } else if (s.has("sweepCell")) {
            m = new SweepCell(s.string("sweepCell"), at(s), s.choice("reduce", SweepCell.CellReduction.class, "only"));
        } else if (s.has("sweepTransition")) {
            String as = s.string("as", "step");
            if (!as.equals("step") && !as.equals("value")) throw s.invalid("as", "expected step or value, got " + as);
            m = new SweepTransition(s.string("sweepTransition"), at(s), s.number("level", 0.5), as.equals("value"));
        } else {
            throw new SpecException(
                    (s.path().isEmpty() ? "metric" : s.path()) + ": expected one of summary, trace, ratio, difference, sameSeed, mean, residualGrowthFit, sweepCell or sweepTransition");
        }
        s.finish();
        return m;
    }
}
