package org.irlab.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.completion.Errors;
import org.irlab.completion.FitProgress;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.linalg.Randoms;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.CompletionTerm;

/**
 * The rank-free model's data term on Spark at scale ({@code bench/spark-completion}): a generated ratings matrix
 * (users × items, exactly {@code perUser} ratings per user at distinct uniformly random items, values 3.5 + a rank-10
 * product + N(0, 0.5²)), the time of value + gradient and of ∇²f·v evaluations on Spark against the same evaluations
 * of the local objective in the same JVM, the bytes broadcast and handed back per evaluation, Spark's shuffle and
 * task-result bytes, then a short rank-free descent on Spark (its time per step, with curvature estimates and
 * validation), and the heap's peak. Prints one JSON object. Arguments: {@code [--users N] [--items N] [--per-user N]
 * [--search-rank R] [--evaluations K] [--steps K] [--master URL] [--blocks B1,B2,…] [--local true|false]}: each block
 * count (blocks per side) is one layout, timed against the local objective (alternated A B A B).
 */
public final class CompletionScaleOnSpark {
    private CompletionScaleOnSpark() {}

    public static void main(String[] args) {
        int users = 100_000, items = 20_000, perUser = 200, rank = 200, evaluations = 3, steps = 10;
        String master = "local[2]", blocks = "2";
        boolean compareLocal = true;
        for (int a = 0; a < args.length; a += 2) {
            String v = args[a + 1];
            switch (args[a]) {
                case "--users" -> users = Integer.parseInt(v);
                case "--items" -> items = Integer.parseInt(v);
                case "--per-user" -> perUser = Integer.parseInt(v);
                case "--search-rank" -> rank = Integer.parseInt(v);
                case "--evaluations" -> evaluations = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--master" -> master = v;
                case "--blocks" -> blocks = v;
                case "--local" -> compareLocal = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown argument " + args[a]);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", users);
        out.put("items", items);
        out.put("ratings", (long) users * perUser);
        out.put("searchRank", rank);
        out.put("maxHeapGiB", Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        long t0 = System.nanoTime();
        SparseRatings ratings = generate(users, items, perUser, 10, 0.5, new SplittableRandom(1));
        out.put("generateSeconds", seconds(t0));
        double mean = ratings.mean();
        double[] centred = ratings.values().clone();
        for (int k = 0; k < centred.length; k++) centred[k] -= mean;
        double scale = 1.0 / ratings.size();
        String[] blockChoices = blocks.split(",");
        try (SparkFitEngine engine = new SparkFitEngine(SparkSessions.open("IRLab completion scale", master, 2), true)) {
            out.put("master", master);
            CompletionObjective local = compareLocal
                    ? CompletionObjective.asymmetric(ratings.pattern(), centred, rank, scale) : null;
            int d = (users + items) * rank;
            double[] x = new double[d], g = new double[d], h = new double[d], v = new double[d];
            Randoms.gaussian(new SplittableRandom(2), 0.01, x);
            Randoms.gaussian(new SplittableRandom(3), 1.0, v);
            java.util.List<Object> layouts = new java.util.ArrayList<>();
            for (String choice : blockChoices) { // each layout: its evaluations alternated with the local ones
                System.setProperty("irlab.spark.blocks", choice.trim());
                Map<String, Object> layout = new LinkedHashMap<>();
                layout.put("blocksPerSide", engine.blocksPerSide());
                t0 = System.nanoTime();
                Map<String, Object> before = engine.statistics();
                try (CompletionTerm spark = engine.terms().create(ratings.pattern(), centred, rank, scale, false)) {
                    layout.put("distributeSeconds", seconds(t0));
                    double[] sparkTimes = new double[evaluations], localTimes = new double[evaluations];
                    double[] sparkHvp = new double[evaluations], localHvp = new double[evaluations];
                    double fSpark = 0, fLocal = Double.NaN, worst = 0, size = 0;
                    for (int e = 0; e < evaluations; e++) { // alternated: local, Spark, local, Spark, …
                        long t;
                        if (local != null) {
                            t = System.nanoTime();
                            fLocal = local.valueAndGradient(x, h);
                            localTimes[e] = seconds(t);
                        }
                        t = System.nanoTime();
                        fSpark = spark.valueAndGradient(x, g);
                        sparkTimes[e] = seconds(t);
                        if (local != null) {
                            for (int k = 0; k < d; k++) {
                                worst = Math.max(worst, Math.abs(g[k] - h[k]));
                                size = Math.max(size, Math.abs(h[k]));
                            }
                            t = System.nanoTime();
                            local.hessianVector(x, v, h);
                            localHvp[e] = seconds(t);
                        }
                        t = System.nanoTime();
                        spark.hessianVector(x, v, g);
                        sparkHvp[e] = seconds(t);
                    }
                    layout.put("gradientSecondsSpark", sparkTimes);
                    layout.put("hessianVectorSecondsSpark", sparkHvp);
                    if (local != null) {
                        layout.put("gradientSecondsLocal", localTimes);
                        layout.put("hessianVectorSecondsLocal", localHvp);
                        layout.put("valueLocal", fLocal);
                        layout.put("largestGradientDifferenceRelative", worst / size);
                    }
                    layout.put("valueSpark", fSpark);
                }
                layout.put("statistics", difference(engine.statistics(), before));
                layouts.add(layout);
                System.err.println("layout " + toJson(layout)); // kept should a later layout fail
            }
            System.clearProperty("irlab.spark.blocks");
            out.put("layouts", layouts);
            out.put("bytesPerGradient", Map.of("broadcast", 8L * d, "returned", 8L * d));
            out.put("bytesPerHessianVector", Map.of("broadcast", 16L * d, "returned", 8L * d));
            local = null;
            x = g = h = v = null;
            if (steps > 0) {
                System.setProperty("irlab.spark.blocks", blockChoices[0].trim());
                Split split = Split.random(ratings, 0, 0.01, new SplittableRandom(4));
                ratings = null;
                centred = null;
                RankFreeDescent.Settings settings = RankFreeDescent.Settings.defaults().withSearchRank(rank)
                        .withInitScales(0.03).withMaxIterations(steps).withMembers(1);
                // the same descent twice, same draws: before (x on the driver, broadcast whole, rows gathered) and
                // after (X in the user blocks, Y broadcast, Y's partial gradients reduced)
                Map<String, RankFreeDescent.Engine> engines = new LinkedHashMap<>();
                engines.put("driverBound", RankFreeDescent.Engine.local(engine.terms(), RankFreeDescent.Draws.PER_ROW));
                engines.put("distributed", engine.descents());
                for (Map.Entry<String, RankFreeDescent.Engine> e : engines.entrySet()) {
                    Map<String, Object> before = engine.statistics();
                    RankFreeDescent model = new RankFreeDescent(settings, FitProgress.NONE, e.getValue());
                    t0 = System.nanoTime();
                    RankFreeDescent.Fit fit = model.fit(split.train(), split.validation(), new SplittableRandom(5));
                    double fitSeconds = seconds(t0);
                    Map<String, Object> descent = new LinkedHashMap<>();
                    descent.put("blocks", engine.blocksPerSide());
                    descent.put("steps", fit.report().iterations());
                    descent.put("bestStep", fit.report().bestIteration());
                    descent.put("seconds", fitSeconds);
                    descent.put("secondsPerStep", fitSeconds / Math.max(1, fit.report().iterations()));
                    descent.put("validationRmse", Errors.of(fit, split.validation()).rmse());
                    descent.put("statistics", difference(engine.statistics(), before));
                    descent.put("peakHeapGiBSoFar", peakHeap());
                    out.put("descent." + e.getKey(), descent);
                    System.err.println("descent " + e.getKey() + " " + toJson(descent));
                }
                System.clearProperty("irlab.spark.blocks");
            }
        }
        out.put("peakHeapGiB", peakHeap());
        System.out.println(toJson(out));
    }

    /** Exactly {@code perUser} distinct uniformly random items per user, values 3.5 + AᵢBⱼᵀ + noise. */
    static SparseRatings generate(int users, int items, int perUser, int trueRank, double noise, SplittableRandom rng) {
        double[] a = new double[users * trueRank], b = new double[items * trueRank];
        Randoms.gaussian(rng.split(), Math.pow(trueRank, -0.5), a);
        Randoms.gaussian(rng.split(), 1.0, b);
        SplittableRandom positions = rng.split(), noiseRng = rng.split();
        int n = users * perUser;
        int[] row = new int[n], column = new int[n];
        double[] value = new double[n];
        int[] chosen = new int[perUser];
        java.util.BitSet taken = new java.util.BitSet(items);
        for (int i = 0, k = 0; i < users; i++) {
            for (int c = 0; c < perUser; c++) { // rejection sampling: perUser ≪ items
                int j;
                do j = positions.nextInt(items); while (taken.get(j));
                taken.set(j);
                chosen[c] = j;
            }
            for (int c = 0; c < perUser; c++) {
                int j = chosen[c];
                taken.clear(j);
                double s = 3.5;
                for (int q = 0; q < trueRank; q++) s += a[i * trueRank + q] * b[j * trueRank + q];
                row[k] = i;
                column[k] = j;
                value[k++] = s + noise * Randoms.gaussian(noiseRng);
            }
        }
        return SparseRatings.of(users, items, row, column, value);
    }

    /** after − before for the numeric entries of two statistics maps (nested maps included), the rest from after. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> difference(Map<String, Object> after, Map<String, Object> before) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object a = e.getValue(), b = before.get(e.getKey());
            if (a instanceof Map<?, ?> m) {
                out.put(e.getKey(), difference((Map<String, Object>) m, b instanceof Map<?, ?> n
                        ? (Map<String, Object>) n : Map.of()));
            } else if (a instanceof Long l) {
                out.put(e.getKey(), l - (b instanceof Long k ? k : 0L));
            } else if (a instanceof Double x) {
                out.put(e.getKey(), x - (b instanceof Double y ? y : 0.0));
            } else {
                out.put(e.getKey(), a);
            }
        }
        return out;
    }

    private static double seconds(long start) { return (System.nanoTime() - start) / 1e9; }

    private static double peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak / (double) (1L << 30);
    }

    static String toJson(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) sb.append(", ");
                sb.append('"').append(e.getKey()).append("\": ").append(toJson(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof double[] d) return Arrays.toString(d);
        if (o instanceof java.util.List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object e : list) sb.append(sb.length() > 1 ? ", " : "").append(toJson(e));
            return sb.append(']').toString();
        }
        if (o instanceof String s) return '"' + s + '"';
        if (o instanceof Double d) return String.format(Locale.ROOT, "%.6g", d);
        return String.valueOf(o);
    }
}
