package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.irlab.data.DebianPackages;
import org.irlab.experiment.DataSource;
import org.irlab.experiment.Json;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion kind inside the reproduction engine: missing data, exclusive runs, outputs and the report section. */
class CompletionReproductionTest {
    @TempDir Path tmp;

    /** A completion experiment on the two data sets, two seeds of ratings, one picture; cheap grids. */
    private static Experiment experiment() {
        return Experiment.parse(Fixtures.json("{'name': 'comp', 'kind': 'completion', 'title': 'Completion', 'source': 'paper (test)',"
                + " 'base': {'methods': ['biases', 'als', 'softimpute', 'irlab'], 'alsRanks': [2, 4], 'alsLambdas': [0.05, 0.1]},"
                + " 'seeds': [1, 2], 'seedKeys': {'seed': 0},"
                + " 'runs': [{'name': 'ratings', 'set': {'input.dataset': 'movielens-small'}},"
                + "          {'name': 'picture', 'seeds': [1], 'set': {'input.dataset': 'camera', 'missing': 0.5,"
                + "                                                     'alsLambdas': [0.003, 0.01]}}],"
                + " 'plots': [{'name': 'curve', 'title': 'irlab', 'column': 'validationRmse', 'runs': ['ratings']}],"
                + " 'claims': [{'source': 'IRLab check (test)', 'claim': 'irlab beats ALS on average', 'run': 'ratings',"
                + "   'metric': {'mean': {'difference': [{'summary': 'methods[method=irlab].test.rmse'},"
                + "                                     {'summary': 'methods[method=als].test.rmse'}]}}, 'rule': {'atMost': 0}},"
                + "  {'source': 'IRLab check (test)', 'claim': 'irlab PSNR at least SoftImpute', 'run': 'picture',"
                + "   'metric': {'difference': [{'summary': 'methods[method=irlab].psnr'},"
                + "                             {'summary': 'methods[method=softimpute].psnr'}]}, 'rule': {'atLeast': 0}}]}"),
                "comp.json");
    }

