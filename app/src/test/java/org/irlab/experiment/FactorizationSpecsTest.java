package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.Problem;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec reading for least-squares, deep-factorization and the balanced init, and the two example specs end to end. */
class FactorizationSpecsTest {
    private static RunSpec parse(String json) throws Exception {
        return RunSpec.parse(Json.MAPPER.readTree(json), List.of(), null);
    }

    private static final String GD = "\"algorithm\": {\"type\": \"gd\", \"stepSize\": 0.01}";

    @Test
    void leastSquaresDefaultsAreRecordedAndSumScalingIsTheSeedsLoss() throws Exception {
        RunSpec spec = parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4, \"dimension\": 9}, " + GD + "}");
        JsonNode p = spec.resolved().get("problem");
        assertThat(p.get("normalization").asText()).isEqualTo("sum");
        assertThat(p.get("observations").asText()).isEqualTo("gaussian");
        assertThat(p.get("seed").asLong()).isEqualTo(1);
        LeastSquares ls = (LeastSquares) spec.problem().get();
        assertThat(ls.measurements()).isEqualTo(4);
        assertThat(ls.dimension()).isEqualTo(9);
        double[] w = new double[9];
        Randoms.gaussian(new SplittableRandom(1), 1.0, w);
        double[] aw = new double[4];
        Kernels.multiplyVector(ls.design(), w, aw, 4, 9);
        double s = 0;
        for (int i = 0; i < 4; i++) s += (aw[i] - ls.observations()[i]) * (aw[i] - ls.observations()[i]);
        assertThat(ls.objective().value(w)).isCloseTo(s, within(Tolerances.REORDERED * s));

