package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.irlab.data.BadInputException;
import org.irlab.data.DataUnavailableException;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.CompletionComparison;
import org.irlab.experiment.CompletionSpec;
import org.irlab.experiment.DataSource;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunDirectory;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;

/**
 * What one planned run of an experiment executes, by the experiment's {@link Experiment.Kind kind}: a descent
 * {@link RunSpec} ({@link Runner}) or a comparison of completion methods ({@link CompletionComparison}). Every task
 * leaves {@code summary.json} last, so a run is complete exactly when that file exists.
 */
public sealed interface Task permits Task.Descent, Task.Completion, Task.Sweep {
    /** The resolved spec (every default explicit): hashed by the plan and listed in the report's settings. */
    ObjectNode resolved();

    /** Units of work for progress: gradient steps of a descent, methods of a comparison. */
    long budget();

    /**
     * Whether the run must have the machine to itself: it parallelises internally, and its wall time is one of its
     * results. {@link Reproduction} runs such tasks one at a time after the others.
     */
    boolean exclusive();

    /**
     * Runs into {@code dir}.
     *
     * @param data     where data sets are found (and fetched into)
     * @param progress hears units of work as they are done (increments; at most {@link #budget()} in all)
     * @return whether the run was measured, or why not (its data is unavailable: not an error)
     * @throws RuntimeException when the run fails
     */
    Ending run(Path dir, DataSource data, LongConsumer progress);

    /**
     * How a run that did not fail ended: measured (summary.json written), or not measured for want of data, with the
     * reason (also written to {@value #NOT_MEASURED}).
     */
    record Ending(String notMeasured) {
        public static final Ending MEASURED = new Ending(null);

        public boolean measured() { return notMeasured == null; }
    }

    /** Drops what an earlier pass recorded in {@code dir} for reuse, so that {@code --force} recomputes it. */
    default void forget(Path dir) {}

    /** The file a run that could not be measured leaves instead of summary.json: {@code {"reason": …}}. */
    String NOT_MEASURED = "not-measured.json";

    /** A descent run: {@link Runner} writes spec.json, trace.csv, events.csv, iterate.csv and summary.json. */
    record Descent(RunSpec spec) implements Task {
        /** Steps between two progress reports of one run. */
        private static final int REPORT_EVERY = 256;

        @Override public ObjectNode resolved() { return spec.resolved(); }

        @Override public long budget() {
            return (long) spec.algorithm().maxIterations() + spec.algorithm().refineSteps();
        }

        @Override public boolean exclusive() { return false; }

        @Override public Ending run(Path dir, DataSource data, LongConsumer progress) {
            long[] reported = {0};
            Runner.run(spec, dir, t -> {
                if (t - reported[0] >= REPORT_EVERY) {
                    progress.accept(t - reported[0]);
                    reported[0] = t;
                }
            });
            return Ending.MEASURED;
        }
    }

    /**
     * A comparison of completion methods on one input and seed: spec.json, the outputs of
     * {@link CompletionComparison} (summary.json, predictions.csv, pictures), compare.md / compare.csv and a
     * trace.csv of irlab's validation curve ({@code iteration,loss,validationRmse} of the chosen start scale). It runs
     * alone ({@link #exclusive()}): the methods use every core, and their times are reported.
     */
    record Completion(CompletionSpec spec) implements Task {
        @Override public ObjectNode resolved() { return spec.resolved(); }

        @Override public long budget() { return spec.methods().size(); }

        @Override public boolean exclusive() { return true; }

