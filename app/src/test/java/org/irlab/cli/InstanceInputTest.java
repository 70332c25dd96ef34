package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.cli.RunCommandTest.irlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.data.Npz;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * problem.instance from the user's side: the accepted forms (directory, .npz, per-array files, Matrix Market,
 * CSV, mask + values), a run without a ground truth (error columns empty), and malformed files, each rejected with
 * exit code 2 and a message naming the file and the array.
 */
class InstanceInputTest {
    @TempDir Path dir;
    Path instance;

    private static final String SENSING = """
            {"problem": {"type": "asymmetric-sensing", "n1": 5, "n2": 4, "rank": 2,
                         "singularValues": [3, 1], "measurements": 60, "seed": 4},
             "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 50}}
            """;

    @BeforeEach
    void export() throws IOException {
        Files.writeString(dir.resolve("gen.json"), SENSING);
        RunCommandTest.Invocation r = irlab("run", dir.resolve("gen.json").toString(), "--out",
                dir.resolve("gen").toString(), "-q", "--export-instance");
        assertThat(r.exit()).as(r.err()).isZero();
        instance = dir.resolve("gen/instance");
    }

    RunCommandTest.Invocation run(String problem) throws IOException {
        Path spec = dir.resolve("user.json");
        Files.writeString(spec, "{\"problem\": " + problem + ", \"algorithm\": {\"type\": \"gd\", \"stepSize\": 0.05,"
                + " \"maxIterations\": 50}}");
        return irlab("run", spec.toString(), "--out", dir.resolve("user").toString(), "-q");
    }

