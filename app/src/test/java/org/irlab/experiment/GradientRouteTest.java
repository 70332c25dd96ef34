package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * problem.gradientRoute of symmetric and asymmetric sensing: every such example converges the same way on the direct
 * and the Gram route (status, iterations, perturbations; final errors within 1e-12), auto picks the Gram route at
 * the paper's size and summary.json says which route ran.
 *
 * <p>One exception, by nature: IPGD without refinement ({@code symmetric-sensing-ipgd-plain}) returns its candidate
 * at the same iteration on both routes, but that candidate's error (2.04e-7) is made of the spurious directions
 * that round-off seeded at the saddle, so any change of rounding moves it by about 1e-5 relative (1.3e-12 here).
 * {@code symmetric-sensing-ipgd-stated} (step 0.1, about 10 s a run) is left out for time; run by hand it met the
 * same test (and a run cut short in mid-escape does not, so it cannot be shortened).
 */
class GradientRouteTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @ParameterizedTest
    @ValueSource(strings = {"symmetric-sensing-ipgd", "symmetric-sensing-ipgd-plain", "symmetric-sensing-pgd", "symmetric-sensing-gd-small-init", "fig1-pgd-r3", "fig1-pgd-r4",
            "fig6-symmetric-sensing", "asymmetric-sensing-ipgd", "asymmetric-sensing-gd-small-init"})
    void bothRoutesConvergeAlike(String example, @TempDir Path dir) {
        List<String> extra = switch (example) {
            // the deviation rate at every step: every 50th is enough to compare the runs
            case "fig6-symmetric-sensing" -> List.of("record.deviationEvery=50");
            default -> List.of();
        };
        JsonNode direct = run(example, "direct", extra, dir.resolve("direct"));
        JsonNode gram = run(example, "gram", extra, dir.resolve("gram"));
        assertThat(direct.get("gradientRoute").asText()).isEqualTo("direct");
        assertThat(gram.get("gradientRoute").asText()).isEqualTo("gram");
        for (String key : List.of("status", "iterations", "gradientEvaluations", "perturbations", "noOpPerturbations",
                "returnedAt")) {
            assertThat(gram.get(key)).as(key).isEqualTo(direct.get(key));
        }
        double difference = Math.abs(gram.get("finalError").asDouble() - direct.get("finalError").asDouble());
        if (example.equals("symmetric-sensing-ipgd-plain")) {
            assertThat(difference).isLessThanOrEqualTo(1e-4 * direct.get("finalError").asDouble());
        } else {
            assertThat(difference).isLessThanOrEqualTo(1e-12);
        }
    }

    private static JsonNode run(String example, String route, List<String> extra, Path dir) {
        List<String> overrides = new java.util.ArrayList<>(extra);
        overrides.add("problem.gradientRoute=" + route);
        RunSpec spec = RunSpec.load(EXAMPLES.resolve(example + ".json"), overrides);
        return Runner.run(spec, dir, null).summary();
    }

    @Test
    void autoIsGramAtThePapersSize(@TempDir Path dir) {
        for (String example : List.of("symmetric-sensing-ipgd", "asymmetric-sensing-ipgd")) {
            RunSpec spec = RunSpec.load(EXAMPLES.resolve(example + ".json"),
                    List.of("algorithm.maxIterations=20", "algorithm.refineSteps=10"));
            assertThat(Runner.run(spec, dir.resolve(example), null).summary().get("gradientRoute").asText())
                    .isEqualTo("gram");
        }
    }

    @Test
    void autoIsDirectWhenThePackedSizeReachesN(@TempDir Path dir) {
        RunSpec spec = RunSpec.load(EXAMPLES.resolve("symmetric-sensing-ipgd.json"),
                List.of("problem.measurements=210", "algorithm.maxIterations=50", "algorithm.refineSteps=10"));
        assertThat(spec.resolved().get("problem").get("gradientRoute").asText()).isEqualTo("auto");
        assertThat(Runner.run(spec, dir, null).summary().get("gradientRoute").asText()).isEqualTo("direct");
    }

    @Test
    void badRoutesAreNamed() {
        Path example = EXAMPLES.resolve("symmetric-sensing-ipgd.json");
        assertThatThrownBy(() -> RunSpec.load(example, List.of("problem.gradientRoute=fast")))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.gradientRoute")
                .hasMessageContaining("auto, direct, gram");
        assertThatThrownBy(() -> RunSpec.load(example,
                List.of("problem.gradientRoute=gram", "problem.operator=rank-one")))
                .isInstanceOf(SpecException.class).hasMessageContaining("problem.gradientRoute")
                .hasMessageContaining("gaussian");
    }
}
