package org.irlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A plot of an experiment, saved as {@code <name>.png} and {@code <name>.svg}: a trace column against the iteration
 * ({@code "kind": "trace"}, the default) or the residual-growth scatter of Figure 6 ({@code "kind": "residual-growth"}).
 */
public sealed interface Plot permits TracePlot, ResidualGrowthPlot {
    /** The plot kinds of an experiment definition. */
    enum Kind { TRACE, RESIDUAL_GROWTH }

    String name();

    String title();

    /** Text under the plot in the report (may be empty). */
    String caption();

    /** The run groups named in the definition (empty: every group of the experiment). */
    List<RunSelector> runs();

    /** The selectors to draw for the given experiment (all its groups when none were named). */
    default List<RunSelector> selectors(Experiment experiment) {
        if (!runs().isEmpty()) return runs();
        List<RunSelector> all = new ArrayList<>();
        for (Experiment.RunGroup g : experiment.groups()) all.add(new RunSelector(null, g.name()));
        return all;
    }

    /** Reads a plot object of either kind. */
    static Plot read(SpecNode s, Set<String> groups) {
        return switch (s.choice("kind", Kind.class, "trace")) {
            case TRACE -> TracePlot.read(s, groups);
            case RESIDUAL_GROWTH -> ResidualGrowthPlot.read(s, groups);
        };
    }

    /** Reads the optional {@code runs} list of a plot, checking local group names. */
    static List<RunSelector> readRuns(SpecNode s, Set<String> groups) {
        List<RunSelector> runs = new ArrayList<>();
        if (!s.has("runs")) return runs;
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
        return List.copyOf(runs);
    }
}
