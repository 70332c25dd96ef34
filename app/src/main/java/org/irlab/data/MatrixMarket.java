package org.irlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Matrix Market coordinate file ({@code %%MatrixMarket matrix coordinate real|integer
 * general|symmetric|skew-symmetric}): the observed entries of an m×n matrix, 1-based indices. Symmetric files are
 * expanded to both triangles. Row and column identifiers are the 1-based indices as strings. Pattern, complex and
 * dense (array) files are refused. Errors name the line; repeated pairs and non-numeric values follow the same
 * policies as {@link RatingsCsv}.
 */
public final class MatrixMarket {
    private MatrixMarket() {}

    /**
     * Refuses {@link DuplicatePolicy#LATEST} before anything is read: a Matrix Market file has no times (and its
     * readers take no {@code --columns} to name one).
     */
    public static void checkPolicy(DuplicatePolicy duplicates) {
        if (duplicates == DuplicatePolicy.LATEST) {
            throw new BadInputException("--duplicates latest: Matrix Market files have no times: use --duplicates last"
                    + " or mean");
        }
    }

    public static RatingsData read(Path file, DuplicatePolicy duplicates, InvalidPolicy invalid) throws IOException {
        checkPolicy(duplicates);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString(), duplicates, invalid);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.notUtf8(file);
        }
    }

    public static RatingsData read(Reader input, String source, DuplicatePolicy duplicates, InvalidPolicy invalid)
            throws IOException {
        checkPolicy(duplicates);
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        Banner banner = Banner.parse(reader.readLine(), source);
        banner.requireCoordinate(source);
        int lineNumber = 1;
        String line;
        Size size = null;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (content(line)) {
                size = Size.parse(line, lineNumber, source, banner, duplicates);
                break;
            }
        }
        if (size == null) throw new BadInputException(source + ": no size line 'rows columns entries' after the banner");
        size.checkHeap(source, banner.symmetric() || banner.skew() ? 2 : 1);
        CoordinateBuilder builder = new CoordinateBuilder();
        long seen = 0;
        int invalidCount = 0;
        List<Integer> invalidLines = new ArrayList<>();
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (!content(line)) continue;
            int n = lineNumber;
            boolean valid = size.entry(line, n, source, seen == 0, (i, j, v) -> builder.add(i, j, v, n));
            seen++;
            if (!valid) {
                invalidCount++;
                if (invalidLines.size() < InputReport.SHOWN) invalidLines.add(lineNumber);
            }
        }
        size.checkCount(source, seen);
        CoordinateBuilder.Built built = builder.build(size.rows(), size.columns(), duplicates);
        InputReport report = new InputReport(built.duplicates(), built.duplicateLines(), duplicates, invalidCount,
                invalidLines, invalid);
        RatingsCsv.refuseIfNeeded(source, report, "--invalid-ratings skip");
        if (built.ratings().size() == 0) throw new BadInputException(source + ": no entries");
        return new RatingsData(built.ratings(), indices(size.rows()), indices(size.columns()), report);
    }

    /** Whether a line holds something: not blank and not a {@code %} comment. */
    public static boolean content(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.startsWith("%");
    }

    /** Where an entry goes: 0-based row and column, and its value (symmetric files give each off-diagonal twice). */
    @FunctionalInterface
    public interface EntrySink {
        void accept(int row, int column, double value);
    }

    /**
     * The size line {@code rows columns entries} and the banner's symmetry: what the entries are checked against.
     *
     * @param line the size line's number, {@code text} its text (both named in messages)
     */
    public record Size(int rows, int columns, long declared, int line, String text, boolean symmetric, boolean skew)
            implements java.io.Serializable {
        /** Reads and checks the size line (the first line with content after the banner), naming it. */
        public static Size parse(String line, int lineNumber, String source, Banner banner, DuplicatePolicy duplicates) {
            banner.requireCoordinate(source);
            boolean symmetric = banner.symmetric(), skew = banner.skew();
            String s = line.strip();
            String[] t = s.split("\\s+");
            int rows, columns;
            long declared;
            try {
                if (t.length != 3) throw new NumberFormatException();
                rows = Integer.parseInt(t[0]);
                columns = Integer.parseInt(t[1]);
                declared = Long.parseLong(t[2]);
            } catch (NumberFormatException e) {
                throw new BadInputException(source + ": line " + lineNumber + ": expected the size line 'rows columns"
                        + " entries' (integers, rows and columns at most " + Integer.MAX_VALUE + "), found '" + s
                        + "'");
            }
            if (rows < 1 || columns < 1 || declared < 0) {
                throw new BadInputException(source + ": line " + lineNumber + ": impossible size '" + s + "'");
            }
            if ((symmetric || skew) && rows != columns) {
                throw new BadInputException(source + ": line " + lineNumber + ": a symmetric matrix must be square");
            }
            long cells = symmetric ? (long) rows * (rows + 1) / 2 : skew ? (long) rows * (rows - 1) / 2
                    : (long) rows * columns;
            if (declared > cells && duplicates == DuplicatePolicy.ERROR) { // more entries than cells: some repeat
                throw new BadInputException(source + ": line " + lineNumber + ": impossible size '" + s + "': a "
                        + (symmetric ? "symmetric " : skew ? "skew-symmetric " : "") + rows + "×" + columns
                        + " matrix has at most " + cells + " entries" + (symmetric || skew ? " in its lower triangle" : "")
                        + " (if that line is an entry, the size line 'rows columns entries' is missing)");
            }
            return new Size(rows, columns, declared, lineNumber, s, symmetric, skew);
        }

        /**
         * Parses entry line {@code number} ({@code i j value}, 1-based): gives {@code sink} the entry (and its mirror
         * in a symmetric file) unless the value is not a finite number.
         *
         * @param first whether no entry line came before (a bad one then hints that the size line is missing)
         * @return whether the value was a finite number (false: the line counts as an invalid rating)
         * @throws BadInputException naming the line: not three fields, indices not integers or outside the declared
         *                           size, a value too large
         */
        public boolean entry(String line, int number, String source, boolean first, EntrySink sink) {
            String s = line.strip();
            String[] t = s.split("\\s+");
            if (t.length != 3) {
                throw new BadInputException(source + ": line " + number + ": expected 'row column value', found '"
                        + s + "'");
            }
            int i, j;
            try {
                i = Integer.parseInt(t[0]);
                j = Integer.parseInt(t[1]);
            } catch (NumberFormatException e) {
                throw new BadInputException(source + ": line " + number + ": indices must be integers: '" + s + "'");
            }
            if (i < 1 || i > rows || j < 1 || j > columns) {
                throw new BadInputException(source + ": line " + number + ": entry (" + i + ", " + j
                        + ") is outside the " + rows + "×" + columns + " matrix that line " + line() + " ('"
                        + text + "') declares" + (first ? " (if that line is an entry, the size line 'rows "
                        + "columns entries' is missing)" : ""));
            }
            double v;
            try {
                v = Double.parseDouble(t[2]);
            } catch (NumberFormatException e) {
                return false;
            }
            if (!Double.isFinite(v)) return false;
            CoordinateBuilder.checkMagnitude(source, number, v);
            sink.accept(i - 1, j - 1, v);
            if ((symmetric || skew) && i != j) sink.accept(j - 1, i - 1, skew ? -v : v);
            return true;
        }

        /** Refuses a file whose entry lines are not as many as the size line declares. */
        public void checkCount(String source, long seen) {
            if (seen != declared) {
                throw new BadInputException(source + ": the size line (line " + line + ") declares " + declared
                        + " entries but the file has " + seen);
            }
        }

        /**
         * Refuses, before reading the entries, a size whose matrix cannot fit the JVM's heap (an OutOfMemoryError
         * after seconds of reading is no answer), with the estimate in the message.
         *
         * @param copies how many times this JVM holds each declared entry (2 for a symmetric file read here; 0 when
         *               it holds only the row and column ids)
         */
        public void checkHeap(String source, int copies) {
            MatrixMarket.checkHeap(source, line, rows, columns, declared, copies);
        }
    }

    /** The first line of a Matrix Market file: dense ("array") or "coordinate", and its symmetry. */
    public record Banner(boolean coordinate, boolean symmetric, boolean skew) {
        /** Refuses a dense ("array") file: only coordinate files hold a partly observed matrix. */
        public void requireCoordinate(String source) {
            if (!coordinate) {
                throw new BadInputException(source + ": line 1: only the coordinate format is supported, not 'array'");
            }
        }

        static Banner read(BufferedReader reader, String source) throws IOException {
            return parse(reader.readLine(), source);
        }

        /**
         * Checks line 1 (null: an empty file), {@code %%MatrixMarket matrix array|coordinate real|integer|double
         * general|symmetric|skew-symmetric}; anything else is an error naming line 1.
         */
        public static Banner parse(String line, String source) {
            if (line == null) throw new BadInputException(source + ": empty file");
            String[] b = line.strip().toLowerCase(Locale.ROOT).split("\\s+");
            if (b.length != 5 || !b[0].equals("%%matrixmarket") || !b[1].equals("matrix")) {
                throw new BadInputException(source + ": line 1: expected '%%MatrixMarket matrix coordinate real"
                        + " general', found '" + line.strip() + "'");
            }
            boolean coordinate = b[2].equals("coordinate");
            if (!coordinate && !b[2].equals("array")) {
                throw new BadInputException(source + ": line 1: format '" + b[2] + "' is not supported (coordinate or"
                        + " array)");
            }
            if (!b[3].equals("real") && !b[3].equals("integer") && !b[3].equals("double")) {
                throw new BadInputException(source + ": line 1: field '" + b[3] + "' has no values"
                        + " (only real and integer are supported)");
            }
            boolean symmetric = b[4].equals("symmetric"), skew = b[4].equals("skew-symmetric");
            if (!symmetric && !skew && !b[4].equals("general")) {
                throw new BadInputException(source + ": line 1: symmetry '" + b[4] + "' is not supported");
            }
            return new Banner(coordinate, symmetric, skew);
        }
    }

    /** Heap a matrix of this size needs once read: entries, index arrays and one identifier per row and column. */
    static double bytesNeeded(int rows, int columns, long entries) {
        return 64.0 * entries + 72.0 * ((double) rows + columns); // in double: 64 × a long count may overflow
    }

    /**
     * Refuses, before reading the entries, a size line whose matrix cannot fit the JVM's heap (an OutOfMemoryError
     * after seconds of reading is no answer), with the estimate in the message.
     */
    private static void checkHeap(String source, int line, int rows, int columns, long declared, int copies) {
        double bytes = bytesNeeded(rows, columns, declared * copies);
        long available = Runtime.getRuntime().maxMemory();
        if (available != Long.MAX_VALUE && bytes > available) {
            double machine = physicalMemory();
            String remedy = bytes * 1.25 < machine
                    ? String.format(Locale.ROOT, "raise -Xmx, e.g. IRLAB_JAVA_OPTS=-Xmx%dg, or check the size line",
                            (long) Math.ceil(bytes * 1.25 / GIB))
                    : String.format(Locale.ROOT, "beyond even this machine's %.1f GiB of memory: check the size line",
                            machine / GIB);
            throw new BadInputException(String.format(Locale.ROOT, "%s: line %d: a %d×%d matrix with %d entries needs"
                    + " about %.1f GiB of heap to read, more than the %.1f GiB this JVM may use (%s)", source, line, rows,
                    columns, declared, bytes / GIB, available / GIB, remedy));
        }
    }

    /** The machine's memory in bytes (infinite when the JVM does not say). */
    private static double physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Double.POSITIVE_INFINITY;
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The ids of n rows or columns: "1" … "n" (Matrix Market's 1-based indices). */
    public static String[] indices(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = Integer.toString(i + 1);
        return ids;
    }
}
