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

    private Charts() {}

    /**
     * A drawn plot.
     *
     * @param chart the chart, or null when no run had a value to draw
     * @param lines the lines drawn, one per run
     * @param notes what could not be drawn and why (shown under the plot)
     */
    public record Drawn(TracePlot plot, XYChart chart, List<SvgChart.Line> lines, List<String> notes) {
        public int series() { return lines.size(); }
    }

    /** Builds the chart of a plot from the loaded runs. */
    public static Drawn draw(TracePlot plot, Experiment experiment, Results results) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(plot.title())
                .xAxisTitle("iteration").yAxisTitle(plot.yLabel()).build();
        var st = chart.getStyler();
        st.setYAxisLogarithmic(plot.log());
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotGridLinesColor(new Color(0xdddddd));
        st.setLegendBorderColor(Color.WHITE);
        st.setXAxisDecimalPattern("#,##0");
        if (plot.log()) st.setYAxisDecimalPattern("0.#E0");
        st.setMarkerSize(0);
        st.setXAxisTickMarkSpacingHint(90);

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
                String label = run.group().label() + (sel.experiment() != null ? " (" + sel.experiment() + ")" : "");
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
                XYSeries s = chart.addSeries(run.name(), kept[0], kept[1]);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(color);
                s.setLineStyle(new BasicStroke(1.4f));
                String legend = label + (runs.size() > 1 ? " (" + runs.size() + " seeds)" : "");
                if (legendShown) {
                    s.setShowInLegend(false);
                } else {
                    s.setLabel(legend);
                }
                lines.add(new SvgChart.Line(legendShown ? run.name() : legend, !legendShown, color, kept[0], kept[1]));
                legendShown = true;
            }
        }
        if (!lines.isEmpty()) {
            // XChart picks odd steps (0, 39, 78, …) on integer ranges; give it round bounds
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (SvgChart.Line l : lines) {
                lo = Math.min(lo, l.x()[0]);
                hi = Math.max(hi, l.x()[l.x().length - 1]);
            }
            double[] ticks = SvgChart.niceTicks(lo, hi, 8);
            st.setXAxisMin(ticks[0]);
            st.setXAxisMax(ticks[ticks.length - 1]);
        }
        return new Drawn(plot, lines.isEmpty() ? null : chart, List.copyOf(lines), notes);
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
        return SvgChart.write(p.title(), "iteration", p.yLabel(), p.log(), drawn.lines(), WIDTH, HEIGHT);
    }
}
