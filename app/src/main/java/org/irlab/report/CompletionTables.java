package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.irlab.experiment.CompletionComparison;

/**
 * The results of a completion experiment in the report: per run group (input), one row per method with the test
 * RMSE and MAE as mean ± standard deviation over the seeds, PSNR for images, the chosen hyper-parameters, the rank
 * chosen or found, and the time per run; then every run's test errors, and why a run was not measured.
 */
final class CompletionTables {
    private CompletionTables() {}

    /** A method's entries of summary.json, one per measured run, in seed order. */
    private record MethodRuns(String name, List<RunResult> runs, List<JsonNode> entries) {}

    static void write(Html h, Experiment e, Results results) {
        h.raw("<h3>Results</h3>\n");
        for (Experiment.RunGroup g : e.groups()) group(h, e, g, results.runs(e.name(), g.name()));
    }

    private static void group(Html h, Experiment e, Experiment.RunGroup g, List<RunResult> runs) {
        h.raw("<h4>").text(g.label()).raw(" <code>").text(g.name()).raw("</code></h4>\n");
        List<RunResult> measured = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        for (RunResult r : runs) {
            if (!r.missing()) measured.add(r);
            seeds.add(Long.toString(r.seed()));
        }
        for (RunResult r : runs) {
            if (r.missing()) {
                h.raw("<p class=\"failed\">").text(r.name() + " was " + (r.notMeasured() != null
                        ? "not measured: " + r.notMeasured() : "not run or failed (no summary.json)")).raw("</p>\n");
            }
        }
        if (measured.isEmpty()) {
            h.raw("<p>No numbers for this input: its claims are not measured.</p>\n");
            return;
        }
        boolean image = "image".equals(measured.get(0).summary().path("input").path("format").asText());
        h.raw("<p class=\"input\">").text(describeInput(measured.get(0).summary()) + "; seeds " + String.join(", ", seeds)
                + (measured.size() < runs.size() ? " (" + measured.size() + " measured)" : "")).raw(".</p>\n");
        List<MethodRuns> methods = methods(measured);
        int n = measured.size();
        h.raw("<div class=\"scroll\"><table class=\"results\"><thead><tr><th>method</th><th>chosen on validation")
                .raw(n > 1 ? " (per seed, a/b/…)" : "").raw("</th><th>rank chosen or found</th>");
        h.raw("<th>test RMSE").raw(n > 1 ? " (mean ± sd)" : "").raw("</th><th>test MAE").raw(n > 1 ? " (mean ± sd)" : "")
                .raw("</th>");
        if (image) h.raw("<th>PSNR, whole picture / hidden pixels (dB)</th>");
        h.raw("<th>time per run, wall / CPU").raw(n > 1 ? " (mean)" : "").raw("</th></tr></thead><tbody>\n");
        for (MethodRuns m : methods) {
            h.raw("<tr>").element("td", "", m.name()).element("td", "", chosen(m)).element("td", "", rank(m))
                    .element("td", "", meanSd(values(m, "test.rmse"), "%.4f"))
                    .element("td", "", meanSd(values(m, "test.mae"), "%.4f"));
            if (image) {
                h.element("td", "", meanSd(values(m, "psnr"), "%.2f") + " / " + meanSd(values(m, "psnrHiddenPixels"), "%.2f"));
            }
            double[] wall = values(m, "seconds"), cpu = values(m, "cpuSeconds");
            h.element("td", "", Format.seconds(mean(wall)) + " / " + Format.seconds(mean(cpu))
                    + (wall.length > 1 ? " (slowest " + Format.seconds(max(wall)) + ")" : "")).raw("</tr>\n");
        }
        h.raw("</tbody></table></div>\n");
        perRun(h, e, runs, methods, image);
    }

    /** Every run: each method's test RMSE (images: PSNR), its files. */
    private static void perRun(Html h, Experiment e, List<RunResult> runs, List<MethodRuns> methods, boolean image) {
        h.raw("<details class=\"runs\"><summary>Per run: ").text(image ? "PSNR (dB)" : "test RMSE")
                .raw(" of each method, and the run's files</summary>\n<div class=\"scroll\"><table class=\"runs\"><thead><tr><th>run</th>");
        for (MethodRuns m : methods) h.element("th", "", m.name());
        h.raw("<th>files</th></tr></thead><tbody>\n");
        for (RunResult r : runs) {
            h.raw("<tr>").element("td", "", r.name());
            if (r.missing()) {
                h.raw("<td colspan=\"" + (methods.size() + 1) + "\" class=\"failed\">").text(r.whyMissing())
                        .raw("</td></tr>\n");
                continue;
            }
            for (MethodRuns m : methods) {
                JsonNode entry = entry(r.summary(), m.name());
                JsonNode v = entry == null ? null : image ? entry.path("psnr") : entry.path("test").path("rmse");
                h.element("td", "", v != null && v.isNumber()
                        ? String.format(Locale.ROOT, image ? "%.2f" : "%.4f", v.asDouble()) : "—");
            }
            String dir = e.name() + "/" + r.name() + "/";
            h.raw("<td><a " + Html.attr("href", dir + "summary.json") + ">summary.json</a>, <a "
                    + Html.attr("href", dir + "compare.md") + ">compare.md</a>");
            if (image) h.raw(", <a " + Html.attr("href", dir + "comparison.png") + ">comparison.png</a>");
            h.raw("</td></tr>\n");
        }
        h.raw("</tbody></table></div></details>\n");
    }

