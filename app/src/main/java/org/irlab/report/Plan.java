package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;

/**
 * An experiment resolved for one mode (full or quick): every run with its validated spec, and a hash of all the
 * resolved specs, stored beside the outputs so that an unchanged, complete experiment is not run again.
 */
public record Plan(Experiment experiment, boolean quick, List<PlannedRun> runs) {
    /** The name of the marker file written once every run of the experiment has finished. */
    public static final String MARKER = "experiment.json";

    /** One run: a group's task for one seed, written to {@code <out>/<experiment>/<name>/}. */
    public record PlannedRun(Experiment.RunGroup group, long seed, String name, Task task) {
        /** Upper bound of the run's units of work (for progress). */
        public long budget() { return task.budget(); }
    }

    public String name() { return experiment.name(); }

    public Path directory(Path out) { return out.resolve(experiment.name()); }

    public Path runDirectory(Path out, PlannedRun run) { return directory(out).resolve(run.name()); }

    /** SHA-256 over the mode and every run's name and resolved spec. */
    public String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("irlab-experiment-v1\n" + experiment.name() + "\n" + (quick ? "quick" : "full") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (PlannedRun r : runs) {
                digest.update((r.name() + "\n" + Json.write(r.task().resolved())).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** True when the stored hash matches this plan's and every run's summary.json is present. */
    public boolean isUpToDate(Path out) {
        JsonNode marker = readMarker(out);
        if (marker == null || !hash().equals(marker.path("hash").asText())) return false;
        for (PlannedRun r : runs) if (!Files.isRegularFile(runDirectory(out, r).resolve("summary.json"))) return false;
        return true;
    }

    /**
     * True when the run's directory holds a finished result of exactly this run's resolved spec: its summary.json
     * (written last) records that spec.
     */
    public boolean isComplete(Path out, PlannedRun run) {
        Path summary = runDirectory(out, run).resolve("summary.json");
        if (!Files.isRegularFile(summary)) return false;
        try {
            return Json.write(Json.read(summary).path("spec")).equals(Json.write(run.task().resolved()));
        } catch (SpecException e) {
            return false;
        }
    }

    /** The stored marker, or null when absent or unreadable. */
    public JsonNode readMarker(Path out) {
        Path file = directory(out).resolve(MARKER);
        if (!Files.isRegularFile(file)) return null;
        try {
            return Json.read(file);
        } catch (SpecException e) {
            return null;
        }
    }

    /** The marker content: hash, mode, runs and timing of the pass that completed them. */
    ObjectNode marker(double wallSeconds, double runSeconds, int threads, String finished) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("experiment", experiment.name());
        m.put("mode", quick ? "quick" : "full");
        m.put("hash", hash());
        m.put("finished", finished);
        m.put("wallSeconds", wallSeconds);
        m.put("runSeconds", runSeconds);
        m.put("threads", threads);
        var names = m.putArray("runs");
        for (PlannedRun r : runs) names.add(r.name());
        return m;
    }
}
