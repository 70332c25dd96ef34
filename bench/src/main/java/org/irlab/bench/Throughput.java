package org.irlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.irlab.problem.Problem;

/**
 * Runs per second through the path {@code reproduce} (and a sweep) takes: {@link RunSpec#parse} of a spec tree,
 * then {@link Runner#run} into a fresh directory (problem generation, the descent, trace/events/iterate/summary
 * written atomically), for R paper-size specs of 3,000 GD steps ({@code bench/paper-gd.json}), in one JVM after a
 * warm-up. Each run has a problem seed of its own (1..R), so each generates its instance, unless
 * {@code --same-instance}: then every run reruns problem seed 1 (init seeds 1..R), as a sweep over the algorithm's
 * settings does, and takes the instance's data from the JVM's instance cache.
 *
 * <p>The per-run overhead is the run's time less the same descent timed alone right after it, on an instance of the
 * same (now cached) data, whose Gram matrix is made already: so the overhead holds parse, generation, the Gram
 * matrix, recording and the output files. Generation is also timed alone (a fresh seed each time). Prints one JSON
 * object.
 *
 * <p>Usage: {@code Throughput --out DIR [--spec bench/paper-gd.json] [--runs 200] [--warmup 20] [--same-instance]}
 */
public final class Throughput {
    private Throughput() {}

    public static void main(String[] args) throws IOException {
        Path out = null, specFile = Path.of("bench", "paper-gd.json");
        int runs = 200, warmup = 20;
        boolean same = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--spec" -> specFile = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--same-instance" -> same = true;
                default -> {
                    System.err.println("usage: Throughput --out DIR [--spec FILE] [--runs 200] [--warmup 20]"
                            + " [--same-instance]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("Throughput: --out DIR is required");
            System.exit(2);
        }
        Files.createDirectories(out);
        JsonNode tree = Json.read(specFile);
        for (int i = 0; i < warmup; i++) measure(tree, same ? 1 : 1000 + i, 1000 + i, out.resolve("warmup-" + i));
        double[] total = new double[runs], overhead = new double[runs], parse = new double[runs],
                problem = new double[runs], descent = new double[runs];
        for (int i = 0; i < runs; i++) {
            double[] m = measure(tree, same ? 1 : i + 1, i + 1, out.resolve("run-" + i));
            total[i] = m[0];
            parse[i] = m[1];
            problem[i] = m[2];
            descent[i] = m[3];
            overhead[i] = m[0] - m[3];
        }
        double wall = 0;
        for (double t : total) wall += t;
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("spec", specFile.toString()).put("runs", runs).put("warmupRuns", warmup).put("sameInstance", same);
        o.put("runsPerSecond", runs / wall);
        Arrays.sort(total);
        o.put("secondsPerRun", Timing.median(total)).put("minSecondsPerRun", total[0])
                .put("maxSecondsPerRun", total[runs - 1]);
        Arrays.sort(overhead);
        o.put("overheadSeconds", Timing.median(overhead)).put("minOverheadSeconds", overhead[0]);
        Arrays.sort(descent);
        o.put("descentSeconds", Timing.median(descent));
        Arrays.sort(parse);
        o.put("parseSeconds", Timing.median(parse));
        Arrays.sort(problem);
        o.put("generationSeconds", Timing.median(problem));
        o.put("note", "overhead = (parse + Runner.run) - the same descent alone (on the same data, Gram matrix made);"
                + " generation = a fresh instance of the same size alone; medians over the runs");
        System.out.println(Json.write(o));
    }

    /** {total, parse, generation of a fresh instance, descent alone} in seconds for one run. */
    private static double[] measure(JsonNode tree, int problemSeed, int initSeed, Path dir) {
        List<String> seeds = List.of("problem.seed=" + problemSeed, "init.seed=" + initSeed);
        long t0 = System.nanoTime();
        RunSpec spec = RunSpec.parse(tree, seeds, null);
        long t1 = System.nanoTime();
        Runner.run(spec, dir, null);
        long t2 = System.nanoTime();
        RunSpec again = RunSpec.parse(tree, seeds, null);
        Problem p = again.problem().get();  // the run's data, from the instance cache
        double[] x0 = again.init().create(p, again.format(p));
        long t4 = System.nanoTime();
        PerturbedDescent.run(p.objective(), x0, again.algorithm(), IterationObserver.NONE);
        long t5 = System.nanoTime();
        RunSpec fresh = RunSpec.parse(tree, List.of("problem.seed=" + (1_000_000 + initSeed)), null);
        long t6 = System.nanoTime();
        fresh.problem().get();
        long t7 = System.nanoTime();
        return new double[] {(t2 - t0) / 1e9, (t1 - t0) / 1e9, (t7 - t6) / 1e9, (t5 - t4) / 1e9};
    }
}
