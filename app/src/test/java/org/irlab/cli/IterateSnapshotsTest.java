package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.cli.RunCommandTest.irlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.data.Npz;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record.iterates: snapshots every K steps, at perturbations, at the escape return and at the end; iterate.npy. */
class IterateSnapshotsTest {
    @TempDir Path dir;

    @Test
    void snapshotsFallOnTheScheduleThePerturbationsTheReturnAndTheEnd() throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, RunCommandTest.SMALL);
        Path out = dir.resolve("out");
        // direct route: f is then a function of the iterate, so the files can be compared bit for bit (on the Gram
        // route the candidate's f when stored and when returned differ in the last digits, docs/performance.md)
        RunCommandTest.Invocation r = irlab("run", spec.toString(), "--out", out.toString(), "-q",
                "--set", "record.iterates=100", "--set", "problem.gradientRoute=direct");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summary = Json.read(out.resolve("summary.json"));
        int last = summary.get("iterations").asInt(), returnedAt = summary.get("returnedAt").asInt();

        NdArray iterations, loss, iterates;
        try (Npz npz = Npz.open(out.resolve("iterates.npz"))) {
            assertThat(npz.names()).containsExactly("iterations", "loss", "iterates");
            iterations = npz.array("iterations");
            loss = npz.array("loss");
            iterates = npz.array("iterates");
        }
        assertThat(iterations.type()).isEqualTo(NdArray.Type.INT64);
        int k = iterations.size();
        assertThat(iterates.shape()).containsExactly(k, 8, 8);
        assertThat(loss.size()).isEqualTo(k);

        // the events say where the perturbations and the return were, with f there
        Map<Integer, Double> expectedLoss = new HashMap<>();
        List<String> events = Files.readAllLines(out.resolve("events.csv"));
        int perturbations = 0;
        for (String e : events.subList(1, events.size())) {
            String[] c = e.split(",", -1);
            if (c[1].equals("perturbation")) {
                expectedLoss.put(Integer.parseInt(c[0]), Double.parseDouble(c[3])); // f(z + ξ)
                perturbations++;
            } else if (c[1].equals("returned-candidate")) {
                expectedLoss.put(Integer.parseInt(c[0]), Double.parseDouble(c[2])); // f(z), z returned
            }
        }
        assertThat(perturbations).isPositive();
        assertThat(expectedLoss).containsKey(returnedAt);
        // and trace.csv (a row every 5 steps) gives f on the schedule
        for (String row : Files.readAllLines(out.resolve("trace.csv")).subList(1, 2)) {
            assertThat(Double.parseDouble(row.split(",")[1])).isEqualTo(loss.values()[0]);
        }
        for (String row : Files.readAllLines(out.resolve("trace.csv"))) {
            if (row.startsWith("iteration")) continue;
            int t = Integer.parseInt(row.split(",")[0]);
            if (t % 100 == 0 && !expectedLoss.containsKey(t)) expectedLoss.put(t, Double.parseDouble(row.split(",")[1]));
        }
        List<Integer> at = new java.util.ArrayList<>();
        for (double t : iterations.values()) at.add((int) t);
        assertThat(at).isSorted().doesNotHaveDuplicates().contains(0, last, returnedAt);
        for (int t = 0; t <= last; t += 100) assertThat(at).contains(t);
        for (int t : expectedLoss.keySet()) assertThat(at).contains(t);
        assertThat(at).hasSize(new java.util.TreeSet<>(union(expectedLoss.keySet(), last)).size());
        for (int s = 0; s < k; s++) {
            int t = at.get(s);
            if (expectedLoss.containsKey(t)) assertThat(loss.values()[s]).as("f at %d", t).isEqualTo(expectedLoss.get(t));
        }
        // the first snapshot is x₀ = 0 perturbed at t = 0 (within the radius 1e-15), the last one the final iterate,
        // as in iterate.npy and iterate.csv
        int d = 64;
        double norm = 0;
        for (int i = 0; i < d; i++) norm += iterates.values()[i] * iterates.values()[i];
        assertThat(Math.sqrt(norm)).isPositive().isLessThanOrEqualTo(1e-15);
        double[] lastSnapshot = Arrays.copyOfRange(iterates.values(), (k - 1) * d, k * d);
        NdArray finalIterate = Npy.read(out.resolve("iterate.npy"));
        assertThat(finalIterate.shape()).containsExactly(8, 8);
        assertThat(lastSnapshot).isEqualTo(finalIterate.values());
        String[] csv = Files.readString(out.resolve("iterate.csv")).split("[,\n]");
        for (int i = 0; i < d; i++) assertThat(Double.parseDouble(csv[i])).isEqualTo(finalIterate.values()[i]);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static java.util.Set<Integer> union(java.util.Set<Integer> keys, int last) {
        java.util.Set<Integer> u = new java.util.HashSet<>(keys);
        u.add(last);
        for (int t = 0; t <= last; t += 100) u.add(t);
        return u;
    }

    @Test
    void aDivergedRunKeepsOneSnapshotPerIterationEndingAtTheLastFiniteIterate() throws IOException {
        Path spec = dir.resolve("div.json");
        Files.writeString(spec, """
                {"problem": {"type": "sparse-recovery", "dimension": 150, "measurements": 300,
                             "truth": [10, -5, 3, -2, 1], "normalization": "sum", "seed": 1},
                 "algorithm": {"type": "ipgd+", "stepSize": 0.01, "escapeSteps": 200, "refineSteps": 100},
                 "record": {"iterates": 1}}
                """);
        Path out = dir.resolve("div");
        assertThat(irlab("run", spec.toString(), "--out", out.toString(), "-q").exit()).isEqualTo(1);
        int last = Json.read(out.resolve("summary.json")).get("iterations").asInt();
        try (Npz npz = Npz.open(out.resolve("iterates.npz"))) {
            double[] t = npz.array("iterations").values();
            assertThat(t).hasSize(last + 1);
            for (int k = 0; k <= last; k++) assertThat(t[k]).isEqualTo(k);
            double[] x = npz.array("iterates").values();
            assertThat(Arrays.copyOfRange(x, last * 300, (last + 1) * 300))
                    .isEqualTo(Npy.read(out.resolve("iterate.npy")).values());
            for (double v : x) assertThat(Double.isFinite(v)).isTrue();
        }
    }

    @Test
    void initFromIterateNpyLoadsTheIterateExactly() throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, RunCommandTest.SMALL);
        assertThat(irlab("run", spec.toString(), "--out", dir.resolve("a").toString(), "-q").exit()).isZero();
        Path gd = dir.resolve("gd.json");
        Files.writeString(gd, """
                {"problem": {"type": "symmetric-sensing", "n": 8, "rank": 2, "searchRank": 8,
                             "singularValues": [4, 1], "measurements": 160, "seed": 1},
                 "init": {"type": "file", "path": "a/iterate.npy"},
                 "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 0}}
                """);
        RunCommandTest.Invocation r = irlab("run", gd.toString(), "--out", dir.resolve("g").toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("g/iterate.csv"))).isEqualTo(Files.readString(dir.resolve("a/iterate.csv")));
        // a .npy of the wrong shape is bad input naming the file
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        Npy.write(b, NdArray.of(new double[63], 63));
        Files.write(dir.resolve("a/iterate.npy"), b.toByteArray());
        RunCommandTest.Invocation bad = irlab("run", gd.toString(), "--out", dir.resolve("h").toString(), "-q");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("init.path:").contains("iterate.npy has shape (63,), expected (64,) or (8, 8)");
    }
}
