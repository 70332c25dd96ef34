package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.cli.RunCommandTest.irlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * generate → export → import → run: for every problem type, a run on the exported instance
 * ({@code DIR/instance/spec.json}) repeats the generated run bit for bit: trace, events, final iterate, snapshots and
 * every summary number.
 */
class InstanceRoundTripTest {
    @TempDir Path dir;

    private static final String IPGD = """
            "algorithm": {"type": "ipgd+", "stepSize": %s, "radius": 1e-6, "gradientThreshold": 1e-6,
                          "decreaseThreshold": 1e-10, "escapeSteps": 40, "refineSteps": 150, "maxIterations": 600,
                          "seed": 2},
            "record": {"every": 3, "iterates": 25}}
            """;

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("symmetric-sensing", """
                        {"problem": {"type": "symmetric-sensing", "n": 6, "rank": 2, "searchRank": 6,
                                     "singularValues": [3, 1], "measurements": 90, "seed": 4},
                        """ + IPGD.formatted("0.05")),
                Arguments.of("symmetric-sensing rank-one", """
                        {"problem": {"type": "symmetric-sensing", "n": 6, "rank": 2, "searchRank": 4,
                                     "singularValues": [3, 1], "measurements": 150, "operator": "rank-one", "seed": 4},
                         "init": {"type": "gaussian", "scale": 0.01, "seed": 9},
                        """ + IPGD.formatted("0.02")),
                Arguments.of("asymmetric-sensing", """
                        {"problem": {"type": "asymmetric-sensing", "n1": 5, "n2": 4, "rank": 2,
                                     "singularValues": [3, 1], "measurements": 90, "seed": 4},
                        """ + IPGD.formatted("0.05")),
                Arguments.of("symmetric-completion", """
                        {"problem": {"type": "symmetric-completion", "n": 8, "rank": 2, "searchRank": 5,
                                     "singularValues": [3, 1], "probability": 0.7, "seed": 4},
                        """ + IPGD.formatted("0.02")),
                Arguments.of("asymmetric-completion", """
                        {"problem": {"type": "asymmetric-completion", "n1": 7, "n2": 5, "rank": 2,
                                     "singularValues": [3, 1], "probability": 0.8, "seed": 4},
                        """ + IPGD.formatted("0.02")),
                Arguments.of("symmetric-one-bit", """
                        {"problem": {"type": "symmetric-one-bit", "n": 6, "rank": 2, "singularValues": [3, 1],
                                     "samplesPerEntry": 3, "seed": 4},
                        """ + IPGD.formatted("0.1")),
                Arguments.of("asymmetric-one-bit", """
                        {"problem": {"type": "asymmetric-one-bit", "n1": 5, "n2": 4, "rank": 2,
                                     "singularValues": [3, 1], "seed": 4},
                        """ + IPGD.formatted("0.1")),
                Arguments.of("sparse-recovery", """
                        {"problem": {"type": "sparse-recovery", "dimension": 12, "measurements": 9,
                                     "truth": [1, -0.5, 0, 2], "seed": 4},
                        """ + IPGD.formatted("0.01")),
                Arguments.of("least-squares", """
                        {"problem": {"type": "least-squares", "measurements": 5, "dimension": 9, "seed": 4},
                         "init": {"type": "gaussian", "scale": 0.5, "seed": 3},
                         "algorithm": {"type": "gd", "stepSize": 0.01, "maxIterations": 300},
                         "record": {"every": 7, "iterates": 50}}
                        """),
                Arguments.of("deep-factorization", """
                        {"problem": {"type": "deep-factorization", "depth": 3,
                                     "entries": [[null, 1, 0.5], [1, 0, null], [null, 2, 1]]},
                         "init": {"type": "balanced", "scale": 0.3, "orientation": "random", "seed": 5},
                         "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 400},
                         "record": {"every": 7, "iterates": 50}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void theExportedInstanceRepeatsTheRunBitForBit(String label, String spec) throws IOException {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, spec);
        Path generated = dir.resolve("generated"), imported = dir.resolve("imported");
        RunCommandTest.Invocation first = irlab("run", file.toString(), "--out", generated.toString(), "-q",
                "--export-instance");
        assertThat(first.exit()).as(first.err()).isZero();
        Path instance = generated.resolve("instance");
        JsonNode problem = Json.read(instance.resolve("spec.json")).get("problem");
        assertThat(problem.get("instance").asText()).isEqualTo(".");
        assertThat(problem.has("seed")).isFalse();

        RunCommandTest.Invocation second = irlab("run", instance.resolve("spec.json").toString(), "--out",
                imported.toString(), "-q");
        assertThat(second.exit()).as(second.err()).isZero();
        for (String output : new String[] {"trace.csv", "events.csv", "iterate.csv", "iterate.npy", "iterates.npz"}) {
            assertThat(Files.readAllBytes(imported.resolve(output))).as(output)
                    .isEqualTo(Files.readAllBytes(generated.resolve(output)));
        }
        assertThat(numbers(Json.read(imported.resolve("summary.json"))))
                .isEqualTo(numbers(Json.read(generated.resolve("summary.json"))));
        String trace = Files.readString(generated.resolve("trace.csv"));
        assertThat(trace.lines().count()).isGreaterThan(10);
        // the generated instances have a ground truth: the error column is filled
        if (!label.equals("deep-factorization")) assertThat(trace.lines().skip(1).map(l -> l.split(",")[4]))
                .allMatch(cell -> !cell.isEmpty());
    }

    /** Everything but the wall time, the provenance and the spec (whose problem section names the files). */
    static JsonNode numbers(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("wallSeconds");
        copy.remove("provenance");
        copy.remove("spec");
        return copy;
    }
}
