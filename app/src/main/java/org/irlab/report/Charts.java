package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.Fig6;
import org.irlab.experiment.SpecException;

/**
 * Turns a {@link Plot} and the runs it names into a {@link Chart}: one panel per problem, and per run group the
 * median over its seeds with the min–max band plus each seed as a thin line (trace plots), or the Figure 6 dots of
 * every run with the least-squares and reference lines (residual-growth plots). {@link ChartPainter} draws it.
 */
public final class Charts {
    /** A log axis spanning more decades than this is drawn as log10 on a linear axis. */
    static final double MAX_DECADES = 30;

    /** Panel names of the problem types (others: the type with spaces). */
    private static final Map<String, String> PROBLEMS = Map.of(
            "symmetric-sensing", "symmetric sensing", "asymmetric-sensing", "asymmetric sensing",
            "symmetric-completion", "symmetric completion", "asymmetric-completion", "asymmetric completion",
            "symmetric-one-bit", "symmetric 1-bit completion", "asymmetric-one-bit", "asymmetric 1-bit completion",
            "sparse-recovery", "sparse recovery", "least-squares", "least squares",
            "deep-factorization", "deep matrix factorization");

    private Charts() {}

    /** Builds the chart of a plot from the loaded runs. */
    public static Chart draw(Plot plot, Experiment experiment, Results results) {
        if (plot instanceof TracePlot p) return drawTrace(p, experiment, results);
        return drawResidualGrowth((ResidualGrowthPlot) plot, experiment, results);
    }

    /** The runs of one group that have outputs, with the group's legend text and style. */
    private record Group(String name, String label, int style, List<RunResult> runs) {}

    /** The groups the selectors name, one style each; a selector without runs or a missing run gets a note. */
    private static List<Group> groups(List<RunSelector> selectors, Experiment experiment, Results results,
                                      List<String> notes) {
        List<Group> out = new ArrayList<>();
        int style = 0;
        for (RunSelector sel : selectors) {
            List<RunResult> runs = results.runs(experiment.name(), sel);
            int s = style++;
            if (runs.isEmpty()) {
                notes.add(sel + ": not run");
                continue;
            }
            List<RunResult> present = new ArrayList<>();
            for (RunResult run : runs) {
                if (run.missing()) notes.add(run.name() + ": no outputs");
                else present.add(run);
            }
            String label = runs.get(0).group().label() + (sel.experiment() != null ? " (" + sel.experiment() + ")" : "");
            out.add(new Group(sel.toString(), label, s, present));
        }
        return out;
    }

    /** The problem a run solves, as a panel title ("" when unknown). */
    static String problem(RunResult run) {
        JsonNode s = run.summary();
        if (s == null) return "";
        String type = s.path("problem").asText("");
        if (type.isEmpty()) type = s.path("spec").path("problem").path("type").asText("");
        if (type.isEmpty()) type = s.path("spec").path("input").path("dataset").asText("");
        return PROBLEMS.getOrDefault(type, type.replace('-', ' '));
    }

