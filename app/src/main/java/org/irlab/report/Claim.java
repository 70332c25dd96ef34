package org.irlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A claim to check: what the paper (or our reference) says, on which runs, the metric measured on each run (or, for
 * a {@link Metric.Pooled pooled} metric, once on all of them together) and the rule it must pass.
 *
 * @param source     who makes the claim and where a reader finds it ({@link #SOURCE}): "paper (Fig. 4 caption)",
 *                   "paper §7 text", "seed 003 (open question 2)", "seed 004 (Theorem 1, eq. (11))", "IRLab finding (runs
 *                   fig1/over4)" or "IRLab check (…)" for a check of IRLab's own that the sources do not state
 * @param text       the claim in words
 * @param runs       the run groups it concerns (one or more; {@code "run": "g"} or {@code "runs": ["g", "e/h"]})
 * @param note       extra explanation shown with the result (may be empty)
 * @param quantifier whether the claim is about every run (the default) or about some of them
 * @param other      another reading of the claim's words, measured and shown beside the deciding one but not
 *                   deciding the verdict (null when there is none), e.g. an "error" the paper leaves undefined
 */
public record Claim(String source, String text, List<RunSelector> runs, Metric metric, Rule rule, String note,
                    Verdict.Quantifier quantifier, Reading other) {

    /** A reading of the claim other than the deciding one: its label and metric, judged by the same rule. */
    public record Reading(String label, Metric metric) {}

    /**
     * The outcome of a claim: one measurement per run (a single one for a pooled metric), and the verdict.
     *
     * @param runs every run the claim concerns (for a pooled metric: the runs pooled)
     */
    public record Result(Claim claim, String experiment, List<RunResult> runs, List<Measurement> values,
                         List<Boolean> passed, Verdict verdict, List<Measurement> otherValues,
                         List<Boolean> otherPassed) {
        /** A result without another reading. */
        public Result(Claim claim, String experiment, List<RunResult> runs, List<Measurement> values,
                      List<Boolean> passed, Verdict verdict) {
            this(claim, experiment, runs, values, passed, verdict, List.of(), List.of());
        }

        public int passCount() {
            int n = 0;
            for (boolean b : passed) if (b) n++;
            return n;
        }

        /** Runs that exist (have a summary). */
        public int measuredCount() {
            int n = 0;
            for (RunResult r : runs) if (!r.missing()) n++;
            return n;
        }

        /** Whether one measurement was taken over all the runs together. */
        public boolean pooled() { return claim.metric() instanceof Metric.Pooled; }
    }

    /**
     * A followable source: the paper (seed 002), seed 003 or 004, or IRLab's own finding or check, then where: a
     * parenthesised locator or a § reference.
     */
    static final java.util.regex.Pattern SOURCE =
            java.util.regex.Pattern.compile("(paper|seed 00[34]|IRLab finding|IRLab check) (\\(.+\\)|§.+)");

    /** The groups as written, e.g. "sym-sensing, fig5/corrected". */
    public String runsText() {
        List<String> s = new ArrayList<>();
        for (RunSelector r : runs) s.add(r.toString());
        return String.join(", ", s);
    }

    /**
     * Measures every run the selectors name and decides the verdict; a missing run counts as not passing. A pooled
     * metric is measured once on the runs that exist; it is not measured when none does.
     */
    public Result evaluate(Results results, String ownExperiment) {
        List<RunResult> all = new ArrayList<>();
        for (RunSelector s : runs) all.addAll(results.runs(ownExperiment, s));
        int present = 0;
        for (RunResult r : all) if (!r.missing()) present++;
        List<Measurement> otherValues = new ArrayList<>();
        List<Boolean> otherPassed = new ArrayList<>();
        if (metric instanceof Metric.Pooled pooled) {
            List<RunResult> existing = new ArrayList<>();
            for (RunResult r : all) if (!r.missing()) existing.add(r);
            if (existing.isEmpty()) return new Result(this, ownExperiment, all, List.of(), List.of(), Verdict.NOT_MEASURED);
            Measurement m = pooled.measure(existing, results);
            boolean ok = rule.test(m);
            if (other != null && other.metric() instanceof Metric.Pooled p) {
                Measurement o = p.measure(existing, results);
                otherValues.add(o);
                otherPassed.add(rule.test(o));
            }
            return new Result(this, ownExperiment, all, List.of(m), List.of(ok),
                    ok ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED, otherValues, otherPassed);
        }
        List<Measurement> values = new ArrayList<>(all.size());
        List<Boolean> passed = new ArrayList<>(all.size());
        int pass = 0;
        for (RunResult r : all) {
            Measurement m = metric.measure(r, results);
            boolean ok = !r.missing() && rule.test(m);
            values.add(m);
            passed.add(ok);
            if (ok) pass++;
            if (other != null) {
                Measurement o = other.metric().measure(r, results);
                otherValues.add(o);
                otherPassed.add(!r.missing() && rule.test(o));
            }
        }
        Verdict v = present == 0 ? Verdict.NOT_MEASURED : Verdict.of(pass, all.size(), quantifier);
        return new Result(this, ownExperiment, all, values, passed, v, otherValues, otherPassed);
    }

    static Claim read(SpecNode s, Set<String> groups) {
        String source = s.string("source");
        if (!SOURCE.matcher(source).matches()) {
            throw s.invalid("source", "'" + source + "' is not a followable source: write paper (…), paper §…, seed 003 (…),"
                    + " seed 004 (…), IRLab finding (…) or IRLab check (…), with where the reader finds it");
        }
        String text = s.string("claim");
        List<RunSelector> selectors = new ArrayList<>();
        if (s.has("run") == s.has("runs")) throw s.invalid("run", "give either run (one group) or runs (a list)");
        if (s.has("run")) {
            selectors.add(selector(s, "run", s.string("run"), groups));
        } else {
            var v = s.raw("runs");
            if (!v.isArray() || v.isEmpty()) throw s.invalid("runs", "expected a non-empty array of run names");
            for (var e : v) {
                if (!e.isTextual()) throw s.invalid("runs", "expected run names, got " + e);
                selectors.add(selector(s, "runs", e.asText(), groups));
            }
        }
        Metric metric = Metric.read(s.child("metric"));
        for (RunSelector other : metric.selectors()) {
            if (other.experiment() == null && !groups.contains(other.group())) {
                throw s.invalid("metric", "no run named '" + other.group() + "' (runs: " + String.join(", ", groups) + ")");
            }
        }
        Rule rule = Rule.read(s.child("rule"));
        Reading other = null;
        if (s.has("otherReading")) {
            SpecNode o = s.child("otherReading");
            other = new Reading(o.string("label"), Metric.read(o.child("metric")));
            o.finish();
            if ((other.metric() instanceof Metric.Pooled) != (metric instanceof Metric.Pooled)) {
                throw s.invalid("otherReading", "must be pooled exactly when the claim's metric is");
            }
            for (RunSelector sel : other.metric().selectors()) {
                if (sel.experiment() == null && !groups.contains(sel.group())) {
                    throw s.invalid("otherReading", "no run named '" + sel.group() + "'");
                }
            }
        }
        String note = s.string("note", "");
        Verdict.Quantifier quantifier = s.choice("quantifier", Verdict.Quantifier.class, "every");
        if (metric instanceof Metric.Pooled && quantifier != Verdict.Quantifier.EVERY) {
            throw s.invalid("quantifier", "a pooled metric gives one value: no quantifier");
        }
        s.finish();
        return new Claim(source, text, List.copyOf(selectors), metric, rule, note, quantifier, other);
    }

    private static RunSelector selector(SpecNode s, String key, String text, Set<String> groups) {
        RunSelector selector;
        try {
            selector = RunSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw s.invalid(key, e.getMessage());
        }
        if (selector.experiment() == null && !groups.contains(selector.group())) {
            throw s.invalid(key, "no run named '" + selector.group() + "' (runs: " + String.join(", ", groups) + ")");
        }
        return selector;
    }
}
