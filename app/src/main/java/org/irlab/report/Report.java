package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.Provenance;

/**
 * Writes {@code report.html}: one self-contained page (plots inlined as base64 PNG, inline CSS, no script, a
 * Content-Security-Policy that forbids any fetch) with, per experiment, its settings, plots, claims table and runs,
 * plus the machine, Java, commit and times. Also writes each plot as PNG and SVG beside the runs.
 */
public final class Report {
    /** The file name of the page inside the output directory. */
    public static final String FILE = "report.html";

    /** The page's Content-Security-Policy: nothing may be fetched; images only from data: URLs. */
    public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private Report() {}

    /**
     * One experiment in the report.
     *
     * @param outcome what this pass did with it (null when it was not selected but its outputs are up to date)
     */
    public record Section(Plan plan, Reproduction.Outcome outcome) {}

    /**
     * Facts about this reproduce pass.
     *
     * @param command    the command line, for the reader
     * @param startNanos {@link System#nanoTime()} when the pass began (the page states the time up to its writing)
     */
    public record Pass(boolean quick, int threads, long startNanos, String command) {}

    /** What was written: the claims' results (in page order) and the verdict counts. */
    public record Written(Path file, List<Claim.Result> claims, Map<Verdict, Integer> counts) {}

    /** Draws the plots, evaluates the claims and writes the page atomically. */
    public static Written write(Path out, List<Section> sections, Results results, Pass pass) {
        List<Claim.Result> allClaims = new ArrayList<>();
        Map<String, List<Figure>> drawings = new LinkedHashMap<>();
        Map<String, List<Claim.Result>> claims = new LinkedHashMap<>();
        for (Section s : sections) {
            Experiment e = s.plan().experiment();
            List<Figure> drawn = new ArrayList<>();
            for (Plot p : e.plots()) {
                Charts.Drawn d = Charts.draw(p, e, results);
                byte[] png = null;
                if (d.chart() != null) {
                    Path dir = s.plan().directory(out);
                    png = Charts.png(d.chart());
                    AtomicFiles.write(dir.resolve(p.name() + ".png"), png);
                    AtomicFiles.write(dir.resolve(p.name() + ".svg"), Charts.svg(d));
                }
                drawn.add(new Figure(d, png));
            }
            drawings.put(e.name(), drawn);
            List<Claim.Result> cr = new ArrayList<>();
            for (Claim c : e.claims()) cr.add(c.evaluate(results, e.name()));
            claims.put(e.name(), cr);
            allClaims.addAll(cr);
        }
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) counts.put(v, 0);
        for (Claim.Result r : allClaims) counts.merge(r.verdict(), 1, Integer::sum);

