package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.report.RunResult;
import org.irlab.report.Trace;

/**
 * Runs one job of a sweep in memory, on whatever machine holds it, through the same path as {@code irlab run}
 * ({@link Runner#measure}): the row has the numbers the run's summary.json would have. A run that throws is a row
 * with status {@value Row#ERROR} and the message, never an exception.
 */
public final class Execution {
    private Execution() {}

    /** Runs the job and measures it. */
    public static Row execute(Job job, Measures measures) {
        long start = System.nanoTime();
        try {
            JsonNode tree = Json.MAPPER.readTree(job.spec());
            RunSpec spec = RunSpec.parse(tree, List.of(), null);
            Runner.Measured m = Runner.measure(spec, measures.needsTrace());
            JsonNode s = m.summary();
            RunResult run = new RunResult("sweep", null, 0, spec.name(), s,
                    m.trace() == null ? null : Trace.parse(m.trace()),
                    m.events() == null ? List.of() : RunResult.parseEvents(m.events().lines().toList()), null);
            return new Row(job.row(), s.path("status").asText(), measures.success(run), s.path("iterations").asLong(),
                    number(s, "finalError"), number(s, "finalResidualNorm"), number(s, "maxResidualNorm"),
                    new ArrayList<>(measures.values(run)), s.path("message").asText(""),
                    (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException | java.io.IOException | OutOfMemoryError | StackOverflowError e) {
            List<Object> none = new ArrayList<>();
            for (int i = 0; i < measures.metricNames().size(); i++) none.add(Double.NaN);
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e instanceof org.irlab.experiment.SpecException ? e.getMessage()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Row(job.row(), Row.ERROR, false, 0, Double.NaN, Double.NaN, Double.NaN, none, message,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static double number(JsonNode s, String key) {
        JsonNode v = s.get(key);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
