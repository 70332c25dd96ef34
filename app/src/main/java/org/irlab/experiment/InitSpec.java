package org.irlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.data.BadInputException;
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
 */
public record InitSpec(Kind kind, double scale, long seed, Path file, DeepFactorization.Orientation orientation,
                       Determinant determinant) {
    /** The initialisation kinds. */
    public enum Kind { ZERO, GAUSSIAN, FILE, BALANCED }

    /** The sign of det W(0) for a balanced init. */
    public enum Determinant { POSITIVE, NEGATIVE }

    /** An init of a kind other than balanced. */
    public InitSpec(Kind kind, double scale, long seed, Path file) {
        this(kind, scale, seed, file, DeepFactorization.Orientation.IDENTITY, Determinant.POSITIVE);
    }

    /** Reads the spec's "init" object; relative file paths resolve against {@code baseDir}. */
    public static InitSpec read(SpecNode s, Path baseDir) {
        Kind kind = s.choice("type", Kind.class, "zero");
        InitSpec spec = switch (kind) {
            case ZERO -> new InitSpec(kind, 0, 0, null);
            case GAUSSIAN -> new InitSpec(kind, s.positive("scale"), s.integer("seed", 3), null);
            case FILE -> {
                Path p = Path.of(s.string("path"));
                yield new InitSpec(kind, 0, 0, p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p));
            }
            case BALANCED -> {
                double scale = s.positive("scale");
                DeepFactorization.Orientation orientation =
                        s.choice("orientation", DeepFactorization.Orientation.class, "identity");
                long seed = orientation == DeepFactorization.Orientation.RANDOM ? s.integer("seed", 3) : 0;
                Determinant determinant = s.choice("determinant", Determinant.class, "positive");
                yield new InitSpec(kind, scale, seed, null, orientation, determinant);
            }
        };
        s.finish();
        return spec;
    }

    /** Builds x₀ for the problem. */
    public double[] create(Problem problem) {
        int d = problem.objective().dimension();
        double[] x = new double[d];
        switch (kind) {
            case ZERO -> { }
            case GAUSSIAN -> Randoms.gaussian(new SplittableRandom(seed), scale, x);
            case FILE -> load(problem, x);
            case BALANCED -> {
                if (!(problem instanceof DeepFactorization chain)) {
                    throw new SpecException("init.type: 'balanced' is defined for deep-factorization problems only, not "
                            + problem.type());
                }
                chain.balancedPoint(scale, orientation, determinant == Determinant.POSITIVE, new SplittableRandom(seed), x);
            }
        }
        return x;
    }

    private void load(Problem problem, double[] x) {
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
            loadNpy(problem, x);
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new SpecException("init.path: cannot read " + file + " (" + e.getMessage() + ")");
        }
        int rows = problem.iterateRows(), cols = problem.iterateColumns();
        int r = 0;
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] cells = line.split(",");
            if (r >= rows) throw new SpecException("init.path: " + file + " has more than " + rows + " rows");
            if (cells.length != cols) {
                throw new SpecException("init.path: " + file + " line " + (ln + 1) + " has " + cells.length
                        + " values, expected " + cols);
            }
            for (int c = 0; c < cols; c++) {
                try {
                    x[r * cols + c] = Double.parseDouble(cells[c].trim());
                } catch (NumberFormatException e) {
                    throw new SpecException("init.path: " + file + " line " + (ln + 1) + ": not a number '" + cells[c] + "'");
                }
            }
            r++;
        }
        if (r != rows) throw new SpecException("init.path: " + file + " has " + r + " rows, expected " + rows);
    }

    /** An {@code iterate.npy}: shape (rows, columns) as {@code iterate.csv}, or the flat (d,). */
    private void loadNpy(Problem problem, double[] x) {
        int rows = problem.iterateRows(), cols = problem.iterateColumns();
        try {
            NdArray a = Npy.read(file);
            if (a.dimensions() == 1) a.requireShape("(d,)", x.length);
            else a.requireShape("(rows, columns)", rows, cols);
            a.requireFinite();
            System.arraycopy(a.values(), 0, x, 0, x.length);
        } catch (BadInputException e) {
            throw new SpecException("init.path: " + e.getMessage());
        }
    }
}
