package org.irlab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Lays out and paints a {@link Chart}: the full title wrapped above a grid of panels (one y axis shared by all, decade
 * ticks on a log axis), each panel with its title, ticks and axis labels, and the legend in rows below. Lines are
 * thinned to the pixel grid (the minimum and maximum of each pixel column are kept, so spikes and oscillations
 * survive). The same layout goes to SVG and to PNG.
 */
public final class ChartPainter {
    /** Width of every chart, in pixels. */
    public static final int WIDTH = 960;

    /**
     * Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), without its yellow, which is
     * unreadable on white; groups beyond these cycle with a dash pattern, so no two groups of a chart look alike.
     */
    static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000)};

    /** Dash patterns by cycle of {@link #COLORS} (null: solid). */
    static final float[][] DASHES = {null, {7f, 3f}, {2f, 2.5f}, {9f, 3f, 2f, 3f}};

    /** Fitted line and reference lines of the residual-growth plot: dark, told apart by their dashes. */
    static final Color FIT = new Color(0x222222);
    static final Color[] REFERENCES = {new Color(0x555555), new Color(0x8a1c1c), new Color(0x777777)};
    static final float[][] REFERENCE_DASHES = {{8f, 4f}, {2.5f, 3f}, {12f, 3f, 2f, 3f}};

    private static final Color GRID = new Color(0xe3e3e3), AXIS = new Color(0x444444), TEXT = new Color(0x222222);
    private static final int MARGIN = 10, Y_LABEL = 24, LEGEND_ROW = 18;
    private static final double TITLE_SIZE = 15, PANEL_TITLE = 12.5, TICK = 11, LABEL = 12, LEGEND = 11.5;
    /** Estimated width of a character per pixel of font size (DejaVu Sans runs about 0.55–0.6). */
    static final double CHAR = 0.6;

    private ChartPainter() {}

    /** The style of a group: its colour and dash pattern. */
    static Color color(int style) { return COLORS[style % COLORS.length]; }

    static float[] dash(int style) { return DASHES[(style / COLORS.length) % DASHES.length]; }

    /** The chart as an SVG document (also embeddable in HTML as is). */
    public static String svg(Chart chart, String id) {
        Layout l = layout(chart);
        SvgCanvas c = new SvgCanvas(id, WIDTH, l.height, chart.title(), chart.xLabel(), chart.yLabel());
        paint(chart, l, c, id);
        return c.finish();
    }

    /** The chart as a PNG image of the same layout. */
    public static byte[] png(Chart chart) {
        Layout l = layout(chart);
        PngCanvas c = new PngCanvas(WIDTH, l.height);
        paint(chart, l, c, "png");
        return c.finish();
    }

    /** The height a chart is drawn at. */
    public static int height(Chart chart) { return layout(chart).height; }

    /** Pixel geometry: title lines, grid of cells, legend rows, axis ranges and ticks. */
    private record Layout(List<String> title, int columns, int rows, double cellWidth, double cellHeight, double gridTop,
                          List<List<Chart.LegendEntry>> legend, double legendTop, int height, double[] yTicks,
                          List<double[]> xTicks) {}

    private static Layout layout(Chart chart) {
        List<String> title = wrap(chart.title(), (WIDTH - 2 * MARGIN) / (CHAR * TITLE_SIZE));
        int panels = Math.max(1, chart.panels().size());
        int columns = panels == 1 ? 1 : panels == 2 || panels == 4 ? 2 : 3;
        int rows = (panels + columns - 1) / columns;
        double cellWidth = (WIDTH - 2.0 * MARGIN - Y_LABEL) / columns;
        double cellHeight = panels == 1 ? 380 : columns == 2 ? 280 : 250;
        double gridTop = MARGIN + title.size() * (TITLE_SIZE + 5) + 6;
        List<List<Chart.LegendEntry>> legend = legendRows(chart.legend());
        double legendTop = gridTop + rows * cellHeight + 8;
        int height = (int) Math.ceil(legendTop + legend.size() * LEGEND_ROW + MARGIN);
        double plotHeight = cellHeight - panelTop(chart) - 44;
        double[] yTicks = yTicks(chart, plotHeight);
        List<double[]> xTicks = new ArrayList<>();
        double plotWidth = cellWidth - 70;
        if (chart.sharedX()) {
            double[] shared = xTicks(chart.panels(), plotWidth, true);
            for (int i = 0; i < chart.panels().size(); i++) xTicks.add(shared);
        } else {
            for (Chart.Panel p : chart.panels()) xTicks.add(xTicks(List.of(p), plotWidth, false));
        }
        return new Layout(title, columns, rows, cellWidth, cellHeight, gridTop, legend, legendTop, height, yTicks, xTicks);
    }

    /** Height of a panel's title band. */
    private static double panelTop(Chart chart) {
        for (Chart.Panel p : chart.panels()) if (!p.title().isEmpty()) return 22;
        return 8;
    }

    private static void paint(Chart chart, Layout l, Canvas c, String id) {
        double y = MARGIN + TITLE_SIZE;
        for (String line : l.title()) {
            c.text(WIDTH / 2.0, y, line, TITLE_SIZE, Canvas.Anchor.MIDDLE, true, TEXT, false);
            y += TITLE_SIZE + 5;
        }
        double panelTop = panelTop(chart);
        double gridHeight = l.rows() * l.cellHeight();
        c.text(MARGIN + 13, l.gridTop() + gridHeight / 2, chart.yLabel(), LABEL, Canvas.Anchor.MIDDLE, false, TEXT, true);
        for (int i = 0; i < chart.panels().size(); i++) {
            Chart.Panel p = chart.panels().get(i);
            double cellX = MARGIN + Y_LABEL + (i % l.columns()) * l.cellWidth();
            double cellY = l.gridTop() + (i / l.columns()) * l.cellHeight();
            double left = cellX + 56, right = cellX + l.cellWidth() - 14;
            double top = cellY + panelTop, bottom = cellY + l.cellHeight() - 44;
            double[] xt = l.xTicks().get(i), yt = l.yTicks();
            Axes a = new Axes(left, right, top, bottom, xt[0], xt[xt.length - 1], yt[0], yt[yt.length - 1],
                    chart.logY());
            c.begin("panel", "data-box=\"" + SvgCanvas.f(left) + " " + SvgCanvas.f(top) + " " + SvgCanvas.f(right) + " "
                    + SvgCanvas.f(bottom) + "\" data-x=\"" + a.x0 + " " + a.x1 + "\" data-y=\"" + a.y0 + " " + a.y1
                    + "\" data-log=\"" + (chart.logY() ? 1 : 0) + "\"");
            if (!p.title().isEmpty()) {
                List<String> t = wrap(p.title(), (right - left + 40) / (CHAR * PANEL_TITLE));
                c.text((left + right) / 2, cellY + 15, t.get(0) + (t.size() > 1 ? " …" : ""), PANEL_TITLE,
                        Canvas.Anchor.MIDDLE, true, TEXT, false);
            }
            for (double t : xt) c.line(a.px(t), top, a.px(t), bottom, GRID, 1, null);
            for (double t : yt) c.line(left, a.py(t), right, a.py(t), GRID, 1, null);
            for (double t : xt) {
                c.text(a.px(t), bottom + 14, xTickLabel(t, xt), TICK, Canvas.Anchor.MIDDLE, false, TEXT, false);
            }
            for (double t : yt) {
                c.text(left - 5, a.py(t) + 4, yTickLabel(t, chart.logY(), yt), TICK, Canvas.Anchor.END, false, TEXT, false);
            }
            if (chart.panels().size() == 1) { // several panels share one x label under the grid
                c.text((left + right) / 2, bottom + 31, chart.xLabel(), LABEL, Canvas.Anchor.MIDDLE, false, TEXT, false);
            }
            c.beginClip(id + "-c" + i, left, top, right - left, bottom - top);
            for (Chart.Series s : p.series()) series(c, a, s);
            c.end();
            c.rectangle(left, top, right - left, bottom - top, AXIS, null);
            c.end();
        }
        if (chart.panels().size() > 1) {
            c.text(MARGIN + Y_LABEL + (WIDTH - MARGIN - Y_LABEL) / 2.0, l.gridTop() + gridHeight - 12, chart.xLabel(), LABEL,
                    Canvas.Anchor.MIDDLE, false, TEXT, false);
        }
        legend(c, l);
    }

    /** Data-to-pixel mapping of one panel (y0, y1 in log10 units on a log axis). */
    private record Axes(double left, double right, double top, double bottom, double x0, double x1, double y0,
                        double y1, boolean log) {
        double px(double x) { return left + (x - x0) * (right - left) / (x1 - x0); }

        double py(double y) { return bottom - (y - y0) * (bottom - top) / (y1 - y0); }
    }

    private static void series(Canvas c, Axes a, Chart.Series s) {
        boolean log = a.log();
        String tag = "data-g=\"" + Html.escape(s.group()) + "\" data-w=\"" + Html.escape(s.which()) + "\"";
        switch (s.kind()) {
            case BAND -> {
                double[][] lo = pixels(a, s.x(), s.low(), log), hi = pixels(a, s.x(), s.high(), log);
                int[] starts = envelope(lo[0], 3);
                int n = starts.length - 1;
                double[] bx = new double[n], top = new double[n], bottom = new double[n];
                for (int b = 0; b < n; b++) {
                    double min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY, sumX = 0;
                    for (int i = starts[b]; i < starts[b + 1]; i++) {
                        min = Math.max(min, lo[1][i]); // pixel y grows downwards: the low edge is the largest py
                        max = Math.min(max, hi[1][i]);
                        sumX += lo[0][i];
                    }
                    bx[b] = sumX / (starts[b + 1] - starts[b]);
                    top[b] = max;
                    bottom[b] = min;
                }
                int[] upper = simplify(bx, top, BAND_TOLERANCE), lower = simplify(bx, bottom, BAND_TOLERANCE);
                double[] px = new double[upper.length + lower.length], py = new double[px.length];
                int k = 0;
                for (int i : upper) { px[k] = bx[i]; py[k++] = top[i]; }
                for (int j = lower.length - 1; j >= 0; j--) { px[k] = bx[lower[j]]; py[k++] = bottom[lower[j]]; }
                c.polygon(px, py, k, color(s.style()), 0.16, "band", tag);
            }
            case RUN, MEDIAN -> {
                boolean run = s.kind() == Chart.Kind.RUN;
                double[][] p = pixels(a, s.x(), s.y(), log);
                int[] columns = thin(p[0], p[1], run ? 2 : 1);
                double[] cx = new double[columns.length], cy = new double[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    cx[i] = p[0][columns[i]];
                    cy[i] = p[1][columns[i]];
                }
                int[] keep = simplify(cx, cy, run ? RUN_TOLERANCE : LINE_TOLERANCE);
                double[] px = new double[keep.length], py = new double[keep.length];
                for (int i = 0; i < keep.length; i++) {
                    px[i] = cx[keep[i]];
                    py[i] = cy[keep[i]];
                }
                c.polyline(px, py, keep.length, color(s.style()), run ? 0.9 : 2.2, run ? null : dash(s.style()),
                        run ? 0.4 : 1, run ? "run" : "median", tag);
            }
            case POINTS -> {
                double[][] p = pixels(a, s.x(), s.y(), log);
                c.dots(p[0], p[1], p[0].length, color(s.style()), 5, 0.75, "pts", tag);
            }
            case FIT, REFERENCE -> {
                double[][] p = pixels(a, s.x(), s.y(), log);
                boolean fit = s.kind() == Chart.Kind.FIT;
                c.polyline(p[0], p[1], p[0].length, fit ? FIT : REFERENCES[s.style() % REFERENCES.length],
                        fit ? 1.6 : 1.5, fit ? null : REFERENCE_DASHES[s.style() % REFERENCE_DASHES.length], 1,
                        fit ? "fit" : "ref", tag);
            }
        }
    }

    private static double[][] pixels(Axes a, double[] x, double[] y, boolean log) {
        double[] px = new double[x.length], py = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            px[i] = a.px(x[i]);
            py[i] = a.py(log ? Math.log10(y[i]) : y[i]);
        }
        return new double[][] {px, py};
    }

    /**
     * Largest distance (pixels) a drawn line may stray from the data: medians and fits, seeds, band edges (the seeds'
     * thin translucent lines and the bands within a pixel, which keeps the full report under 1.5 MB).
     */
    static final double LINE_TOLERANCE = 0.25, RUN_TOLERANCE = 1, BAND_TOLERANCE = 1;

    /**
     * Indices to keep of a line in pixels: per pixel column of width {@code step}, the points of least and largest
     * y in their order, plus the first and last point of the line.
     */
    static int[] thin(double[] px, double[] py, double step) {
        int n = px.length;
        int[] keep = new int[n];
        int k = 0, i = 0;
        while (i < n) {
            long column = (long) Math.floor(px[i] / step);
            int j = i, lo = i, hi = i;
            while (j < n && (long) Math.floor(px[j] / step) == column) {
                if (py[j] < py[lo]) lo = j;
                if (py[j] > py[hi]) hi = j;
                j++;
            }
            int[] picks = {i == 0 ? 0 : Math.min(lo, hi), Math.min(lo, hi), Math.max(lo, hi), j == n ? n - 1 : Math.max(lo, hi)};
            for (int p : picks) if (k == 0 || keep[k - 1] < p) keep[k++] = p;
            i = j;
        }
        return Arrays.copyOf(keep, k);
    }

    /**
     * Douglas–Peucker: the indices of a sub-polyline, with both ends, that strays at most {@code tolerance} pixels
     * from every point of the given one (straight stretches, such as a linear rate on a log axis, become one segment).
     */
    static int[] simplify(double[] x, double[] y, double tolerance) {
        int n = x.length;
        if (n <= 2) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        boolean[] keep = new boolean[n];
        keep[0] = keep[n - 1] = true;
        int[] stack = new int[2 * n];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n - 1;
        while (top > 0) {
            int b = stack[--top], a = stack[--top];
            double dx = x[b] - x[a], dy = y[b] - y[a], length = Math.hypot(dx, dy);
            int worst = -1;
            double far = tolerance;
            for (int i = a + 1; i < b; i++) {
                double d = length == 0 ? Math.hypot(x[i] - x[a], y[i] - y[a])
                        : Math.abs(dy * (x[i] - x[a]) - dx * (y[i] - y[a])) / length;
                if (d > far) {
                    far = d;
                    worst = i;
                }
            }
            if (worst < 0) continue;
            keep[worst] = true;
            stack[top++] = a;
            stack[top++] = worst;
            stack[top++] = worst;
            stack[top++] = b;
        }
        int k = 0;
        for (boolean v : keep) if (v) k++;
        int[] out = new int[k];
        k = 0;
        for (int i = 0; i < n; i++) if (keep[i]) out[k++] = i;
        return out;
    }

    /** Start indices of the pixel columns of width {@code step} (and n at the end): the buckets of a band. */
    static int[] envelope(double[] px, double step) {
        int n = px.length;
        int[] starts = new int[n + 1];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || Math.floor(px[i] / step) != Math.floor(px[i - 1] / step)) starts[k++] = i;
        }
        starts[k++] = n;
        return Arrays.copyOf(starts, k);
    }

    private static void legend(Canvas c, Layout l) {
        double y = l.legendTop() + 12;
        c.begin("legend", "");
        for (List<Chart.LegendEntry> row : l.legend()) {
            double width = 0;
            for (Chart.LegendEntry e : row) width += itemWidth(e);
            double x = (WIDTH - width) / 2;
            for (Chart.LegendEntry e : row) {
                c.begin("item", "data-g=\"" + Html.escape(e.group()) + "\" data-label=\"" + Html.escape(e.label())
                        + "\" role=\"button\" tabindex=\"0\"");
                c.rectangle(x - 2, y - 12, itemWidth(e) - 10, 16, null, Color.WHITE);
                switch (e.kind()) {
                    case POINTS -> c.dots(new double[] {x + 8, x + 16}, new double[] {y - 4, y - 4}, 2, color(e.style()),
                            5, 0.9, "", "");
                    case FIT -> c.line(x, y - 4, x + 24, y - 4, FIT, 1.6, null);
                    case REFERENCE -> c.line(x, y - 4, x + 24, y - 4, REFERENCES[e.style() % REFERENCES.length], 1.5,
                            REFERENCE_DASHES[e.style() % REFERENCE_DASHES.length]);
                    default -> {
                        if (e.runs() > 1) c.rectangle(x, y - 9, 24, 10, null, blend(color(e.style()), 0.16));
                        c.line(x, y - 4, x + 24, y - 4, color(e.style()), 2.2, dash(e.style()));
                    }
                }
                c.text(x + 30, y, e.label() + (e.runs() > 1 ? " (" + e.runs() + " seeds)" : ""), LEGEND,
                        Canvas.Anchor.START, false, TEXT, false);
                c.end();
                x += itemWidth(e);
            }
            y += LEGEND_ROW;
        }
        c.end();
    }

    /** A colour mixed with white (a band's colour in the legend, where no line lies under it). */
    private static Color blend(Color color, double alpha) {
        return new Color((int) Math.round(255 + alpha * (color.getRed() - 255)),
                (int) Math.round(255 + alpha * (color.getGreen() - 255)),
                (int) Math.round(255 + alpha * (color.getBlue() - 255)));
    }

    private static double itemWidth(Chart.LegendEntry e) {
        int chars = e.label().length() + (e.runs() > 1 ? (" (" + e.runs() + " seeds)").length() : 0);
        return 30 + CHAR * LEGEND * chars + 18;
    }

    private static List<List<Chart.LegendEntry>> legendRows(List<Chart.LegendEntry> entries) {
        List<List<Chart.LegendEntry>> rows = new ArrayList<>();
        List<Chart.LegendEntry> row = new ArrayList<>();
        double used = 0;
        for (Chart.LegendEntry e : entries) {
            double w = itemWidth(e);
            if (!row.isEmpty() && used + w > WIDTH - 2 * MARGIN) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(e);
            used += w;
        }
        if (!row.isEmpty()) rows.add(row);
        return rows;
    }

    /** Splits a text at spaces into lines of at most {@code chars} characters (a longer word gets its own line). */
    static List<String> wrap(String text, double chars) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > chars) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) lines.add(line.toString());
        return lines;
    }

    /** The y ticks shared by all panels: decades (log10 units) on a log axis, round steps otherwise. */
    private static double[] yTicks(Chart chart, double plotHeight) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Chart.Panel p : chart.panels()) {
            for (Chart.Series s : p.series()) {
                if (s.kind() == Chart.Kind.FIT || s.kind() == Chart.Kind.REFERENCE) continue;
                for (double[] v : new double[][] {s.y(), s.low(), s.high()}) {
                    if (v == null) continue;
                    for (double y : v) {
                        double t = chart.logY() ? Math.log10(y) : y;
                        lo = Math.min(lo, t);
                        hi = Math.max(hi, t);
                    }
                }
            }
        }
        if (!(lo <= hi)) { lo = 0; hi = 1; }
        if (chart.sharedX()) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); } // a scatter shows its origin
        int target = (int) Math.max(3, Math.min(8, plotHeight / 32));
        return chart.logY() ? decadeTicks(lo, hi, target) : niceTicks(lo, hi, target);
    }

    private static double[] xTicks(List<Chart.Panel> panels, double plotWidth, boolean origin) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Chart.Panel p : panels) {
            for (Chart.Series s : p.series()) {
                for (double x : s.x()) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        if (!(lo <= hi)) { lo = 0; hi = 1; }
        if (origin) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        return niceTicks(lo, hi, (int) Math.max(3, Math.min(8, plotWidth / 75)));
    }

    /** Ticks at 1, 2 or 5 × 10^k spacing covering [lo, hi] with at most about {@code target} intervals. */
    static double[] niceTicks(double lo, double hi, int target) {
        if (hi - lo <= 0) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) break;
        }
        double start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step);
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) t[i] = start + i * step;
        return t;
    }

    /** Decade exponents covering [lo, hi] (log10 values), every k-th decade so that at most {@code target} + 1 remain. */
    static double[] decadeTicks(double lo, double hi, int target) {
        int a = (int) Math.floor(lo), z = (int) Math.ceil(hi);
        if (z == a) z = a + 1;
        int every = Math.max(1, (int) Math.ceil((z - a) / (double) target));
        a = Math.floorDiv(a, every) * every;
        z = -Math.floorDiv(-z, every) * every;
        int n = (z - a) / every;
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) t[i] = a + (double) i * every;
        return t;
    }

    /** A decade tick as 10 with a superscript exponent, e.g. 10⁻¹⁵. */
    static String decade(int exponent) {
        String digits = Integer.toString(exponent);
        StringBuilder b = new StringBuilder("10");
        for (char ch : digits.toCharArray()) b.append(ch == '-' ? '⁻' : SUPERSCRIPTS.charAt(ch - '0'));
        return b.toString();
    }

    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private static String yTickLabel(double t, boolean log, double[] ticks) {
        return log ? decade((int) Math.round(t)) : linearLabel(t, ticks);
    }

    private static String xTickLabel(double t, double[] ticks) { return linearLabel(t, ticks); }

    /** A linear tick: 0, integers (with k/M for thousands/millions), or three significant digits. */
    private static String linearLabel(double t, double[] ticks) {
        if (Math.abs(t) < 1e-12 * Math.max(1, Math.abs(ticks[ticks.length - 1] - ticks[0]))) return "0";
        double a = Math.abs(t);
        if (t == Math.rint(t) && a < 1e9) {
            if (a >= 1e6 && t % 1e5 == 0) return trim(t / 1e6) + "M";
            if (a >= 1e4 && t % 100 == 0) return trim(t / 1e3) + "k";
            return String.format(Locale.ROOT, "%d", (long) t);
        }
        return Format.number(t);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
