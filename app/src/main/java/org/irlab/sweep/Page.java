package org.irlab.sweep;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.Provenance;
import org.irlab.report.Format;
import org.irlab.report.Html;
import org.irlab.report.Report;

/**
 * Writes {@code sweep.html}: one self-contained page with the conventions of report.html (inline CSS, plots embedded
 * as PNG data URLs, no script, a Content-Security-Policy that forbids any fetch) holding, for each axis pair named in
 * {@code plots}, the heatmaps of success rate, median error and median iterations with the other axes as facets,
 * then every cell's aggregate, the skipped cells and how to replay a row. Each heatmap is also saved as PNG and SVG
 * under {@code heatmaps/}.
 */
public final class Page {
    private Page() {}

    /** One heatmap with the names of its files. */
    public record Panel(Heatmap heatmap, String file) {}

    /** Every heatmap of a sweep: per plot pair, per facet, the three statistics. */
    public static List<List<List<Panel>>> panels(Expansion e, List<CellStats> stats) {
        Sweep s = e.sweep();
        Map<List<Integer>, CellStats> byPosition = new HashMap<>();
        for (CellStats c : stats) byPosition.put(positions(c.cell()), c);
        List<List<List<Panel>>> out = new ArrayList<>();
        for (Sweep.PlotPair p : s.plots()) {
            int ax = s.axes().indexOf(s.axis(p.x())), ay = s.axes().indexOf(s.axis(p.y()));
            List<Integer> others = new ArrayList<>();
            for (int a = 0; a < s.axes().size(); a++) if (a != ax && a != ay) others.add(a);
            int facets = 1;
            for (int a : others) facets *= s.axes().get(a).size();
            List<List<Panel>> pair = new ArrayList<>();
            for (int f = 0; f < facets; f++) {
                int[] pos = new int[s.axes().size()];
                int rest = f;
                List<String> facetParts = new ArrayList<>();
                for (int k = others.size() - 1; k >= 0; k--) {
                    Sweep.Axis axis = s.axes().get(others.get(k));
                    pos[others.get(k)] = rest % axis.size();
                    rest /= axis.size();
                }
                for (int a : others) {
                    Sweep.Axis axis = s.axes().get(a);
                    facetParts.add(s.label(axis.key()) + " = " + axis.label(pos[a]));
                }
                String facet = String.join(", ", facetParts);
                Sweep.Axis xa = s.axes().get(ax), ya = s.axes().get(ay);
                List<Panel> row = new ArrayList<>();
                for (Heatmap.Statistic st : Heatmap.Statistic.values()) {
                    double[][] v = new double[ya.size()][xa.size()];
                    String[][] labels = new String[ya.size()][xa.size()];
                    for (int j = 0; j < ya.size(); j++) {
                        for (int i = 0; i < xa.size(); i++) {
                            pos[ax] = i;
                            pos[ay] = j;
                            CellStats c = byPosition.get(toList(pos));
                            v[j][i] = c == null ? Double.NaN : switch (st) {
                                case SUCCESS_RATE -> c.rate();
                                case MEDIAN_ERROR -> c.median("finalError");
                                case MEDIAN_ITERATIONS -> c.median("iterations");
                            };
                            labels[j][i] = c == null ? "—" : switch (st) {
                                case SUCCESS_RATE -> c.successes() + "/" + c.runs();
                                default -> Double.isFinite(v[j][i]) ? Format.number(v[j][i]) : "n/a";
                            };
                        }
                    }
                    boolean rate = st == Heatmap.Statistic.SUCCESS_RATE;
                    Heatmap h = new Heatmap(st.label(), facet, s.label(xa.key()), ticks(xa), s.label(ya.key()), ticks(ya),
                            v, labels, st.log, st.reversed, rate ? 0 : Double.NaN, rate ? 1 : Double.NaN);
                    String file = "heatmaps/" + slug(p.x()) + "--" + slug(p.y()) + "/" + st.slug()
                            + (facets > 1 ? "-" + (f + 1) : "");
                    row.add(new Panel(h, file));
                }
                pair.add(row);
            }
            out.add(pair);
        }
        return out;
    }

