package org.irlab.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.imageio.ImageIO;

/** A chart painted with Java2D into an RGB image and encoded as PNG (the same coordinates as {@link SvgCanvas}). */
final class PngCanvas implements Canvas {
    private final BufferedImage image;
    private final Graphics2D g;
    private final Deque<Shape> clips = new ArrayDeque<>();

    PngCanvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
    }

    /** The image painted so far, as PNG bytes. */
    byte[] finish() {
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG: " + e.getMessage(), e);
        }
    }

    @Override public void begin(String cssClass, String attributes) { clips.push(g.getClip() == null ? NONE : g.getClip()); }

    @Override public void beginClip(String id, double x, double y, double width, double height) {
        clips.push(g.getClip() == null ? NONE : g.getClip());
        g.clip(new Rectangle2D.Double(x, y, width, height));
    }

    @Override public void end() {
        Shape previous = clips.pop();
        g.setClip(previous == NONE ? null : previous);
    }

    /** Marks "no clip" on the stack (a deque holds no nulls). */
    private static final Shape NONE = new Rectangle2D.Double();

    @Override public void text(double x, double y, String text, double size, Anchor anchor, boolean bold, Color color,
                               boolean vertical) {
        Font font = new Font("DejaVu Sans", bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) size);
        g.setFont(font);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(color);
        FontMetrics m = g.getFontMetrics();
        double w = m.getStringBounds(text, g).getWidth();
        double shift = anchor == Anchor.START ? 0 : anchor == Anchor.MIDDLE ? -w / 2 : -w;
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (vertical) g.rotate(-Math.PI / 2);
        g.drawString(text, (float) shift, 0f);
        g.setTransform(saved);
    }

    @Override public void line(double x1, double y1, double x2, double y2, Color color, double width, float[] dash) {
        stroke(color, width, dash, 1);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override public void rectangle(double x, double y, double width, double height, Color stroke, Color fill) {
        Rectangle2D r = new Rectangle2D.Double(x, y, width, height);
        g.setComposite(AlphaComposite.SrcOver);
        if (fill != null) {
            g.setColor(fill);
            g.fill(r);
        }
        if (stroke != null) {
            stroke(stroke, 1, null, 1);
            g.draw(r);
        }
    }

    @Override public void polyline(double[] x, double[] y, int n, Color color, double width, float[] dash,
                                   double opacity, String cssClass, String attributes) {
        if (n == 0) return;
        stroke(color, width, dash, opacity);
        g.draw(path(x, y, n, false));
    }

    @Override public void polygon(double[] x, double[] y, int n, Color fill, double opacity, String cssClass,
                                  String attributes) {
        if (n == 0) return;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.setColor(fill);
        g.fill(path(x, y, n, true));
        g.setComposite(AlphaComposite.SrcOver);
    }

    @Override public void dots(double[] x, double[] y, int n, Color color, double diameter, double opacity,
                               String cssClass, String attributes) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.setColor(color);
        for (int i = 0; i < n; i++) g.fill(new Ellipse2D.Double(x[i] - diameter / 2, y[i] - diameter / 2, diameter, diameter));
        g.setComposite(AlphaComposite.SrcOver);
    }

    private void stroke(Color color, double width, float[] dash, double opacity) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) opacity));
        g.setColor(color);
        g.setStroke(dash == null ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
    }

    private static Path2D path(double[] x, double[] y, int n, boolean closed) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, n);
        p.moveTo(x[0], y[0]);
        for (int i = 1; i < n; i++) p.lineTo(x[i], y[i]);
        if (closed) p.closePath();
        return p;
    }
}
