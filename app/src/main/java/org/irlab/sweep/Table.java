package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A typed, column-oriented table (results or cells of a sweep) that writes itself as CSV and as Parquet. A null value
 * is undefined: an empty CSV cell, a Parquet null.
 */
public final class Table {
    /** Column types (the Parquet physical types used). */
    public enum Type { INT64, DOUBLE, STRING, BOOLEAN }

    /** One column: Long, Double, String or Boolean values (or null) by type. */
    public record Column(String name, Type type, Object[] values) {}

    private final List<Column> columns = new ArrayList<>();
    private final int rows;

    Table(int rows) {
        this.rows = rows;
    }

    public int rows() { return rows; }

    public List<Column> columns() { return columns; }

    Table add(String name, Type type, Object[] values) {
        if (values.length != rows) throw new IllegalArgumentException(name + ": " + values.length + " values for " + rows + " rows");
        for (Column c : columns) if (c.name().equals(name)) throw new IllegalArgumentException("column " + name + " twice");
        columns.add(new Column(name, type, values));
        return this;
    }

    /** A column of doubles; NaN and ±∞ are stored as null (undefined). */
    Table addDoubles(String name, double[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) o[i] = Double.isFinite(v[i]) ? (Object) v[i] : null;
        return add(name, Type.DOUBLE, o);
    }

    /** A column of mixed values (a metric or an axis): numbers if every defined value is one, else text. */
    Table addValues(String name, Object[] v) {
        boolean allIntegers = true, allNumbers = true;
        for (Object o : v) {
            if (o == null) continue;
            if (!(o instanceof Number)) allNumbers = allIntegers = false;
            else if (!(o instanceof Long)) allIntegers = false;
        }
        Object[] out = new Object[v.length];
        for (int i = 0; i < v.length; i++) {
            Object o = v[i];
            if (o == null || o instanceof Double d && !Double.isFinite(d)) out[i] = null;
            else if (allIntegers) out[i] = ((Number) o).longValue();
            else if (allNumbers) out[i] = ((Number) o).doubleValue();
            else out[i] = o.toString();
        }
        return add(name, allIntegers ? Type.INT64 : allNumbers ? Type.DOUBLE : Type.STRING, out);
    }

    /** A JSON value as a table value: an integer (Long), a number (Double) or its text. */
    static Object value(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        return Sweep.text(v);
    }

    /** The results table: one row per run. */
    public static Table results(Expansion e, List<Row> rows) {
        int n = e.runs().size();
        Table t = new Table(n);
        Object[] row = new Object[n], cell = new Object[n], seed = new Object[n], status = new Object[n],
                success = new Object[n], iterations = new Object[n], message = new Object[n];
        double[] error = new double[n], residual = new double[n], maxResidual = new double[n], wall = new double[n];
        List<String> keys = e.sweep().keys();
        Object[][] axes = new Object[keys.size()][n];
        List<String> metricNames = e.sweep().measures().metricNames();
        Object[][] metrics = new Object[metricNames.size()][n];
        for (Expansion.Run run : e.runs()) {
            int i = run.row();
            Row r = rows.get(i);
            row[i] = (long) i;
            cell[i] = (long) run.cell().index();
            List<Object> at = run.cell().tableValues(e.sweep());
            for (int k = 0; k < keys.size(); k++) axes[k][i] = at.get(k);
            seed[i] = run.seed();
            status[i] = r.status();
            success[i] = r.success();
            iterations[i] = r.iterations();
            error[i] = r.finalError();
            residual[i] = r.finalResidualNorm();
            maxResidual[i] = r.maxResidualNorm();
            for (int k = 0; k < metricNames.size(); k++) metrics[k][i] = r.metrics().get(k);
            wall[i] = r.wallSeconds();
            message[i] = r.message();
        }
        t.add("row", Type.INT64, row).add("cell", Type.INT64, cell);
        for (int k = 0; k < keys.size(); k++) t.addValues(keys.get(k), axes[k]);
        t.add("seed", Type.INT64, seed).add("status", Type.STRING, status).add("success", Type.BOOLEAN, success)
                .add("iterations", Type.INT64, iterations).addDoubles("finalError", error)
                .addDoubles("finalResidualNorm", residual).addDoubles("maxResidualNorm", maxResidual);
        for (int k = 0; k < metricNames.size(); k++) t.addValues(metricNames.get(k), metrics[k]);
        t.addDoubles("wallSeconds", wall).add("message", Type.STRING, message);
        return t;
    }

    /** The cells table: one row per cell, with the success rate, its interval and the quartiles of each column. */
    public static Table cells(Expansion e, List<CellStats> stats) {
        int n = stats.size();
        Table t = new Table(n);
        List<String> keys = e.sweep().keys();
        Object[] cell = new Object[n], runs = new Object[n], successes = new Object[n], errors = new Object[n],
                statuses = new Object[n];
        double[] rate = new double[n], low = new double[n], high = new double[n];
        Object[][] axes = new Object[keys.size()][n];
        List<String> columns = n == 0 ? List.of() : new ArrayList<>(stats.get(0).quartiles().keySet());
        double[][][] q = new double[columns.size()][3][n];
        for (int i = 0; i < n; i++) {
            CellStats s = stats.get(i);
            cell[i] = (long) s.cell().index();
            List<Object> at = s.cell().tableValues(e.sweep());
            for (int k = 0; k < keys.size(); k++) axes[k][i] = at.get(k);
            runs[i] = (long) s.runs();
            successes[i] = (long) s.successes();
            errors[i] = (long) s.errors();
            rate[i] = s.rate();
            low[i] = s.low();
            high[i] = s.high();
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Integer> st : s.statuses().entrySet()) parts.add(st.getKey() + "=" + st.getValue());
            statuses[i] = String.join(";", parts);
            for (int c = 0; c < columns.size(); c++) {
                double[] v = s.quartiles().get(columns.get(c));
                for (int j = 0; j < 3; j++) q[c][j][i] = v[j];
            }
        }
        t.add("cell", Type.INT64, cell);
        for (int k = 0; k < keys.size(); k++) t.addValues(keys.get(k), axes[k]);
        t.add("runs", Type.INT64, runs).add("successes", Type.INT64, successes).add("errors", Type.INT64, errors)
                .addDoubles("successRate", rate).addDoubles("successLow", low).addDoubles("successHigh", high)
                .add("statuses", Type.STRING, statuses);
        for (int c = 0; c < columns.size(); c++) {
            t.addDoubles(columns.get(c) + "_q1", q[c][0]).addDoubles(columns.get(c) + "_median", q[c][1])
                    .addDoubles(columns.get(c) + "_q3", q[c][2]);
        }
        return t;
    }

    /** RFC 4180 CSV with a header; doubles as the shortest decimal that reads back as the same bits. */
    public String csv() {
        StringBuilder b = new StringBuilder(64 * (rows + 1) * Math.max(1, columns.size()) / 4);
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) b.append(',');
            b.append(quote(columns.get(c).name()));
        }
        b.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) b.append(',');
                Object v = columns.get(c).values()[r];
                if (v != null) b.append(v instanceof String s ? quote(s) : v.toString());
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String quote(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char ch = s.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') plain = false;
        }
        if (plain && !s.isEmpty() && !s.startsWith(" ") && !s.endsWith(" ")) return s;
        if (plain && s.isEmpty()) return "\"\"";
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** The table as one Parquet file (see {@link ParquetFile}). */
    public byte[] parquet() { return ParquetFile.write(this); }
}