    private static List<String> ticks(Sweep.Axis a) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) t.add(a.label(i));
        return t;
    }

    private static List<Integer> positions(Expansion.Cell c) { return toList(c.positions()); }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) l.add(x);
        return l;
    }

    static String slug(String key) { return key.replaceAll("[^A-Za-z0-9]+", "-"); }

    /** Draws every heatmap (PNG and SVG files) and writes the page. */
    static void write(Store store, Driver.Result r) {
        Expansion e = r.expansion();
        Sweep s = e.sweep();
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + Report.CSP + "\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .text("IRLab sweep " + s.name()).raw("</title>\n<style>\n").raw(STYLE).raw("</style></head>\n<body>\n");
        h.raw("<header><h1>").text("Sweep: " + s.title()).raw("</h1>\n");
        if (!s.description().isEmpty()) h.element("p", "class=\"description\"", s.description()).raw("\n");
        int successes = 0;
        for (Row row : r.rows()) if (row.success()) successes++;
        h.raw("<p class=\"status\">").text(r.rows().size() + " runs: " + e.cells().size() + " cells × "
                + s.seeds().size() + " seeds" + (e.skipped().isEmpty() ? "" : " (" + e.skipped().size()
                + " cells skipped by where)") + "; " + successes + " succeeded, " + r.errors() + " failed with an error. "
                + "Success: " + s.measures().describeSuccess() + ". Engine: " + r.engine() + "; " + r.ran()
                + " runs in this pass (" + Format.seconds(r.seconds()) + "), " + r.reused() + " taken from the journal.")
                .raw("</p></header>\n");

        List<List<List<Panel>>> panels = panels(e, r.cells());
        if (!panels.isEmpty()) h.raw("<section id=\"heatmaps\"><h2>Phase diagrams</h2>\n");
        for (int p = 0; p < panels.size(); p++) {
            Sweep.PlotPair pair = s.plots().get(p);
            h.raw("<h3>").text(s.label(pair.x()) + " × " + s.label(pair.y())).raw("</h3>\n");
            for (List<Panel> facet : panels.get(p)) {
                h.raw("<div class=\"facet\">");
                for (Panel panel : facet) {
                    byte[] png = panel.heatmap().png();
                    store.write(panel.file() + ".png", png);
                    store.write(panel.file() + ".svg", panel.heatmap().svg().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    h.raw("<figure><img " + Html.attr("src", "data:image/png;base64," + Base64.getEncoder().encodeToString(png))
                            + " width=\"" + panel.heatmap().width() + "\" height=\"" + panel.heatmap().height() + "\" "
                            + Html.attr("alt", panel.heatmap().title() + " " + panel.heatmap().subtitle()) + ">")
                            .raw("<figcaption>").text(caption(panel.heatmap())).raw(" <a " + Html.attr("href", panel.file() + ".png")
                                    + ">PNG</a>, <a " + Html.attr("href", panel.file() + ".svg") + ">SVG</a></figcaption></figure>");
                }
                h.raw("</div>\n");
            }
        }
        if (!panels.isEmpty()) h.raw("</section>\n");

        cellsTable(h, e, r.cells());
        if (!e.skipped().isEmpty()) {
            h.raw("<section id=\"skipped\"><h2>Cells skipped by <code>where</code></h2><ul>\n");
            for (Expansion.Skipped k : e.skipped()) h.raw("<li>").text(k.cell() + ": fails " + k.constraint()).raw("</li>\n");
            h.raw("</ul></section>\n");
        }
        h.raw("<section id=\"files\"><h2>Files and replay</h2>\n<p>One row per run in <a href=\"results.parquet\">")
                .raw("results.parquet</a> and <a href=\"results.csv\">results.csv</a>; one row per cell in ")
                .raw("<a href=\"cells.csv\">cells.csv</a> (success rate with its Wilson 95% interval, quartiles). ")
                .raw("Every run is seeded by its spec: <code>./irlab sweep SWEEP.json --replay ROW</code> prints the ")
                .raw("spec of row ROW, which <code>./irlab run</code> replays bit for bit.</p>\n");
        h.raw("<table class=\"settings\"><tbody>\n");
        row(h, "seeds", s.seeds().size() + " (" + s.seeds().get(0) + " … " + s.seeds().get(s.seeds().size() - 1) + ")");
        List<String> seedKeys = new ArrayList<>();
        for (Map.Entry<String, Long> k : new java.util.TreeMap<>(s.seedKeys()).entrySet()) {
            seedKeys.add(k.getKey() + " = seed" + (k.getValue() == 0 ? "" : " + " + k.getValue()));
        }
        row(h, "seed keys", String.join(", ", seedKeys));
        for (Map.Entry<String, String> m : s.measures().describeMetrics().entrySet()) row(h, "metric " + m.getKey(), m.getValue());
        for (Constraint c : s.where()) row(h, "where", c.text());
        row(h, "base spec", org.irlab.experiment.Json.write(s.base()).trim());
        var p = Provenance.describe();
        row(h, "git commit", p.path("commit").asText());
        row(h, "Java", p.path("java").asText());
        row(h, "written", p.path("time").asText());
        h.raw("</tbody></table></section>\n</body></html>\n");
        store.write(Driver.PAGE, h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String caption(Heatmap m) {
        return switch (m.title()) {
            case "success rate" -> "Successes / runs per cell (colour: the rate, 0 to 1).";
            case "median final error" -> "Median final error over the seeds (log colour, bright = small).";
            default -> "Median iterations over the seeds (bright = few).";
        };
    }

    private static void cellsTable(Html h, Expansion e, List<CellStats> stats) {
        List<String> keys = e.sweep().keys();
        h.raw("<section id=\"cells\"><h2>Cells</h2>\n<details open><summary>").text(stats.size() + " cells")
                .raw("</summary><table class=\"cells\"><thead><tr>");
        for (String k : keys) h.element("th", "", e.sweep().label(k));
        h.raw("<th>runs</th><th>success rate (Wilson 95%)</th><th>statuses</th><th>final error: median (q1–q3)</th>")
                .raw("<th>iterations: median (q1–q3)</th></tr></thead><tbody>\n");
        for (CellStats c : stats) {
            h.raw("<tr>");
            for (Object v : c.cell().tableValues(e.sweep())) h.element("td", "", v == null ? "—" : v.toString());
            h.element("td", "", Integer.toString(c.runs()));
            h.element("td", "", c.successes() + "/" + c.runs() + " = " + Format.number(c.rate()) + " [" + Format.number(c.low())
                    + ", " + Format.number(c.high()) + "]");
            List<String> st = new ArrayList<>();
            for (Map.Entry<String, Integer> x : c.statuses().entrySet()) st.add(x.getKey() + " × " + x.getValue());
            h.element("td", "", String.join(", ", st));
            h.element("td", "", quartiles(c.quartiles().get("finalError")));
            h.element("td", "", quartiles(c.quartiles().get("iterations")));
            h.raw("</tr>\n");
        }
        h.raw("</tbody></table></details></section>\n");
    }

    private static String quartiles(double[] q) {
        if (q == null || !Double.isFinite(q[1])) return "n/a";
        return Format.number(q[1]) + " (" + Format.number(q[0]) + "–" + Format.number(q[2]) + ")";
    }

    private static void row(Html h, String key, String value) {
        h.raw("<tr>").element("th", "", key).element("td", "", value).raw("</tr>\n");
    }

    /** report.html's stylesheet, plus the heatmap facets and the wide settings cells of this page. */
    private static final String STYLE = Report.style() + """
            body{max-width:1400px}
            table.settings td{white-space:pre-wrap;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
            .facet{display:flex;flex-wrap:wrap;gap:1em;margin:.5em 0 1.5em}
            figure{margin:0}figcaption{font-size:.85em;color:#555;max-width:420px}
            img{max-width:100%;height:auto}
            """;
}
