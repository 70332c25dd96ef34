package org.irlab.report;

import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A plot of one trace column against the iteration: per run group the median over its seeds with the min–max band
 * and each seed as a thin line, one panel per problem (or all groups in one panel).
 *
 * @param runs    the run groups to draw, in order (empty: every group of the experiment)
 * @param log     logarithmic y axis (points ≤ 0 cannot be drawn there and are left out)
 * @param caption text under the plot in the report (may be empty)
 * @param panels  how the groups are spread over panels ({@code "panels"}: {@code problem}, the default, or
 *                {@code one})
 */
public record TracePlot(String name, String title, String column, String yLabel, boolean log, List<RunSelector> runs,
                        String caption, Panels panels) implements Plot {
    /** How the groups of a trace plot are spread over panels. */
    public enum Panels {
        /** One panel per problem type (groups of the same problem share a panel). */
        PROBLEM,
        /** Every group in one panel. */
        ONE
    }

    static TracePlot read(SpecNode s, Set<String> groups) {
        String name = Experiment.name(s, "name");
        String title = s.string("title");
        String column = s.string("column");
        String yLabel = s.string("yLabel", column);
        boolean log = s.bool("log", true);
        List<RunSelector> runs = Plot.readRuns(s, groups);
        String caption = s.string("caption", "");
        Panels panels = s.choice("panels", Panels.class, "problem");
        s.finish();
        return new TracePlot(name, title, column, yLabel, log, runs, caption, panels);
    }
}
