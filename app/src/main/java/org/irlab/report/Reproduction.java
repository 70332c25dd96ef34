package org.irlab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntConsumer;
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.Json;
import org.irlab.experiment.Runner;

/**
 * Runs the planned runs of several experiments on a pool of threads. Each run is single-threaded and seeded by its
 * spec, so the numbers do not depend on the thread count. An experiment whose outputs are complete and whose plan
 * hash is unchanged is skipped unless forced; its marker file is written only once all its runs have succeeded.
 */
public final class Reproduction {
    private Reproduction() {}

    /**
     * How to run.
     *
     * @param out     the output directory (runs go to out/experiment/run/)
     * @param threads worker threads (≥ 1)
     * @param force   run even experiments that are up to date
     */
    public record Options(Path out, int threads, boolean force) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        }
    }

    /** What happened to an experiment in this pass. */
    public enum State { RAN, UP_TO_DATE, FAILED }

    /**
     * What one experiment's pass produced.
     *
     * @param runsExecuted runs executed in this pass
     * @param wallSeconds  elapsed time from its first run's start to its last run's end
     * @param runSeconds   sum of its runs' times
     * @param failures     one line per failed run
     */
    public record Outcome(Plan plan, State state, int runsExecuted, double wallSeconds, double runSeconds,
                          List<String> failures) {}

    /** Hears about progress; called from worker threads, so implementations must be thread-safe. */
    public interface Listener {
        /** An experiment's runs are about to be queued; {@code totalWork} is the sum of their step budgets. */
        default void started(Plan plan, long totalWork) {}

        /** Some of the experiment's work (gradient steps, or unused budget of a finished run) is done. */
        default void advanced(Plan plan, long work) {}

        /** The experiment is done (or was up to date). */
        default void finished(Outcome outcome) {}

        Listener NONE = new Listener() {};
    }

    /** Steps between two progress reports of one run. */
    private static final int REPORT_EVERY = 256;

    /** Runs what needs running and returns one outcome per plan, in plan order. */
    public static List<Outcome> execute(List<Plan> plans, Options options, Listener listener) {
        Outcome[] outcomes = new Outcome[plans.size()];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            if (plan.runs().isEmpty()) {
                // an analysis of other experiments' runs: nothing to run, always current
                AtomicFiles.write(plan.directory(options.out()).resolve(Plan.MARKER),
                        Json.write(plan.marker(0, 0, options.threads(), Instant.now().toString())));
                outcomes[i] = new Outcome(plan, State.RAN, 0, 0, 0, List.of());
                listener.finished(outcomes[i]);
            } else if (!options.force() && plan.isUpToDate(options.out())) {
                outcomes[i] = new Outcome(plan, State.UP_TO_DATE, 0, 0, 0, List.of());
                listener.finished(outcomes[i]);
            } else {
                deleteMarker(plan, options.out());
                todo.add(i);
            }
        }
        if (todo.isEmpty()) return List.of(outcomes);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), workers());
        try {
            for (int i : todo) submit(pool, plans.get(i), i, outcomes, options, listener);
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // runs are bounded by their budgets; keep waiting
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running experiments", e);
        }
        return List.of(outcomes);
    }

    private static void submit(ExecutorService pool, Plan plan, int index, Outcome[] outcomes, Options options,
                               Listener listener) {
        long total = 0;
        for (Plan.PlannedRun r : plan.runs()) total += r.budget();
        listener.started(plan, total);
        AtomicInteger remaining = new AtomicInteger(plan.runs().size());
        AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        DoubleAdder runSeconds = new DoubleAdder();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (Plan.PlannedRun run : plan.runs()) {
            pool.execute(() -> {
                long start = System.nanoTime();
                firstStart.accumulateAndGet(start, Math::min);
                long[] reported = {0};
                IntConsumer progress = t -> {
                    if (t - reported[0] >= REPORT_EVERY) {
                        listener.advanced(plan, t - reported[0]);
                        reported[0] = t;
                    }
                };
                try {
                    Runner.run(run.spec(), plan.runDirectory(options.out(), run), progress);
                } catch (RuntimeException e) {
                    failures.add(run.name() + ": " + e);
                } finally {
                    listener.advanced(plan, Math.max(0, run.budget() - reported[0]));
                    runSeconds.add((System.nanoTime() - start) / 1e9);
                }
                if (remaining.decrementAndGet() == 0) {
                    double wall = (System.nanoTime() - firstStart.get()) / 1e9;
                    if (failures.isEmpty()) {
                        try {
                            AtomicFiles.write(plan.directory(options.out()).resolve(Plan.MARKER), Json.write(
                                    plan.marker(wall, runSeconds.sum(), options.threads(), Instant.now().toString())));
                        } catch (UncheckedIOException e) {
                            failures.add("marker: " + e.getMessage());
                        }
                    }
                    List<String> f = List.copyOf(failures);
                    outcomes[index] = new Outcome(plan, f.isEmpty() ? State.RAN : State.FAILED, plan.runs().size(),
                            wall, runSeconds.sum(), f);
                    listener.finished(outcomes[index]);
                }
            });
        }
    }

    private static void deleteMarker(Plan plan, Path out) {
        try {
            Files.deleteIfExists(plan.directory(out).resolve(Plan.MARKER));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale marker of " + plan.name() + ": " + e.getMessage(), e);
        }
    }

    private static ThreadFactory workers() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "irlab-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
