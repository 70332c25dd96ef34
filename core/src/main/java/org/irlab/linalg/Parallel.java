package org.irlab.linalg;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Deterministic data parallelism: work is cut into chunks whose boundaries depend only on the problem size (never on
 * the thread count), each chunk writes its own slot, and reductions add the per-chunk partial results in chunk order.
 * So results are the same bits for any number of threads, including one.
 *
 * <p>The pool size is {@code -Dirlab.threads=K} (default: available processors); {@link #setThreads} changes it.
 */
public final class Parallel {
    /** Work below this many scalar operations runs on the calling thread. */
    public static final long SEQUENTIAL_CUTOFF = 1 << 16;

    private static volatile ForkJoinPool pool = newPool(Integer.getInteger("irlab.threads",
            Runtime.getRuntime().availableProcessors()));

    private Parallel() {}

    private static ForkJoinPool newPool(int threads) {
        return threads <= 1 ? null : new ForkJoinPool(threads);
    }

    /** Sets the number of worker threads (1 = run everything on the caller). */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        ForkJoinPool old = pool;
        pool = newPool(threads);
        if (old != null) old.shutdown();
    }

    public static int threads() {
        ForkJoinPool p = pool;
        return p == null ? 1 : p.getParallelism();
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
        ForkJoinPool p = pool;
        if (p == null || chunks <= 1 || cost < SEQUENTIAL_CUTOFF) {
            for (int c = 0; c < chunks; c++) body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
            return;
        }
        p.invoke(new Task(body, 0, chunks, n, chunkSize));
    }

    /** Sums partial[0..count) in index order (the deterministic reduction). */
    public static double sumInOrder(double[] partial, int count) {
        double s = 0;
        for (int i = 0; i < count; i++) s += partial[i];
        return s;
    }

    private static final class Task extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient ChunkBody body;
        private final int lo, hi, n, chunkSize;

        Task(ChunkBody body, int lo, int hi, int n, int chunkSize) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
            this.n = n;
            this.chunkSize = chunkSize;
        }

        @Override protected void compute() {
            if (hi - lo == 1) {
                body.run(lo, lo * chunkSize, Math.min(n, (lo + 1) * chunkSize));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Task(body, lo, mid, n, chunkSize), new Task(body, mid, hi, n, chunkSize));
        }
    }
}