    static String describeInput(JsonNode summary) {
        JsonNode in = summary.path("input"), split = summary.path("split");
        StringBuilder b = new StringBuilder(in.path("file").asText());
        if ("image".equals(in.path("format").asText())) {
            b.append(", ").append(in.path("width").asInt()).append(" × ").append(in.path("height").asInt());
            if (in.has("crop")) {
                b.append(" (cropped from ").append(in.path("originalWidth").asInt()).append(" × ")
                        .append(in.path("originalHeight").asInt()).append(" at x = ").append(in.path("crop").path("x").asInt())
                        .append(", y = ").append(in.path("crop").path("y").asInt()).append(")");
            }
            b.append(String.format(Locale.ROOT, ", %.0f%% of the pixels hidden (the test set)",
                    100 * in.path("hiddenFraction").asDouble()));
        } else {
            b.append(", ").append(in.path("rows").asInt()).append(" × ").append(in.path("columns").asInt()).append(", ")
                    .append(String.format(Locale.ROOT, "%,d", in.path("entries").asInt())).append(" ratings");
        }
        b.append(String.format(Locale.ROOT, "; train / validation / test %,d / %,d / %,d",
                split.path("train").asInt(), split.path("validation").asInt(), split.path("test").asInt()));
        return b.toString();
    }

    private static List<MethodRuns> methods(List<RunResult> measured) {
        Map<String, MethodRuns> out = new LinkedHashMap<>();
        for (RunResult r : measured) {
            for (JsonNode m : r.summary().path("methods")) {
                MethodRuns runs = out.computeIfAbsent(m.path("method").asText(),
                        k -> new MethodRuns(k, new ArrayList<>(), new ArrayList<>()));
                runs.runs().add(r);
                runs.entries().add(m);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static JsonNode entry(JsonNode summary, String method) {
        for (JsonNode m : summary.path("methods")) if (m.path("method").asText().equals(method)) return m;
        return null;
    }

    /** Each hyper-parameter once when every seed chose the same value, else its values per seed joined by "/". */
    private static String chosen(MethodRuns m) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (JsonNode entry : m.entries()) {
            for (Map.Entry<String, String> kv : CompletionComparison.scalars(entry.path("hyperParameters")).entrySet()) {
                // in the rank column
                if (kv.getKey().equals("rank") || kv.getKey().equals("searchRank") || kv.getKey().equals("members")) continue;
                byKey.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(kv.getValue());
            }
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> kv : byKey.entrySet()) {
            Set<String> distinct = new LinkedHashSet<>(kv.getValue());
            parts.add(kv.getKey() + "=" + (distinct.size() == 1 ? distinct.iterator().next() : String.join("/", kv.getValue())));
        }
        return parts.isEmpty() ? "–" : String.join(" ", parts);
    }

    /** The effective rank found (mean ± sd, with r'), or the rank chosen per seed. */
    private static String rank(MethodRuns m) {
        double[] effective = values(m, "diagnostics.effectiveRank");
        if (effective.length == m.entries().size() && effective.length > 0) {
            Set<String> search = new LinkedHashSet<>();
            for (JsonNode e : m.entries()) {
                JsonNode hyper = e.path("hyperParameters");
                int members = hyper.path("members").asInt(1);
                search.add((members > 1 ? members + " × " : "") + hyper.path("searchRank").asText());
            }
            List<String> each = new ArrayList<>();
            for (double v : effective) each.add(String.format(Locale.ROOT, "%.1f", v));
            return "effective rank " + meanSd(effective, "%.1f") + (effective.length > 1 ? " (" + String.join(", ", each)
                    + ")" : "") + " of r' = " + String.join("/", search) + " (none given)";
        }
        List<String> ranks = new ArrayList<>();
        for (JsonNode e : m.entries()) {
            JsonNode r = e.path("hyperParameters").path("rank");
            if (r.isNumber()) ranks.add(r.asText());
        }
        if (ranks.isEmpty()) return "–";
        Set<String> distinct = new LinkedHashSet<>(ranks);
        return distinct.size() == 1 ? distinct.iterator().next() : String.join("/", ranks);
    }

    /** The numbers at a dotted path of each entry (non-numbers left out). */
    private static double[] values(MethodRuns m, String path) {
        List<Double> out = new ArrayList<>();
        for (JsonNode e : m.entries()) {
            JsonNode v = e;
            for (String part : path.split("\\.")) v = v.path(part);
            if (v.isNumber()) out.add(v.asDouble());
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    /** "m ± sd" (sample standard deviation) for several values, the value for one, "—" for none. */
    static String meanSd(double[] v, String format) {
        if (v.length == 0) return "—";
        if (v.length == 1) return String.format(Locale.ROOT, format, v[0]);
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return String.format(Locale.ROOT, format + " ± " + format, m, Math.sqrt(s / (v.length - 1)));
    }

    private static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
