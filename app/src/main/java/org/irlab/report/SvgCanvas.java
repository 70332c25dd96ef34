package org.irlab.report;

import java.awt.Color;
import java.util.Locale;

/**
 * SVG markup of a chart: compact (coordinates to a tenth of a pixel, one element per series) and self-contained
 * (presentation attributes, no style sheet), usable as a file and inline in the report page, where the page's script
 * reads the {@code data-*} attributes of panels and series.
 */
final class SvgCanvas implements Canvas {
    private final StringBuilder b = new StringBuilder(1 << 15);

    /**
     * Opens the document.
     *
     * @param id    the element id (unique in the page; also prefixes clip ids)
     * @param title the accessible name of the chart
     * @param xName the x quantity, for the page's hover text
     * @param yName the y quantity, for the page's hover text
     */
    SvgCanvas(String id, int width, int height, String title, String xName, String yName) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(Html.escape(id))
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\" data-xn=\"").append(Html.escape(xName)).append("\" data-yn=\"")
                .append(Html.escape(yName)).append("\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
    }

    /** Closes the document and returns it. */
    String finish() {
        b.append("</svg>\n");
        return b.toString();
    }

    @Override public void begin(String cssClass, String attributes) {
        b.append("<g class=\"").append(cssClass).append('"');
        if (!attributes.isEmpty()) b.append(' ').append(attributes);
        b.append(">\n");
    }

    @Override public void beginClip(String id, double x, double y, double width, double height) {
        b.append("<clipPath id=\"").append(Html.escape(id)).append("\"><rect x=\"").append(f(x)).append("\" y=\"")
                .append(f(y)).append("\" width=\"").append(f(width)).append("\" height=\"").append(f(height))
                .append("\"/></clipPath>\n<g clip-path=\"url(#").append(Html.escape(id)).append(")\">\n");
    }

    @Override public void end() { b.append("</g>\n"); }

    @Override public void text(double x, double y, String text, double size, Anchor anchor, boolean bold, Color color,
                               boolean vertical) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append('"');
        if (anchor != Anchor.START) b.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        b.append(" font-size=\"").append(f(size)).append('"');
        if (bold) b.append(" font-weight=\"bold\"");
        if (!Color.BLACK.equals(color)) b.append(" fill=\"").append(hex(color)).append('"');
        if (vertical) b.append(" transform=\"rotate(-90 ").append(f(x)).append(' ').append(f(y)).append(")\"");
        b.append('>').append(Html.escape(text)).append("</text>\n");
    }

    @Override public void line(double x1, double y1, double x2, double y2, Color color, double width, float[] dash) {
        b.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1)).append("\" x2=\"").append(f(x2))
                .append("\" y2=\"").append(f(y2)).append("\" stroke=\"").append(hex(color)).append('"');
        if (width != 1) b.append(" stroke-width=\"").append(f(width)).append('"');
        dash(dash);
        b.append("/>\n");
    }

    @Override public void rectangle(double x, double y, double width, double height, Color stroke, Color fill) {
        b.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" width=\"").append(f(width))
                .append("\" height=\"").append(f(height)).append("\" fill=\"")
                .append(fill == null ? "none" : hex(fill)).append('"');
        if (stroke != null) b.append(" stroke=\"").append(hex(stroke)).append('"');
        b.append("/>\n");
    }

    @Override public void polyline(double[] x, double[] y, int n, Color color, double width, float[] dash,
                                   double opacity, String cssClass, String attributes) {
        open("polyline", cssClass, attributes);
        b.append(" fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"").append(f(width))
                .append("\" stroke-linejoin=\"round\"");
        if (opacity < 1) b.append(" stroke-opacity=\"").append(f2(opacity)).append('"');
        dash(dash);
        points(x, y, n);
        b.append("/>\n");
    }

    @Override public void polygon(double[] x, double[] y, int n, Color fill, double opacity, String cssClass,
                                  String attributes) {
        open("polygon", cssClass, attributes);
        b.append(" fill=\"").append(hex(fill)).append('"');
        if (opacity < 1) b.append(" fill-opacity=\"").append(f2(opacity)).append('"');
        points(x, y, n);
        b.append("/>\n");
    }

    @Override public void dots(double[] x, double[] y, int n, Color color, double diameter, double opacity,
                               String cssClass, String attributes) {
        open("path", cssClass, attributes);
        // each dot is a zero-length segment with a round cap: a few bytes per point. A path's stroke is painted once
        // with its opacity, so a dot at the same rounded position as an earlier one of the series changes no pixel:
        // it is written once (a run that has converged puts its last dots on one spot)
        b.append(" fill=\"none\" stroke=\"").append(hex(color)).append("\" stroke-width=\"").append(f(diameter))
                .append("\" stroke-linecap=\"round\"");
        if (opacity < 1) b.append(" stroke-opacity=\"").append(f2(opacity)).append('"');
        b.append(" d=\"");
        java.util.Set<String> drawn = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            String dot = 'M' + f(x[i]) + ' ' + f(y[i]);
            if (drawn.add(dot)) b.append(dot).append("h0");
        }
        b.append("\"/>\n");
    }

    private void open(String element, String cssClass, String attributes) {
        b.append('<').append(element);
        if (!cssClass.isEmpty()) b.append(" class=\"").append(cssClass).append('"');
        if (!attributes.isEmpty()) b.append(' ').append(attributes);
    }

    private void points(double[] x, double[] y, int n) {
        b.append(" points=\"");
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(' ');
            b.append(f(x[i])).append(',').append(f(y[i]));
        }
        b.append('"');
    }

    private void dash(float[] dash) {
        if (dash == null) return;
        b.append(" stroke-dasharray=\"");
        for (int i = 0; i < dash.length; i++) b.append(i == 0 ? "" : " ").append(f(dash[i]));
        b.append('"');
    }

    static String hex(Color c) { return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff); }

    /** A coordinate to a tenth of a pixel, without trailing zeros. */
    static String f(double v) {
        long r = Math.round(v * 10);
        long whole = r / 10, frac = Math.abs(r % 10);
        String sign = r < 0 && whole == 0 ? "-" : "";
        return frac == 0 ? sign + whole : sign + whole + "." + frac;
    }

    /** An opacity to two decimals. */
    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