        double seconds = (System.nanoTime() - pass.startNanos()) / 1e9;
        Html h = new Html();
        head(h, pass);
        overview(h, sections, claims, counts);
        machine(h, pass, seconds);
        for (Section s : sections) {
            experiment(h, out, s, results, drawings.get(s.plan().name()), claims.get(s.plan().name()));
        }
        h.raw("<footer><p>Written by IRLab ").text(Provenance.version()).raw(". Every number above is read from the ")
                .raw("runs' <code>summary.json</code> and <code>trace.csv</code> in this directory; ")
                .raw("<code>./irlab run DIR/spec.json</code> replays a run.</p></footer>\n</body></html>\n");
        Path file = out.resolve(FILE);
        AtomicFiles.write(file, h.toString());
        return new Written(file, List.copyOf(allClaims), counts);
    }

    private static void head(Html h, Pass pass) {
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<title>IRLab reproduction report</title>\n<style>\n").raw(STYLE).raw("</style></head>\n<body>\n")
                .raw("<header><h1>IRLab reproduction report</h1>\n");
        if (pass.quick()) {
            h.raw("<p class=\"mode quick\">Quick mode: fewer seeds and steps than the full reproduction, so the ")
                    .raw("verdicts below describe the quick runs only. Run <code>./irlab reproduce</code> for the ")
                    .raw("full experiments.</p>\n");
        } else {
            h.raw("<p class=\"mode\">Full reproduction.</p>\n");
        }
        h.raw("<p>Each claim of the paper (or of our NumPy reference) is measured on every run (seed) it concerns. ")
                .raw("Verdict: <span class=\"verdict v-reproduced\">reproduced</span> when every run passes the rule, ")
                .raw("<span class=\"verdict v-partially\">partially</span> when some do, ")
                .raw("<span class=\"verdict v-not-reproduced\">not reproduced</span> when none does. A claim that ")
                .raw("something happens on some seeds is reproduced when one run passes; a pooled claim (a fit over ")
                .raw("many runs) has one value.</p></header>\n");
    }

    private static void overview(Html h, List<Section> sections, Map<String, List<Claim.Result>> claims,
                                 Map<Verdict, Integer> counts) {
        h.raw("<section id=\"overview\"><h2>Claims at a glance</h2>\n<p class=\"counts\">");
        boolean first = true;
        for (Verdict v : Verdict.values()) {
            if (counts.get(v) == 0 && v == Verdict.NOT_MEASURED) continue;
            if (!first) h.raw(" · ");
            first = false;
            h.raw("<span class=\"verdict " + css(v) + "\">").text(counts.get(v) + " " + v.label()).raw("</span>");
        }
        h.raw("</p>\n<table class=\"claims overview\"><thead><tr><th>Experiment</th><th>Source</th><th>Claim</th>")
                .raw("<th>Verdict</th></tr></thead><tbody>\n");
        for (Section s : sections) {
            for (Claim.Result r : claims.get(s.plan().name())) {
                h.raw("<tr><td><a " + Html.attr("href", "#" + s.plan().name()) + ">").text(s.plan().name())
                        .raw("</a></td>").element("td", "", r.claim().source()).element("td", "", r.claim().text());
                verdictCell(h, r);
                h.raw("</tr>\n");
            }
        }
        h.raw("</tbody></table></section>\n");
    }

    private static void machine(Html h, Pass pass, double seconds) {
        ObjectNode p = Provenance.describe();
        h.raw("<section id=\"machine\"><h2>Machine and build</h2>\n<table class=\"settings\"><tbody>\n");
        row(h, "git commit", p.path("commit").asText());
        row(h, "IRLab version", p.path("irlabVersion").asText());
        row(h, "Java", p.path("java").asText());
        row(h, "operating system", p.path("os").asText());
        row(h, "processors", p.path("processors").asText() + " available, " + pass.threads() + " worker threads");
        row(h, "maximum heap", p.path("maxHeapMiB").asText() + " MiB");
        row(h, "report written", p.path("time").asText());
        row(h, "total time of this pass (runs, plots, report)", Format.seconds(seconds));
        row(h, "command", pass.command());
        h.raw("</tbody></table></section>\n");
    }

    /** A drawn plot and its PNG (null when there was nothing to draw). */
    private record Figure(Charts.Drawn drawn, byte[] png) {}

    private static void experiment(Html h, Path out, Section s, Results results, List<Figure> drawn,
                                   List<Claim.Result> claims) {
        Plan plan = s.plan();
        Experiment e = plan.experiment();
        h.raw("<section class=\"experiment\" " + Html.attr("id", e.name()) + ">\n").element("h2", "", e.title());
        h.raw("<p class=\"source\">Source: ").text(e.source()).raw(" · experiment <code>").text(e.name())
                .raw("</code> · ").text(plan.quick() ? "quick mode" : "full mode").raw("</p>\n");
        if (!e.description().isEmpty()) h.element("p", "class=\"description\"", e.description()).raw("\n");
        status(h, out, s, results);

        if (e.kind() == Experiment.Kind.SWEEP) {
            Plan.PlannedRun run = plan.runs().get(0);
            org.irlab.sweep.ReportSection.write(h, plan.runDirectory(out, run), e.name() + "/" + run.name());
        } else {
            h.raw("<h3>Settings</h3>\n");
            settings(h, plan);
            if (e.kind() == Experiment.Kind.COMPLETION && !plan.runs().isEmpty()) CompletionTables.write(h, e, results);

            h.raw("<h3>Plots</h3>\n");
            for (Figure f : drawn) figure(h, e, f);
        }

        h.raw("<h3>Claims</h3>\n<table class=\"claims\"><thead><tr><th>Source</th><th>Claim</th><th>Runs</th>")
                .raw("<th>Measured</th><th>Rule</th><th>Verdict</th></tr></thead><tbody>\n");
        for (Claim.Result r : claims) claimRow(h, r);
        h.raw("</tbody></table>\n");

        if (!plan.runs().isEmpty() && e.kind() == Experiment.Kind.DESCENT) runsTable(h, results.runs(e.name()));
        h.raw("</section>\n");
    }

    private static void status(Html h, Path out, Section s, Results results) {
        Reproduction.Outcome o = s.outcome();
        h.raw("<p class=\"status\">");
        if (s.plan().runs().isEmpty()) {
            h.text("Runs nothing itself: the plots and claims below read the runs of "
                    + String.join(", ", s.plan().experiment().references()) + " in this directory.");
        } else if (o != null && o.state() == Reproduction.State.FAILED) {
            h.raw("<strong class=\"failed\">Some runs failed in this pass:</strong> ");
            h.text(String.join("; ", o.failures()));
        } else if (o != null && (o.state() == Reproduction.State.RAN || o.state() == Reproduction.State.INCOMPLETE)) {
            h.text("Ran in this pass: " + (o.runsExecuted() - o.notMeasured().size()) + " runs in "
                    + Format.seconds(o.wallSeconds()) + " (" + Format.seconds(o.runSeconds()) + " of run time).");
            if (!o.notMeasured().isEmpty()) {
                h.raw(" <strong class=\"failed\">Not measured (data unavailable; the claims on these runs are not ")
                        .raw("measured, and the experiment runs again next time):</strong> ")
                        .text(String.join("; ", o.notMeasured()));
            }
        } else {
            JsonNode marker = s.plan().readMarker(out);
            String commit = null;
            for (RunResult r : results.runs(s.plan().name())) {
                if (!r.missing()) {
                    commit = r.summary().path("provenance").path("commit").asText(null);
                    break;
                }
            }
            h.text("Up to date, not re-run in this pass (use --force to redo): computed "
                    + (marker == null ? "earlier" : marker.path("finished").asText("earlier") + " in "
                       + Format.seconds(marker.path("wallSeconds").asDouble()))
                    + (commit == null ? "" : " at commit " + commit) + ".");
        }
        h.raw("</p>\n");
    }

    /** Shared settings in one table, settings that differ between groups in another, then the seeds. */
    private static void settings(Html h, Plan plan) {
        Experiment e = plan.experiment();
        if (plan.runs().isEmpty()) {
            h.raw("<p class=\"settings\">The settings are those of the runs named in each plot and claim.</p>\n");
            return;
        }
        Map<String, Map<String, String>> byGroup = new LinkedHashMap<>();
        Map<String, List<Long>> seeds = new LinkedHashMap<>();
        for (Plan.PlannedRun r : plan.runs()) {
            seeds.computeIfAbsent(r.group().name(), k -> new ArrayList<>()).add(r.seed());
            if (byGroup.containsKey(r.group().name())) continue;
            Map<String, String> flat = new TreeMap<>();
            flatten("", r.task().resolved(), flat);
            flat.remove("name");
            for (String k : e.seedKeys().keySet()) flat.remove(k);
            byGroup.put(r.group().name(), flat);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, String> m : byGroup.values()) keys.addAll(m.keySet());
        List<String> shared = new ArrayList<>(), differing = new ArrayList<>();
        for (String k : keys) {
            // shared only when every group has the key with one value (a key some groups lack differs)
            String v0 = byGroup.values().iterator().next().get(k);
            boolean same = v0 != null;
            for (Map<String, String> m : byGroup.values()) {
                if (!Objects.equals(v0, m.get(k))) same = false;
            }
            (same ? shared : differing).add(k);
        }
        Map<String, String> firstGroup = byGroup.values().iterator().next();
        h.raw("<table class=\"settings\"><thead><tr><th>setting (shared by every run)</th><th>value</th></tr>")
                .raw("</thead><tbody>\n");
        for (String k : shared) row(h, k, firstGroup.get(k));
        h.raw("</tbody></table>\n");
        h.raw("<table class=\"settings\"><thead><tr><th>run</th><th>label</th>");
        for (String k : differing) h.element("th", "", k);
        h.raw("<th>seeds</th></tr></thead><tbody>\n");
        for (Map.Entry<String, Map<String, String>> g : byGroup.entrySet()) {
            h.raw("<tr>").element("td", "", g.getKey()).element("td", "", e.group(g.getKey()).label());
            for (String k : differing) h.element("td", "", g.getValue().getOrDefault(k, "—"));
            h.element("td", "", join(seeds.get(g.getKey()))).raw("</tr>\n");
        }
        h.raw("</tbody></table>\n");
        if (!e.seedKeys().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Long> k : e.seedKeys().entrySet()) {
                parts.add(k.getKey() + " = seed" + (k.getValue() == 0 ? "" : " + " + k.getValue()));
            }
            h.raw("<p class=\"seeds\">Per seed: ").text(String.join(", ", parts)).raw(".</p>\n");
        }
    }

    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isNumber()) {
            out.put(prefix, node.isIntegralNumber() ? node.asText() : Format.number(node.asDouble()));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode n : node) items.add(n.isNumber() && !n.isIntegralNumber() ? Format.number(n.asDouble()) : n.asText());
            out.put(prefix, "[" + String.join(", ", items) + "]");
        } else {
            out.put(prefix, node.asText());
        }
    }

    private static void figure(Html h, Experiment e, Figure f) {
        Charts.Drawn d = f.drawn();
        Plot p = d.plot();
        h.raw("<figure>");
        if (f.png() != null) {
            String data = Base64.getEncoder().encodeToString(f.png());
            h.raw("<img " + Html.attr("src", "data:image/png;base64," + data) + " width=\"" + Charts.WIDTH
                    + "\" height=\"" + Charts.HEIGHT + "\" " + Html.attr("alt", p.title()) + " "
                    + Html.attr("data-plot", e.name() + "/" + p.name()) + ">");
        } else {
            h.raw("<p class=\"noplot\">").text("Nothing to draw for “" + p.title() + "”.").raw("</p>");
        }
        h.raw("<figcaption>");
        if (!p.caption().isEmpty()) h.text(p.caption()).raw(" ");
        h.text((d.log() ? "Log scale; " : "") + d.series() + " line" + (d.series() == 1 ? "" : "s")
                + " (one per run, seeds of a run share its colour).");
        if (!d.notes().isEmpty()) h.raw(" <span class=\"notes\">Notes: ").text(String.join("; ", d.notes())).raw(".</span>");
        if (d.chart() != null) {
            String base = e.name() + "/" + p.name();
            h.raw(" Files: <a " + Html.attr("href", base + ".png") + ">PNG</a>, <a "
                    + Html.attr("href", base + ".svg") + ">SVG</a>.");
        }
        h.raw("</figcaption></figure>\n");
    }

    private static void claimRow(Html h, Claim.Result r) {
        Claim c = r.claim();
        h.raw("<tr>").element("td", "", c.source()).raw("<td>").text(c.text());
        if (!c.note().isEmpty()) h.raw("<div class=\"note\">").text(c.note()).raw("</div>");
        h.raw("</td>").element("td", "", c.runsText());
        h.raw("<td><div class=\"metric\">").text(c.metric().describe()).raw("</div>").text(measured(r));
        if (r.runs().size() > 1 && !r.pooled()) {
            h.raw("<details><summary>per run</summary><ul>");
            for (int i = 0; i < r.runs().size(); i++) {
                h.raw("<li>").text(r.runs().get(i).name() + ": " + r.values().get(i)
                        + (r.passed().get(i) ? " ✓" : " ✗")).raw("</li>");
            }
            h.raw("</ul></details>");
        }
        h.raw("</td>").element("td", "", c.rule().describe()
                + (c.quantifier() == Verdict.Quantifier.SOME ? " on some run (reproduced if one run passes)" : ""));
        verdictCell(h, r);
        h.raw("</tr>\n");
    }

    private static void verdictCell(Html h, Claim.Result r) {
        h.raw("<td class=\"verdict " + css(r.verdict()) + "\">").text(r.verdict().label());
        if (r.pooled()) {
            h.raw("<div class=\"count\">").text("one value pooled over " + r.measuredCount() + " runs").raw("</div>");
        } else if (!r.runs().isEmpty()) {
            h.raw("<div class=\"count\">").text(r.passCount() + "/" + r.runs().size() + " runs pass").raw("</div>");
        }
        h.raw("</td>");
    }

    /** The measurements of a claim in a few words: the value, or median and range, or counts of texts. */
    static String measured(Claim.Result r) {
        List<Double> numbers = new ArrayList<>();
        Map<String, Integer> others = new LinkedHashMap<>();
        for (Measurement m : r.values()) {
            if (m.isNumber()) numbers.add(m.number());
            else others.merge(m.toString(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        if (numbers.size() == 1) {
            String detail = r.values().size() == 1 ? r.values().get(0).detail() : null;
            parts.add(Format.number(numbers.get(0)) + (detail == null ? "" : " (" + detail + ")"));
        } else if (!numbers.isEmpty()) {
            List<Double> sorted = new ArrayList<>(numbers);
            sorted.sort(Double::compare);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
            parts.add("median " + Format.number(median) + " (range " + Format.number(sorted.get(0)) + " to "
                    + Format.number(sorted.get(n - 1)) + ", " + n + " runs)");
        }
        for (Map.Entry<String, Integer> o : others.entrySet()) {
            parts.add(o.getKey() + (r.values().size() > 1 ? " × " + o.getValue() : ""));
        }
        return parts.isEmpty() ? "no runs" : String.join("; ", parts);
    }

    private static void runsTable(Html h, List<RunResult> runs) {
        h.raw("<details class=\"runs\"><summary>Runs (").text(Integer.toString(runs.size()))
                .raw("): status and final values from each summary.json</summary>\n<table class=\"runs\"><thead><tr>")
                .raw("<th>run</th><th>status</th><th>iterations</th><th>perturbations (no-op)</th><th>final error</th>")
                .raw("<th>final residual norm</th><th>max residual norm</th><th>distance to solutions</th>")
                .raw("<th>seconds</th></tr></thead><tbody>\n");
        for (RunResult r : runs) {
            h.raw("<tr>").element("td", "", r.name());
            if (r.missing()) {
                h.raw("<td colspan=\"8\" class=\"failed\">no summary.json (not run or failed)</td></tr>\n");
                continue;
            }
            JsonNode s = r.summary();
            h.element("td", "", s.path("status").asText()).element("td", "", s.path("iterations").asText())
                    .element("td", "", s.path("perturbations").asText() + " (" + s.path("noOpPerturbations").asText() + ")")
                    .element("td", "", num(s.path("finalError"))).element("td", "", num(s.path("finalResidualNorm")))
                    .element("td", "", num(s.path("maxResidualNorm"))).element("td", "", num(s.path("distanceToSolutions")))
                    .element("td", "", num(s.path("wallSeconds"))).raw("</tr>\n");
        }
        h.raw("</tbody></table></details>\n");
    }

    private static String num(JsonNode n) {
        return n.isNumber() ? Format.number(n.asDouble()) : n.isNull() ? "not finite" : "—";
    }

    private static void row(Html h, String key, String value) {
        h.raw("<tr>").element("th", "", key).element("td", "", value).raw("</tr>\n");
    }

    private static String join(List<Long> seeds) {
        List<String> s = new ArrayList<>();
        for (long x : seeds) s.add(Long.toString(x));
        return String.join(", ", s);
    }

    static String css(Verdict v) { return "v-" + v.label().replace(' ', '-'); }

    /** The page's stylesheet, which other IRLab pages (sweep.html) share. */
    public static String style() { return STYLE; }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;max-width:1100px;
            margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
            h1{margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
            code{background:#f3f3f3;padding:0 .25em;border-radius:3px}
            table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
            th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
            thead th{background:#f3f3f3}
            table.settings th{font-weight:normal;font-family:ui-monospace,"DejaVu Sans Mono",monospace;white-space:nowrap}
            .verdict{font-weight:600;white-space:nowrap}
            .v-reproduced{background:#e3f4e3;color:#17631a}
            .v-partially{background:#fff3d6;color:#7a5200}
            .v-not-reproduced{background:#fbe2e2;color:#8f1d1d}
            .v-not-measured{background:#eee;color:#555}
            span.verdict{padding:0 .35em;border-radius:3px}
            .count{font-weight:normal;font-size:.85em}
            .metric{font-size:.85em;color:#555}
            .note{font-size:.85em;color:#555;margin-top:.3em}
            .mode.quick{background:#fff3d6;padding:.5em;border-left:4px solid #e0a800}
            table.results td:nth-child(n+4){white-space:nowrap}
            .failed{color:#8f1d1d}
            figure{margin:1em 0}figcaption{font-size:.9em;color:#444;max-width:800px}
            img{display:block}
            .notes{color:#7a5200}
            details summary{cursor:pointer}
            """;
}
