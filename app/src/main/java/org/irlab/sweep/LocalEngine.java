package org.irlab.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a sweep's jobs on K threads of this JVM, the most expensive first. Each run is seeded by its spec and the
 * kernels give the same bits on any thread count, so rows do not depend on K.
 */
public final class LocalEngine implements Engine {
    private final int threads;

    public LocalEngine(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        this.threads = threads;
    }

    @Override public String describe() { return "local, " + threads + (threads == 1 ? " thread" : " threads"); }

    @Override public void run(List<Job> jobs, Measures measures, Consumer<Row> sink) {
        List<Job> ordered = new ArrayList<>(jobs);
        ordered.sort(Comparator.comparingDouble(Job::cost).reversed().thenComparingInt(Job::row));
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "irlab-sweep-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            for (Job job : ordered) {
                pool.execute(() -> {
                    if (failure.get() != null) return;
                    try {
                        sink.accept(Execution.execute(job, measures));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e); // e.g. the journal cannot be written: stop soon, report it
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // runs are bounded by their budgets; keep waiting
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the sweep", e);
        }
        if (failure.get() != null) throw failure.get();
    }
}
