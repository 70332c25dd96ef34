package org.irlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A claim to check: what the paper (or our reference) says, on which runs, the metric measured on each run and the
 * rule it must pass.
 *
 * @param source who makes the claim, e.g. "paper" or "reference" (the NumPy reference of the foundation issue)
 * @param text   the claim in words
 * @param note   extra explanation shown with the result (may be empty)
 */
public record Claim(String source, String text, RunSelector run, Metric metric, Rule rule, String note) {

    /** The outcome of a claim: one measurement per run, and the verdict. */
    public record Result(Claim claim, String experiment, List<RunResult> runs, List<Measurement> values,
                         List<Boolean> passed, Verdict verdict) {
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
    }

    /** Measures every run the selector names and decides the verdict; a missing run counts as not passing. */
    public Result evaluate(Results results, String ownExperiment) {
        List<RunResult> runs = results.runs(ownExperiment, run);
        List<Measurement> values = new ArrayList<>(runs.size());
        List<Boolean> passed = new ArrayList<>(runs.size());
        int pass = 0, present = 0;
        for (RunResult r : runs) {
            Measurement m = metric.measure(r);
            boolean ok = !r.missing() && rule.test(m);
            values.add(m);
            passed.add(ok);
            if (ok) pass++;
            if (!r.missing()) present++;
        }
        Verdict v = present == 0 ? Verdict.NOT_MEASURED : Verdict.of(pass, runs.size());
        return new Result(this, ownExperiment, runs, values, passed, v);
    }

    static Claim read(SpecNode s, Set<String> groups) {
        String source = s.string("source");
        String text = s.string("claim");
        String runText = s.string("run");
        RunSelector selector;
        try {
            selector = RunSelector.parse(runText);
        } catch (IllegalArgumentException e) {
            throw s.invalid("run", e.getMessage());
        }
        if (selector.experiment() == null && !groups.contains(selector.group())) {
            throw s.invalid("run", "no run named '" + selector.group() + "' (runs: " + String.join(", ", groups) + ")");
        }
        Metric metric = Metric.read(s.child("metric"));
        Rule rule = Rule.read(s.child("rule"));
        String note = s.string("note", "");
        s.finish();
        return new Claim(source, text, selector, metric, rule, note);
    }
}
