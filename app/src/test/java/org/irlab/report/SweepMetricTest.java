package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecNode;
import org.junit.jupiter.api.Test;

/** The claims metrics over a sweep's cells, on a summary built by hand. */
class SweepMetricTest {
    /** A 4 × 2 sweep (N × r') whose success rates are given per r'. */
    static RunResult sweep(double[] rate3, double[] rate20) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        ArrayNode cells = s.putArray("cellStats");
        int[] n = {60, 120, 240, 600};
        for (int i = 0; i < n.length; i++) {
            for (int r : new int[] {3, 20}) {
                ObjectNode c = cells.addObject();
                c.putObject("at").put("problem.measurements", n[i]).put("problem.searchRank", r);
                double rate = r == 3 ? rate3[i] : rate20[i];
                c.put("runs", 4).put("successes", (int) Math.round(4 * rate)).put("successRate", rate);
                c.putObject("status").put("converged", (int) Math.round(4 * rate)).put("iteration-limit", 4 - (int) Math.round(4 * rate));
                c.putObject("median").put("finalError", r == 3 ? 1e-12 * (i + 1) : 1e-10);
            }
        }
        return new RunResult("e", null, 1, "sweep-seed1", s, null, List.of(), null);
    }

    static Measurement measure(String metric, RunResult run) {
        try {
            return Metric.read(new SpecNode("metric", Json.MAPPER.readTree(metric), JsonNodeFactory.instance.objectNode())).measure(run);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void transitionIsTheFirstStepFromWhichEveryCellReachesTheLevel() {
        RunResult run = sweep(new double[] {0, 0.5, 0.25, 1}, new double[] {0, 0, 0.75, 1});
        // r' = 3: 0.5 at step 1, but 0.25 at step 2, so the rate stays ≥ 1/2 only from step 3
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 3}}", run).number()).isEqualTo(3);
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 20}}", run).number()).isEqualTo(2);
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 20}, \"level\": 0.8}", run).number()).isEqualTo(3);
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 20}, \"as\": \"value\"}", run).number()).isEqualTo(240);
        Measurement diff = measure("{\"difference\": [{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 20}},"
                + " {\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 3}}]}", run);
        assertThat(diff.number()).isEqualTo(-1);
        RunResult never = sweep(new double[] {0, 0, 1, 0}, new double[] {1, 1, 1, 1});
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 3}}", never).isNumber()).isFalse();
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\", \"at\": {\"problem.searchRank\": 20}}", never).number()).isZero();
        // the other axis not pinned: several cells per N
        assertThat(measure("{\"sweepTransition\": \"problem.measurements\"}", run).why()).contains("pin the other axes");
    }

    @Test
    void cellStatisticsPickReduceAndShareStatuses() {
        RunResult run = sweep(new double[] {0, 0.5, 0.25, 1}, new double[] {0, 0, 0.75, 1});
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.measurements\": 120, \"problem.searchRank\": 3}}", run).number()).isEqualTo(0.5);
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.searchRank\": 3}}", run).isNumber()).isFalse();
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.searchRank\": 3}, \"reduce\": \"max\"}", run).number()).isEqualTo(1);
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.searchRank\": 3}, \"reduce\": \"mean\"}", run).number()).isEqualTo(0.4375);
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.measurements\": [60, 600]}, \"reduce\": \"min\"}", run).number()).isZero();
        assertThat(measure("{\"sweepCell\": \"statusRate.iteration-limit\", \"at\": {\"problem.measurements\": 60}, \"reduce\": \"min\"}", run).number()).isEqualTo(1);
        assertThat(measure("{\"sweepCell\": \"statusRate.oscillating\", \"at\": {}, \"reduce\": \"max\"}", run).number()).isZero();
        assertThat(measure("{\"sweepCell\": \"median.finalError\", \"at\": {\"problem.searchRank\": 3}, \"reduce\": \"median\"}", run).number()).isCloseTo(2.5e-12, org.assertj.core.api.Assertions.withinPercentage(1e-9));
        assertThat(measure("{\"sweepCell\": \"successRate\", \"at\": {\"problem.n\": 3}, \"reduce\": \"max\"}", run).isNumber()).isFalse();
        JsonNode missing = null;
        assertThat(new RunResult("e", null, 1, "x", missing, null, List.of(), null).missing()).isTrue();
    }
}
