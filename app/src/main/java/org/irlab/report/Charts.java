package org.irlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link Plot}s: PNG with XChart, SVG with {@link SvgChart} from the same (thinned) points. Trace plots are
 * lines against the iteration; residual-growth plots are the scatter of Figure 6 with its fitted and reference lines.
 */
public final class Charts {
    /** Pixel size of every chart. */
    public static final int WIDTH = 800, HEIGHT = 480;
    /** At most this many points per line (min/max kept per bucket, so spikes survive). */
    static final int MAX_POINTS = 1200;

    /** Distinguishable line colours (one per run group). */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};

    /** A log axis spanning more decades than this is drawn as log10 on a linear axis (XChart labels every decade). */
    static final double MAX_DECADES = 30;

    private Charts() {}

    /**
     * A drawn plot.
     *
     * @param chart  the chart, or null when no run had a value to draw
     * @param lines  the lines drawn, one per run
     * @param log    whether the y axis is logarithmic
     * @param yLabel the y axis label
     * @param notes  what could not be drawn and why, or how it was drawn (shown under the plot)
     */
    public record Drawn(Plot plot, XYChart chart, List<SvgChart.Line> lines, boolean log, String xLabel, String yLabel,
                        List<String> notes) {
        /** The number of runs drawn (the fitted and reference lines of a scatter plot are not runs). */
        public int series() {
            if (!(plot instanceof ResidualGrowthPlot)) return lines.size();
            int n = 0;
            for (SvgChart.Line l : lines) if (l.style() == SvgChart.Style.POINTS) n++;
            return n;
        }
    }

    /** Builds the chart of a plot from the loaded runs. */
    public static Drawn draw(Plot plot, Experiment experiment, Results results) {
        if (plot instanceof TracePlot p) return drawTrace(p, experiment, results);
        return drawResidualGrowth((ResidualGrowthPlot) plot, experiment, results);
    }

    /** The line of one run (null, after adding a note, when it has none); the runs of a group share a colour. */
    private interface RunLine {
        SvgChart.Line draw(RunResult run, RunSelector selector, int seeds, Color color, boolean inLegend);
    }

    /**
     * The lines of every run the selectors name, a colour per selector and one legend entry per group; a selector
     * without runs or a run without outputs gets a note instead.
     */
    private static List<SvgChart.Line> eachRun(List<RunSelector> selectors, Experiment experiment, Results results,
                                               List<String> notes, RunLine line) {
        List<SvgChart.Line> lines = new ArrayList<>();
        int groupIndex = 0;
        for (RunSelector sel : selectors) {
            Color color = PALETTE[groupIndex++ % PALETTE.length];
            List<RunResult> runs = results.runs(experiment.name(), sel);
            if (runs.isEmpty()) {
                notes.add(sel + ": not run");
                continue;
            }
            boolean legendShown = false;
            for (RunResult run : runs) {
                if (run.missing()) {
                    notes.add(run.name() + ": no outputs");
                    continue;
                }
                SvgChart.Line l = line.draw(run, sel, runs.size(), color, !legendShown);
                if (l == null) continue;
                lines.add(l);
                legendShown = true;
            }
        }
        return lines;
    }

    private static Drawn drawTrace(TracePlot plot, Experiment experiment, Results results) {
        List<String> notes = new ArrayList<>();
        List<SvgChart.Line> lines = eachRun(plot.selectors(experiment), experiment, results, notes,
                (run, sel, seeds, color, inLegend) -> {
                    if (run.trace() == null) {
                        notes.add(run.name() + ": no outputs");
                        return null;
                    }
                    double[] y = run.trace().column(plot.column());
                    if (y == null) {
                        notes.add(run.name() + ": no column " + plot.column());
                        return null;
                    }
                    double[][] points = drawable(run.trace().iterations(), y, plot.log());
                    if (points[0].length == 0) {
                        notes.add(run.name() + ": no " + (plot.log() ? "positive finite " : "finite ") + plot.column()
                                + " value to draw");
                        return null;
                    }
                    double[][] kept = decimate(points[0], points[1], MAX_POINTS);
                    String legend = run.group().label() + (sel.experiment() != null ? " (" + sel.experiment() + ")" : "")
                            + (seeds > 1 ? " (" + seeds + " seeds)" : "");
                    return new SvgChart.Line(run.name(), legend, inLegend, color, kept[0], kept[1]);
                });
        boolean log = plot.log();
        String yLabel = plot.yLabel();
        if (log && !lines.isEmpty()) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (SvgChart.Line l : lines) {
                for (double v : l.y()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double decades = Math.log10(hi / lo);
            if (decades > MAX_DECADES) {
                log = false;
                yLabel = "log10 of " + yLabel;
                notes.add("the values span " + Math.round(decades) + " decades, so log10 of them is drawn on a linear axis");
                lines.replaceAll(l -> new SvgChart.Line(l.name(), l.label(), l.inLegend(), l.color(), l.x(), log10(l.y()),
                        l.style()));
            }
        }
        if (lines.isEmpty()) return new Drawn(plot, null, List.of(), log, "iteration", yLabel, notes);
        return new Drawn(plot, chart(plot.title(), yLabel, log, lines), List.copyOf(lines), log, "iteration", yLabel,
                notes);
    }

    /**
     * Figure 6: one point series per run (the runs of a group share a colour), then the least-squares line through
     * the origin over every point and the reference lines, over the x range of the points.
     */
    private static Drawn drawResidualGrowth(ResidualGrowthPlot plot, Experiment experiment, Results results) {
        List<String> notes = new ArrayList<>();
        List<org.irlab.experiment.Fig6.Point> all = new ArrayList<>();
        List<SvgChart.Line> lines = eachRun(plot.selectors(experiment), experiment, results, notes,
                (run, sel, seeds, color, inLegend) -> {
                    if (run.directory() == null) {
                        notes.add(run.name() + ": no outputs");
                        return null;
                    }
                    List<org.irlab.experiment.Fig6.Point> points;
                    try {
                        points = org.irlab.experiment.Fig6.points(run.directory());
                    } catch (org.irlab.experiment.SpecException e) {
                        notes.add(run.name() + ": " + e.getMessage());
                        return null;
                    }
                    if (points.isEmpty()) return null; // x⊥ = 0 along the run (e.g. the origin was returned)
                    all.addAll(points);
                    double[] x = new double[points.size()], y = new double[points.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = points.get(i).etaCumulativeDeviationRate();
                        y[i] = points.get(i).residualGrowthLog();
                    }
                    String legend = run.group().label() + (sel.experiment() != null ? " (" + sel.experiment() + ")" : "");
                    return new SvgChart.Line(run.name(), legend, inLegend, color, x, y, SvgChart.Style.POINTS);
                });
        if (lines.isEmpty()) {
            return new Drawn(plot, null, List.of(), false, ResidualGrowthPlot.X_LABEL, ResidualGrowthPlot.Y_LABEL, notes);
        }
        double lo = 0, hi = 0;
        for (org.irlab.experiment.Fig6.Point p : all) {
            lo = Math.min(lo, p.etaCumulativeDeviationRate());
            hi = Math.max(hi, p.etaCumulativeDeviationRate());
        }
        org.irlab.experiment.Fig6.LineFit fit = org.irlab.experiment.Fig6.fit(all).throughOrigin();
        if (Double.isFinite(fit.slope())) {
            lines.add(new SvgChart.Line("fit", "least squares: y = " + Format.number(fit.slope()) + " x (" + all.size()
                    + " points)", true, Color.BLACK, new double[] {lo, hi},
                    new double[] {fit.slope() * lo, fit.slope() * hi}, SvgChart.Style.LINE));
        }
        int r = 0;
        for (ResidualGrowthPlot.Reference ref : plot.references()) {
            Color color = REFERENCE_COLORS[r++ % REFERENCE_COLORS.length];
            lines.add(new SvgChart.Line("reference " + Format.exact(ref.slope()), ref.label(), true, color,
                    new double[] {lo, hi}, new double[] {ref.slope() * lo, ref.slope() * hi}, SvgChart.Style.DASHED));
        }
        return new Drawn(plot, scatterChart(plot.title(), lines), List.copyOf(lines), false, ResidualGrowthPlot.X_LABEL,
                ResidualGrowthPlot.Y_LABEL, notes);
    }

    /**
     * Colours of reference lines in the order given: blue then red, as the paper's Figure 6 draws y = x/3 and
     * y = x/2 (listed in that order in fig6.json), then grey.
     */
    static final Color[] REFERENCE_COLORS = {new Color(0x1f4fb4), new Color(0xd62728), new Color(0x555555)};

    /**
     * Places the legend: one row below the plot when it fits (XChart does not wrap legend rows), else a column to
     * the right of the plot.
     */
    static void placeLegend(Styler st, List<SvgChart.Line> lines) {
        double width = 0;
        for (SvgChart.Line l : lines) if (l.inLegend()) width += LEGEND_GAP + LEGEND_CHAR * l.label().length();
        boolean row = width <= WIDTH - 2 * LEGEND_GAP;
        st.setLegendPosition(row ? Styler.LegendPosition.OutsideS : Styler.LegendPosition.OutsideE);
        st.setLegendLayout(row ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
    }

    /** Estimated legend text width per character and per-entry overhead (swatch, padding), in pixels. */
    static final double LEGEND_CHAR = 6.6, LEGEND_GAP = 40;

    /** The XChart scatter chart: points as dots, the fitted line solid, reference lines dashed. */
    static XYChart scatterChart(String title, List<SvgChart.Line> lines) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(ResidualGrowthPlot.X_LABEL).yAxisTitle(ResidualGrowthPlot.Y_LABEL).build();
        var st = chart.getStyler();
        placeLegend(st, lines);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBorderColor(Color.WHITE);
        st.setMarkerSize((int) SvgChart.DOT);
        for (SvgChart.Line l : lines) {
            XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
            s.setLabel(l.label());
            s.setShowInLegend(l.inLegend());
            if (l.style() == SvgChart.Style.POINTS) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(new Color(l.color().getRed(), l.color().getGreen(), l.color().getBlue(), 190));
            } else {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(l.color());
                s.setLineStyle(l.style() == SvgChart.Style.DASHED
                        ? new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f)
                        : new BasicStroke(1.6f));
            }
        }
        return chart;
    }

    private static double[] log10(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) out[i] = Math.log10(y[i]);
        return out;
    }

    /** The XChart line chart of the given lines. */
    static XYChart chart(String title, String yLabel, boolean log, List<SvgChart.Line> lines) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("iteration").yAxisTitle(yLabel).build();
        var st = chart.getStyler();
        st.setYAxisLogarithmic(log);
        placeLegend(st, lines);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBorderColor(Color.WHITE);
        st.setXAxisDecimalPattern("#,##0");
        if (log) st.setYAxisDecimalPattern("0.#E0");
        st.setMarkerSize(0);
        st.setXAxisTickMarkSpacingHint(90);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (SvgChart.Line l : lines) {
            lo = Math.min(lo, l.x()[0]);
            hi = Math.max(hi, l.x()[l.x().length - 1]);
        }
        double[] ticks = SvgChart.niceTicks(lo, hi, 8);
        st.setXAxisMin(ticks[0]);
        st.setXAxisMax(ticks[ticks.length - 1]);
        // XChart 3.8.8 labels the data points themselves (0, 42, 84, …) when the x values of all series, in the
        // order the series were added, form one arithmetic sequence, as consecutive iterations do. A disabled
        // first series listing the bounds in descending order breaks that sequence, so XChart falls back to round
        // tick steps; it draws nothing and is not in the legend.
        XYSeries bounds = chart.addSeries(AXIS_BOUNDS, new double[] {ticks[ticks.length - 1], ticks[0]},
                new double[] {lines.get(0).y()[0], lines.get(0).y()[0]});
        bounds.setEnabled(false);
        bounds.setShowInLegend(false);
        for (SvgChart.Line l : lines) {
            XYSeries s = chart.addSeries(l.name(), l.x(), l.y());
            s.setLabel(l.label());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(l.color());
            s.setLineStyle(new BasicStroke(1.4f));
            s.setShowInLegend(l.inLegend());
        }
        return chart;
    }

    /** Name of the disabled helper series of {@link #chart}. */
    static final String AXIS_BOUNDS = "(x-axis bounds)";

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

    /**
     * Thins a line to at most {@code max} points: the first and last point, and in each of (max − 2)/2 buckets the
     * points holding the bucket's minimum and maximum y, in their original order.
     */
    static double[][] decimate(double[] x, double[] y, int max) {
        int n = x.length;
        if (n <= max) return new double[][] {x.clone(), y.clone()};
        if (max < 4) throw new IllegalArgumentException("max must be at least 4");
        int buckets = (max - 2) / 2;
        double[] ox = new double[max], oy = new double[max];
        int k = 0;
        ox[k] = x[0];
        oy[k++] = y[0];
        int inner = n - 2;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) inner * b / buckets), to = 1 + (int) ((long) inner * (b + 1) / buckets);
            if (from >= to) continue;
            int lo = from, hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            int first = Math.min(lo, hi), second = Math.max(lo, hi);
            ox[k] = x[first];
            oy[k++] = y[first];
            if (second != first) {
                ox[k] = x[second];
                oy[k++] = y[second];
            }
        }
        ox[k] = x[n - 1];
        oy[k++] = y[n - 1];
        return new double[][] {Arrays.copyOf(ox, k), Arrays.copyOf(oy, k)};
    }

    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
    }

    /** The same lines as the PNG, as a compact SVG document. */
    public static String svg(Drawn drawn) {
        return SvgChart.write(drawn.plot().title(), drawn.xLabel(), drawn.yLabel(), drawn.log(), drawn.lines(), WIDTH,
                HEIGHT);
    }
}
