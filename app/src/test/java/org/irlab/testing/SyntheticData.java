package org.irlab.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.irlab.linalg.Randoms;

/** Small synthetic inputs for completion tests: a ratings CSV and a grayscale picture, both seeded. */
public final class SyntheticData {
    private SyntheticData() {}

    /**
     * users × items ratings 3 + b_u + b_i + (rank-2 part) + N(0, 0.1²), each pair observed with probability
     * {@code density}, written as {@code userId,movieId,rating,timestamp} with MovieLens-like integer ids.
     */
    public static Path ratings(Path file, int users, int items, double density, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[users * 2], b = new double[items * 2], bu = new double[users], bi = new double[items];
        double[] noise = new double[1];
        Randoms.gaussian(rng, 0.7, a);
        Randoms.gaussian(rng, 0.7, b);
        Randoms.gaussian(rng, 0.3, bu);
        Randoms.gaussian(rng, 0.3, bi);
        StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (rng.nextDouble() > density) continue;
                Randoms.gaussian(rng, 0.1, noise);
                double r = 3 + bu[u] + bi[i] + a[2 * u] * b[2 * i] + a[2 * u + 1] * b[2 * i + 1] + noise[0];
                sb.append(u + 1).append(',').append(1000 + i).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", r)).append(",0\n");
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString());
        return file;
    }

    /** A smooth grayscale width × height PNG (a few separable waves: close to low rank). */
    public static Path picture(Path file, int width, int height) throws IOException {
        return picture(file, width, height, 0, 0);
    }

    /** The smooth picture plus seeded N(0, noise²) on every pixel (clipped to [0, 1]). */
    public static Path picture(Path file, int width, int height, double noise, long seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        double[] e = new double[width * height];
        Randoms.gaussian(new SplittableRandom(seed), noise, e);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0.5 + 0.3 * Math.sin(x / 6.0) * Math.cos(y / 5.0) + 0.1 * Math.cos(x / 3.0) + e[y * width + x];
                image.getRaster().setSample(x, y, 0, (int) Math.round(255 * Math.max(0, Math.min(1, v))));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
