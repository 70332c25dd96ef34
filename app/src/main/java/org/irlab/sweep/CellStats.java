package org.irlab.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregate of one cell over its seeds: how many runs succeeded, with a Wilson score 95% interval for the success
 * probability, how the runs ended, and the median and quartiles of each numeric column.
 *
 * @param quartiles column ↦ {q1, median, q3} over the runs where the column is finite (NaN when none is)
 */
public record CellStats(Expansion.Cell cell, int runs, int successes, int errors, double low, double high,
                        Map<String, Integer> statuses, Map<String, double[]> quartiles) {

    /** z for a two-sided 95% interval: Φ⁻¹(0.975). */
    static final double Z95 = 1.959963984540054;

    /** The observed success rate k/n (NaN for an empty cell). */
    public double rate() { return runs == 0 ? Double.NaN : (double) successes / runs; }

    /** The median of a column (NaN when undefined). */
    public double median(String column) {
        double[] q = quartiles.get(column);
        return q == null ? Double.NaN : q[1];
    }

    /**
     * The Wilson score interval for k successes in n trials at the given z:
     * (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1]
     * and is not empty at k = 0 or k = n.
     */
    public static double[] wilson(int k, int n, double z) {
        if (n == 0) return new double[] {0, 1};
        double p = (double) k / n, z2 = z * z;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // at k = 0 (k = n) the lower (upper) end is exactly 0 (1); the formula leaves round-off there
        return new double[] {k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half)};
    }

    /**
     * The q-quantile of sorted values by linear interpolation between order statistics (h = (n − 1)q; R's type 7,
     * NumPy's default).
     */
    public static double quantile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(n - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The numeric columns aggregated per cell: the standard ones, then every metric that has a number. */
    static List<String> numericColumns(Measures measures, List<Row> rows) {
        List<String> out = new ArrayList<>(List.of("iterations", "finalError", "finalResidualNorm", "maxResidualNorm"));
        List<String> names = measures.metricNames();
        for (int i = 0; i < names.size(); i++) {
            boolean number = false, text = false;
            for (Row r : rows) {
                Object v = r.metrics().get(i);
                if (v instanceof Double d && Double.isFinite(d)) number = true;
                if (v instanceof String) text = true;
            }
            if (number && !text) out.add(names.get(i));
        }
        return out;
    }

    static double value(Row r, String column, Measures measures) {
        return switch (column) {
            case "iterations" -> Row.ERROR.equals(r.status()) ? Double.NaN : r.iterations();
            case "finalError" -> r.finalError();
            case "finalResidualNorm" -> r.finalResidualNorm();
            case "maxResidualNorm" -> r.maxResidualNorm();
            default -> r.metrics().get(measures.metricNames().indexOf(column)) instanceof Double d ? d : Double.NaN;
        };
    }

    /** One aggregate per cell of the expansion, from every row (indexed by row number). */
    public static List<CellStats> of(Expansion e, List<Row> rows) {
        Measures measures = e.sweep().measures();
        List<String> columns = numericColumns(measures, rows);
        Map<Integer, List<Row>> byCell = new LinkedHashMap<>();
        for (Expansion.Run run : e.runs()) {
            byCell.computeIfAbsent(run.cell().index(), k -> new ArrayList<>()).add(rows.get(run.row()));
        }
        List<CellStats> out = new ArrayList<>();
        for (Expansion.Cell cell : e.cells()) {
            List<Row> rs = byCell.getOrDefault(cell.index(), List.of());
            int k = 0, errors = 0;
            Map<String, Integer> statuses = new TreeMap<>();
            for (Row r : rs) {
                if (r.success()) k++;
                if (Row.ERROR.equals(r.status())) errors++;
                statuses.merge(r.status(), 1, Integer::sum);
            }
            Map<String, double[]> q = new LinkedHashMap<>();
            for (String c : columns) {
                double[] v = rs.stream().mapToDouble(r -> value(r, c, measures)).filter(Double::isFinite).toArray();
                Arrays.sort(v);
                q.put(c, new double[] {quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)});
            }
            double[] ci = wilson(k, rs.size(), Z95);
            out.add(new CellStats(cell, rs.size(), k, errors, ci[0], ci[1], statuses, q));
        }
        return out;
    }
}