        @Override public Ending run(Path dir, DataSource data, LongConsumer progress) {
            try (RunDirectory out = RunDirectory.open(dir, CompletionComparison.RESULTS)) {
                Path file;
                try {
                    file = data.locate(spec.input());
                } catch (DataUnavailableException e) {
                    out.clear(); // an earlier pass's summary must not pass for this run's
                    ObjectNode note = JsonNodeFactory.instance.objectNode();
                    note.put("reason", e.getMessage());
                    note.put("input", spec.input().describe());
                    note.put("time", Instant.now().toString());
                    AtomicFiles.write(dir.resolve(NOT_MEASURED), Json.write(note));
                    return new Ending(e.getMessage());
                }
                try {
                    compare(file, out, dir, progress);
                } catch (BadInputException e) {
                    if (!(spec.input() instanceof CompletionSpec.Input.OfDataset d)) throw e;
                    throw new BadInputException(e.getMessage() + " (the data set file looks damaged: './irlab data fetch "
                            + d.dataset().label() + " --force --dir " + data.directory() + "' fetches it again)", e);
                }
                return Ending.MEASURED;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        private void compare(Path file, RunDirectory out, Path dir, LongConsumer progress) throws IOException {
            CompletionComparison.run(spec, file, out, new CompletionComparison.Listener() {
                @Override public void accepted(Path d) {
                    AtomicFiles.write(d.resolve("spec.json"), Json.write(spec.resolved()));
                }

                @Override public void fitted(String method) { progress.accept(1); }

                @Override public void finishing(CompletionComparison.Result result) {
                    CompletionComparison.writeTables(result);
                    writeCurve(dir.resolve("trace.csv"), result);
                }
            });
        }

        /** irlab's validation curve as trace.csv (nothing when irlab did not run). */
        private static void writeCurve(Path file, CompletionComparison.Result result) {
            for (CompletionComparison.MethodResult m : result.methods()) {
                if (!m.name().equals("irlab")) continue;
                JsonNode curve = m.node().path("diagnostics").path("validationCurve");
                StringBuilder b = new StringBuilder("iteration,loss,validationRmse\n");
                for (JsonNode p : curve) {
                    b.append(p.path("iteration").asLong()).append(',').append(cell(p.path("loss"))).append(',')
                            .append(cell(p.path("validationRmse"))).append('\n');
                }
                AtomicFiles.write(file, b.toString());
            }
        }

        private static String cell(JsonNode n) {
            return n.isNumber() ? String.format(Locale.ROOT, "%.17g", n.asDouble()) : "";
        }
    }

    /** The task of each kind, read from a resolved tree; spec errors are {@link org.irlab.experiment.SpecException}s. */
    /**
     * A whole sweep (an experiment of kind sweep): every cell × seed on this JVM's threads, resumable from its
     * journal, writing results.parquet/csv, cells.csv, sweep.html and its heatmaps, then summary.json with every
     * cell's aggregate. It runs alone ({@link #exclusive()}): it spreads its runs over every core.
     */
    record Sweep(org.irlab.sweep.Expansion expansion, ObjectNode resolved) implements Task {
        static Sweep read(ObjectNode tree) {
            SpecNodeReader r = new SpecNodeReader(tree);
            JsonNode sweep = r.node.raw("sweep");
            JsonNode size = r.node.raw("size");
            boolean quick = r.node.bool("quick", false);
            r.node.string("name", "sweep");
            r.node.finish();
            JsonNode definition = sweep.isTextual() ? org.irlab.sweep.Catalog.definition(sweep.asText()) : sweep;
            org.irlab.sweep.Expansion e = org.irlab.sweep.Catalog.expand(definition, quick, size);
            ObjectNode resolved = r.resolved;
            resolved.set("definition", definition.deepCopy());
            return new Sweep(e, resolved);
        }

        @Override public long budget() { return expansion.size(); }

        @Override public boolean exclusive() { return true; }

        @Override public Ending run(Path dir, DataSource data, LongConsumer progress) {
            try (RunDirectory out = RunDirectory.open(dir, org.irlab.sweep.Driver.OUTPUTS)) {
                org.irlab.sweep.Driver.run(expansion, new org.irlab.sweep.LocalStore(dir),
                        new org.irlab.sweep.LocalEngine(org.irlab.linalg.Parallel.threads()), false,
                        new org.irlab.sweep.Driver.Listener() {
                            @Override public void finished(org.irlab.sweep.Row row) { progress.accept(1); }
                        }, resolved);
            }
            return Ending.MEASURED;
        }

        @Override public void forget(Path dir) {
            new org.irlab.sweep.Journal(new org.irlab.sweep.LocalStore(dir)).clear();
        }
    }

    /** A strict reader over a task's tree with the resolved copy it fills. */
    final class SpecNodeReader {
        final ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        final org.irlab.experiment.SpecNode node;

        SpecNodeReader(ObjectNode tree) { node = new org.irlab.experiment.SpecNode("", tree, resolved); }
    }

    static Task read(Experiment.Kind kind, ObjectNode tree) {
        return switch (kind) {
            case DESCENT -> new Descent(RunSpec.parse(tree, List.of(), null));
            case COMPLETION -> new Completion(CompletionSpec.parse(tree));
            case SWEEP -> Sweep.read(tree);
        };
    }
}