    static void save(Path file, NdArray a) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Npy.write(out, a);
        }
    }

    static double[] values(Path npy) { return Npy.read(npy).values().clone(); }

    @Test
    void anNpzArchiveAndPerArrayFilesGiveTheSameRunAsTheFolder() throws IOException {
        RunCommandTest.Invocation folder = run("{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\"}");
        assertThat(folder.exit()).as(folder.err()).isZero();
        String trace = Files.readString(dir.resolve("user/trace.csv"));
        assertThat(trace).isEqualTo(Files.readString(dir.resolve("gen/trace.csv")));
        // the resolved spec names the folder by its absolute path, so it replays from anywhere
        Path resolvedInstance = Path.of(Json.read(dir.resolve("user/spec.json")).get("problem").get("instance").asText());
        assertThat(resolvedInstance).isAbsolute();
        assertThat(Files.isSameFile(resolvedInstance, instance)).isTrue();
        Path moved = Files.createDirectories(dir.resolve("elsewhere/deeper")).resolve("spec.json");
        Files.copy(dir.resolve("user/spec.json"), moved);
        assertThat(irlab("run", moved.toString(), "--out", dir.resolve("replay").toString(), "-q").exit()).isZero();
        assertThat(Files.readString(dir.resolve("replay/trace.csv"))).isEqualTo(trace);

        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (String name : List.of("A", "y", "U_star", "sigma_star", "V_star")) {
            arrays.put(name, Npy.read(instance.resolve(name + ".npy")));
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("inst.npz"))) {
            Npz.write(out, arrays);
        }
        assertThat(run("{\"type\": \"asymmetric-sensing\", \"instance\": \"inst.npz\"}").exit()).isZero();
        assertThat(Files.readString(dir.resolve("user/trace.csv"))).isEqualTo(trace);

        // y as a CSV column, the rest from the archive and the folder
        double[] y = values(instance.resolve("y.npy"));
        StringBuilder csv = new StringBuilder();
        for (double v : y) csv.append(v).append('\n');
        Files.writeString(dir.resolve("y.csv"), csv);
        RunCommandTest.Invocation mixed = run("{\"type\": \"asymmetric-sensing\", \"instance\": {\"A\": \"inst.npz\","
                + " \"y\": \"y.csv\", \"U_star\": \"gen/instance/U_star.npy\", \"sigma_star\": \"inst.npz\","
                + " \"V_star\": \"inst.npz\"}}");
        assertThat(mixed.exit()).as(mixed.err()).isZero();
        assertThat(Files.readString(dir.resolve("user/trace.csv"))).isEqualTo(trace);
    }

    @Test
    void aRunNeverDeletesOrReplacesTheInstanceItReads() throws IOException {
        byte[] a = Files.readAllBytes(instance.resolve("A.npy"));
        Path spec = instance.resolve("spec.json");
        // rerunning the exported spec into the directory it came from keeps the instance (no export)...
        RunCommandTest.Invocation rerun = irlab("run", spec.toString(), "--out", dir.resolve("gen").toString(), "-q");
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(Files.readAllBytes(instance.resolve("A.npy"))).isEqualTo(a);
        // ...and refuses to export over it
        RunCommandTest.Invocation export = irlab("run", spec.toString(), "--out", dir.resolve("gen").toString(), "-q",
                "--export-instance");
        assertThat(export.exit()).isEqualTo(2);
        assertThat(export.err()).contains("record.instance:").contains("is where this run reads its instance from");
        assertThat(Files.readAllBytes(instance.resolve("A.npy"))).isEqualTo(a);
        // a run without export into a directory with an earlier export removes that export with the old results
        RunCommandTest.Invocation plain = irlab("run", dir.resolve("gen.json").toString(), "--out",
                dir.resolve("gen").toString(), "-q");
        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(instance).doesNotExist();
    }

    @Test
    void withoutAGroundTruthTheErrorColumnsAreEmptyAndRankIsRequired() throws IOException {
        for (String name : List.of("U_star", "sigma_star", "V_star")) Files.delete(instance.resolve(name + ".npy"));
        RunCommandTest.Invocation noRank = run("{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\"}");
        assertThat(noRank.exit()).isEqualTo(2);
        assertThat(noRank.err()).contains("problem.rank: required without a ground truth");

        RunCommandTest.Invocation r = run("{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\", \"rank\": 2}");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> trace = Files.readAllLines(dir.resolve("user/trace.csv"));
        assertThat(trace.get(0)).startsWith("iteration,loss,gradNorm,residualNorm,error,distanceToSolutions");
        for (String row : trace.subList(1, trace.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells[4]).as("error").isEmpty();
            assertThat(cells[5]).as("distance").isEmpty();
            assertThat(cells[3]).as("residual norm (rank ≤ 2 is still defined)").isNotEmpty();
        }
        JsonNode summary = Json.read(dir.resolve("user/summary.json"));
        assertThat(summary.get("finalError").isNull()).isTrue();
        assertThat(summary.get("finalLoss").asDouble())
                .isEqualTo(Json.read(dir.resolve("gen/summary.json")).get("finalLoss").asDouble());
    }

    @Test
    void sparseRecoveryWithoutThetaStarHasAnUndefinedRegion() throws IOException {
        Files.writeString(dir.resolve("sparse.json"), """
                {"problem": {"type": "sparse-recovery", "dimension": 8, "measurements": 6, "truth": [1, -1]},
                 "init": {"type": "gaussian", "scale": 0.1},
                 "algorithm": {"type": "gd", "stepSize": 0.01, "maxIterations": 20}}
                """);
        assertThat(irlab("run", dir.resolve("sparse.json").toString(), "--out", dir.resolve("s").toString(), "-q",
                "--export-instance").exit()).isZero();
        Files.delete(dir.resolve("s/instance/theta_star.npy"));
        RunCommandTest.Invocation r = run("{\"type\": \"sparse-recovery\", \"instance\": \"s/instance\"}");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("user/trace.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertThat(cells[3] + cells[4] + cells[5]).isEmpty(); // residual norm, error, distance: undefined
        }
        Path spec = dir.resolve("rate.json");
        Files.writeString(spec, """
                {"problem": {"type": "sparse-recovery", "instance": "s/instance"},
                 "init": {"type": "gaussian", "scale": 0.1},
                 "algorithm": {"type": "gd", "stepSize": 0.01, "maxIterations": 20},
                 "record": {"deviationRate": "dense"}}
                """);
        RunCommandTest.Invocation rate = irlab("run", spec.toString(), "--out", dir.resolve("r").toString(), "-q");
        assertThat(rate.exit()).isEqualTo(2);
        assertThat(rate.err()).contains("record.deviationRate").contains("theta_star");
    }

    @Test
    void completionEntriesFromMatrixMarketOrMaskAndValues() throws IOException {
        // M = e0 e0ᵀ·2 observed on four entries of a 3×3 matrix (1-based in the Matrix Market file)
        Files.writeString(dir.resolve("entries.mtx"), """
                %%MatrixMarket matrix coordinate real general
                % a comment
                3 3 4
                1 1 2.0
                3 2 0
                2 2 0
                1 3 0
                """);
        Path folder = Files.createDirectories(dir.resolve("mm"));
        Files.move(dir.resolve("entries.mtx"), folder.resolve("entries.mtx"));
        RunCommandTest.Invocation mm = run("{\"type\": \"asymmetric-completion\", \"instance\": \"mm\", \"rank\": 1}");
        assertThat(mm.exit()).as(mm.err()).isZero();
        String fromMatrixMarket = Files.readString(dir.resolve("user/trace.csv"));

        Path masked = Files.createDirectories(dir.resolve("mask"));
        save(masked.resolve("mask.npy"), new NdArray("", new int[] {3, 3}, NdArray.Type.BOOL,
                new double[] {1, 0, 1, 0, 1, 0, 0, 1, 0}));
        save(masked.resolve("values.npy"), NdArray.of(new double[] {2, 7, 0, 7, 0, 7, 7, 0, 7}, 3, 3));
        RunCommandTest.Invocation m = run("{\"type\": \"asymmetric-completion\", \"instance\": \"mask\", \"rank\": 1}");
        assertThat(m.exit()).as(m.err()).isZero();
        assertThat(Files.readString(dir.resolve("user/trace.csv"))).isEqualTo(fromMatrixMarket);

        // an array of another form is refused, not ignored
        save(masked.resolve("shape.npy"), NdArray.ofIndices(new int[] {3, 3}, 2));
        RunCommandTest.Invocation mixed = run("{\"type\": \"asymmetric-completion\", \"instance\": \"mask\", \"rank\": 1}");
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).contains("'shape' is not part of the observed-entries form given (mask + values)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "generator keys       | problem.n1, problem.seed: not used with problem.instance",
            "wrong shape          | A.npy: has shape (60, 5, 4), expected (N, n1, n2) = (61, any, any)",
            "wrong dtype          | A.npy: dtype '<f4' is not supported",
            "NaN                  | A.npy: entry [3, 1, 2] is NaN",
            "truncated npy        | y.npy: truncated",
            "npz missing an array | the array 'y' is missing from",
            "unknown array        | unknown array Y_star",
            "both operators       | give either A or A_left and A_right, not both",
            "not orthonormal      | U_star.npy: the columns of U_star and V_star are not orthonormal",
            "truth of wrong size  | U_star.npy: has shape (5, 2), expected (n1, r) = (5, 3)",
            "negative singular    | sigma_star.npy: entry [1] is -1.0, must be > 0",
            "rank mismatch        | problem.rank: 1 but the ground truth has rank 2"})
    void malformedInstancesExitTwoNamingTheFileAndArray(String label, String message) throws IOException {
        String problem = "{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\"}";
        Path a = instance.resolve("A.npy"), y = instance.resolve("y.npy");
        switch (label) {
            case "generator keys" -> problem = "{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\","
                    + " \"n1\": 5, \"seed\": 3}";
            case "wrong shape" -> save(y, NdArray.of(Arrays.copyOf(values(y), 61), 61));
            case "wrong dtype" -> {
                byte[] bytes = Files.readAllBytes(a);
                String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f8", "<f4");
                Files.write(a, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            case "NaN" -> {
                double[] v = values(a);
                v[3 * 20 + 1 * 4 + 2] = Double.NaN;
                save(a, NdArray.of(v, 60, 5, 4));
            }
            case "truncated npy" -> {
                byte[] bytes = Files.readAllBytes(y);
                Files.write(y, Arrays.copyOf(bytes, bytes.length - 3));
            }
            case "npz missing an array" -> {
                Map<String, NdArray> arrays = new LinkedHashMap<>();
                arrays.put("A", Npy.read(a));
                try (OutputStream out = Files.newOutputStream(dir.resolve("inst.npz"))) {
                    Npz.write(out, arrays);
                }
                problem = "{\"type\": \"asymmetric-sensing\", \"instance\": \"inst.npz\"}";
            }
            case "unknown array" -> Files.copy(instance.resolve("V_star.npy"), instance.resolve("Y_star.npy"));
            case "both operators" -> save(instance.resolve("A_left.npy"), NdArray.of(new double[300], 60, 5));
            case "not orthonormal" -> {
                double[] u = values(instance.resolve("U_star.npy"));
                u[0] += 1e-3;
                save(instance.resolve("U_star.npy"), NdArray.of(u, 5, 2));
            }
            case "truth of wrong size" -> save(instance.resolve("sigma_star.npy"), NdArray.of(new double[] {3, 1, 1}, 3));
            case "negative singular" -> save(instance.resolve("sigma_star.npy"), NdArray.of(new double[] {3, -1}, 2));
            case "rank mismatch" -> problem = "{\"type\": \"asymmetric-sensing\", \"instance\": \"gen/instance\","
                    + " \"rank\": 1}";
            default -> throw new IllegalArgumentException(label);
        }
        RunCommandTest.Invocation r = run(problem);
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(dir.resolve("user/spec.json")).doesNotExist(); // rejected before any output
    }
}
