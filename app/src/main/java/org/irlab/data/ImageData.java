package org.irlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.irlab.completion.SparseRatings;

/**
 * An image as matrices: one height×width plane per channel (1 for grayscale, 3 for RGB; alpha is dropped), values
 * in [0, 1], row-major. Read with javax.imageio (PNG, JPEG, GIF, BMP).
 */
public record ImageData(int width, int height, double[][] planes) {
    /** How colour images are turned into matrices. */
    public enum Channels {
        /** Grayscale images as one plane, colour images as three. */
        AUTO,
        /** One plane; colour is converted to luma Y = 0.299R + 0.587G + 0.114B (Rec. 601). */
        GRAY,
        /** Three planes, each completed on its own. */
        RGB
    }

    public int channels() { return planes.length; }

    /** Reads an image file. */
    public static ImageData read(Path file, Channels channels) throws IOException {
        if (Files.isDirectory(file)) throw new BadInputException(file + " is a directory, expected an image file");
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) { // a damaged file: name it, whichever image (input or mask) it is
            throw new BadInputException(file + ": cannot read the image (" + e.getMessage() + ")");
        }
        if (image == null) {
            throw new BadInputException(file + ": not an image that javax.imageio can read (PNG, JPEG, GIF, BMP)");
        }
        return of(image, channels);
    }

    /** The planes of a decoded image. */
    public static ImageData of(BufferedImage image, Channels channels) {
        int w = image.getWidth(), h = image.getHeight();
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getNumColorComponents() == 1 && raster.getNumBands() <= 2
                && image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        if (gray && channels != Channels.RGB) {
            double max = (1L << image.getColorModel().getComponentSize(0)) - 1;
            double[] plane = new double[w * h];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) plane[y * w + x] = raster.getSample(x, y, 0) / max;
            return new ImageData(w, h, new double[][] {plane});
        }
        double[] r = new double[w * h], g = new double[w * h], b = new double[w * h];
        boolean allGray = true;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int k = y * w + x;
                r[k] = ((rgb >> 16) & 0xFF) / 255.0;
                g[k] = ((rgb >> 8) & 0xFF) / 255.0;
                b[k] = (rgb & 0xFF) / 255.0;
                allGray &= r[k] == g[k] && g[k] == b[k];
            }
        }
        if (channels == Channels.RGB || (channels == Channels.AUTO && !allGray)) {
            return new ImageData(w, h, new double[][] {r, g, b});
        }
        if (allGray) return new ImageData(w, h, new double[][] {r});
        double[] luma = new double[w * h];
        for (int k = 0; k < luma.length; k++) luma[k] = 0.299 * r[k] + 0.587 * g[k] + 0.114 * b[k];
        return new ImageData(w, h, new double[][] {luma});
    }

    /**
     * The width×height rectangle whose top-left pixel is (x, y), every plane copied.
     *
     * @throws BadInputException when the rectangle is empty or does not lie inside the image
     */
    public ImageData crop(int x, int y, int cropWidth, int cropHeight) {
        if (cropWidth < 1 || cropHeight < 1 || x < 0 || y < 0 || x + cropWidth > width || y + cropHeight > height) {
            throw new BadInputException("crop " + cropWidth + "×" + cropHeight + " at (" + x + ", " + y
                    + ") does not fit in the " + width + "×" + height + " image");
        }
        double[][] out = new double[planes.length][cropWidth * cropHeight];
        for (int c = 0; c < planes.length; c++) {
            for (int row = 0; row < cropHeight; row++) {
                System.arraycopy(planes[c], (y + row) * width + x, out[c], row * cropWidth, cropWidth);
            }
        }
        return new ImageData(cropWidth, cropHeight, out);
    }

    /** The observed-pixel mask: true where a pixel is observed. Exactly round(fraction·N) pixels are hidden. */
    public boolean[] randomMask(double missingFraction, SplittableRandom rng) {
        if (!(missingFraction > 0 && missingFraction < 1)) {
            throw new BadInputException("--missing must be in (0, 1), got " + missingFraction);
        }
        int n = width * height, hidden = (int) Math.round(missingFraction * n);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) order[k] = k;
        for (int k = n - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        boolean[] observed = new boolean[n];
        Arrays.fill(observed, true);
        for (int k = 0; k < hidden; k++) observed[order[k]] = false;
        return observed;
    }

    /**
     * The observed-pixel mask from a mask image of the same size: white (luma ≥ 0.5) = observed, black = missing.
     */
    public boolean[] maskFrom(Path maskFile) throws IOException {
        ImageData mask = read(maskFile, Channels.GRAY);
        if (mask.width != width || mask.height != height) {
            throw new BadInputException(maskFile + ": mask is " + mask.width + "×" + mask.height + " but the image is "
                    + width + "×" + height);
        }
        boolean[] observed = new boolean[width * height];
        int count = 0;
        for (int k = 0; k < observed.length; k++) {
            observed[k] = mask.planes[0][k] >= 0.5;
            if (observed[k]) count++;
        }
        if (count == 0) throw new BadInputException(maskFile + ": the mask hides every pixel");
        if (count == observed.length) throw new BadInputException(maskFile + ": the mask hides no pixel");
        return observed;
    }

    /** The pixels of one plane where {@code observed} equals {@code which}, as a height×width sparse matrix. */
    public SparseRatings entries(int channel, boolean[] observed, boolean which) {
        int n = 0;
        for (boolean o : observed) if (o == which) n++;
        int[] r = new int[n], c = new int[n];
        double[] v = new double[n];
        int p = 0;
        for (int k = 0; k < observed.length; k++) {
            if (observed[k] != which) continue;
            r[p] = k / width;
            c[p] = k % width;
            v[p] = planes[channel][k];
            p++;
        }
        return SparseRatings.of(height, width, r, c, v);
    }

    /** An image from planes (values clipped to [0, 1]): TYPE_BYTE_GRAY for one plane, TYPE_INT_RGB for three. */
    public static BufferedImage toImage(int width, int height, double[][] planes) {
        BufferedImage out = new BufferedImage(width, height,
                planes.length == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int k = y * width + x;
                if (planes.length == 1) {
                    out.getRaster().setSample(x, y, 0, toByte(planes[0][k]));
                } else {
                    out.setRGB(x, y, (toByte(planes[0][k]) << 16) | (toByte(planes[1][k]) << 8) | toByte(planes[2][k]));
                }
            }
        }
        return out;
    }

    private static int toByte(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }
}
