package org.irlab.report;

import java.util.List;

/**
 * A drawn plot of the report as data: a grid of panels (small multiples, one per problem) that share the y axis and a
 * legend. Trace plots hold, per run group, the median over its seeds as a line with the min–max band and each seed as
 * a thin line; residual-growth plots hold one dot series per run with the fitted and reference lines. Painted as SVG
 * (inline in the page, and as a file) and PNG by {@link ChartPainter}, from the same coordinates.
 *
 * @param title  the full title (wrapped, never cut)
 * @param logY   whether the y axis is logarithmic (decade ticks)
 * @param sharedX a scatter plot: the panels share their x range too, and both axes include the origin
 * @param legend one entry per run group, then the fitted and reference lines
 * @param notes  what could not be drawn and why, or how it was drawn (shown under the plot)
 */
public record Chart(String title, String xLabel, String yLabel, boolean logY, boolean sharedX, List<Panel> panels,
                    List<LegendEntry> legend, List<String> notes) {

    /** How a series is drawn. */
    public enum Kind {
        /** One run (seed) of a group: a thin line. */
        RUN,
        /** The median over the seeds of a group: a thick line. */
        MEDIAN,
        /** The min–max band over the seeds of a group ({@code low} and {@code high} hold the edges). */
        BAND,
        /** One run's points of a scatter plot. */
        POINTS,
        /** A least-squares line. */
        FIT,
        /** A reference line y = slope·x (dashed). */
        REFERENCE
    }

    /**
     * One series of a panel, with finite coordinates (positive y on a log axis).
     *
     * @param group the run group (or fit/reference name): clicking its legend entry hides every series of it
     * @param label the group's legend text, shown when hovering
     * @param which the seed ("seed 3"), "median of 6 seeds", or the line's name, shown when hovering
     * @param style the index into {@link ChartPainter#COLORS} and dash patterns of the group
     * @param low   lower edge of a band (null otherwise)
     * @param high  upper edge of a band (null otherwise)
     */
    public record Series(String group, String label, String which, int style, Kind kind, double[] x, double[] y,
                         double[] low, double[] high) {
        /** A series that is not a band. */
        public Series(String group, String label, String which, int style, Kind kind, double[] x, double[] y) {
            this(group, label, which, style, kind, x, y, null, null);
        }

        /** Whether this series shows one run (the hover reports its seed). */
        public boolean isRun() { return kind == Kind.RUN || kind == Kind.POINTS; }
    }

    /** One panel: a problem (or "all trajectories") and its series. */
    public record Panel(String title, List<Series> series) {}

    /**
     * A legend entry.
     *
     * @param runs how many runs of the group are drawn (0 for a fit or reference line)
     */
    public record LegendEntry(String group, String label, int style, Kind kind, int runs) {}

    /** The number of runs drawn (the fitted and reference lines are not runs). */
    public int runs() {
        int n = 0;
        for (LegendEntry e : legend) n += e.runs();
        return n;
    }

    /** Whether anything was drawn. */
    public boolean isEmpty() { return panels.isEmpty(); }
}
