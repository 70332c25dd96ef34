package org.irlab.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Problem;

/** How the initial iterate x₀ is made: zero, Gaussian with a scale, or loaded from an {@code iterate.csv}. */
public record InitSpec(Kind kind, double scale, long seed, Path file) {
    /** The initialisation kinds. */
    public enum Kind { ZERO, GAUSSIAN, FILE }

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
        }
        return x;
    }

    private void load(Problem problem, double[] x) {
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
}
