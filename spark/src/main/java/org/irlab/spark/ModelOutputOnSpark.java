package org.irlab.spark;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.completion.FactorRows;
import org.irlab.completion.FitProgress;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.experiment.RunDirectory;
import org.irlab.model.Factors;
import org.irlab.model.Model;
import org.irlab.model.ModelContents;
import org.irlab.model.ModelDirectory;
import org.irlab.model.SeenEntries;

/**
 * The end of a distributed fit on the driver ({@code bench/spark-completion.sh --model-output}): a generated ratings
 * matrix (as {@link CompletionScaleOnSpark}), a short rank-free fit on Spark (one α, K members, a few steps), then its
 * model directory written two ways, alternated A B A B on the same fit: A gathers the factors and the seen entries
 * whole on the driver and writes them (what the command did before the writer streamed), B streams them from the
 * executors block by block. Per route: seconds, the bytes the driver's threads allocated (every thread but Spark's
 * executor task threads; in local mode the executors share the JVM), and the model-sized arrays the driver held at
 * once (A: the gathered arrays; B: the broadcast side plus the largest block read, counted as they pass). The two
 * directories are compared byte for byte. Prints one JSON object. Arguments: {@code [--users N] [--items N]
 * [--per-user N] [--search-rank R] [--members K] [--steps K] [--blocks B] [--rounds N] [--master URL]}.
 */
public final class ModelOutputOnSpark {
    private ModelOutputOnSpark() {}

