package org.irlab.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.irlab.report.Format;

/**
 * One heatmap panel of a sweep: a statistic of each cell over two axes (x across, y up) at one facet of the other
 * axes, with each cell's value written in it and a colour bar. Drawn once into a small canvas model, rendered as PNG
 * (Java2D) and SVG with the same geometry. Colours: viridis (colour-blind safe), bright = good.
 *
 * @param values   [y][x] values (NaN: no run in that cell, drawn grey)
 * @param labels   [y][x] texts written in the cells
 * @param log      colour by log10 of the value
 * @param reversed smaller is better (bright at the low end)
 */
public record Heatmap(String title, String subtitle, String xLabel, List<String> xTicks, String yLabel,
                      List<String> yTicks, double[][] values, String[][] labels, boolean log, boolean reversed,
                      double fixedLow, double fixedHigh) {

    /** The statistics drawn for each plotted pair. */
    public enum Statistic {
        /** Success probability k/n, on [0, 1]. */
        SUCCESS_RATE("success rate", false, false),
        /** Median final error, log colour scale, smaller is better. */
        MEDIAN_ERROR("median final error", true, true),
        /** Median iterations, smaller is better. */
        MEDIAN_ITERATIONS("median iterations", false, true);

        final String label;
        final boolean log, reversed;

        Statistic(String label, boolean log, boolean reversed) {
            this.label = label;
            this.log = log;
            this.reversed = reversed;
        }

        public String label() { return label; }

        /** The file-name part of the statistic. */
        public String slug() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    static final int CELL_W = 58, CELL_H = 30, LEFT = 96, TOP = 46, BAR = 70, BOTTOM = 58;
    static final Color EMPTY = new Color(0xdddddd), INK = new Color(0x222222);
    static final String FONT = "DejaVu Sans";

    /** Viridis at 9 evenly spaced points (matplotlib's), interpolated linearly between them. */
    private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
            0xaddc30, 0xfde725};

    /** The panel's width: the cells and the colour bar, or the title and subtitle if they are wider. */
    public int width() {
        int text = (int) Math.ceil(Math.max(7.5 * title.length(), 6.2 * subtitle.length()));
        return LEFT + Math.max(CELL_W * xTicks.size() + BAR, text + 10);
    }

    public int height() { return TOP + CELL_H * yTicks.size() + BOTTOM; }

    /** The colour of t ∈ [0, 1] on viridis. */
    static Color viridis(double t) {
        t = Math.max(0, Math.min(1, t));
        double p = t * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(p));
        double f = p - i;
        int a = VIRIDIS[i], b = VIRIDIS[i + 1];
        int r = (int) Math.round(((a >> 16) & 0xff) * (1 - f) + ((b >> 16) & 0xff) * f);
        int g = (int) Math.round(((a >> 8) & 0xff) * (1 - f) + ((b >> 8) & 0xff) * f);
        int bl = (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
        return new Color(r, g, bl);
    }

    /** The colour scale's ends [low, high] (in log10 for a log scale): fixed, or the range of the finite values. */
    double[] range() {
        if (!Double.isNaN(fixedLow)) return new double[] {fixedLow, fixedHigh};
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                double s = scaled(v);
                if (!Double.isFinite(s)) continue;
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (lo == hi) return new double[] {lo - 0.5, hi + 0.5};
        return new double[] {lo, hi};
    }

    private double scaled(double v) {
        if (!Double.isFinite(v)) return Double.NaN;
        if (!log) return v;
        return v > 0 ? Math.log10(v) : Double.NaN;
    }

    /** The colour of a value, or null for a cell with nothing to show. */
    Color color(double v, double[] range) {
        double s = scaled(v);
        if (!Double.isFinite(s)) return null;
        double t = (s - range[0]) / (range[1] - range[0]);
        return viridis(reversed ? 1 - t : t);
    }

    /** Drawing primitives both renderers implement. */
    interface Canvas {
        void rect(double x, double y, double w, double h, Color fill, Color stroke);

        /** anchor: -1 left, 0 centre, 1 right; the baseline at y. */
        void text(double x, double y, String s, int size, int anchor, Color color, boolean bold);
    }

    void draw(Canvas c) {
        int nx = xTicks.size(), ny = yTicks.size();
        c.rect(0, 0, width(), height(), Color.WHITE, null);
        c.text(LEFT, 18, title, 13, -1, INK, true);
        if (!subtitle.isEmpty()) c.text(LEFT, 35, subtitle, 11, -1, INK, false);
        double[] range = range();
        for (int j = 0; j < ny; j++) {
            double y = TOP + CELL_H * (ny - 1 - j); // the first y value at the bottom
            c.text(LEFT - 6, y + CELL_H / 2.0 + 4, yTicks.get(j), 10, 1, INK, false);
            for (int i = 0; i < nx; i++) {
                double x = LEFT + CELL_W * i;
                Color fill = color(values[j][i], range);
                c.rect(x, y, CELL_W, CELL_H, fill == null ? EMPTY : fill, Color.WHITE);
                String label = labels[j][i];
                if (label != null && !label.isEmpty()) {
                    Color ink = fill == null || luminance(fill) > 0.45 ? INK : Color.WHITE;
                    c.text(x + CELL_W / 2.0, y + CELL_H / 2.0 + 4, label, 10, 0, ink, false);
                }
            }
        }
        double bottom = TOP + CELL_H * ny;
        for (int i = 0; i < nx; i++) c.text(LEFT + CELL_W * (i + 0.5), bottom + 14, xTicks.get(i), 10, 0, INK, false);
        c.text(LEFT + CELL_W * nx / 2.0, bottom + 34, xLabel, 11, 0, INK, true);
        c.text(8, TOP - 6, yLabel, 11, -1, INK, true);
        // colour bar: 20 steps, bright end marked by its value
        double bx = LEFT + CELL_W * nx + 16, bh = CELL_H * ny, bw = 14;
        for (int k = 0; k < 20; k++) {
            double t = (k + 0.5) / 20;
            c.rect(bx, TOP + bh * (1 - (k + 1) / 20.0), bw, bh / 20.0 + 0.5, viridis(t), null);
        }
        c.rect(bx, TOP, bw, bh, null, INK);
        double top = reversed ? range[0] : range[1], low = reversed ? range[1] : range[0];
        c.text(bx + bw + 3, TOP + 9, scaleLabel(top), 9, -1, INK, false);
        c.text(bx + bw + 3, TOP + bh, scaleLabel(low), 9, -1, INK, false);
    }

    private String scaleLabel(double s) {
        return Format.number(log ? Math.pow(10, s) : s);
    }

    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255;
    }

    /** The panel as PNG bytes. */
    public byte[] png() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        draw(new Canvas() {
            @Override public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
                if (fill != null) {
                    g.setColor(fill);
                    g.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
                }
                if (stroke != null) {
                    g.setColor(stroke);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
                }
            }

            @Override public void text(double x, double y, String s, int size, int anchor, Color color, boolean bold) {
                g.setFont(new Font(FONT, bold ? Font.BOLD : Font.PLAIN, size));
                FontMetrics fm = g.getFontMetrics();
                double w = fm.stringWidth(s);
                g.setColor(color);
                g.drawString(s, (float) (x - (anchor + 1) * w / 2), (float) y);
            }
        });
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The panel as a standalone SVG document. */
    public String svg() {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width()).append("\" height=\"")
                .append(height()).append("\" font-family=\"").append(FONT).append(", sans-serif\">\n");
        draw(new Canvas() {
            @Override public void rect(double x, double y, double w, double h, Color fill, Color stroke) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s/>%n",
                        x, y, w, h, fill == null ? "none" : hex(fill), stroke == null ? "" : " stroke=\"" + hex(stroke) + "\""));
            }

            @Override public void text(double x, double y, String s, int size, int anchor, Color color, boolean bold) {
                String a = anchor < 0 ? "start" : anchor == 0 ? "middle" : "end";
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" fill=\"%s\"%s>",
                        x, y, size, a, hex(color), bold ? " font-weight=\"bold\"" : "")).append(escape(s)).append("</text>\n");
            }
        });
        return b.append("</svg>\n").toString();
    }

    private static String hex(Color c) { return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue()); }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
