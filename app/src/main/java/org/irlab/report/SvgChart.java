package org.irlab.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG writer for line and scatter charts: one {@code <polyline>} per line (dashed for a reference line) or
 * one {@code <path>} of round dots per point series, axes with "nice" linear ticks or decade ticks on a log axis, a
 * legend below. Used for the SVG files because XChart's vector export writes every segment
 * as its own element and every glyph as a path (megabytes per plot and seconds to write).
 */
final class SvgChart {
    /** How a series is drawn. */
    enum Style { LINE, DASHED, POINTS }

    /**
     * One series of the chart (points already finite, and positive on a log axis).
     *
     * @param name  the run it shows
     * @param label the legend text (when {@code inLegend})
     */
    record Line(String name, String label, boolean inLegend, Color color, double[] x, double[] y, Style style) {
        /** A solid line. */
        Line(String name, String label, boolean inLegend, Color color, double[] x, double[] y) {
            this(name, label, inLegend, color, x, y, Style.LINE);
        }
    }

    /** Diameter of a scatter dot in pixels. */
    static final double DOT = 5;

    private static final int LEFT = 78, RIGHT = 24, TOP = 44, BOTTOM_AXIS = 60, LEGEND_ROW = 18;

    private SvgChart() {}

    static String write(String title, String xLabel, String yLabel, boolean logY, List<Line> lines, int width,
                        int height) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                xMin = Math.min(xMin, l.x()[i]);
                xMax = Math.max(xMax, l.x()[i]);
                double y = logY ? Math.log10(l.y()[i]) : l.y()[i];
                yMin = Math.min(yMin, y);
                yMax = Math.max(yMax, y);
            }
        }
        if (!(xMin <= xMax)) { xMin = 0; xMax = 1; }
        if (!(yMin <= yMax)) { yMin = 0; yMax = 1; }
        double[] xTicks = niceTicks(xMin, xMax, 8);
        double[] yTicks = logY ? decadeTicks(yMin, yMax) : niceTicks(yMin, yMax, 7);
        double x0 = xTicks[0], x1 = xTicks[xTicks.length - 1];
        double y0 = yTicks[0], y1 = yTicks[yTicks.length - 1];

        List<List<Line>> legendRows = legendRows(lines, width);
        int legendHeight = legendRows.size() * LEGEND_ROW;
        double plotLeft = LEFT, plotRight = width - RIGHT, plotTop = TOP;
        double plotBottom = height - BOTTOM_AXIS - legendHeight;
        double sx = (plotRight - plotLeft) / (x1 - x0), sy = (plotBottom - plotTop) / (y1 - y0);

        StringBuilder b = new StringBuilder(1 << 15);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        b.append("<defs><clipPath id=\"plot\"><rect x=\"").append(f(plotLeft)).append("\" y=\"").append(f(plotTop))
                .append("\" width=\"").append(f(plotRight - plotLeft)).append("\" height=\"")
                .append(f(plotBottom - plotTop)).append("\"/></clipPath></defs>\n");
        text(b, width / 2.0, 24, "middle", 15, title, "");

        b.append("<g stroke=\"#ddd\" stroke-width=\"1\">\n");
        for (double t : xTicks) {
            double px = plotLeft + (t - x0) * sx;
            b.append("<line x1=\"").append(f(px)).append("\" y1=\"").append(f(plotTop)).append("\" x2=\"").append(f(px))
                    .append("\" y2=\"").append(f(plotBottom)).append("\"/>\n");
        }
        for (double t : yTicks) {
            double py = plotBottom - (t - y0) * sy;
            b.append("<line x1=\"").append(f(plotLeft)).append("\" y1=\"").append(f(py)).append("\" x2=\"")
                    .append(f(plotRight)).append("\" y2=\"").append(f(py)).append("\"/>\n");
        }
        b.append("</g>\n");
        for (double t : xTicks) {
            text(b, plotLeft + (t - x0) * sx, plotBottom + 16, "middle", 11, tickLabel(t, false), "");
        }
        for (double t : yTicks) {
            text(b, plotLeft - 6, plotBottom - (t - y0) * sy + 4, "end", 11, tickLabel(t, logY), "");
        }
        text(b, (plotLeft + plotRight) / 2, plotBottom + 36, "middle", 12, xLabel, "");
        double midY = (plotTop + plotBottom) / 2;
        text(b, 16, midY, "middle", 12, yLabel, " transform=\"rotate(-90 16 " + f(midY) + ")\"");

        b.append("<g clip-path=\"url(#plot)\" fill=\"none\" stroke-width=\"1.4\" stroke-linejoin=\"round\">\n");
        for (Line l : lines) {
            if (l.style() == Style.POINTS) {
                // each dot is a zero-length segment with a round cap: a few bytes per point
                b.append("<path stroke=\"").append(hex(l.color())).append("\" stroke-width=\"").append(f(DOT))
                        .append("\" stroke-linecap=\"round\" stroke-opacity=\"0.75\" d=\"");
                for (int i = 0; i < l.x().length; i++) {
                    double y = logY ? Math.log10(l.y()[i]) : l.y()[i];
                    b.append('M').append(f(plotLeft + (l.x()[i] - x0) * sx)).append(' ')
                            .append(f(plotBottom - (y - y0) * sy)).append("h0");
                }
                b.append("\"><title>").append(Html.escape(l.name())).append("</title></path>\n");
                continue;
            }
            b.append("<polyline stroke=\"").append(hex(l.color())).append('"');
            if (l.style() == Style.DASHED) b.append(" stroke-dasharray=\"7 4\"");
            b.append(" points=\"");
            for (int i = 0; i < l.x().length; i++) {
                double y = logY ? Math.log10(l.y()[i]) : l.y()[i];
                if (i > 0) b.append(' ');
                b.append(f(plotLeft + (l.x()[i] - x0) * sx)).append(',').append(f(plotBottom - (y - y0) * sy));
            }
            b.append("\"><title>").append(Html.escape(l.name())).append("</title></polyline>\n");
        }
        b.append("</g>\n");
        b.append("<rect x=\"").append(f(plotLeft)).append("\" y=\"").append(f(plotTop)).append("\" width=\"")
                .append(f(plotRight - plotLeft)).append("\" height=\"").append(f(plotBottom - plotTop))
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");

        double rowY = plotBottom + BOTTOM_AXIS - 2;
        for (List<Line> row : legendRows) {
            double x = (width - rowWidth(row)) / 2.0;
            for (Line l : row) {
                if (l.style() == Style.POINTS) {
                    b.append("<circle cx=\"").append(f(x + 11)).append("\" cy=\"").append(f(rowY - 4))
                            .append("\" r=\"").append(f(DOT / 2 + 0.5)).append("\" fill=\"").append(hex(l.color()))
                            .append("\"/>\n");
                } else {
                    b.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(f(rowY - 4)).append("\" x2=\"")
                            .append(f(x + 22)).append("\" y2=\"").append(f(rowY - 4)).append("\" stroke=\"")
                            .append(hex(l.color())).append("\" stroke-width=\"2\"")
                            .append(l.style() == Style.DASHED ? " stroke-dasharray=\"7 4\"" : "").append("/>\n");
                }
                text(b, x + 27, rowY, "start", 11, l.label(), "");
                x += itemWidth(l);
            }
            rowY += LEGEND_ROW;
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static List<List<Line>> legendRows(List<Line> lines, int width) {
        List<List<Line>> rows = new ArrayList<>();
        List<Line> row = new ArrayList<>();
        double used = 0;
        for (Line l : lines) {
            if (!l.inLegend()) continue;
            double w = itemWidth(l);
            if (!row.isEmpty() && used + w > width - 40) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(l);
            used += w;
        }
        if (!row.isEmpty()) rows.add(row);
        return rows;
    }

    /** Legend item width: swatch, gap and an estimate of the label's width at 11 px. */
    private static double itemWidth(Line l) { return 27 + 6.5 * l.label().length() + 18; }

    private static double rowWidth(List<Line> row) {
        double w = 0;
        for (Line l : row) w += itemWidth(l);
        return w - 18;
    }

    private static void text(StringBuilder b, double x, double y, String anchor, int size, String text, String extra) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" text-anchor=\"").append(anchor)
                .append("\" font-size=\"").append(size).append('"').append(extra).append('>')
                .append(Html.escape(text)).append("</text>\n");
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

    /** Decade exponents covering [lo, hi] (log10 values), thinned to at most about 12 ticks. */
    static double[] decadeTicks(double lo, double hi) {
        int a = (int) Math.floor(lo), z = (int) Math.ceil(hi);
        if (z == a) z = a + 1;
        int every = Math.max(1, (int) Math.ceil((z - a) / 12.0));
        a = Math.floorDiv(a, every) * every;
        z = -Math.floorDiv(-z, every) * every;
        int n = (z - a) / every;
        double[] t = new double[n + 1];
        for (int i = 0; i <= n; i++) t[i] = a + (double) i * every;
        return t;
    }

    private static String tickLabel(double t, boolean decade) {
        if (decade) return "1e" + (int) Math.round(t);
        if (Math.abs(t) < 1e-12) return "0";
        if (t == Math.rint(t) && Math.abs(t) < 1e7) return String.format(Locale.ROOT, "%,d", (long) t);
        return Format.number(t);
    }

    private static String hex(Color c) { return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff); }

    /** Coordinates with two decimals (a hundredth of a pixel). */
    private static String f(double v) {
        long r = Math.round(v * 100);
        long whole = r / 100, frac = Math.abs(r % 100);
        String sign = r < 0 && whole == 0 ? "-" : "";
        if (frac == 0) return sign + whole;
        return sign + whole + "." + (frac < 10 ? "0" + frac : (frac % 10 == 0 ? Long.toString(frac / 10) : Long.toString(frac)));
    }
}
