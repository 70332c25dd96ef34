package org.irlab.bench;

import java.util.Arrays;

/** Wall-clock timing of one operation: warm-up until the JIT has settled, then the median of repeated batches. */
final class Timing {
    /** Seconds per operation: median, minimum and maximum over the repeats, and the batch size used. */
    record Result(double median, double min, double max, int repeats, int batch) {}

    private Timing() {}

    /**
     * Warms {@code op} up in batches of about {@code batchSeconds} until at least {@code warmupSeconds} have passed
     * and the last three batches agree within 10% (the SIMD path is slow until C2 has compiled it; at most 30 s),
     * then times {@code repeats} batches.
     */
    static Result time(Runnable op, double warmupSeconds, double batchSeconds, int repeats) {
        long start = System.nanoTime();
        int batch = 1;
        double[] last = {Double.NaN, Double.NaN, Double.NaN};
        int batches = 0;
        while (true) {
            double perOp = batch(op, batch);
            last[batches++ % 3] = perOp;
            double elapsed = (System.nanoTime() - start) / 1e9;
            batch = (int) Math.max(1, Math.min(1_000_000, batchSeconds / Math.max(perOp, 1e-9)));
            if (elapsed >= 30) break;
            if (elapsed >= warmupSeconds && batches >= 3) {
                double lo = Math.min(last[0], Math.min(last[1], last[2]));
                double hi = Math.max(last[0], Math.max(last[1], last[2]));
                if (hi <= 1.1 * lo) break;
            }
        }
        double[] perOp = new double[repeats];
        for (int r = 0; r < repeats; r++) perOp[r] = batch(op, batch);
        Arrays.sort(perOp);
        return new Result(median(perOp), perOp[0], perOp[repeats - 1], repeats, batch);
    }

    private static double batch(Runnable op, int count) {
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) op.run();
        return (System.nanoTime() - t0) / 1e9 / count;
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
