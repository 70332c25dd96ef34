package org.irlab.report;

import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * A plot of one trace column against the iteration, one line per run (seeds of a group share a colour).
 *
 * @param runs    the run groups to draw, in order (empty: every group of the experiment)
 * @param log     logarithmic y axis (points ≤ 0 cannot be drawn there and are left out)
 * @param caption text under the plot in the report (may be empty)
 */
public record TracePlot(String name, String title, String column, String yLabel, boolean log, List<RunSelector> runs,
                        String caption) implements Plot {

    static TracePlot read(SpecNode s, Set<String> groups) {
        String name = Experiment.name(s, "name");
        String title = s.string("title");
        String column = s.string("column");
        String yLabel = s.string("yLabel", column);
        boolean log = s.bool("log", true);
        List<RunSelector> runs = Plot.readRuns(s, groups);
        String caption = s.string("caption", "");
        s.finish();
        return new TracePlot(name, title, column, yLabel, log, runs, caption);
    }
}