    public static void main(String[] args) throws IOException {
        int users = 100_000, items = 20_000, perUser = 50, rank = 50, members = 3, steps = 4, blocks = 4, rounds = 2;
        String master = "local[2]";
        for (int a = 0; a < args.length; a += 2) {
            String v = args[a + 1];
            switch (args[a]) {
                case "--users" -> users = Integer.parseInt(v);
                case "--items" -> items = Integer.parseInt(v);
                case "--per-user" -> perUser = Integer.parseInt(v);
                case "--search-rank" -> rank = Integer.parseInt(v);
                case "--members" -> members = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--blocks" -> blocks = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--master" -> master = v;
                default -> throw new IllegalArgumentException("unknown argument " + args[a]);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", users);
        out.put("items", items);
        out.put("ratings", (long) users * perUser);
        out.put("searchRank", rank);
        out.put("members", members);
        out.put("blocks", blocks);
        SparseRatings all = CompletionScaleOnSpark.generate(users, items, perUser, 10, 0.5, new SplittableRandom(1));
        Split split = Split.keyed(all, 0.1, 7);
        System.setProperty("irlab.spark.blocks", Integer.toString(blocks));
        Path scratch = Files.createTempDirectory("irlab-model-output");
        try (SparkFitEngine engine = new SparkFitEngine(SparkSessions.open("IRLab model output", master, 2), true)) {
            DistributedRatings there = DistributedRatings.of(engine.spark(), split.train(), split.validation(), blocks,
                    new SparkStatistics());
            RankFreeDescent method = new RankFreeDescent(RankFreeDescent.Settings.defaults().withSearchRank(rank)
                    .withMembers(members).withInitScales(1e-2).withMaxIterations(steps), FitProgress.NONE,
                    engine.descents());
            long t0 = System.nanoTime();
            RankFreeDescent.Fit fit = method.fit(there, new SplittableRandom(3));
            out.put("fitSeconds", (System.nanoTime() - t0) / 1e9);
            out.put("modelRank", fit.model().rank());
            ModelContents.Plane plane = ModelContents.Plane.of(fit);
            SeenEntries seen = SparkFitEngine.seen(there);
            ObjectNode info = JsonNodeFactory.instance.objectNode();
            info.putObject("input").put("sha256", "bench");
            String[] userIds = ids("u", users), itemIds = ids("i", items);
            double low = split.train().min(), high = split.train().max();
            List<Map<String, Object>> runs = new ArrayList<>();
            Path[] last = new Path[2];
            for (int round = 0; round < rounds; round++) {
                for (int route = 0; route < 2; route++) {
                    Path dir = scratch.resolve((route == 0 ? "gathered-" : "streamed-") + round);
                    long[] held = {0};
                    long a0 = driverAllocated();
                    long s0 = System.nanoTime();
                    if (route == 0) {
                        Factors f = Factors.of(fit); // gathered: both factors whole here
                        int[][] csr = gather(seen);
                        held[0] = 8L * (f.left().length + f.right().length) + 4L * (csr[0].length + csr[1].length);
                        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
                            ModelDirectory.write(new Model(Model.Kind.RATINGS, "irlab", List.of(f), userIds, itemIds,
                                    csr[0], csr[1], null, low, high, info), d);
                        }
                    } else {
                        long[] largest = {0, 0};
                        ModelContents.Plane counted = new ModelContents.Plane(plane.mean(), plane.rowBias(),
                                plane.columnBias(), counting(plane.left(), largest), counting(plane.right(), largest));
                        int[] start = seen.start();
                        SeenEntries countedSeen = new SeenEntries() {
                            @Override public int[] start() { return start; }

                            @Override public void forEach(Items items) throws IOException {
                                seen.forEach((v, from, to) -> {
                                    largest[1] = Math.max(largest[1], 4L * (to - from));
                                    items.accept(v, from, to);
                                });
                            }
                        };
                        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
                            ModelDirectory.write(new ModelContents(Model.Kind.RATINGS, "irlab", List.of(counted),
                                    userIds, itemIds, countedSeen, null, low, high, info), d);
                        }
                        held[0] = largest[0] + largest[1] + 4L * start.length;
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("round", round + 1);
                    r.put("route", route == 0 ? "A gather then write" : "B streamed");
                    r.put("seconds", (System.nanoTime() - s0) / 1e9);
                    r.put("driverAllocatedMB", (driverAllocated() - a0) / 1e6);
                    r.put("driverHeldModelMB", held[0] / 1e6);
                    runs.add(r);
                    last[route] = dir;
                }
            }
            out.put("runs", runs);
            boolean same = true;
            for (String name : ModelDirectory.FILES) {
                Path a = last[0].resolve(name), b = last[1].resolve(name);
                if (Files.exists(a) != Files.exists(b) || Files.exists(a) && Files.mismatch(a, b) != -1) same = false;
            }
            out.put("byteIdentical", same);
            plane.left().release();
            plane.right().release();
            there.release();
        } finally {
            try (var files = Files.walk(scratch)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        System.out.println(CompletionScaleOnSpark.toJson(out));
    }

    /** Rows that record the bytes of the largest block they hand out (the side held here counts whole). */
    private static FactorRows counting(FactorRows rows, long[] largest) {
        return new FactorRows() {
            @Override public int rows() { return rows.rows(); }

            @Override public int rank() { return rows.rank(); }

            @Override public void forEach(Block block) throws IOException {
                rows.forEach((first, count, values) -> {
                    largest[0] = Math.max(largest[0], 8L * values.length);
                    block.accept(first, count, values);
                });
            }

            @Override public double[] triangular() { return rows.triangular(); }

            @Override public double[] gather() { return rows.gather(); }
        };
    }

    /** The seen entries gathered whole (start, items), as the command did before. */
    private static int[][] gather(SeenEntries seen) throws IOException {
        int[] start = seen.start(), items = new int[start[start.length - 1]];
        int[] at = {0};
        seen.forEach((v, from, to) -> {
            System.arraycopy(v, from, items, at[0], to - from);
            at[0] += to - from;
        });
        return new int[][] {start, items};
    }

    /** Bytes allocated so far by every live thread but Spark's executor task threads. */
    private static long driverAllocated() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("Executor task launch")) continue;
            long b = bean.getThreadAllocatedBytes(t.getId());
            if (b > 0) sum += b;
        }
        return sum;
    }

    private static String[] ids(String prefix, int n) {
        String[] out = new String[n];
        for (int k = 0; k < n; k++) out[k] = prefix + k;
        return out;
    }
}