    private static Report.Written report(Path out, List<Plan> plans, List<Reproduction.Outcome> outcomes) {
        List<Report.Section> sections = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) sections.add(new Report.Section(plans.get(i), outcomes.get(i)));
        return Report.write(out, sections, Results.load(plans, out), new Report.Pass(false, 2, System.nanoTime(), "test"));
    }

    @Test
    void runsWhoseDataCannotBeFetchedAreNotMeasuredAndNothingFails() throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        DataSource offline = new DataSource(tmp.resolve("data"), (dataset, dir) -> {
            fetches.incrementAndGet();
            throw new DebianPackages.FetchException("apt-get not found on PATH");
        });
        Path out = tmp.resolve("out");
        Plan plan = experiment().plan(false);
        List<Reproduction.Outcome> outcomes = Reproduction.execute(List.of(plan),
                new Reproduction.Options(out, 2, false, offline), Reproduction.Listener.NONE);
        Reproduction.Outcome o = outcomes.get(0);
        assertThat(o.state()).isEqualTo(Reproduction.State.INCOMPLETE);
        assertThat(o.failures()).isEmpty();
        assertThat(o.notMeasured()).hasSize(3).allSatisfy(n -> assertThat(n).contains("could not be fetched"));
        assertThat(fetches.get()).isEqualTo(2); // once per data set, not once per run
        Path run = plan.runDirectory(out, plan.runs().get(0));
        assertThat(run.resolve(Task.NOT_MEASURED)).isRegularFile();
        assertThat(run.resolve("summary.json")).doesNotExist();
        assertThat(plan.directory(out).resolve(Plan.MARKER)).doesNotExist();
        assertThat(plan.isUpToDate(out)).isFalse(); // tried again next time

        Report.Written written = report(out, List.of(plan), outcomes);
        assertThat(written.claims()).extracting(Claim.Result::verdict).containsOnly(Verdict.NOT_MEASURED);
        String html = Files.readString(written.file());
        assertThat(html).contains("Not measured (data unavailable").contains("movielens-small.csv is missing")
                .contains("apt-get not found on PATH").contains("./irlab data fetch camera")
                .contains("No numbers for this input");
    }

    @Test
    void completionRunsGoAloneAfterTheOthersAndFillTheSection() throws IOException {
        Path data = tmp.resolve("data");
        SyntheticData.ratings(data.resolve("movielens-small.csv"), 30, 20, 0.6, 5);
        SyntheticData.picture(data.resolve("camera.png"), 24, 20);
        List<Plan> plans = new ArrayList<>();
        for (Experiment e : Experiments.fromDirectory(ExperimentTest.tinyDefinitions())) plans.add(e.plan(true));
        Plan completion = experiment().plan(false);
        plans.add(0, completion);
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        Reproduction.Listener order = new Reproduction.Listener() {
            @Override public void finished(Reproduction.Outcome o) { finished.add(o.plan().name()); }
        };
        Path out = tmp.resolve("out");
        List<Reproduction.Outcome> outcomes = Reproduction.execute(plans,
                new Reproduction.Options(out, 2, false, new DataSource(data, null)), order);
        assertThat(outcomes).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.RAN);
        // listed first, but exclusive: it starts once the pool of shared runs is done
        assertThat(finished).hasSize(3).endsWith("comp");
        assertThat(completion.isUpToDate(out)).isTrue();
        for (Plan.PlannedRun r : completion.runs()) {
            Path dir = completion.runDirectory(out, r);
            for (String f : List.of("spec.json", "summary.json", "predictions.csv", "compare.md", "compare.csv", "trace.csv")) {
                assertThat(dir.resolve(f)).as(r.name() + "/" + f).isRegularFile();
            }
            assertThat(Files.readString(dir.resolve("spec.json"))).isEqualTo(Json.write(r.task().resolved()));
            assertThat(Json.read(dir.resolve("summary.json")).path("methods")).hasSize(4);
        }
        assertThat(completion.runDirectory(out, completion.runs().get(2)).resolve("comparison.png")).isRegularFile();
        assertThat(Trace.read(completion.runDirectory(out, completion.runs().get(0)).resolve("trace.csv"))
                .column("validationRmse")).isNotEmpty();

        Report.Written written = report(out, List.of(completion), List.of(outcomes.get(0)));
        assertThat(written.claims()).extracting(Claim.Result::verdict).doesNotContain(Verdict.NOT_MEASURED);
        String html = Files.readString(written.file());
        assertThat(html).contains("<h3>Results</h3>").contains("test RMSE (mean ± sd)")
                .contains("PSNR, whole picture / hidden pixels (dB)").contains("effective rank")
                .contains("comp/picture-seed1/comparison.png").contains("id=\"figure-comp-curve\"").contains("id=\"plot-comp-curve\"");
    }

    /** Data that is there but bad is a failure of the run on bad input (exit code 2 in the command), not "not measured". */
    @Test
    void aMalformedInputFailsTheRunAndNamesTheLine() throws IOException {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "userId,movieId,rating\n1,2,3\n1,2\n");
        Experiment e = Experiment.parse(Fixtures.json("{'name': 'bad', 'kind': 'completion', 'title': 't', 'source': 'paper (test)',"
                + " 'base': {'input': {'file': '" + bad.toString().replace("\\", "/") + "'}, 'methods': ['biases']},"
                + " 'runs': [{'name': 'ratings'}]}"), "bad.json");
        Plan plan = e.plan(false);
        Reproduction.Outcome o = Reproduction.execute(List.of(plan),
                new Reproduction.Options(tmp.resolve("out"), 1, false, new DataSource(tmp, null)),
                Reproduction.Listener.NONE).get(0);
        assertThat(o.state()).isEqualTo(Reproduction.State.FAILED);
        assertThat(o.failures()).singleElement().asString().startsWith("ratings-seed1").contains("line 3");
        assertThat(o.failedOnBadInputOnly()).isTrue();
        assertThat(o.notMeasured()).isEmpty();
        assertThat(plan.isUpToDate(tmp.resolve("out"))).isFalse();
    }
}
