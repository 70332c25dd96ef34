package org.irlab.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.irlab.experiment.AtomicFiles;

/**
 * The real data sets IRLab can fetch from Debian packages (nothing is downloaded at run time: {@code irlab data
 * fetch} does it once): MovieLens latest-small from {@code r-cran-dslabs} and the 512×512 {@code camera.png} from
 * {@code python3-skimage}.
 */
public final class Datasets {
    /** MovieLens-small as shipped in dslabs 0.7.4: 100,004 ratings by 671 users of 9,066 movies, 0.5–5 stars. */
    public static final int MOVIELENS_RATINGS = 100_004, MOVIELENS_USERS = 671, MOVIELENS_MOVIES = 9_066;

    /** A fetchable data set. */
    public enum Dataset {
        MOVIELENS_SMALL("movielens-small", "movielens-small.csv", "r-cran-dslabs"),
        CAMERA("camera", "camera.png", "python3-skimage");

        private final String label, fileName, debianPackage;

        Dataset(String label, String fileName, String debianPackage) {
            this.label = label;
            this.fileName = fileName;
            this.debianPackage = debianPackage;
        }

        public String label() { return label; }

        public String fileName() { return fileName; }

        public String debianPackage() { return debianPackage; }

        /** The data set with this label, e.g. "movielens-small". */
        public static Dataset of(String label) {
            for (Dataset d : values()) if (d.label.equals(label.toLowerCase(Locale.ROOT))) return d;
            throw new IllegalArgumentException("unknown data set '" + label + "'; known: movielens-small, camera");
        }
    }

    /** What a fetch wrote. */
    public record Fetched(Path file, String description, String sha256, String debianPackage, String version) {}

    private Datasets() {}

    /** The file of {@code dataset} in {@code dir}, fetching it first when it is not there yet. */
    public static Path ensure(Dataset dataset, Path dir) throws IOException {
        Path file = dir.resolve(dataset.fileName());
        if (!Files.isRegularFile(file)) fetch(dataset, dir);
        return file;
    }

    /** Downloads the package, extracts the data and writes it (atomically) into {@code dir}. */
    public static Fetched fetch(Dataset dataset, Path dir) throws IOException {
        Path work = Files.createTempDirectory("irlab-fetch-");
        try {
            Path root = DebianPackages.downloadAndExtract(dataset.debianPackage(), work);
            String version = DebianPackages.version(work);
            Path target = dir.resolve(dataset.fileName());
            String description;
            byte[] bytes;
            switch (dataset) {
                case MOVIELENS_SMALL -> {
                    Path data = root.resolve("usr/lib/R/site-library/dslabs/data");
                    requireFile(data.resolve("Rdata.rdx"), dataset);
                    RLazyLoadDatabase db = RLazyLoadDatabase.open(data.resolve("Rdata.rdx"), data.resolve("Rdata.rdb"));
                    MovieLens ml = MovieLens.of(db.get("movielens"));
                    ml.check();
                    bytes = ml.csv().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    description = ml.describe();
                }
                case CAMERA -> {
                    Path png = root.resolve("usr/lib/python3/dist-packages/skimage/data/camera.png");
                    requireFile(png, dataset);
                    bytes = Files.readAllBytes(png);
                    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                    if (image == null || image.getWidth() != 512 || image.getHeight() != 512) {
                        throw new BadInputException(png + " is not the expected 512×512 image");
                    }
                    description = "camera.png, 512×512 grayscale";
                }
                default -> throw new IllegalStateException();
            }
            AtomicFiles.write(target, bytes);
            try {
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            return new Fetched(target, description, sha256(bytes), dataset.debianPackage(), version);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void requireFile(Path file, Dataset dataset) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("Debian package " + dataset.debianPackage() + " has no " + file.getFileName()
                    + " where expected (" + file + "); the package layout has changed");
        }
    }

    /** The movielens data.frame of dslabs, reduced to the columns IRLab uses. */
    record MovieLens(int[] userId, int[] movieId, double[] rating, int[] timestamp) {
        static MovieLens of(RObject object) {
            if (!(object instanceof RObject.ListOf frame) || !frame.isDataFrame()) {
                throw new BadInputException("dslabs::movielens is not a data.frame");
            }
            int[] users = integers(frame, "userId"), movies = integers(frame, "movieId"),
                    times = integers(frame, "timestamp");
            double[] ratings = doubles(frame, "rating");
            int n = ratings.length;
            if (users.length != n || movies.length != n || times.length != n) {
                throw new BadInputException("dslabs::movielens columns differ in length");
            }
            return new MovieLens(users, movies, ratings, times);
        }

        /** Fails unless the data is the documented MovieLens-small. */
        void check() {
            Set<Integer> users = new HashSet<>(), movies = new HashSet<>();
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < rating.length; k++) {
                users.add(userId[k]);
                movies.add(movieId[k]);
                min = Math.min(min, rating[k]);
                max = Math.max(max, rating[k]);
            }
            if (rating.length != MOVIELENS_RATINGS || users.size() != MOVIELENS_USERS
                    || movies.size() != MOVIELENS_MOVIES || min != 0.5 || max != 5) {
                throw new BadInputException("dslabs::movielens is not the expected MovieLens-small (" + describe()
                        + "; expected " + MOVIELENS_RATINGS + " ratings, " + MOVIELENS_USERS + " users, "
                        + MOVIELENS_MOVIES + " movies, 0.5–5 stars)");
            }
        }

        String describe() {
            Set<Integer> users = new HashSet<>(), movies = new HashSet<>();
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < rating.length; k++) {
                users.add(userId[k]);
                movies.add(movieId[k]);
                min = Math.min(min, rating[k]);
                max = Math.max(max, rating[k]);
            }
            return String.format(Locale.ROOT, "%d ratings, %d users × %d movies, %s–%s stars", rating.length,
                    users.size(), movies.size(), min, max);
        }

