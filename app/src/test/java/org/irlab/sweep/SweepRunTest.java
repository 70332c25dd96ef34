package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.experiment.RunSpec;
import org.irlab.experiment.Runner;
import org.irlab.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny sweep end to end: outputs, thread-count identity, replay, errors as rows, resume from the journal. */
class SweepRunTest {
    @TempDir static Path dir;
    static Path file, one, two;
    static org.irlab.testing.Cli.Result first;

    @BeforeAll
    static void runTwice() throws IOException {
        file = SweepFixture.copy(dir);
        one = dir.resolve("one");
        two = dir.resolve("two");
        first = SweepFixture.irlab("sweep", file.toString(), "--out", one.toString(), "--threads", "1");
        assertThat(first.exit()).as(first.err()).isZero();
        org.irlab.testing.Cli.Result second = SweepFixture.irlab("sweep", file.toString(), "--out", two.toString(), "--threads", "2");
        assertThat(second.exit()).as(second.err()).isZero();
    }

    @Test
    void printsTheRunCountBeforeStartingAndWritesEveryOutput() {
        assertThat(first.out()).startsWith("tiny: 24 runs = 12 cells × 2 seeds (6 cells skipped by where); 0 already recorded");
        for (String f : List.of("results.csv", "results.parquet", "cells.csv", "sweep.html", "summary.json", "runs.jsonl",
                "heatmaps/problem-measurements--problem-searchRank/success-rate-1.png",
                "heatmaps/problem-measurements--problem-searchRank/median-error-2.svg")) {
            assertThat(one.resolve(f)).isRegularFile();
        }
        assertThat(first.err()).contains("12 runs failed by themselves");
    }

    @Test
    void rowsAndCellsDoNotDependOnTheThreadCount() throws IOException {
        assertThat(SweepFixture.timeless(two.resolve("results.csv"))).isEqualTo(SweepFixture.timeless(one.resolve("results.csv")));
        assertThat(Files.readString(two.resolve("cells.csv"))).isEqualTo(Files.readString(one.resolve("cells.csv")));
    }

    @Test
    void resultsHaveOneRowPerRunWithEveryVariedKeyAndTheSeed() throws IOException {
        List<String> lines = Files.readAllLines(one.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo("row,cell,problem.measurements,problem.searchRank,init,algorithm.refineSteps,seed,"
                + "status,success,iterations,finalError,finalResidualNorm,maxResidualNorm,minError,status2,wallSeconds,message");
        assertThat(lines).hasSize(25);
        // a run that fails by itself is a row with status error and its message, not a failure of the sweep
        assertThat(lines.get(3)).startsWith("2,1,12,2,bad file,400,1,error,false,0,,,,,,").contains("init.path");
        assertThat(lines.get(9)).startsWith("8,4,36,2,zero,500,1,converged,true,");
    }

    @Test
    void cellsAggregateTheirSeeds() throws IOException {
        JsonNode summary = Json.read(one.resolve("summary.json"));
        assertThat(summary.path("runs").asInt()).isEqualTo(24);
        assertThat(summary.path("skippedCells").asInt()).isEqualTo(6);
        assertThat(summary.path("errors").asInt()).isEqualTo(12);
        JsonNode cells = summary.path("cellStats");
        assertThat(cells).hasSize(12);
        List<String> rows = Files.readAllLines(one.resolve("results.csv"));
        for (JsonNode c : cells) {
            // recompute each cell's count from results.csv
            int k = 0, n = 0;
            for (String line : rows.subList(1, rows.size())) {
                String[] cell = line.split(",", -1);
                if (cell[2].equals(c.path("at").path("problem.measurements").asText())
                        && cell[3].equals(c.path("at").path("problem.searchRank").asText())
                        && cell[4].equals(c.path("at").path("init").asText())) {
                    n++;
                    if (cell[8].equals("true")) k++;
                }
            }
            assertThat(c.path("runs").asInt()).isEqualTo(n).isEqualTo(2);
            assertThat(c.path("successes").asInt()).isEqualTo(k);
            double[] ci = CellStats.wilson(k, n, CellStats.Z95);
            assertThat(c.path("successLow").asDouble()).isEqualTo(ci[0]);
            assertThat(c.path("successHigh").asDouble()).isEqualTo(ci[1]);
        }
    }

    @Test
    void replayedRowGivesTheSameNumbers() throws IOException {
        org.irlab.testing.Cli.Result r = SweepFixture.irlab("sweep", file.toString(), "--replay", "12");
        assertThat(r.exit()).isZero();
        JsonNode spec = Json.MAPPER.readTree(r.out());
        assertThat(spec.path("problem").path("measurements").asInt()).isEqualTo(36);
        assertThat(spec.path("problem").path("seed").asInt()).isEqualTo(1);
        assertThat(spec.path("algorithm").path("seed").asInt()).isEqualTo(101);
        Runner.Measured m = Runner.measure(RunSpec.parse(spec, List.of(), null), false);
        String[] row = Files.readAllLines(one.resolve("results.csv")).get(13).split(",", -1);
        assertThat(row[0]).isEqualTo("12");
        assertThat(m.summary().path("iterations").asText()).isEqualTo(row[9]);
        assertThat(Double.toString(m.summary().path("finalError").asDouble())).isEqualTo(row[10]);
        assertThat(Double.toString(m.summary().path("maxResidualNorm").asDouble())).isEqualTo(row[12]);
    }

    @Test
    void pageIsSelfContained() throws IOException {
        String html = Files.readString(one.resolve("sweep.html"));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + Report.CSP + "\">")
                .contains("src=\"data:image/png;base64,").doesNotContain("src=\"http").doesNotContain("<script")
                .contains("init = zero").contains("init = bad file").contains("fails problem.searchRank &gt;= 2");
    }

    @Test
    void aSecondPassReusesTheJournalAndForceRunsAgain() throws IOException {
        Path copy = dir.resolve("again");
        Files.createDirectories(copy);
        Files.copy(one.resolve("runs.jsonl"), copy.resolve("runs.jsonl"));
        // a record torn by a kill is dropped: that run is done again
        String torn = "{\"key\":\"" + "0".repeat(64) + "\",\"row\":3,\"stat";
        Files.writeString(copy.resolve("runs.jsonl"), Files.readString(copy.resolve("runs.jsonl")) + torn);
        org.irlab.testing.Cli.Result r = SweepFixture.irlab("sweep", file.toString(), "--out", copy.toString());
        assertThat(r.out()).contains("24 already recorded").contains(", 0 to run");
        assertThat(SweepFixture.timeless(copy.resolve("results.csv"))).isEqualTo(SweepFixture.timeless(one.resolve("results.csv")));
        assertThat(Files.readString(copy.resolve("results.csv"))).isEqualTo(Files.readString(one.resolve("results.csv")));
        org.irlab.testing.Cli.Result forced = SweepFixture.irlab("sweep", file.toString(), "--out", copy.toString(), "--force", "--quiet");
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).isEmpty();
        assertThat(Json.read(copy.resolve("summary.json")).path("ran").asInt()).isEqualTo(24);
    }
}
