package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.report.Claim;
import org.irlab.report.Experiment;
import org.irlab.report.Experiments;
import org.irlab.report.Plan;
import org.irlab.report.Results;
import org.irlab.report.Verdict;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the shipped completion experiment through {@code irlab reproduce --only completion}, on a small
 * synthetic ratings file and picture put in the data directory under the data sets' names.
 */
class CompletionReproduceTest {
    @TempDir Path tmp;

    private static final List<String> METHODS = List.of("biases", "als", "softimpute", "irlab");

    private static JsonNode summary(Path file) {
        return Json.read(file);
    }

    private static JsonNode entry(JsonNode summary, String method) {
        for (JsonNode m : summary.path("methods")) if (m.path("method").asText().equals(method)) return m;
        throw new AssertionError("no method " + method);
    }

    private static double value(JsonNode summary, String method, String path) {
        JsonNode v = entry(summary, method);
        for (String p : path.split("\\.")) v = v.path(p);
        return v.asDouble();
    }

    @Test
    void reproduceRunsTheShippedExperimentAndReportsItLikeTheCommand() throws Exception {
        Path data = tmp.resolve("data"), out = tmp.resolve("out");
        SyntheticData.ratings(data.resolve("movielens-small.csv"), 60, 40, 0.5, 11);
        SyntheticData.picture(data.resolve("camera.png"), 48, 40);
        ReproduceCommandTest.Ran ran = ReproduceCommandTest.irlab("reproduce", "--only", "completion", "--data",
                data.toString(), "--out", out.toString(), "--threads", "2");
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("completion: 6 runs in").doesNotContain("fig1");
        Path dir = out.resolve("completion");
        for (String f : List.of("experiment.json", "irlab-validation-movielens.png", "irlab-validation-camera.svg",
                "movielens-seed5/summary.json", "movielens-seed5/compare.md", "camera-seed1/comparison.png")) {
            assertThat(dir.resolve(f)).as(f).isRegularFile();
        }

        // the same numbers as `irlab complete` with that seed: one code path
        for (String[] run : new String[][] {{"movielens-seed3", "movielens-small.csv", "3"}, {"camera-seed1", "camera.png", "1"}}) {
            Path cli = tmp.resolve("cli-" + run[0]);
            List<String> args = new ArrayList<>(List.of("complete", data.resolve(run[1]).toString(), "--seed", run[2],
                    "--methods", String.join(",", METHODS), "--out", cli.toString(), "-q"));
            if (run[1].endsWith(".png")) args.addAll(List.of("--missing", "0.5"));
            ReproduceCommandTest.Ran complete = ReproduceCommandTest.irlab(args.toArray(String[]::new));
            assertThat(complete.code()).as(complete.err()).isZero();
            JsonNode a = summary(dir.resolve(run[0]).resolve("summary.json")), b = summary(cli.resolve("summary.json"));
            for (String m : METHODS) {
                assertThat(value(a, m, "test.rmse")).as(run[0] + " " + m).isEqualTo(value(b, m, "test.rmse"));
                assertThat(entry(a, m).path("hyperParameters")).isEqualTo(entry(b, m).path("hyperParameters"));
            }
            assertThat(a.path("settings")).isEqualTo(b.path("settings"));
        }

        // verdicts are computed from the numbers: recompute the two RMSE claims and the PSNR claim by hand
        Experiment e = Experiments.select(Experiments.builtIn(), List.of("completion")).get(0);
        Plan plan = e.plan(false);
        Results results = Results.load(List.of(plan), out);
        double irlab = 0, als = 0, soft = 0;
        for (int s = 1; s <= 5; s++) {
            JsonNode m = summary(dir.resolve("movielens-seed" + s).resolve("summary.json"));
            irlab += value(m, "irlab", "test.rmse") / 5;
            als += value(m, "als", "test.rmse") / 5;
            soft += value(m, "softimpute", "test.rmse") / 5;
        }
        JsonNode camera = summary(dir.resolve("camera-seed1/summary.json"));
        double psnrGap = value(camera, "irlab", "psnr") - value(camera, "softimpute", "psnr");
        List<Verdict> verdicts = new ArrayList<>();
        for (Claim c : e.claims()) verdicts.add(c.evaluate(results, e.name()).verdict());
        assertThat(verdicts.get(0)).isEqualTo(irlab <= als + 1e-12 ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
        assertThat(verdicts.get(1)).isEqualTo(irlab <= soft + 1e-12 ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
        assertThat(verdicts.get(2)).isEqualTo(psnrGap >= 0 ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
        assertThat(verdicts.get(3)).isEqualTo(Verdict.REPRODUCED); // tiny data: far below 30 s
        assertThat(verdicts).doesNotContain(Verdict.NOT_MEASURED);

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("id=\"completion\"").contains("<h3>Results</h3>").contains("test RMSE (mean ± sd)")
                .contains("effective rank").contains("PSNR, whole picture / hidden pixels (dB)")
                .contains("tuned SoftImpute").contains("id=\"plot-completion-irlab-validation-movielens\"")
                .contains("--data " + data);
        assertThat(html).containsPattern("\\d+\\.\\d+ − \\d+\\.\\d+\\)"); // both PSNR values beside their difference

        ReproduceCommandTest.Ran again = ReproduceCommandTest.irlab("reproduce", "--only", "completion", "--data",
                data.toString(), "--out", out.toString());
        assertThat(again.out()).contains("completion: up to date");
    }

    @Test
    void missingDataIsReportedAsNotMeasuredAndTheCommandSucceeds() throws Exception {
        Path defs = tmp.resolve("defs");
        Files.createDirectories(defs);
        Files.writeString(defs.resolve("index.json"), "{\"experiments\": [\"gone\"]}");
        Files.writeString(defs.resolve("gone.json"), """
                {"name": "gone", "kind": "completion", "title": "gone", "source": "test",
                 "base": {"input": {"file": "%s"}, "methods": ["biases", "irlab"]},
                 "seedKeys": {"seed": 0}, "seeds": [1, 2],
                 "runs": [{"name": "ratings"}],
                 "claims": [{"source": "paper (test)", "claim": "irlab beats the biases", "run": "ratings",
                             "metric": {"difference": [{"summary": "methods[method=irlab].test.rmse"},
                                                       {"summary": "methods[method=biases].test.rmse"}]},
                             "rule": {"atMost": 0}}]}
                """.formatted(tmp.resolve("no-such-ratings.csv").toString().replace("\\", "\\\\")));
        Path out = tmp.resolve("out");
        ReproduceCommandTest.Ran ran = ReproduceCommandTest.irlab("reproduce", "--experiments", defs.toString(),
                "--out", out.toString());
        assertThat(ran.code()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("gone: 0 runs in").contains("2 not measured (data unavailable)")
                .contains("0 reproduced, 0 partially, 0 not reproduced, 1 not measured");
        assertThat(ran.err()).contains("no-such-ratings.csv: no such file");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("verdict v-not-measured").contains("no-such-ratings.csv: no such file");
    }
    /**
     * Regression: a damaged data set in the data directory (a MovieLens file cut off in the middle of a line) is bad
     * input: exit 2 with a message naming the file, the line and how to fetch it again (it was exit 1, as for a bug);
     * the file is left as it was and the report is still written.
     */
    @Test
    void aDamagedDataSetExitsWithTwoNamingTheFile() throws Exception {
        Path data = tmp.resolve("data");
        Path ratings = data.resolve("movielens-small.csv");
        SyntheticData.ratings(ratings, 30, 20, 0.5, 5);
        byte[] whole = Files.readAllBytes(ratings);
        int cut = whole.length / 2;
        while (whole[cut - 1] != '\n') cut++;
        byte[] truncated = java.util.Arrays.copyOf(whole, cut + 3); // a line cut after three bytes
        Files.write(ratings, truncated);
        Path defs = tmp.resolve("defs");
        Files.createDirectories(defs);
        Files.writeString(defs.resolve("index.json"), "{\"experiments\": [\"cut\"]}");
        Files.writeString(defs.resolve("cut.json"), """
                {"name": "cut", "kind": "completion", "title": "cut", "source": "test",
                 "base": {"input": {"dataset": "movielens-small"}, "methods": ["biases"]},
                 "seedKeys": {"seed": 0}, "seeds": [1],
                 "runs": [{"name": "movielens"}]}
                """);
        Path out = tmp.resolve("out");
        ReproduceCommandTest.Ran ran = ReproduceCommandTest.irlab("reproduce", "--experiments", defs.toString(),
                "--data", data.toString(), "--out", out.toString(), "--quiet");
        assertThat(ran.code()).as(ran.err()).isEqualTo(Main.BAD_INPUT);
        String lines = new String(truncated, java.nio.charset.StandardCharsets.UTF_8);
        long line = lines.chars().filter(c -> c == '\n').count() + 1;
        assertThat(ran.err()).contains(ratings.toString()).contains("looks damaged").contains("line " + line)
                .contains("irlab data fetch movielens-small --force --dir " + data).doesNotContain("Exception");
        assertThat(Files.readAllBytes(ratings)).isEqualTo(truncated);
        assertThat(out.resolve("report.html")).isRegularFile();
    }
}
