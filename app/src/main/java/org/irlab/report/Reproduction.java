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
import org.irlab.experiment.AtomicFiles;
import org.irlab.experiment.DataSource;
import org.irlab.experiment.Json;

/**
 * Runs the planned runs of several experiments on a pool of threads. Each run is seeded by its spec, so the numbers
 * do not depend on the thread count. A run whose directory holds a complete result of the same resolved spec (from a
 * pass that was interrupted) is not run again unless forced. Runs whose task is {@link Task#exclusive() exclusive} (they use every core and
 * report their own times) go afterwards, one at a time. An experiment whose outputs are complete and whose plan hash
 * is unchanged is skipped unless forced; its marker file is written only once all its runs have been measured. A
 * run whose data is unavailable is not measured: that is reported, not a failure, and the experiment is tried again
 * next time.
 */
public final class Reproduction {
    private Reproduction() {}

    /**
     * How to run.
     *
     * @param out     the output directory (runs go to out/experiment/run/)
     * @param threads worker threads (≥ 1)
     * @param force   run even experiments that are up to date
     * @param data    where the data sets of completion runs are found and fetched into
     */
    public record Options(Path out, int threads, boolean force, DataSource data) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        }

        /** Data sets in {@code ./data}, fetched from Debian packages when missing. */
        public Options(Path out, int threads, boolean force) {
            this(out, threads, force, DataSource.debian(Path.of("data")));
        }
    }

    /** What happened to an experiment in this pass. */
    public enum State {
        /** Every run was measured. */
        RAN,
        UP_TO_DATE,
        /** Some run failed. */
        FAILED,
        /** No run failed, but some could not be measured because their data is unavailable. */
        INCOMPLETE
    }

    /**
     * What one experiment's pass produced.
     *
     * @param runsExecuted runs executed in this pass
     * @param wallSeconds  elapsed time from its first run's start to its last run's end
     * @param runSeconds   sum of its runs' times
     * @param failures     one line per failed run
     * @param notMeasured  one line per run whose data was unavailable: its name and why
     */
    public record Outcome(Plan plan, State state, int runsExecuted, double wallSeconds, double runSeconds,
                          List<String> failures, List<String> notMeasured) {}

    /** Hears about progress; called from worker threads, so implementations must be thread-safe. */
    public interface Listener {
        /** An experiment's runs are about to be queued; {@code totalWork} is the sum of their budgets. */
        default void started(Plan plan, long totalWork) {}

        /** Some of the experiment's work (gradient steps, methods, or unused budget of a finished run) is done. */
        default void advanced(Plan plan, long work) {}

        /** The experiment is done (or was up to date). */
        default void finished(Outcome outcome) {}

        Listener NONE = new Listener() {};
    }

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
                outcomes[i] = new Outcome(plan, State.RAN, 0, 0, 0, List.of(), List.of());
                listener.finished(outcomes[i]);
            } else if (!options.force() && plan.isUpToDate(options.out())) {
                outcomes[i] = new Outcome(plan, State.UP_TO_DATE, 0, 0, 0, List.of(), List.of());
                listener.finished(outcomes[i]);
            } else {
                deleteDerived(plan, options.out());
                if (options.force()) for (Plan.PlannedRun r : plan.runs()) r.task().forget(plan.runDirectory(options.out(), r));
                todo.add(i);
            }
        }
        if (todo.isEmpty()) return List.of(outcomes);
        List<Runnable> shared = new ArrayList<>(), exclusive = new ArrayList<>();
        for (int i : todo) {
            Pass pass = new Pass(plans.get(i), i, outcomes, options, listener);
            for (Plan.PlannedRun run : plans.get(i).runs()) {
                if (!options.force() && plans.get(i).isComplete(options.out(), run)) {
                    pass.resume(run);
                } else {
                    (run.task().exclusive() ? exclusive : shared).add(() -> pass.run(run));
                }
            }
        }
        runAll(shared, options.threads());
        runAll(exclusive, 1);
        return List.of(outcomes);
    }

    private static void runAll(List<Runnable> jobs, int threads) {
        if (jobs.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(threads, workers());
        try {
            for (Runnable job : jobs) pool.execute(job);
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // runs are bounded by their budgets; keep waiting
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running experiments", e);
        }
    }

    /** One experiment's runs in this pass: counts them down and writes its marker and outcome after the last. */
    private static final class Pass {
        private final Plan plan;
        private final int index;
        private final Outcome[] outcomes;
        private final Options options;
        private final Listener listener;
        private final AtomicInteger remaining;
        private final AtomicInteger resumed = new AtomicInteger();
        private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        private final DoubleAdder runSeconds = new DoubleAdder();
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final List<String> notMeasured = Collections.synchronizedList(new ArrayList<>());

        Pass(Plan plan, int index, Outcome[] outcomes, Options options, Listener listener) {
            this.plan = plan;
            this.index = index;
            this.outcomes = outcomes;
            this.options = options;
            this.listener = listener;
            this.remaining = new AtomicInteger(plan.runs().size());
            long total = 0;
            for (Plan.PlannedRun r : plan.runs()) total += r.budget();
            listener.started(plan, total);
        }

        /** A run an earlier pass completed for the same spec: counted as done, not run again. */
        void resume(Plan.PlannedRun run) {
            listener.advanced(plan, run.budget());
            resumed.incrementAndGet();
            if (remaining.decrementAndGet() == 0) finish();
        }

        void run(Plan.PlannedRun run) {
            long start = System.nanoTime();
            firstStart.accumulateAndGet(start, Math::min);
            long[] reported = {0};
            try {
                Task.Ending ending = run.task().run(plan.runDirectory(options.out(), run), options.data(), work -> {
                    long w = Math.min(work, run.budget() - reported[0]);
                    if (w > 0) {
                        reported[0] += w;
                        listener.advanced(plan, w);
                    }
                });
                if (!ending.measured()) notMeasured.add(run.name() + ": " + ending.notMeasured());
            } catch (RuntimeException e) {
                failures.add(run.name() + ": " + describe(e));
            } finally {
                listener.advanced(plan, Math.max(0, run.budget() - reported[0]));
                runSeconds.add((System.nanoTime() - start) / 1e9);
            }
            if (remaining.decrementAndGet() == 0) finish();
        }

        private void finish() {
            double wall = firstStart.get() == Long.MAX_VALUE ? 0 : (System.nanoTime() - firstStart.get()) / 1e9;
            if (failures.isEmpty() && notMeasured.isEmpty()) {
                try {
                    AtomicFiles.write(plan.directory(options.out()).resolve(Plan.MARKER), Json.write(
                            plan.marker(wall, runSeconds.sum(), options.threads(), Instant.now().toString())));
                } catch (UncheckedIOException e) {
                    failures.add("marker: " + e.getMessage());
                }
            }
            List<String> f = List.copyOf(failures), n = List.copyOf(notMeasured);
            State state = !f.isEmpty() ? State.FAILED : !n.isEmpty() ? State.INCOMPLETE : State.RAN;
            outcomes[index] = new Outcome(plan, state, plan.runs().size() - resumed.get(), wall, runSeconds.sum(), f,
                    n);
            listener.finished(outcomes[index]);
        }
    }

    /**
     * What a failed run reports: the message of an error meant for users (bad input, an unusable directory), which
     * names its cause; the exception's class and message for anything else (a bug).
     */
    static String describe(RuntimeException e) {
        boolean forUsers = e instanceof org.irlab.data.BadInputException || e instanceof org.irlab.experiment.SpecException
                || e instanceof org.irlab.experiment.OutputException;
        return forUsers && e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * Before an experiment runs again: removes its marker, its plots (drawn from the earlier runs) and the temporary
     * files a killed pass left, so that a pass killed now leaves nothing that describes other runs than its own.
     */
    private static void deleteDerived(Plan plan, Path out) {
        Path dir = plan.directory(out);
        try {
            Files.deleteIfExists(dir.resolve(Plan.MARKER));
            for (Plot p : plan.experiment().plots()) {
                Files.deleteIfExists(dir.resolve(p.name() + ".png"));
                Files.deleteIfExists(dir.resolve(p.name() + ".svg"));
            }
            AtomicFiles.removeLeftovers(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale outputs of " + plan.name() + ": " + e.getMessage(),
                    e);
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
