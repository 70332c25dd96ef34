package org.irlab.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@code trace.csv} read back as numeric columns (an empty cell is NaN: undefined at that row). */
public final class Trace {
    private final List<String> names;
    private final double[][] columns;
    private final int rows;

    /** Builds a trace from columns of equal length (copied). */
    public Trace(List<String> names, double[][] columns) {
        if (names.size() != columns.length) throw new IllegalArgumentException("one name per column");
        int n = columns.length == 0 ? 0 : columns[0].length;
        for (double[] c : columns) if (c.length != n) throw new IllegalArgumentException("columns of unequal length");
        this.names = List.copyOf(names);
        this.columns = new double[columns.length][];
        for (int i = 0; i < columns.length; i++) this.columns[i] = columns[i].clone();
        this.rows = n;
    }

    /** Reads a trace file written by the Runner. */
    public static Trace read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of a trace.csv (e.g. kept in memory by a sweep). */
    public static Trace parse(String csv) {
        try {
            return read(new BufferedReader(new java.io.StringReader(csv)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse a trace: " + e.getMessage(), e);
        }
    }

    private static Trace read(BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null) throw new IOException("empty file");
        List<String> names = Arrays.asList(header.split(",", -1));
        List<double[]> rowsRead = new ArrayList<>();
        String line;
        int lineNumber = 1;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isEmpty()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length != names.size()) {
                throw new IOException("line " + lineNumber + " has " + cells.length + " cells, expected " + names.size());
            }
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = cells[i].isEmpty() ? Double.NaN : parse(cells[i], lineNumber);
            }
            rowsRead.add(row);
        }
        double[][] columns = new double[names.size()][rowsRead.size()];
        for (int r = 0; r < rowsRead.size(); r++) {
            double[] row = rowsRead.get(r);
            for (int c = 0; c < row.length; c++) columns[c][r] = row[c];
        }
        return new Trace(names, columns);
    }

    private static double parse(String cell, int line) throws IOException {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IOException("line " + line + ": not a number '" + cell + "'");
        }
    }

    public List<String> names() { return names; }

    public int rows() { return rows; }

    public boolean has(String column) { return names.contains(column); }

    /** The column's values (a view: do not modify), or null when the trace has no such column. */
    public double[] column(String column) {
        int i = names.indexOf(column);
        return i < 0 ? null : columns[i];
    }

    /** The iteration column. */
    public double[] iterations() {
        double[] it = column("iteration");
        if (it == null) throw new IllegalStateException("trace without an iteration column");
        return it;
    }
}