    private static Chart drawTrace(TracePlot plot, Experiment experiment, Results results) {
        List<String> notes = new ArrayList<>();
        List<Group> groups = groups(plot.selectors(experiment), experiment, results, notes);
        // per group: each run's drawable points
        Map<Group, List<double[][]>> lines = new LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Group g : groups) {
            List<double[][]> drawn = new ArrayList<>();
            for (RunResult run : g.runs()) {
                double[][] points = null;
                if (run.trace() == null) notes.add(run.name() + ": no outputs");
                else if (run.trace().column(plot.column()) == null) notes.add(run.name() + ": no column " + plot.column());
                else points = drawable(run.trace().iterations(), run.trace().column(plot.column()), plot.log());
                if (points != null && points[0].length == 0) {
                    notes.add(run.name() + ": no " + (plot.log() ? "positive finite " : "finite ") + plot.column()
                            + " value to draw");
                    points = null;
                }
                drawn.add(points);
                if (points == null) continue;
                for (double v : points[1]) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            lines.put(g, drawn);
        }
        boolean log = plot.log();
        String yLabel = plot.yLabel();
        if (log && hi >= lo && Math.log10(hi / lo) > MAX_DECADES) {
            log = false;
            yLabel = "log₁₀ of " + yLabel;
            notes.add("the values span " + Math.round(Math.log10(hi / lo)) + " decades, so log₁₀ of them is drawn on a"
                    + " linear axis");
            for (List<double[][]> drawn : lines.values()) {
                for (double[][] p : drawn) if (p != null) p[1] = log10(p[1]);
            }
        }
        Map<String, List<Chart.Series>> panels = new LinkedHashMap<>();
        List<Chart.LegendEntry> legend = new ArrayList<>();
        for (Map.Entry<Group, List<double[][]>> e : lines.entrySet()) {
            Group g = e.getKey();
            List<double[][]> runs = new ArrayList<>();
            List<Chart.Series> series = new ArrayList<>();
            for (int i = 0; i < g.runs().size(); i++) {
                double[][] p = e.getValue().get(i);
                if (p == null) continue;
                runs.add(p);
                series.add(new Chart.Series(g.name(), g.label(), "seed " + g.runs().get(i).seed(), g.style(),
                        Chart.Kind.RUN, p[0], p[1]));
            }
            if (runs.isEmpty()) continue;
            List<Chart.Series> inPanel = panels.computeIfAbsent(
                    plot.panels() == TracePlot.Panels.PROBLEM ? problem(g.runs().get(0)) : "", k -> new ArrayList<>());
            if (runs.size() > 1) {
                double[][] m = median(runs);
                inPanel.add(new Chart.Series(g.name(), g.label(), "min–max of " + runs.size() + " seeds", g.style(),
                        Chart.Kind.BAND, m[0], m[1], m[2], m[3]));
                inPanel.addAll(series);
                inPanel.add(new Chart.Series(g.name(), g.label(), "median of " + runs.size() + " seeds", g.style(),
                        Chart.Kind.MEDIAN, m[0], m[1]));
            } else {
                Chart.Series only = series.get(0);
                inPanel.add(new Chart.Series(only.group(), only.label(), only.which(), only.style(), Chart.Kind.MEDIAN,
                        only.x(), only.y()));
            }
            legend.add(new Chart.LegendEntry(g.name(), g.label(), g.style(), Chart.Kind.MEDIAN, runs.size()));
        }
        return new Chart(plot.title(), "iteration t (steps)", yLabel, log, false, panels(panels), List.copyOf(legend),
                List.copyOf(notes));
    }

    private static List<Chart.Panel> panels(Map<String, List<Chart.Series>> byTitle) {
        List<Chart.Panel> out = new ArrayList<>();
        boolean single = byTitle.size() == 1;
        byTitle.forEach((title, series) -> out.add(new Chart.Panel(single ? "" : title, List.copyOf(series))));
        return List.copyOf(out);
    }

