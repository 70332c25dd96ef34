package org.irlab.linalg;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Deterministic data parallelism: work is cut into chunks whose boundaries depend only on the problem size (never on
 * the thread count), each chunk writes its own slot, and reductions add the per-chunk partial results in chunk order.
 * So results are the same bits for any number of threads, including one.
 *
 * <p>With K threads the chunks are dealt into K contiguous groups. The calling thread takes group 0 and K − 1
 * resident workers the others; a group nobody has started when the caller is free is run by the caller, so a
 * descheduled worker never stalls it. Workers spin for {@link #SPIN_NANOS} after a job before they park, so an
 * iterative method calling every few microseconds pays no wake-up latency (the way OpenMP runtimes wait). One job
 * runs at a time; a call made while the team is busy (nested, or from another thread) runs on its caller.
 *
 * <p>The thread count is {@code -Dirlab.threads=K} (default: available processors); {@link #setThreads} changes it.
 * The sequential path allocates nothing; the parallel one allocates one small job record per call.
 */
public final class Parallel {
    /** Work below this many scalar operations runs on the calling thread. */
    public static final long SEQUENTIAL_CUTOFF = 1 << 16;

    /** How long an idle worker spins before it parks. */
    public static final long SPIN_NANOS = 200_000;

    private static volatile Team team = new Team(Integer.getInteger("irlab.threads",
            Runtime.getRuntime().availableProcessors()));

    private Parallel() {}

    /** Sets the number of threads, the caller included (1 = run everything on the caller). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        Team old = team;
        team = new Team(threads);
        old.shutdown();
    }

    /** The number of threads that share chunked work, the caller included. */
    public static int threads() {
        return team.threads;
    }

    /** A body run on the half-open chunk [from, to) with its chunk index. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int from, int to);
    }

    /** Number of chunks {@link #forEachChunk} uses for n items of the given chunk size. */
    public static int chunks(int n, int chunkSize) {
        return (n + chunkSize - 1) / chunkSize;
    }

    /**
     * Runs body over [0, n) cut into chunks of {@code chunkSize} (the last may be shorter), in parallel when the
     * total {@code cost} (scalar operations) is large enough. Chunks must write disjoint outputs.
     */
    public static void forEachChunk(int n, int chunkSize, long cost, ChunkBody body) {
        int chunks = chunks(n, chunkSize);
        Team t = team;
        if (t.threads == 1 || chunks <= 1 || cost < SEQUENTIAL_CUTOFF || !t.acquire()) {
            runChunks(body, 0, chunks, n, chunkSize);
            return;
        }
        try {
            t.run(new Job(body, n, chunkSize, chunks, Math.min(t.threads, chunks)));
        } finally {
            t.release();
        }
    }

    /** Sums partial[0..count) in index order (the deterministic reduction). */
    public static double sumInOrder(double[] partial, int count) {
        double s = 0;
        for (int i = 0; i < count; i++) s += partial[i];
        return s;
    }

    private static void runChunks(ChunkBody body, int lo, int hi, int n, int chunkSize) {
        for (int c = lo; c < hi; c++) body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
    }

    /** One forEachChunk call: its groups, who has claimed which, and how many are unfinished. */
    private static final class Job {
        final ChunkBody body;
        final int n, chunkSize, chunks, groups;
        final AtomicIntegerArray claimed;
        final AtomicInteger unfinished;
        volatile Throwable failure;

        Job(ChunkBody body, int n, int chunkSize, int chunks, int groups) {
            this.body = body;
            this.n = n;
            this.chunkSize = chunkSize;
            this.chunks = chunks;
            this.groups = groups;
            this.claimed = new AtomicIntegerArray(groups);
            this.unfinished = new AtomicInteger(groups);
        }

        /** Runs group g if nobody has claimed it yet. */
        void tryRun(int g) {
            if (claimed.get(g) != 0 || !claimed.compareAndSet(g, 0, 1)) return;
            try {
                runChunks(body, (int) ((long) g * chunks / groups), (int) ((long) (g + 1) * chunks / groups), n, chunkSize);
            } catch (RuntimeException | Error e) {
                if (failure == null) failure = e;
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    /** The caller plus K − 1 resident worker threads. */
    private static final class Team {
        final int threads;
        final Thread[] workers;
        final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicIntegerArray parked;
        volatile Job job;
        volatile boolean stopped;

        Team(int threads) {
            this.threads = Math.max(1, threads);
            this.workers = new Thread[this.threads - 1];
            this.parked = new AtomicIntegerArray(Math.max(1, this.threads - 1));
            for (int w = 0; w < workers.length; w++) {
                int index = w;
                Thread t = new Thread(() -> work(index), "irlab-parallel-" + (w + 1));
                t.setDaemon(true);
                workers[w] = t;
                t.start();
            }
        }

        boolean acquire() { return busy.compareAndSet(false, true); }

        void release() { busy.set(false); }

        void run(Job j) {
            job = j;
            for (int w = 0; w < workers.length; w++) if (parked.get(w) != 0) LockSupport.unpark(workers[w]);
            for (int g = 0; g < j.groups; g++) j.tryRun(g);
            long start = System.nanoTime();
            while (j.unfinished.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait(); else Thread.yield();
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException e) throw e;
            if (f instanceof Error e) throw e;
        }

        private void work(int index) {
            Job seen = null;
            long idleSince = System.nanoTime();
            while (!stopped) {
                Job j = job;
                if (j != null && j != seen) {
                    seen = j;
                    // worker w prefers group w + 1, then helps with any other unclaimed group
                    for (int k = 0; k < j.groups; k++) j.tryRun((index + 1 + k) % j.groups);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked.set(index, 1);
                    if (job == seen && !stopped) LockSupport.park(this);
                    parked.set(index, 0);
                    idleSince = System.nanoTime();
                }
            }
        }

        void shutdown() {
            stopped = true;
            for (Thread t : workers) LockSupport.unpark(t);
        }
    }
}
