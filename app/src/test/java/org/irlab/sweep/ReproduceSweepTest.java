package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment of kind sweep in reproduce: one task, heatmaps in report.html, claims on its cells. */
class ReproduceSweepTest {
    @TempDir Path dir;

    @Test
    void sweepExperimentRunsAndItsClaimsReadTheCells() throws Exception {
        ObjectNode sweep = SweepFixture.oneInit(dir);
        sweep.set("quick", Json.MAPPER.readTree("{\"grid\": {\"problem.measurements\": [12, 72]}, \"seeds\": [1]}"));
        Path defs = dir.resolve("experiments");
        Files.createDirectories(defs);
        Files.writeString(defs.resolve("index.json"), "{\"experiments\": [\"tiny-phase\"]}");
        ObjectNode e = (ObjectNode) Json.MAPPER.readTree("""
                {"name": "tiny-phase", "kind": "sweep", "title": "Tiny phase diagram", "source": "test",
                 "size": {"seeds": [1, 2]},
                 "claims": [
                   {"source": "test", "claim": "N = 72 recovers at every r'", "run": "sweep",
                    "metric": {"sweepCell": "successRate", "at": {"problem.measurements": 72}, "reduce": "min"},
                    "rule": {"atLeast": 1}},
                   {"source": "test", "claim": "the transition does not move with r'", "run": "sweep",
                    "metric": {"difference": [{"sweepTransition": "problem.measurements", "at": {"problem.searchRank": 6}},
                                              {"sweepTransition": "problem.measurements", "at": {"problem.searchRank": 2}}]},
                    "rule": {"between": [-1, 1]}}]}
                """);
        e.set("sweep", sweep);
        Files.writeString(defs.resolve("tiny-phase.json"), Json.write(e));
        Path out = dir.resolve("out");
        org.irlab.testing.Cli.Result r = SweepFixture.irlab("reproduce", "--experiments", defs.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        Path runDir = out.resolve("tiny-phase/sweep-seed1");
        JsonNode summary = Json.read(runDir.resolve("summary.json"));
        assertThat(summary.path("runs").asInt()).isEqualTo(12); // 3 N × 2 r' (where) × 2 seeds
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("tiny-phase/sweep-seed1/sweep.html").contains("success-rate.png")
                .contains("N = 72 recovers at every r&#39;");
        assertThat(r.out()).contains("claims: 2 reproduced");

        // --quick uses the sweep's quick section; --force forgets the journal
        org.irlab.testing.Cli.Result q = SweepFixture.irlab("reproduce", "--experiments", defs.toString(), "--out", out.toString(), "--quick");
        assertThat(q.exit()).isZero();
        assertThat(Json.read(runDir.resolve("summary.json")).path("runs").asInt()).isEqualTo(4);
        org.irlab.testing.Cli.Result f = SweepFixture.irlab("reproduce", "--experiments", defs.toString(), "--out", out.toString(), "--quick", "--force");
        assertThat(f.exit()).isZero();
        assertThat(Json.read(runDir.resolve("summary.json")).path("ran").asInt()).isEqualTo(4);
    }
}
