package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.irlab.experiment.Json;

/**
 * The outputs of one planned run read back from its directory; {@link #missing()} when it has no summary.json
 * (never ran, or failed).
 *
 * @param summary the parsed summary.json, or null when missing
 * @param trace   the parsed trace.csv, or null when missing
 * @param events  the events (iteration, kind) of events.csv, empty when missing
 * @param directory where the outputs are (null for results built in memory)
 * @param notMeasured why the run could not be measured (its data is unavailable), or null
 */
public record RunResult(String experiment, Experiment.RunGroup group, long seed, String name, JsonNode summary,
                        Trace trace, List<Event> events, Path directory, String notMeasured) {

    /** A run that was not marked as not measured. */
    public RunResult(String experiment, Experiment.RunGroup group, long seed, String name, JsonNode summary,
                     Trace trace, List<Event> events, Path directory) {
        this(experiment, group, seed, name, summary, trace, events, directory, null);
    }

    /** One line of events.csv. */
    public record Event(int iteration, String kind) {}

    public boolean missing() { return summary == null; }

    /** Why there is no summary, in a few words: not measured (and why), or missing. */
    public String whyMissing() {
        return notMeasured != null ? "not measured: " + notMeasured : "run missing";
    }

    /** Reads whatever the run left in {@code dir}. */
    public static RunResult load(String experiment, Plan.PlannedRun run, Path dir) {
        Path summaryFile = dir.resolve("summary.json");
        if (!Files.isRegularFile(summaryFile)) {
            Path note = dir.resolve(Task.NOT_MEASURED);
            String why = null;
            if (Files.isRegularFile(note)) {
                try {
                    why = Json.read(note).path("reason").asText("data unavailable");
                } catch (org.irlab.experiment.SpecException e) {
                    why = "data unavailable";
                }
            }
            return new RunResult(experiment, run.group(), run.seed(), run.name(), null, null, List.of(), dir, why);
        }
        JsonNode summary = Json.read(summaryFile);
        Path traceFile = dir.resolve("trace.csv");
        Trace trace = Files.isRegularFile(traceFile) ? Trace.read(traceFile) : null;
        return new RunResult(experiment, run.group(), run.seed(), run.name(), summary, trace,
                readEvents(dir.resolve("events.csv")), dir);
    }

    static List<Event> readEvents(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return parseEvents(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + ": bad iteration number: " + e.getMessage(), e);
        }
    }

    /** The events of the lines of an events.csv, header first. */
    public static List<Event> parseEvents(List<String> lines) {
        List<Event> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length < 2) continue;
            out.add(new Event(Integer.parseInt(cells[0]), cells[1]));
        }
        return out;
    }

    /** The first perturbation (applied or erased by round-off), or -1 when there was none. */
    public int firstPerturbation() {
        for (Event e : events) {
            if (e.kind().equals("perturbation") || e.kind().equals("no-op-perturbation")) return e.iteration();
        }
        return -1;
    }
}
