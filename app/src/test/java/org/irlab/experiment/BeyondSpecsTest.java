package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.irlab.optim.MiniBatch;
import org.irlab.optim.Status;
import org.irlab.optim.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The spec keys beyond the paper (issue 17): momentum, preconditioner, mini-batches, step decay and robust sensing;
 * keys are accepted only where they mean something, misfits with the problem are spec errors naming the key, the
 * paper's specs resolve as before, and the deviation rate of the ℓ1 loss is written as empty cells.
 */
class BeyondSpecsTest {
    static final String SENSING = "{\"type\": \"symmetric-sensing\", \"n\": 5, \"rank\": 2, \"searchRank\": 5,"
            + " \"singularValues\": [3, 1], \"measurements\": 60}";

    static RunSpec parse(String problem, String algorithm, String... overrides) {
        String spec = "{\"name\": \"t\", \"problem\": " + problem + ", \"algorithm\": " + algorithm + "}";
        try {
            return RunSpec.parse(Json.MAPPER.readTree(spec), List.of(overrides), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void theKeysComposeIntoTheVariant() {
        Variant v = parse(SENSING, "{\"type\": \"ipgd+\", \"stepSize\": 0.05, \"momentum\": \"nesterov\","
                + " \"beta\": 0.7, \"preconditioner\": \"scaled-gd\", \"damping\": 0.5, \"batchSize\": 20,"
                + " \"sampling\": \"with-replacement\", \"batchSeed\": 9, \"stepDecay\": 0.99}").algorithm().variant();
        assertThat(v).isEqualTo(new Variant(Variant.Momentum.NESTEROV, 0.7, Variant.Preconditioning.SCALED_GD, 0.5,
                20, MiniBatch.Sampling.WITH_REPLACEMENT, 9, 0.99));
        assertThat(parse(SENSING, "{\"type\": \"gd\", \"stepSize\": 0.05, \"preconditioner\": \"precgd\"}")
                .algorithm().variant().preconditioner()).isEqualTo(Variant.Preconditioning.PREC_GD);
    }

    @Test
    void thePapersSpecsResolveAsBefore() {
        RunSpec spec = RunSpec.load(Path.of("..", "examples", "symmetric-sensing-ipgd.json"), List.of());
        JsonNode algorithm = spec.resolved().get("algorithm");
        for (String key : List.of("momentum", "beta", "preconditioner", "damping", "batchSize", "stepDecay")) {
            assertThat(algorithm.has(key)).as(key).isFalse();
        }
        assertThat(spec.algorithm().variant()).isEqualTo(Variant.NONE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"beta\": 0.5}|algorithm.beta",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"momentum\": \"heavy-ball\", \"beta\": 1}|algorithm.beta",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"momentum\": \"polyak\"}|algorithm.momentum",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"preconditioner\": \"precgd\", \"damping\": 1}|algorithm.damping",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"sampling\": \"with-replacement\"}|algorithm.sampling",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"batchSize\": 0}|algorithm.batchSize",
            "{\"type\": \"gd\", \"stepSize\": 0.1, \"stepDecay\": 1.5}|algorithm.stepDecay",
            "{\"type\": \"gd\", \"stepSize\": \"auto\", \"momentum\": \"nesterov\"}|algorithm.stepSize"})
    void badKeysAreNamed(String algorithm, String key) {
        assertThatThrownBy(() -> parse(SENSING, algorithm)).isInstanceOf(SpecException.class).hasMessageContaining(key);
    }

    @Test
    void misfitsWithTheProblemAreSpecErrors() {
        String sparse = "{\"type\": \"sparse-recovery\", \"dimension\": 10, \"measurements\": 20, \"truth\": [1, -1]}";
        RunSpec preconditioned = parse(sparse, "{\"type\": \"gd\", \"stepSize\": 0.01, \"preconditioner\": \"precgd\"}");
        assertThatThrownBy(() -> Runner.measure(preconditioned, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("algorithm.preconditioner");
        String completion = "{\"type\": \"symmetric-completion\", \"n\": 5, \"rank\": 1, \"singularValues\": [2]}";
        RunSpec batched = parse(completion, "{\"type\": \"gd\", \"stepSize\": 0.01, \"batchSize\": 5}");
        assertThatThrownBy(() -> Runner.measure(batched, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("algorithm.batchSize");
        RunSpec tooLarge = parse(SENSING, "{\"type\": \"gd\", \"stepSize\": 0.01, \"batchSize\": 61}");
        assertThatThrownBy(() -> Runner.measure(tooLarge, false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("algorithm.batchSize").hasMessageContaining("60");
    }

    @Test
    void robustSensingRecordsAnUndefinedRateAndTheOutliers() {
        RunSpec spec = parse("{\"type\": \"symmetric-robust-sensing\", \"n\": 5, \"rank\": 2, \"searchRank\": 5,"
                + " \"singularValues\": [3, 1], \"measurements\": 100, \"outlierFraction\": 0.1,"
                + " \"outlierMagnitude\": 10}", "{\"type\": \"gd\", \"stepSize\": 0.05, \"stepDecay\": 0.99,"
                + " \"maxIterations\": 50}", "init={\"type\": \"gaussian\", \"scale\": 1e-6}",
                "record={\"every\": 10, \"deviationRate\": \"lanczos\"}");
        Runner.Measured m = Runner.measure(spec, true);
        assertThat(m.result().status()).isIn(Status.ITERATION_LIMIT, Status.OSCILLATING);
        String[] lines = m.trace().split("\n");
        List<String> header = List.of(lines[0].split(",", -1));
        int rate = header.indexOf("deviationRate"), cumulative = header.indexOf("cumulativeDeviationRate");
        assertThat(rate).isPositive();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            assertThat(cells[rate]).isEmpty();
            assertThat(cells[cumulative]).isEmpty();
        }
        assertThat(m.summary().get("cumulativeDeviationRate").isNull()).isTrue();
        assertThat(m.summary().get("metrics").get("outliersRejected").isNumber()).isTrue();
        assertThat(spec.resolved().at("/problem/loss").asText()).isEqualTo("l1");
    }

    @Test
    void figureSixSumsTheDecayedStepTimesTheRate(@org.junit.jupiter.api.io.TempDir Path tmp) {
        // review M7: with stepDecay q the x-axis is Σ_t η_t r(x_t), η_t = η·q^t, not η·r̄_T
        RunSpec spec = parse(SENSING, "{\"type\": \"gd\", \"stepSize\": 0.05, \"stepDecay\": 0.99,"
                + " \"maxIterations\": 120}", "init={\"type\": \"gaussian\", \"scale\": 1e-3}",
                "record={\"every\": 1, \"deviationRate\": \"dense\", \"deviationEvery\": 1}");
        Runner.run(spec, tmp, null);
        List<String> lines = readLines(tmp.resolve("trace.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int rate = header.indexOf("deviationRate"), residual = header.indexOf("residualNorm");
        assertThat(header).contains("cumulativeStepDeviationRate");
        double[] sum = new double[lines.size()];
        int t0 = -1;
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            int t = Integer.parseInt(cells[0]);
            assertThat(t).isEqualTo(i - 1);
            if (t0 < 0 && Double.parseDouble(cells[residual]) > 0) t0 = t;
            sum[i] = i == 1 ? 0 : sum[i - 1] + 0.05 * Math.pow(0.99, t - 1) * rateOrZero(lines.get(i - 1).split(",", -1)[rate]);
        }
        List<Fig6.Point> points = Fig6.points(tmp);
        assertThat(points).hasSize(Fig6.POINTS_PER_RUN);
        for (Fig6.Point p : points) {
            double hand = sum[p.iteration() + 1] - sum[t0 + 1];
            assertThat(p.etaCumulativeDeviationRate()).as("T = %d", p.iteration())
                    .isCloseTo(hand, org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(hand))));
        }
        // and it is not η·r̄_T: the decay matters by the last point
        Fig6.Point last = points.get(points.size() - 1);
        assertThat(Math.abs(last.etaCumulativeDeviationRate() - 0.05 * (cumulative(lines, last.iteration(), header)
                - cumulative(lines, t0, header)))).isGreaterThan(1e-3 * Math.abs(last.etaCumulativeDeviationRate()));
    }

    private static double rateOrZero(String cell) { return cell.isEmpty() ? 0 : Double.parseDouble(cell); }

    private static double cumulative(List<String> lines, int t, List<String> header) {
        return Double.parseDouble(lines.get(t + 1).split(",", -1)[header.indexOf("cumulativeDeviationRate")]);
    }

    private static List<String> readLines(Path file) {
        try {
            return java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
