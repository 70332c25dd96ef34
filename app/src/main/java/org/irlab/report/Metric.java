package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.irlab.experiment.SpecNode;

/**
 * A number (or text) extracted from one run's outputs for a claim. Spelled in JSON as
 * {@code {"summary": "finalError"}}, {@code {"trace": "error", "reduce": "min"}},
 * {@code {"trace": "residualNorm", "at": "first-perturbation"}}, {@code {"trace": "error", "atFraction": 0.5}},
 * {@code {"trace": "error", "firstIterationBelow": 1e-8}} or
 * {@code {"ratio": [metric, metric]}}.
 */
public sealed interface Metric {
    Measurement measure(RunResult run);

    /** A short phrase saying what is measured, for the report. */
    String describe();

    /** A value of summary.json by dotted path: a number, or a text such as {@code status}. */
    record Summary(String path) implements Metric {
        @Override public Measurement measure(RunResult run) {
            if (run.missing()) return Measurement.undefined("run missing");
            JsonNode v = run.summary();
            for (String part : path.split("\\.")) v = v.path(part);
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
        @Override public Measurement measure(RunResult run) {
            Measurement a = numerator.measure(run), b = denominator.measure(run);
            if (!a.isNumber()) return Measurement.undefined(numerator.describe() + " is " + a);
            if (!b.isNumber()) return Measurement.undefined(denominator.describe() + " is " + b);
            if (b.number() == 0) return Measurement.undefined(denominator.describe() + " is 0");
            return Measurement.of(a.number() / b.number());
        }

        @Override public String describe() {
            return "(" + numerator.describe() + ") / (" + denominator.describe() + ")";
        }
    }

    private static double[] values(RunResult run, String column) {
        return run.missing() || run.trace() == null ? null : run.trace().column(column);
    }

    private static Measurement missingColumn(RunResult run, String column) {
        if (run.missing()) return Measurement.undefined("run missing");
        if (run.trace() == null) return Measurement.undefined("no trace.csv");
        return Measurement.undefined("no column " + column + " in trace.csv");
    }

    /** Reads a metric object. */
    static Metric read(SpecNode s) {
        Metric m;
        if (s.has("summary")) {
            m = new Summary(s.string("summary"));
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
        } else {
            throw new org.irlab.experiment.SpecException(
                    (s.path().isEmpty() ? "metric" : s.path()) + ": expected one of summary, trace or ratio");
        }
        s.finish();
        return m;
    }
}
