package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec reading for the low-rank types: the examples load, defaults resolve, bad keys are named, metrics are written. */
class LowRankSpecsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static RunSpec parse(String problemJson, String... overrides) {
        String spec = "{\"problem\": " + problemJson + ", \"algorithm\": {\"type\": \"gd\", \"stepSize\": 0.01}}";
        try {
            return RunSpec.parse(Json.MAPPER.readTree(spec), List.of(overrides), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "asymmetric-sensing-ipgd, asymmetric-sensing, 800",
            "symmetric-completion-ipgd, symmetric-completion, 400",
            "asymmetric-completion-ipgd, asymmetric-completion, 800",
            "symmetric-one-bit-ipgd, symmetric-one-bit, 400",
            "asymmetric-one-bit-ipgd, asymmetric-one-bit, 800",
            "asymmetric-sensing-gd-small-init, asymmetric-sensing, 350"})
    void examplesLoadAndBuild(String example, String type, int dimension) {
        RunSpec spec = RunSpec.load(EXAMPLES.resolve(example + ".json"), List.of());
        Problem problem = spec.problem().get();
        ProblemFormat format = spec.format(problem);
        assertThat(format.type()).isEqualTo(type);
        assertThat(problem.objective().dimension()).isEqualTo(dimension);
        assertThat(format.rows() * format.columns()).isEqualTo(dimension);
        assertThat(format.rows()).isIn(20, 35, 40); // one row of X (and Y) per line
    }

    @Test
    void defaultsAreResolvedIntoTheSavedSpec() {
        JsonNode sensing = parse("{\"type\": \"asymmetric-sensing\", \"n1\": 6, \"n2\": 4, \"rank\": 2,"
                + " \"singularValues\": [3, 1]}").resolved().get("problem");
        assertThat(sensing.get("searchRank").asInt()).isEqualTo(4);
        assertThat(sensing.get("measurements").asInt()).isEqualTo(100); // 5·(n1 + n2)·r
        assertThat(sensing.get("balance").asDouble()).isEqualTo(1.0 / 16);
        JsonNode completion = parse("{\"type\": \"asymmetric-completion\", \"n\": 5, \"rank\": 1,"
                + " \"singularValues\": [2]}").resolved().get("problem");
        assertThat(completion.get("probability").asDouble()).isEqualTo(0.8);
        assertThat(completion.get("balance").asDouble()).isEqualTo(0.25);
        JsonNode oneBit = parse("{\"type\": \"symmetric-one-bit\", \"n\": 5, \"rank\": 1,"
                + " \"singularValues\": [2]}").resolved().get("problem");
        assertThat(oneBit.get("samplesPerEntry").asInt()).isZero();
        assertThat(oneBit.has("balance")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"asymmetric-sensing\", \"n\": 5, \"n1\": 5, \"rank\": 1, \"singularValues\": [1]}|problem.n:",
            "{\"type\": \"asymmetric-completion\", \"rank\": 1, \"singularValues\": [1]}|problem.n1:",
            "{\"type\": \"asymmetric-completion\", \"n1\": 5, \"n2\": 2, \"rank\": 3, \"singularValues\": [1, 1, 1]}|problem.rank:",
            "{\"type\": \"symmetric-completion\", \"n\": 5, \"rank\": 1, \"singularValues\": [1], \"probability\": 0}|problem.probability:",
            "{\"type\": \"symmetric-completion\", \"n\": 5, \"rank\": 1, \"singularValues\": [1], \"balance\": 1}|problem.balance",
            "{\"type\": \"symmetric-completion\", \"n\": 5, \"n1\": 5, \"rank\": 1, \"singularValues\": [1]}|problem.n1",
            "{\"type\": \"asymmetric-one-bit\", \"n\": 5, \"rank\": 1, \"singularValues\": [1], \"samplesPerEntry\": -1}|problem.samplesPerEntry:",
            "{\"type\": \"asymmetric-one-bit\", \"n\": 5, \"rank\": 1, \"singularValues\": [1], \"balance\": -0.5}|problem.balance:",
            "{\"type\": \"asymmetric-sensing\", \"n\": 5, \"rank\": 2, \"singularValues\": [1]}|problem.singularValues:",
            "{\"type\": \"asymmetric-sensing\", \"n\": 5, \"rank\": 1, \"singularValues\": [-1]}|problem.singularValues:",
            "{\"type\": \"asymmetric-sensing\", \"n\": 100, \"rank\": 1, \"singularValues\": [1], \"measurements\": 300000}|problem.measurements:",
            "{\"type\": \"asymmetric-completion\", \"n1\": 100000, \"n2\": 100000, \"rank\": 1, \"singularValues\": [1], \"searchRank\": 2, \"probability\": 0.5}|problem.probability: the expected number of observed entries",
            "{\"type\": \"symmetric-completion\", \"n\": 50000, \"rank\": 1, \"singularValues\": [1], \"searchRank\": 2, \"probability\": 0.9}|problem.probability: the expected number of observed entries",
            "{\"type\": \"asymmetric-completion\", \"n1\": 2000000, \"n2\": 1000, \"rank\": 1, \"singularValues\": [1], \"searchRank\": 2, \"probability\": 1}|problem.probability: this instance needs about",
            "{\"type\": \"asymmetric-one-bit\", \"n1\": 40000, \"n2\": 50000, \"rank\": 1, \"singularValues\": [1], \"searchRank\": 2}|problem.n1: this instance needs about",
            "{\"type\": \"symmetric-one-bit\", \"n\": 50000, \"rank\": 1, \"singularValues\": [1], \"searchRank\": 2}|problem.n: the 1-bit loss is dense"})
    void badKeysAreNamed(String problem, String key) {
        assertThatThrownBy(() -> parse(problem)).isInstanceOf(SpecException.class).hasMessageContaining(key);
    }

