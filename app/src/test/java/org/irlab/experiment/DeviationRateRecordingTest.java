package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.irlab.diagnostics.DeviationRateDiagnostic;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record.deviationRate end to end: spec keys, trace columns, summary values, cadence, no effect on the run. */
class DeviationRateRecordingTest {
    /** Sparse recovery d = 40 (80 parameters), IPGD+ from zero for a few hundred steps. */
    static RunSpec spec(String record) throws IOException {
        String json = "{\"name\": \"t\", \"problem\": {\"type\": \"sparse-recovery\", \"dimension\": 40, \"measurements\": 80,"
                + " \"truth\": [3, -2, 1], \"seed\": 4}, \"algorithm\": {\"type\": \"ipgd+\", \"stepSize\": 0.05,"
                + " \"escapeSteps\": 100, \"refineSteps\": 50, \"maxIterations\": 400, \"seed\": 2}, \"record\": " + record + "}";
        return RunSpec.parse(Json.MAPPER.readTree(json), List.of(), null);
    }

    record Trace(List<String> header, List<double[]> rows) {
        double[] column(String name) {
            int c = header.indexOf(name);
            double[] out = new double[rows.size()];
            for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[c];
            return out;
        }
    }

    static Trace trace(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("trace.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            double[] row = new double[cells.length];
            for (int i = 0; i < cells.length; i++) row[i] = cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]);
            rows.add(row);
        }
        return new Trace(header, rows);
    }

    @Test
    void specKeysAreValidatedAndResolved() throws IOException {
        RunSpec s = spec("{\"every\": 7, \"deviationRate\": \"lanczos\"}");
        assertThat(s.record().deviationEvery()).isEqualTo(7);
        assertThat(s.resolved().path("record").path("deviationEvery").asInt()).isEqualTo(7);
        assertThat(s.resolved().path("record").path("deviationRate").asText()).isEqualTo("lanczos");
        assertThat(spec("{}").record().deviationRate()).isEqualTo(RecordSpec.DeviationRateMode.OFF);
        assertThatThrownBy(() -> spec("{\"deviationRate\": \"exact\"}")).isInstanceOf(SpecException.class)
                .hasMessageContaining("record.deviationRate").hasMessageContaining("dense, lanczos, auto, off");
        assertThatThrownBy(() -> spec("{\"deviationRate\": \"auto\", \"deviationEvery\": 0}"))
                .isInstanceOf(SpecException.class).hasMessageContaining("record.deviationEvery");
        assertThatThrownBy(() -> spec("{\"deviationTolerance\": 2}")).isInstanceOf(SpecException.class)
                .hasMessageContaining("record.deviationTolerance");
    }

    @Test
    void denseAndLanczosRunsRecordTheSameRatesWithoutChangingTheRun(@TempDir Path tmp) throws IOException {
        Runner.Outcome off = Runner.run(spec("{\"every\": 1}"), tmp.resolve("off"), null);
        Runner.Outcome dense = Runner.run(spec("{\"every\": 1, \"deviationRate\": \"dense\"}"), tmp.resolve("dense"), null);
        Runner.Outcome lanczos = Runner.run(spec("{\"every\": 1, \"deviationRate\": \"lanczos\", \"deviationTolerance\": 1e-12}"),
                tmp.resolve("lanczos"), null);
        // the diagnostic shares the problem's buffers but must not change the trajectory, bit for bit
        assertThat(Files.readString(tmp.resolve("dense/iterate.csv"))).isEqualTo(Files.readString(tmp.resolve("off/iterate.csv")));
        assertThat(Files.readString(tmp.resolve("lanczos/iterate.csv"))).isEqualTo(Files.readString(tmp.resolve("off/iterate.csv")));
        Trace a = trace(tmp.resolve("dense")), b = trace(tmp.resolve("lanczos"));
        assertThat(a.header()).containsSubsequence(DeviationRateDiagnostic.COLUMNS);
        assertThat(trace(tmp.resolve("off")).header()).doesNotContain("deviationRate");
        double[] ra = a.column("deviationRate"), rb = b.column("deviationRate");
        double[] ma = a.column("deviationRateMinus"), pa = a.column("deviationRatePlus");
        double[] ca = a.column("cumulativeDeviationRate"), cb = b.column("cumulativeDeviationRate");
        double sum = 0;
        for (int i = 0; i < ra.length; i++) {
            assertThat(ra[i]).isCloseTo(ma[i] + 3 * pa[i], within(Tolerances.REORDERED * (1 + Math.abs(ra[i]))));
            // relative to the curvature x⊥ sees, plus the certificate's scale (tolerance·‖H‖, ‖H‖ = O(10) here)
            assertThat(rb[i]).isCloseTo(ra[i], within(1e-8 * (Math.abs(ma[i]) + Math.abs(pa[i])) + 1e-10));
            assertThat(ca[i]).as("r̄ at row %d is the sum of the rates before it", i).isCloseTo(sum, within(Tolerances.REORDERED * (1 + Math.abs(sum))));
            assertThat(cb[i]).isCloseTo(ca[i], within(1e-7 * (1 + Math.abs(ca[i]))));
            sum += ra[i];
        }
        JsonNode s = dense.summary();
        assertThat(s.path("cumulativeDeviationRate").asDouble()).isEqualTo(ca[ca.length - 1]);
        double[] res = a.column("residualNorm");
        assertThat(s.path("residualGrowthLog").asDouble()).isCloseTo(Math.log(res[res.length - 1] / res[0]), within(1e-6));
        assertThat(s.path("deviationEvery").asInt()).isEqualTo(1);
        assertThat(lanczos.summary().path("deviationRateUncertifiedSamples").asInt()).isZero();
        assertThat(off.summary().has("cumulativeDeviationRate")).isFalse();
    }

    @Test
    void sparserCadenceHoldsTheLatestSample(@TempDir Path tmp) throws IOException {
        Runner.run(spec("{\"every\": 1, \"deviationRate\": \"dense\"}"), tmp.resolve("k1"), null);
        Runner.Outcome k3 = Runner.run(spec("{\"every\": 1, \"deviationRate\": \"dense\", \"deviationEvery\": 3}"),
                tmp.resolve("k3"), null);
        Trace exact = trace(tmp.resolve("k1")), held = trace(tmp.resolve("k3"));
        double[] r = exact.column("deviationRate"), t = exact.column("iteration");
        double[] r3 = held.column("deviationRate"), c3 = held.column("cumulativeDeviationRate");
        double sum = 0, latest = 0;
        for (int i = 0; i < r.length; i++) {
            boolean sampled = ((int) t[i]) % 3 == 0 || i == r.length - 1;
            if (sampled) {
                latest = r[i];
                assertThat(r3[i]).isEqualTo(r[i]);
            } else {
                assertThat(r3[i]).as("row %d not sampled: empty", i).isNaN();
            }
            assertThat(c3[i]).isCloseTo(sum, within(Tolerances.REORDERED * (1 + Math.abs(sum))));
            sum += latest;
        }
        assertThat(k3.summary().path("deviationEvery").asInt()).isEqualTo(3);
    }

    @Test
    void undefinedRatesAreEmptyCellsAndAddNothing(@TempDir Path tmp) throws IOException {
        // radius 0: the perturbation is a no-op, x stays at the zero init where x⊥ = 0
        RunSpec s = RunSpec.parse(Json.MAPPER.readTree("{\"name\": \"z\", \"problem\": {\"type\": \"sparse-recovery\","
                + " \"dimension\": 10, \"measurements\": 20, \"truth\": [1]}, \"algorithm\": {\"type\": \"ipgd\","
                + " \"stepSize\": 0.05, \"radius\": 0, \"escapeSteps\": 5}, \"record\": {\"deviationRate\": \"auto\"}}"),
                List.of(), null);
        Runner.Outcome o = Runner.run(s, tmp, null);
        Trace tr = trace(tmp);
        assertThat(tr.rows()).isNotEmpty();
        for (double v : tr.column("deviationRate")) assertThat(v).isNaN();
        for (double v : tr.column("deviationRatePlus")) assertThat(v).isNaN();
        for (double v : tr.column("cumulativeDeviationRate")) assertThat(v).isZero();
        assertThat(Files.readAllLines(tmp.resolve("trace.csv")).get(1)).endsWith(",,,,0.0");
        assertThat(o.summary().path("residualGrowthLog").isNull()).isTrue();
        assertThat(o.summary().path("deviationRateUndefinedSamples").asInt()).isEqualTo(tr.rows().size());
    }
}
