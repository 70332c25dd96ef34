package org.irlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one array from a file by its extension: {@code .npy} ({@link Npy}), {@code .mtx} (Matrix Market, dense
 * "array" or sparse "coordinate" files, read as a dense matrix) or {@code .csv} (one matrix row per line, values
 * separated by commas, {@code #} comments). Matrix Market coordinate files can also be read as their list of entries
 * ({@link #readEntries}). Errors name the file and the line.
 */
public final class ArrayFiles {
    /** The extensions read here. */
    public static final List<String> EXTENSIONS = List.of(".npy", ".mtx", ".csv");

    /** Observed entries (i, j, value) of a rows×columns matrix, 0-based, in file order. */
    public record Entries(int rows, int columns, int[] row, int[] column, double[] value) {}

    private ArrayFiles() {}

    /** True when the file name ends in one of {@link #EXTENSIONS}. */
    public static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) if (name.endsWith(e)) return true;
        return false;
    }

    /** Reads the file as a dense array (a Matrix Market or CSV file as a 2-D matrix). */
    public static NdArray read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) return Npy.read(file);
        if (name.endsWith(".mtx")) return matrixMarket(file, false).dense;
        if (name.endsWith(".csv")) return csv(file);
        throw new BadInputException(file + ": unknown array format (expected " + String.join(", ", EXTENSIONS) + ")");
    }

    /** Reads a Matrix Market coordinate file as its entries (symmetric files expanded to both triangles). */
    public static Entries readEntries(Path file) {
        return matrixMarket(file, true).entries;
    }

    /** The result of one Matrix Market parse: dense or as entries, whichever was asked for. */
    private record Parsed(NdArray dense, Entries entries) {}

    private static Parsed matrixMarket(Path file, boolean asEntries) {
        String source = file.toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            MatrixMarket.Banner banner = MatrixMarket.Banner.read(reader, source);
            boolean coordinate = banner.coordinate(), symmetric = banner.symmetric(), skew = banner.skew();
            if (asEntries && !coordinate) {
                throw new BadInputException(source + ": a Matrix Market 'array' file holds a dense matrix, not a list"
                        + " of observed entries (write it as 'coordinate')");
            }
            Lines lines = new Lines(reader, source);
            String[] size = lines.next();
            if (size == null) throw new BadInputException(source + ": no size line");
            int rows = lines.integer(size, 0, 1), columns = lines.integer(size, 1, 1);
            if (size.length != (coordinate ? 3 : 2)) {
                throw lines.error("expected the size line '" + (coordinate ? "rows columns entries" : "rows columns")
                        + "'");
            }
            if ((symmetric || skew) && rows != columns) throw lines.error("a symmetric matrix must be square");
            if ((long) rows * columns > Integer.MAX_VALUE - 8 && !asEntries) {
                throw lines.error("a " + rows + "×" + columns + " dense matrix is too large");
            }
            return coordinate ? coordinates(lines, rows, columns, lines.integer(size, 2, 0), symmetric, skew, asEntries)
                    : new Parsed(denseArray(lines, rows, columns, symmetric, skew), null);
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static NdArray denseArray(Lines lines, int rows, int columns, boolean symmetric, boolean skew)
            throws IOException {
        double[] m = new double[rows * columns];
        // column-major; a symmetric file lists the lower triangle (with the diagonal unless skew) column by column
        for (int j = 0; j < columns; j++) {
            for (int i = symmetric ? j : skew ? j + 1 : 0; i < rows; i++) {
                String[] t = lines.next();
                if (t == null) {
                    throw new BadInputException(lines.source + ": ends before entry (" + (i + 1) + ", " + (j + 1) + ")");
                }
                if (t.length != 1) throw lines.error("expected one value per line");
                double v = lines.number(t[0]);
                m[i * columns + j] = v;
                if (symmetric || skew) m[j * columns + i] = skew ? -v : v;
            }
        }
        if (lines.next() != null) throw lines.error("more values than the " + rows + "×" + columns + " size line says");
        return new NdArray(lines.source, new int[] {rows, columns}, NdArray.Type.FLOAT64, m);
    }

    private static Parsed coordinates(Lines lines, int rows, int columns, int declared, boolean symmetric, boolean skew,
                                      boolean asEntries) throws IOException {
        int capacity = symmetric || skew ? Math.min(Integer.MAX_VALUE - 8, 2 * declared) : declared;
        int[] row = new int[capacity], column = new int[capacity];
        double[] value = new double[capacity];
        int n = 0, seen = 0;
        String[] t;
        while ((t = lines.next()) != null) {
            if (t.length != 3) throw lines.error("expected 'row column value'");
            if (++seen > declared) throw lines.error("more entries than the " + declared + " the size line declares");
            int i = lines.integer(t, 0, 1) - 1, j = lines.integer(t, 1, 1) - 1;
            if (i >= rows || j >= columns) {
                throw lines.error("entry (" + (i + 1) + ", " + (j + 1) + ") is outside the " + rows + "×" + columns
                        + " matrix");
            }
            double v = lines.number(t[2]);
            if (asEntries && !Double.isFinite(v)) {
                throw lines.error("the value of entry (" + (i + 1) + ", " + (j + 1) + ") is " + v);
            }
            row[n] = i;
            column[n] = j;
            value[n++] = v;
            if ((symmetric || skew) && i != j) {
                row[n] = j;
                column[n] = i;
                value[n++] = skew ? -v : v;
            }
        }
        if (seen != declared) {
            throw new BadInputException(lines.source + ": the size line declares " + declared + " entries but the"
                    + " file has " + seen + " (truncated?)");
        }
        if (asEntries) {
            return new Parsed(null, new Entries(rows, columns, java.util.Arrays.copyOf(row, n),
                    java.util.Arrays.copyOf(column, n), java.util.Arrays.copyOf(value, n)));
        }
        double[] m = new double[rows * columns];
        for (int k = 0; k < n; k++) m[row[k] * columns + column[k]] += value[k];
        return new Parsed(new NdArray(lines.source, new int[] {rows, columns}, NdArray.Type.FLOAT64, m), null);
    }

    /** Reads a CSV matrix: one row per line, the same number of comma-separated numbers on each. */
    public static NdArray csv(Path file) {
        String source = file.toString();
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Lines lines = new Lines(reader, source);
            lines.number = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lines.number++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                String[] cells = s.split(",", -1);
                if (!rows.isEmpty() && cells.length != rows.get(0).length) {
                    throw lines.error("has " + cells.length + " values, the first row has " + rows.get(0).length);
                }
                double[] r = new double[cells.length];
                for (int c = 0; c < cells.length; c++) r[c] = lines.number(cells[c].strip());
                rows.add(r);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(source + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) throw new BadInputException(source + ": no values");
        int columns = rows.get(0).length;
        double[] m = new double[Math.multiplyExact(rows.size(), columns)];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, m, i * columns, columns);
        return new NdArray(source, new int[] {rows.size(), columns}, NdArray.Type.FLOAT64, m);
    }

    /** The non-comment lines of a text file, split on white space, with the line number for errors. */
    private static final class Lines {
        final BufferedReader reader;
        final String source;
        int number = 1;

        Lines(BufferedReader reader, String source) {
            this.reader = reader;
            this.source = source;
        }

        String[] next() throws IOException {
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("%")) return s.split("\\s+");
            }
            return null;
        }

        BadInputException error(String why) { return new BadInputException(source + ": line " + number + ": " + why); }

        int integer(String[] t, int k, int min) {
            if (k >= t.length) throw error("missing a value");
            try {
                int v = Integer.parseInt(t[k]);
                if (v < min) throw error("'" + t[k] + "' must be at least " + min);
                return v;
            } catch (NumberFormatException e) {
                throw error("'" + t[k] + "' is not an integer");
            }
        }

        /** A number as written (NaN and infinities pass: finiteness is the caller's check, naming the index). */
        double number(String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("not a number '" + text + "'");
            }
        }
    }
}
