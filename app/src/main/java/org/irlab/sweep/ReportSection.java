package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.irlab.report.Format;
import org.irlab.report.Html;

/**
 * The part of report.html for an experiment of kind sweep: what was run (from the sweep's summary.json), its
 * success-rate and median-error heatmaps (the PNGs the sweep drew), and a link to its own sweep.html.
 */
public final class ReportSection {
    private ReportSection() {}

    /**
     * @param dir  the sweep's run directory
     * @param href the sweep's directory relative to report.html
     */
    public static void write(Html h, Path dir, String href) {
        Path summaryFile = dir.resolve(Driver.SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            h.raw("<p class=\"noplot\">The sweep has not finished: no summary.json.</p>\n");
            return;
        }
        JsonNode s = org.irlab.experiment.Json.read(summaryFile);
        h.raw("<h3>Settings</h3>\n<p class=\"settings\">").text(s.path("runs").asInt() + " runs in "
                + s.path("cells").asInt() + " cells" + (s.path("skippedCells").asInt() > 0
                ? " (" + s.path("skippedCells").asInt() + " skipped by where)" : "") + "; " + s.path("successes").asInt()
                + " succeeded (" + s.path("success").asText() + "), " + s.path("errors").asInt() + " errors; "
                + s.path("ran").asInt() + " runs in this pass on " + s.path("engine").asText() + " ("
                + Format.seconds(s.path("wallSeconds").asDouble()) + "), " + s.path("reused").asInt()
                + " from the journal. ").raw("The settings, every cell and the heatmaps of median iterations are in ")
                .raw("<a " + Html.attr("href", href + "/" + Driver.PAGE) + ">the sweep's own page</a>; one row per run in ")
                .raw("<a " + Html.attr("href", href + "/" + Driver.RESULTS_CSV) + ">results.csv</a>.</p>\n");
        h.raw("<h3>Phase diagrams</h3>\n<div class=\"facets\" style=\"display:flex;flex-wrap:wrap;gap:1em\">");
        List<Path> shown = new ArrayList<>();
        for (String stat : List.of("success-rate", "median-error")) { // the success rates first
            for (Path png : heatmaps(dir)) if (png.getFileName().toString().startsWith(stat)) shown.add(png);
        }
        for (Path png : shown) {
            try {
                String data = Base64.getEncoder().encodeToString(Files.readAllBytes(png));
                String rel = dir.relativize(png).toString().replace('\\', '/');
                h.raw("<div class=\"heatmap\"><img " + Html.attr("src", "data:image/png;base64," + data) + " "
                        + Html.attr("alt", rel) + "><p class=\"caption\"><a " + Html.attr("href", href + "/" + rel) + ">")
                        .text(rel).raw("</a></p></div>");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        h.raw("</div>\n");
    }

    private static List<Path> heatmaps(Path dir) {
        Path root = dir.resolve("heatmaps");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> out = new ArrayList<>(files.filter(p -> p.toString().endsWith(".png")).sorted().toList());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
