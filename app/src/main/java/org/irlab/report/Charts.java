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

/** Draws {@link TracePlot}s: PNG with XChart, SVG with {@link SvgChart} from the same (thinned) points. */
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
    public record Drawn(TracePlot plot, XYChart chart, List<SvgChart.Line> lines, boolean log, String yLabel,
                        List<String> notes) {
        public int series() { return lines.size(); }
    }

    /** Builds the chart of a plot from the loaded runs. */
    public static Drawn draw(TracePlot plot, Experiment experiment, Results results) {
        List<String> notes = new ArrayList<>();
        List<SvgChart.Line> lines = new ArrayList<>();
        int groupIndex = 0;
        for (RunSelector sel : plot.selectors(experiment)) {
            Color color = PALETTE[groupIndex++ % PALETTE.length];
            List<RunResult> runs = results.runs(experiment.name(), sel);
            if (runs.isEmpty()) {
                notes.add(sel + ": not run");
                continue;
            }
            boolean legendShown = false;
            for (RunResult run : runs) {
                if (run.missing() || run.trace() == null) {
                    notes.add(run.name() + ": no outputs");
                    continue;
                }
                double[] y = run.trace().column(plot.column());
                if (y == null) {
                    notes.add(run.name() + ": no column " + plot.column());
                    continue;
                }
                double[][] points = drawable(run.trace().iterations(), y, plot.log());
                if (points[0].length == 0) {
                    notes.add(run.name() + ": no " + (plot.log() ? "positive finite " : "finite ") + plot.column()
                            + " value to draw");
                    continue;
                }
                double[][] kept = decimate(points[0], points[1], MAX_POINTS);
                String legend = run.group().label() + (sel.experiment() != null ? " (" + sel.experiment() + ")" : "")
                        + (runs.size() > 1 ? " (" + runs.size() + " seeds)" : "");
                lines.add(new SvgChart.Line(run.name(), legend, !legendShown, color, kept[0], kept[1]));
                legendShown = true;
            }
        }
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
                lines.replaceAll(l -> new SvgChart.Line(l.name(), l.label(), l.inLegend(), l.color(), l.x(), log10(l.y())));
            }
        }
        if (lines.isEmpty()) return new Drawn(plot, null, List.of(), log, yLabel, notes);
        return new Drawn(plot, chart(plot.title(), yLabel, log, lines), List.copyOf(lines), log, yLabel, notes);
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
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
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
        TracePlot p = drawn.plot();
        return SvgChart.write(p.title(), "iteration", drawn.yLabel(), drawn.log(), drawn.lines(), WIDTH, HEIGHT);
    }
}
