package org.irlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.data.BadInputException;
import org.irlab.data.Datasets;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.linalg.Randoms;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.Problem;

/**
 * How the initial iterate x₀ is made: zero, Gaussian with a scale, loaded from an {@code iterate.csv} or
 * {@code iterate.npy}, or a balanced
 * factor chain W_j = α·Q_j Q_{j−1}ᵀ (deep factorization only; {@code orientation} identity: Q_j = I, random: Haar
 * from {@code seed}; {@code determinant}: the sign of det W_L⋯W_1).
 *
 * <p>A file is read (and its values checked finite) when the spec is read; a run copies it into its directory as
 * {@value #COPY}, and the resolved spec names that copy and its SHA-256, so {@code irlab run DIR/spec.json} replays
 * the run from anywhere and refuses a copy that has changed.
 *
 * @param content the file's bytes (file kind only)
 * @param values  the file's rows of numbers (file kind only)
 */
public record InitSpec(Kind kind, double scale, long seed, Path file, DeepFactorization.Orientation orientation,
                       Determinant determinant, byte[] content, List<double[]> values) {
    /** The initialisation kinds. */
    public enum Kind { ZERO, GAUSSIAN, FILE, BALANCED }

    /** The sign of det W(0) for a balanced init. */
    public enum Determinant { POSITIVE, NEGATIVE }

    /** The name of a run's copy of its init file, beside its spec.json ({@link #COPY_NPY} for a {@code .npy}). */
    public static final String COPY = "init.csv";

    /** The name of a run's copy of an init file in NumPy's {@code .npy} format. */
    public static final String COPY_NPY = "init.npy";

    /** An init of a kind other than balanced or file. */
    public InitSpec(Kind kind, double scale, long seed, Path file) {
        this(kind, scale, seed, file, DeepFactorization.Orientation.IDENTITY, Determinant.POSITIVE, null, null);
    }

    /** Reads the spec's "init" object; relative file paths resolve against {@code baseDir}. */
    public static InitSpec read(SpecNode s, Path baseDir) {
        Kind kind = s.choice("type", Kind.class, "zero");
        InitSpec spec = switch (kind) {
            case ZERO -> new InitSpec(kind, 0, 0, null);
            case GAUSSIAN -> new InitSpec(kind, s.positive("scale"), s.integer("seed", 3), null);
            case FILE -> readFile(s, baseDir);
            case BALANCED -> {
                double scale = s.positive("scale");
                DeepFactorization.Orientation orientation =
                        s.choice("orientation", DeepFactorization.Orientation.class, "identity");
                long seed = orientation == DeepFactorization.Orientation.RANDOM ? s.integer("seed", 3) : 0;
                Determinant determinant = s.choice("determinant", Determinant.class, "positive");
                yield new InitSpec(kind, scale, seed, null, orientation, determinant, null, null);
            }
        };
        s.finish();
        return spec;
    }

    private static InitSpec readFile(SpecNode s, Path baseDir) {
        String given = s.string("path");
        Path file;
        try {
            Path p = Path.of(given);
            file = p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
        } catch (java.nio.file.InvalidPathException e) {
            throw s.invalid("path", "not a file name: '" + given + "'");
        }
        if (Files.isDirectory(file)) throw s.invalid("path", file + " is a directory, expected an iterate.csv file");
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw s.invalid("path", "cannot read " + file + " (" + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file" : e.getMessage()) + ")");
        }
        String sha256 = Datasets.sha256(content);
        if (s.has("sha256")) {
            String expected = s.string("sha256");
            if (!expected.equalsIgnoreCase(sha256)) {
                throw s.invalid("sha256", file + " has SHA-256 " + sha256 + ", not the " + expected
                        + " of the run this spec records: the file has changed");
            }
        }
        s.resolveAs("path", isNpy(content) ? COPY_NPY : COPY);
        s.resolveAs("sha256", sha256);
        return new InitSpec(Kind.FILE, 0, 0, file, DeepFactorization.Orientation.IDENTITY, Determinant.POSITIVE,
                content, isNpy(content) ? parseNpy(file, content) : parse(file, content));
    }

    /** The name of this run's copy of its init file. */
    public String copyName() { return isNpy(content) ? COPY_NPY : COPY; }

    private static boolean isNpy(byte[] content) {
        return content.length >= 6 && (content[0] & 0xff) == 0x93 && content[1] == 'N' && content[2] == 'U'
                && content[3] == 'M' && content[4] == 'P' && content[5] == 'Y';
    }

    /** An {@code iterate.npy}: (rows, columns) as {@code iterate.csv}, or a flat (d,), finite. */
    private static List<double[]> parseNpy(Path file, byte[] content) {
        NdArray a;
        try {
            a = Npy.read(new java.io.ByteArrayInputStream(content), file.toString()).requireFinite();
        } catch (BadInputException e) {
            throw new SpecException("init.path: " + e.getMessage());
        } catch (IOException e) {
            throw new SpecException("init.path: cannot read " + file + " (" + e.getMessage() + ")");
        }
        if (a.dimensions() == 1) return List.of(a.values());
        if (a.dimensions() != 2) {
            throw new SpecException("init.path: " + file + ": has shape " + a.shapeText() + ", expected (rows, columns)"
                    + " or (d,)");
        }
        List<double[]> rows = new ArrayList<>();
        int columns = a.shape(1);
        for (int r = 0; r < a.shape(0); r++) {
            rows.add(java.util.Arrays.copyOfRange(a.values(), r * columns, (r + 1) * columns));
        }
        return rows;
    }

    /** The file's non-empty, non-comment lines as rows of finite numbers. */
    private static List<double[]> parse(Path file, byte[] content) {
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SpecException("init.path: " + file + " is not a text (CSV) file");
        }
        List<double[]> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = line.split(",", -1);
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                try {
                    row[c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new SpecException("init.path: " + file + " line " + (ln + 1) + ", column " + (c + 1)
                            + ": not a number '" + cell + "'");
                }
                if (!Double.isFinite(row[c])) {
                    throw new SpecException("init.path: " + file + " line " + (ln + 1) + ", column " + (c + 1)
                            + ": " + cell + " is not finite (the initial iterate must be)");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new SpecException("init.path: " + file + " holds no numbers");
        return rows;
    }

    /** Builds x₀ for the problem (a file must have the problem's iterate layout). */
    public double[] create(Problem problem, ProblemFormat format) {
        int d = problem.objective().dimension();
        double[] x = new double[d];
        switch (kind) {
            case ZERO -> { }
            case GAUSSIAN -> Randoms.gaussian(new SplittableRandom(seed), scale, x);
            case FILE -> load(format, x);
            case BALANCED -> {
                if (!(problem instanceof DeepFactorization chain)) {
                    throw new SpecException("init.type: 'balanced' is defined for deep-factorization problems only, not "
                            + format.type());
                }
                chain.balancedPoint(scale, orientation, determinant == Determinant.POSITIVE, new SplittableRandom(seed), x);
            }
        }
        return x;
    }

    private void load(ProblemFormat format, double[] x) {
        int rows = format.rows(), cols = format.columns();
        if (values.size() == 1 && values.get(0).length == x.length) { // a flat (d,) array
            System.arraycopy(values.get(0), 0, x, 0, x.length);
            return;
        }
        if (isNpy(content) && values.size() == 1) {
            throw new SpecException("init.path: " + file + " has shape (" + values.get(0).length + ",), expected ("
                    + x.length + ",) or (" + rows + ", " + cols + ")");
        }
        if (values.size() != rows) {
            throw new SpecException("init.path: " + file + " has " + values.size() + " rows, expected " + rows
                    + " (" + rows + "×" + cols + " for this problem)");
        }
        for (int r = 0; r < rows; r++) {
            double[] row = values.get(r);
            if (row.length != cols) {
                throw new SpecException("init.path: " + file + " row " + (r + 1) + " has " + row.length
                        + " values, expected " + cols);
            }
            System.arraycopy(row, 0, x, r * cols, cols);
        }
    }
}