        LeastSquares mean = (LeastSquares) parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4, "
                + "\"dimension\": 9, \"normalization\": \"mean\"}, " + GD + "}").problem().get();
        assertThat(mean.objective().value(w)).isCloseTo(s / 4, within(Tolerances.REORDERED * s));
        assertThat(mean.design()).containsExactly(ls.design());
    }

    @Test
    void leastSquaresRejectsUnknownKeysAndBadValuesNamingThem() {
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4, "
                + "\"dimension\": 9, \"scale\": \"mean\"}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.scale");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4, "
                + "\"dimension\": 9, \"observations\": \"noisy\"}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.observations");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.dimension");
    }

    @Test
    void deepFactorizationDefaultsToTheSeedsExample() throws Exception {
        RunSpec spec = parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 2}, " + GD + "}");
        JsonNode p = spec.resolved().get("problem");
        assertThat(p.get("entries").toString()).isEqualTo("[[null,1],[1,0]]");
        assertThat(p.get("infimalRank").asInt()).isEqualTo(1);
        DeepFactorization f = (DeepFactorization) spec.problem().get();
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.depth()).isEqualTo(2);
        // W = W₂W₁ with W₁ = I, W₂ = [[5, 0], [0, 0]]: W₁₁ = 5 is unobserved, so ℓ = ½(1 + 1 + 0) = 1
        double[] x = {1, 0, 0, 1, 5, 0, 0, 0};
        assertThat(f.objective().value(x)).isEqualTo(1.0);
    }

    @Test
    void deepFactorizationReadsEntriesWithNullsAndNamesBadOnes() throws Exception {
        RunSpec spec = parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 1, "
                + "\"entries\": [[2, null, 0], [null, null, null], [1, 1, 1]], \"infimalRank\": 2}, " + GD + "}");
        DeepFactorization f = (DeepFactorization) spec.problem().get();
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.infimalRank()).isEqualTo(2);
        double[] w = new double[9];
        // ℓ(0) = ½(4 + 0 + 1 + 1 + 1)
        assertThat(f.objective().value(w)).isEqualTo(3.5);
        assertThat(f.error(w)).isCloseTo(Math.sqrt(7), within(Tolerances.ROUNDING));

        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 2, "
                + "\"entries\": [[1, 2], [3]]}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.entries[1]");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 2, "
                + "\"entries\": [[1, \"x\"], [3, 4]]}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.entries[0][1]");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 2, "
                + "\"entries\": [[null, null], [null, null]]}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.entries");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 2, "
                + "\"infimalRank\": 3}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.infimalRank");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\"}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.depth");
    }

    @Test
    void balancedInitBuildsTheScaledIdentityChainOrARandomOneWithTheRequestedDeterminant() throws Exception {
        RunSpec identity = parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 3}, "
                + "\"init\": {\"type\": \"balanced\", \"scale\": 0.2}, " + GD + "}");
        JsonNode init = identity.resolved().get("init");
        assertThat(init.get("orientation").asText()).isEqualTo("identity");
        assertThat(init.get("determinant").asText()).isEqualTo("positive");
        assertThat(init.has("seed")).isFalse();
        Problem p = identity.problem().get();
        assertThat(identity.init().create(p, identity.format(p))).containsExactly(0.2, 0, 0, 0.2, 0.2, 0, 0, 0.2, 0.2, 0, 0, 0.2);

        RunSpec random = parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 3}, "
                + "\"init\": {\"type\": \"balanced\", \"scale\": 0.2, \"orientation\": \"random\", "
                + "\"determinant\": \"negative\"}, " + GD + "}");
        assertThat(random.resolved().get("init").get("seed").asLong()).isEqualTo(3);
        DeepFactorization f = (DeepFactorization) random.problem().get();
        double[] x = random.init().create(f, random.format(f));
        assertThat(random.format(f).rows()).isEqualTo(6); // three 2×2 factors, one row of each per line
        double[] metrics = new double[f.metricNames().size()];
        f.metrics(x, metrics);
        assertThat(metrics[5]).as("det W(0)").isCloseTo(-Math.pow(0.2, 6), within(Tolerances.ROUNDING * Math.pow(0.2, 6)));
        assertThat(metrics[6]).as("imbalance").isLessThan(Tolerances.ROUNDING);
        assertThat(random.init().create(f, random.format(f))).containsExactly(x);
    }

    @Test
    void balancedInitIsRejectedForOtherProblemsAndSeedIsRejectedWithTheIdentity() throws Exception {
        // rejected while the spec is read, before any work or output
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"least-squares\", \"measurements\": 4, "
                + "\"dimension\": 9}, \"init\": {\"type\": \"balanced\", \"scale\": 0.2}, " + GD + "}"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("init.type").hasMessageContaining("least-squares");
        assertThatThrownBy(() -> parse("{\"problem\": {\"type\": \"deep-factorization\", \"depth\": 3}, "
                + "\"init\": {\"type\": \"balanced\", \"scale\": 0.2, \"seed\": 4}, " + GD + "}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("init.seed");
    }

    private static Path example(String name) {
        Path p = Path.of("..", "examples", name);
        return Files.exists(p) ? p : Path.of("examples", name);
    }

    @Test
    void leastSquaresExampleReachesTheMinimumNormSolution(@TempDir Path dir) throws Exception {
        RunSpec spec = RunSpec.load(example("least-squares-gd.json"), List.of());
        Runner.Outcome out = Runner.run(spec, dir, null);
        JsonNode s = out.summary();
        assertThat(s.get("status").asText()).isEqualTo("converged");
        assertThat(s.get("finalError").asDouble()).isLessThan(1e-8);
        assertThat(s.get("distanceToSolutions").asDouble()).isLessThan(1e-8);
        assertThat(s.get("maxResidualNorm").asDouble()).isLessThan(1e-12);
        LeastSquares ls = (LeastSquares) spec.problem().get();
        assertThat(s.get("metrics").get("parameterNorm").asDouble())
                .isCloseTo(Kernels.norm(ls.minimumNormSolution()), within(1e-8));
    }

    @Test
    void deepFactorizationExampleBlowsUpTheNormAndWritesTheMetricColumns(@TempDir Path dir) throws Exception {
        RunSpec spec = RunSpec.load(example("deep-factorization-gd.json"), List.of());
        Runner.Outcome out = Runner.run(spec, dir, null);
        JsonNode m = out.summary().get("metrics");
        assertThat(out.summary().get("finalLoss").asDouble()).isLessThan(1e-3);
        assertThat(m.get("productNorm").asDouble()).isGreaterThan(30);
        assertThat(m.get("effectiveRank").asDouble()).isBetween(1.0, 1.0 + 1e-5);
        assertThat(m.get("determinant").asDouble()).isPositive();
        assertThat(out.summary().get("distanceToSolutions").isNull()).isTrue();
        String header = Files.readAllLines(dir.resolve("trace.csv")).get(0);
        assertThat(header).isEqualTo("iteration,loss,gradNorm,residualNorm,error,distanceToSolutions,productNorm,"
                + "nuclearNorm,spectralNorm,effectiveRank,distanceToInfimalRank,determinant,imbalance");
    }
}