        /** userId,movieId,rating,timestamp with a header, in the data frame's row order. */
        String csv() {
            StringBuilder sb = new StringBuilder(rating.length * 28);
            sb.append("userId,movieId,rating,timestamp\n");
            for (int k = 0; k < rating.length; k++) {
                if (userId[k] == RObject.NA_INTEGER || movieId[k] == RObject.NA_INTEGER || Double.isNaN(rating[k])) {
                    throw new BadInputException("dslabs::movielens row " + (k + 1) + " has a missing value");
                }
                sb.append(userId[k]).append(',').append(movieId[k]).append(',').append(rating[k]).append(',');
                if (timestamp[k] != RObject.NA_INTEGER) sb.append(timestamp[k]);
                sb.append('\n');
            }
            return sb.toString();
        }

        private static int[] integers(RObject.ListOf frame, String column) {
            RObject c = frame.get(column);
            if (c instanceof RObject.Integers i && !i.isFactor()) return i.values();
            if (c instanceof RObject.Doubles d) {
                int[] out = new int[d.values().length];
                for (int k = 0; k < out.length; k++) {
                    double v = d.values()[k];
                    out[k] = Double.isNaN(v) ? RObject.NA_INTEGER : (int) v;
                    if (!Double.isNaN(v) && out[k] != v) {
                        throw new BadInputException("dslabs::movielens$" + column + " is not integral at row " + (k + 1));
                    }
                }
                return out;
            }
            throw new BadInputException("dslabs::movielens has no integer column '" + column + "'");
        }

        private static double[] doubles(RObject.ListOf frame, String column) {
            RObject c = frame.get(column);
            if (c instanceof RObject.Doubles d) return d.values();
            if (c instanceof RObject.Integers i && !i.isFactor()) {
                double[] out = new double[i.values().length];
                for (int k = 0; k < out.length; k++) {
                    out[k] = i.values()[k] == RObject.NA_INTEGER ? Double.NaN : i.values()[k];
                }
                return out;
            }
            throw new BadInputException("dslabs::movielens has no numeric column '" + column + "'");
        }
    }

    /** Hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp directory left behind is harmless
        }
    }
}
