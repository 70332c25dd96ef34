package org.irlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.SplittableRandom;
import org.irlab.completion.Errors;
import org.irlab.completion.Completion;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective;

/**
 * The {@code irlab} completion objective at MovieLens-20M's shape: a synthetic ratings matrix (138,000 × 27,000,
 * 2·10⁷ entries at uniformly random positions, values 3.5 + a rank-10 product + N(0, 0.8²) noise), then the time of
 * one epoch-equivalent (one full value+gradient pass at search rank 200) and of one Hessian-vector product, and the
 * heap in use. With {@code --fit K} it also runs the whole {@link RankFreeDescent} model for K steps (1% of the
 * entries held out for validation). Run: {@code java -Xmx6g -cp bench/target/benchmarks.jar
 * org.irlab.bench.CompletionScale [rows columns entries searchRank] [--fit K]}.
 */
public final class CompletionScale {
    private CompletionScale() {}

    public static void main(String[] args) {
        int rows = 138_000, columns = 27_000, rank = 200, fit = 0;
        long entries = 20_000_000L;
        int positional = 0;
        for (int a = 0; a < args.length; a++) {
            if (args[a].equals("--fit")) { fit = Integer.parseInt(args[++a]); continue; }
            switch (positional++) {
                case 0 -> rows = Integer.parseInt(args[a]);
                case 1 -> columns = Integer.parseInt(args[a]);
                case 2 -> entries = Long.parseLong(args[a]);
                case 3 -> rank = Integer.parseInt(args[a]);
                default -> throw new IllegalArgumentException("unexpected argument " + args[a]);
            }
        }
        System.out.printf(Locale.ROOT, "threads %d, max heap %.2f GiB%n", Parallel.threads(),
                Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        long t0 = System.nanoTime();
        SparseRatings ratings = generate(rows, columns, entries, 10, 0.8, new SplittableRandom(1));
        System.out.printf(Locale.ROOT, "generated %d × %d with %,d ratings in %.1f s; heap in use %s%n", rows, columns,
                ratings.size(), seconds(t0), heap());

        CompletionObjective objective = CompletionObjective.asymmetric(ratings.pattern(), ratings.values(), rank,
                1.0 / ratings.size());
        double[] x = new double[objective.dimension()], g = new double[x.length];
        Randoms.gaussian(new SplittableRandom(2), 0.01, x);
        for (int rep = 1; rep <= 3; rep++) {
            long t = System.nanoTime();
            double f = objective.valueAndGradient(x, g);
            System.out.printf(Locale.ROOT, "epoch-equivalent (value + gradient, r' = %d) %d: %.2f s (f = %.4f)%n", rank,
                    rep, seconds(t), f);
        }
        double[] v = new double[x.length], hv = new double[x.length];
        Randoms.gaussian(new SplittableRandom(3), 1.0, v);
        long t = System.nanoTime();
        objective.hessianVector(x, v, hv);
        System.out.printf(Locale.ROOT, "Hessian-vector product: %.2f s; heap in use %s%n", seconds(t), heap());
        x = g = v = hv = null;
        objective = null;

        if (fit > 0) {
            Split split = Split.random(ratings, 0, 0.01, new SplittableRandom(4));
            ratings = null;
            RankFreeDescent model = new RankFreeDescent(RankFreeDescent.Settings.defaults().withSearchRank(rank)
                    .withInitScales(0.03).withMaxIterations(fit));
            t = System.nanoTime();
            Completion c = model.fit(split.train(), split.validation(), new SplittableRandom(5));
            System.out.printf(Locale.ROOT, "model fit, %d steps: %.1f s; validation RMSE %.4f; heap in use %s%n", fit,
                    seconds(t), Errors.of(c, split.validation()).rmse(), heap());
        }
        System.out.printf(Locale.ROOT, "peak heap %s%n", peakHeap());
    }

    /** Uniform positions (a Bernoulli pattern with the expected count), values 3.5 + AᵢBⱼᵀ + noise. */
    static SparseRatings generate(int rows, int columns, long entries, int trueRank, double noise,
                                  SplittableRandom rng) {
        double p = entries / ((double) rows * columns);
        SparsePattern pattern = SparsePattern.bernoulli(rng.split(), rows, columns, p);
        double[] a = new double[rows * trueRank], b = new double[columns * trueRank];
        Randoms.gaussian(rng.split(), Math.pow(trueRank, -0.5), a);
        Randoms.gaussian(rng.split(), 1.0, b);
        SplittableRandom noiseRng = rng.split();
        int n = pattern.size();
        int[] row = new int[n], column = new int[n];
        double[] value = new double[n];
        for (int i = 0; i < rows; i++) {
            for (int k = pattern.rowStart(i); k < pattern.rowStart(i + 1); k++) {
                int j = pattern.column(k);
                double s = 3.5;
                for (int q = 0; q < trueRank; q++) s += a[i * trueRank + q] * b[j * trueRank + q];
                row[k] = i;
                column[k] = j;
                value[k] = s + noise * Randoms.gaussian(noiseRng);
            }
        }
        return SparseRatings.of(rows, columns, row, column, value);
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }

    private static String heap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%.2f GiB", (r.totalMemory() - r.freeMemory()) / (double) (1L << 30));
    }

    private static String peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return String.format(Locale.ROOT, "%.2f GiB (sum of the heap pools' peaks)", peak / (double) (1L << 30));
    }
}
