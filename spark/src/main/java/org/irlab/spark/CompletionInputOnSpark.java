package org.irlab.spark;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.completion.AdditiveCompletion;
import org.irlab.completion.Biases;
import org.irlab.completion.FitProgress;
import org.irlab.completion.FitRatings;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsLayout;

/**
 * What {@code complete fit --engine spark} does before its descents, on the driver (the route before: the local
 * reader, {@link Split#holdOut}, the tuned biases and σ̂ on driver arrays) against on the executors
 * ({@code RatingsOnSpark}, the keyed split, {@code DistributedRatings}), alternated A B A B in one JVM on a generated ratings
 * file ({@code bench/spark-completion.sh --input}): the time of each step, the heap's peak during each route (in
 * local mode the executors share the driver's heap), and what the driver keeps; then, with {@code --steps K > 0}, the
 * same short descent on the blocks each route made (time per gradient pass). Prints one JSON object. Arguments:
 * {@code [--users N] [--items N] [--per-user N] [--file PATH] [--rounds K] [--steps K] [--search-rank R]
 * [--master URL]}.
 */
public final class CompletionInputOnSpark {
    private CompletionInputOnSpark() {}

    public static void main(String[] args) throws IOException {
        BenchArguments arg = BenchArguments.parse(args, "--users", "100000", "--items", "20000", "--per-user", "200",
                "--file", "/tmp/irlab-ratings-2e7.csv", "--rounds", "2", "--steps", "0", "--search-rank", "200",
                "--master", "local[2]");
        int users = arg.integer("--users"), items = arg.integer("--items"), perUser = arg.integer("--per-user"),
                rounds = arg.integer("--rounds"), steps = arg.integer("--steps"), rank = arg.integer("--search-rank");
        String master = arg.text("--master"), file = arg.text("--file");
        Path input = Path.of(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("maxHeapGiB", Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        if (!Files.exists(input)) {
            long t0 = System.nanoTime();
            write(CompletionScaleOnSpark.generate(users, items, perUser, 10, 0.5, new SplittableRandom(1)), input);
            out.put("generateSeconds", seconds(t0));
        }
        out.put("file", file);
        out.put("fileBytes", Files.size(input));
        double fraction = 0.01;
        try (SparkFitEngine engine = new SparkFitEngine(SparkSessions.open("IRLab completion input", master, 2), true)) {
            out.put("master", master);
            out.put("blocks", engine.blocksPerSide());
            for (int round = 1; round <= rounds; round++) {
                // A: the driver route (what the command did before)
                Map<String, Object> a = new LinkedHashMap<>();
                gc();
                long base = used();
                resetPeaks();
                long t0 = System.nanoTime();
                SparseRatings all = RatingsCsv.read(input, RatingsLayout.CSV, DuplicatePolicy.ERROR,
                        InvalidPolicy.ERROR).ratings();
                a.put("readSeconds", seconds(t0));
                t0 = System.nanoTime();
                Split split = Split.holdOut(all, new int[0], fraction, new SplittableRandom(2));
                a.put("splitSeconds", seconds(t0));
                FitRatings here = FitRatings.of(split.train(), split.validation());
                t0 = System.nanoTime();
                AdditiveCompletion offset = Biases.tuned(here);
                a.put("biasesSeconds", seconds(t0));
                a.put("lambda", offset.hyperParameters().get("lambda"));
                t0 = System.nanoTime();
                FitRatings centred = here.centred(offset);
                a.put("sigmaHat", RankFreeDescent.leadingSingularValue(centred, new SplittableRandom(3)));
                a.put("sigmaSeconds", seconds(t0));
                a.put("peakHeapGiB", peak());
                gc();
                a.put("driverKeepsGiB", (used() - base) / (double) (1L << 30)); // all, split, centred target
                if (round == rounds && steps > 0) a.put("descent", descent(engine, centred, rank, steps));
                all = null;
                split = null;
                here = null;
                centred = null;
                out.put("driver." + round, a);
                System.err.println("driver route, round " + round + ": " + a);
                // B: on the executors
                Map<String, Object> b = new LinkedHashMap<>();
                gc();
                base = used();
                resetPeaks();
                t0 = System.nanoTime();
                RatingsOnSpark.Read read = RatingsOnSpark.read(engine.spark(), file, input.getFileName().toString(),
                        RatingsLayout.CSV, DuplicatePolicy.ERROR, InvalidPolicy.ERROR, fraction, 2,
                        engine.blocksPerSide(), new SparkStatistics());
                b.put("readAndSplitSeconds", seconds(t0));
                b.put("heldOut", read.data().heldSize());
                t0 = System.nanoTime();
                AdditiveCompletion distributedOffset = Biases.tuned(read.data());
                b.put("biasesSeconds", seconds(t0));
                b.put("lambda", distributedOffset.hyperParameters().get("lambda"));
                t0 = System.nanoTime();
                DistributedRatings there = read.data().centred(distributedOffset);
                b.put("sigmaHat", RankFreeDescent.leadingSingularValue(there, new SplittableRandom(3)));
                b.put("sigmaSeconds", seconds(t0));
                b.put("peakHeapGiB", peak());
                if (round == rounds && steps > 0) b.put("descent", descent(engine, there, rank, steps));
                there.release();
                read.data().release();
                gc();
                // what the driver keeps once the executors hold the data: the ids, the centring (n1 + n2 doubles)
                b.put("driverKeepsGiB", (used() - base) / (double) (1L << 30));
                b.put("ids", read.rowIds().length + read.columnIds().length);
                out.put("executors." + round, b);
                System.err.println("executor route, round " + round + ": " + b);
                read = null;
                distributedOffset = null;
            }
        }
        System.out.println(out);
    }

    /** A short descent (one α, one member) on {@code data} with the distributed descents: its time per pass. */
    private static Map<String, Object> descent(SparkFitEngine engine, FitRatings data, int rank, int steps) {
        RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(rank)
                .withInitScales(0.03).withMaxIterations(steps).withMembers(1);
        RankFreeDescent model = new RankFreeDescent(settings, FitProgress.NONE, engine.descents());
        Map<String, Object> before = engine.statistics();
        long t0 = System.nanoTime();
        double sigma;
        try (RankFreeDescent.Descents d = engine.descents().open(model, data, rank)) {
            sigma = RankFreeDescent.leadingSingularValue(data, new SplittableRandom(3));
            RankFreeDescent.Outcome o = d.descend(0.03, sigma, new SplittableRandom(5), steps, "bench", null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("steps", o.iterations());
            m.put("seconds", seconds(t0));
            m.put("statistics", CompletionScaleOnSpark.difference(engine.statistics(), before));
            return m;
        }
    }

    /** userId,movieId,rating with ids u{i}, i{j}, users in order, values to the bit. */
    static void write(SparseRatings r, Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating\n");
            int[] row = r.entryRow(), column = r.entryColumn();
            double[] value = r.values();
            for (int k = 0; k < value.length; k++) {
                w.write('u');
                w.write(Integer.toString(row[k]));
                w.write(",i");
                w.write(Integer.toString(column[k]));
                w.write(',');
                w.write(Double.toString(value[k]));
                w.write('\n');
            }
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }

    private static void gc() {
        for (int k = 0; k < 3; k++) System.gc();
    }

    private static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    private static double peak() {
        long p = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) p += pool.getPeakUsage().getUsed();
        }
        return p / (double) (1L << 30);
    }
}