    /**
     * Median and min–max of several runs on the union of their x values: each run holds its value until its next
     * row, and its last value after it ends (a run that stopped keeps its final state); before its first row it is
     * left out. Returns {x, median, min, max}.
     */
    static double[][] median(List<double[][]> runs) {
        int total = 0;
        for (double[][] r : runs) total += r[0].length;
        double[] all = new double[total];
        int k = 0;
        for (double[][] r : runs) for (double x : r[0]) all[k++] = x;
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < total; i++) if (i == 0 || all[i] != all[i - 1]) all[n++] = all[i];
        double[] x = Arrays.copyOf(all, n), median = new double[n], min = new double[n], max = new double[n];
        int[] at = new int[runs.size()];
        double[] values = new double[runs.size()];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int r = 0; r < runs.size(); r++) {
                double[] rx = runs.get(r)[0];
                while (at[r] + 1 < rx.length && rx[at[r] + 1] <= x[i]) at[r]++;
                if (rx[at[r]] <= x[i]) values[m++] = runs.get(r)[1][at[r]];
            }
            Arrays.sort(values, 0, m);
            median[i] = m % 2 == 1 ? values[m / 2] : 0.5 * (values[m / 2 - 1] + values[m / 2]);
            min[i] = values[0];
            max[i] = values[m - 1];
        }
        return new double[][] {x, median, min, max};
    }

    /**
     * Figure 6: a panel with every trajectory and the pooled least-squares line through the origin, then one panel
     * per problem with its own fit; the reference lines in every panel. One dot series per run.
     */
    private static Chart drawResidualGrowth(ResidualGrowthPlot plot, Experiment experiment, Results results) {
        List<String> notes = new ArrayList<>();
        List<Group> groups = groups(plot.selectors(experiment), experiment, results, notes);
        List<Fig6.Point> all = new ArrayList<>();
        Map<String, List<Fig6.Point>> byProblem = new LinkedHashMap<>();
        Map<String, List<Chart.Series>> dots = new LinkedHashMap<>();
        List<Chart.Series> allDots = new ArrayList<>();
        List<Chart.LegendEntry> legend = new ArrayList<>();
        for (Group g : groups) {
            int drawn = 0;
            for (RunResult run : g.runs()) {
                if (run.directory() == null) {
                    notes.add(run.name() + ": no outputs");
                    continue;
                }
                List<Fig6.Point> points;
                try {
                    points = Fig6.points(run.directory());
                } catch (SpecException e) {
                    notes.add(run.name() + ": " + e.getMessage());
                    continue;
                }
                if (points.isEmpty()) continue; // x⊥ = 0 along the run (e.g. the origin was returned)
                all.addAll(points);
                String problem = problem(run);
                byProblem.computeIfAbsent(problem, k -> new ArrayList<>()).addAll(points);
                double[] x = new double[points.size()], y = new double[points.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = points.get(i).etaCumulativeDeviationRate();
                    y[i] = points.get(i).residualGrowthLog();
                }
                Chart.Series s = new Chart.Series(g.name(), g.label(), "seed " + run.seed(), g.style(),
                        Chart.Kind.POINTS, x, y);
                allDots.add(s);
                dots.computeIfAbsent(problem, k -> new ArrayList<>()).add(s);
                drawn++;
            }
            if (drawn > 0) legend.add(new Chart.LegendEntry(g.name(), g.label(), g.style(), Chart.Kind.POINTS, drawn));
        }
        if (all.isEmpty()) {
            return new Chart(plot.title(), ResidualGrowthPlot.X_LABEL, ResidualGrowthPlot.Y_LABEL, false, true,
                    List.of(), List.of(), List.copyOf(notes));
        }
        List<String> slopes = new ArrayList<>();
        slopes.add("all trajectories " + Format.number(Fig6.fit(all).throughOrigin().slope()) + " (" + all.size() + ")");
        if (byProblem.size() > 1) {
            byProblem.forEach((k, v) -> slopes.add(k + " " + Format.number(Fig6.fit(v).throughOrigin().slope()) + " ("
                    + v.size() + ")"));
        }
        notes.add("least-squares slopes through the origin (points): " + String.join(", ", slopes));
        List<Chart.Panel> panels = new ArrayList<>();
        boolean split = byProblem.size() > 1;
        panels.add(new Chart.Panel(split ? "all trajectories" : "", lines(allDots, all, plot, "pooled")));
        if (split) {
            for (Map.Entry<String, List<Fig6.Point>> e : byProblem.entrySet()) {
                panels.add(new Chart.Panel(e.getKey(), lines(dots.get(e.getKey()), e.getValue(), plot, "this problem")));
            }
        }
        legend.add(new Chart.LegendEntry("fit", "least squares through the origin", 0, Chart.Kind.FIT, 0));
        int r = 0;
        for (ResidualGrowthPlot.Reference ref : plot.references()) {
            legend.add(new Chart.LegendEntry("reference-" + r, ref.label(), r++, Chart.Kind.REFERENCE, 0));
        }
        return new Chart(plot.title(), ResidualGrowthPlot.X_LABEL, ResidualGrowthPlot.Y_LABEL, false, true,
                List.copyOf(panels), List.copyOf(legend), List.copyOf(notes));
    }

    /** The dots of a panel, its least-squares line through the origin and the reference lines over its x range. */
    private static List<Chart.Series> lines(List<Chart.Series> dots, List<Fig6.Point> points, ResidualGrowthPlot plot,
                                            String over) {
        List<Chart.Series> out = new ArrayList<>(dots);
        double lo = 0, hi = 0;
        for (Fig6.Point p : points) {
            lo = Math.min(lo, p.etaCumulativeDeviationRate());
            hi = Math.max(hi, p.etaCumulativeDeviationRate());
        }
        Fig6.LineFit fit = Fig6.fit(points).throughOrigin();
        if (Double.isFinite(fit.slope())) {
            out.add(new Chart.Series("fit", "least squares through the origin", "slope " + Format.number(fit.slope())
                    + " over " + points.size() + " points (" + over + ")", 0, Chart.Kind.FIT, new double[] {lo, hi},
                    new double[] {fit.slope() * lo, fit.slope() * hi}));
        }
        int r = 0;
        for (ResidualGrowthPlot.Reference ref : plot.references()) {
            out.add(new Chart.Series("reference-" + r, ref.label(), ref.label(), r++, Chart.Kind.REFERENCE,
                    new double[] {lo, hi}, new double[] {ref.slope() * lo, ref.slope() * hi}));
        }
        return out;
    }

    private static double[] log10(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) out[i] = Math.log10(y[i]);
        return out;
    }

    /** The finite points (positive too, on a log axis) of a line. */
    static double[][] drawable(double[] x, double[] y, boolean log) {
        double[] px = new double[x.length], py = new double[x.length];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!log || y[i] > 0)) {
                px[n] = x[i];
                py[n] = y[i];
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(px, n), Arrays.copyOf(py, n)};
    }
}
