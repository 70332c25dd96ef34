package org.irlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A plot of one trace column against the iteration, one line per run (seeds of a group share a colour), saved as
 * {@code <name>.png} and {@code <name>.svg}.
 *
 * @param runs    the run groups to draw, in order (empty: every group of the experiment)
 * @param log     logarithmic y axis (points ≤ 0 cannot be drawn there and are left out)
 * @param caption text under the plot in the report (may be empty)
 */
public record TracePlot(String name, String title, String column, String yLabel, boolean log, List<RunSelector> runs,
                        String caption) {

    /** The selectors to draw for the given experiment (all its groups when none were named). */
    public List<RunSelector> selectors(Experiment experiment) {
        if (!runs.isEmpty()) return runs;
        List<RunSelector> all = new ArrayList<>();
        for (Experiment.RunGroup g : experiment.groups()) all.add(new RunSelector(null, g.name()));
        return all;
    }

    static TracePlot read(SpecNode s, Set<String> groups) {
        String name = Experiment.name(s, "name");
        String title = s.string("title");
        String column = s.string("column");
        String yLabel = s.string("yLabel", column);
        boolean log = s.bool("log", true);
        List<RunSelector> runs = new ArrayList<>();
        if (s.has("runs")) {
            var v = s.raw("runs");
            if (!v.isArray() || v.isEmpty()) throw s.invalid("runs", "expected a non-empty array of run names");
            for (var e : v) {
                if (!e.isTextual()) throw s.invalid("runs", "expected run names, got " + e);
                RunSelector sel;
                try {
                    sel = RunSelector.parse(e.asText());
                } catch (IllegalArgumentException ex) {
                    throw s.invalid("runs", ex.getMessage());
                }
                if (sel.experiment() == null && !groups.contains(sel.group())) {
                    throw s.invalid("runs", "no run named '" + sel.group() + "' (runs: " + String.join(", ", groups) + ")");
                }
                runs.add(sel);
            }
        }
        String caption = s.string("caption", "");
        s.finish();
        return new TracePlot(name, title, column, yLabel, log, List.copyOf(runs), caption);
    }
}