    @Test
    void theLargeCompletionExamplesPassValidationWithoutBeingBuilt() {
        // n = 20,000 with |Ω| ≈ 4·10⁶ and 100,000 × 20,000 with |Ω| ≈ 2·10⁷ fit the tests' 2 GiB heap
        RunSpec square = RunSpec.load(EXAMPLES.resolve("symmetric-completion-large-gd.json"), List.of());
        assertThat(square.resolved().get("problem").get("n").asInt()).isEqualTo(20000);
        RunSpec wide = RunSpec.load(EXAMPLES.resolve("asymmetric-completion-large-gd.json"), List.of());
        assertThat(wide.resolved().get("problem").get("n1").asInt()).isEqualTo(100000);
        assertThat(org.irlab.problem.LowRankRecovery.completionBytes(100000, 20000, 5, 20, 2e7, false))
                .isLessThan(2L << 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asymmetric-completion-ipgd", "symmetric-one-bit-ipgd"})
    void aShortRunWritesTheProblemMetrics(String example, @TempDir Path dir) throws Exception {
        RunSpec spec = RunSpec.load(EXAMPLES.resolve(example + ".json"),
                List.of("problem.searchRank=6", "algorithm.maxIterations=400", "algorithm.refineSteps=10"));
        Runner.Outcome outcome = Runner.run(spec, dir, null);
        boolean asymmetric = example.startsWith("asymmetric");
        String header = Files.readAllLines(dir.resolve("trace.csv")).get(0);
        assertThat(header).startsWith("iteration,loss,gradNorm,residualNorm,error,distanceToSolutions");
        assertThat(header.endsWith(",imbalance,tailNorm")).isEqualTo(asymmetric);
        JsonNode metrics = outcome.summary().get("metrics");
        assertThat(metrics.has("imbalance")).isEqualTo(asymmetric);
        LowRankRecovery replay = (LowRankRecovery) spec.problem().get();
        double[] x = outcome.result().x();
        assertThat(outcome.summary().get("finalError").asDouble()).isEqualTo(replay.error(x));
        if (asymmetric) {
            double[] m = new double[2];
            replay.metrics(x, m);
            assertThat(metrics.get("imbalance").asDouble()).isEqualTo(m[0]);
            assertThat(metrics.get("tailNorm").asDouble()).isEqualTo(m[1]);
        }
    }
}
