package org.irlab.report;

import java.awt.Color;

/**
 * The drawing surface {@link ChartPainter} paints a {@link Chart} on, in pixels from the top left: SVG markup
 * ({@link SvgCanvas}) or a PNG image ({@link PngCanvas}), so both files show the same coordinates. Groups and their
 * attributes (for the page's hover and legend script) only exist in SVG.
 */
interface Canvas {
    /** Text anchors. */
    enum Anchor { START, MIDDLE, END }

    /** Opens a group with a class and extra (escaped) attributes, e.g. {@code data-g="a"}; PNG ignores it. */
    void begin(String cssClass, String attributes);

    /** Opens a group clipped to the rectangle (clip id unique in the page). */
    void beginClip(String id, double x, double y, double width, double height);

    /** Closes the innermost group. */
    void end();

    void text(double x, double y, String text, double size, Anchor anchor, boolean bold, Color color, boolean vertical);

    void line(double x1, double y1, double x2, double y2, Color color, double width, float[] dash);

    void rectangle(double x, double y, double width, double height, Color stroke, Color fill);

    /** A polyline through the first n points; {@code attributes} tag it for the page's script (SVG only). */
    void polyline(double[] x, double[] y, int n, Color color, double width, float[] dash, double opacity,
                  String cssClass, String attributes);

    /** A filled polygon through the first n points. */
    void polygon(double[] x, double[] y, int n, Color fill, double opacity, String cssClass, String attributes);

    /** Round dots of the given diameter at the first n points. */
    void dots(double[] x, double[] y, int n, Color color, double diameter, double opacity, String cssClass,
              String attributes);
}
