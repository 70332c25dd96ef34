package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproductionTest {
    @TempDir Path tmp;

    private static List<Plan> plans(boolean quick) {
        List<Plan> out = new ArrayList<>();
        for (Experiment e : Experiments.fromDirectory(ExperimentTest.tinyDefinitions())) out.add(e.plan(quick));
        return out;
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws IOException {
        Path one = tmp.resolve("one"), three = tmp.resolve("three");
        List<Plan> plans = plans(false);
        Reproduction.execute(plans, new Reproduction.Options(one, 1, false), Reproduction.Listener.NONE);
        List<Reproduction.Outcome> outcomes =
                Reproduction.execute(plans, new Reproduction.Options(three, 3, false), Reproduction.Listener.NONE);
        assertThat(outcomes).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.RAN);
        int compared = 0;
        for (Plan p : plans) {
            for (Plan.PlannedRun r : p.runs()) {
                for (String file : List.of("trace.csv", "events.csv", "iterate.csv", "spec.json")) {
                    byte[] a = Files.readAllBytes(p.runDirectory(one, r).resolve(file));
                    byte[] b = Files.readAllBytes(p.runDirectory(three, r).resolve(file));
                    assertThat(b).as(r.name() + "/" + file).isEqualTo(a);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 8);
    }

    @Test
    void upToDateExperimentsAreSkippedUnlessForcedOrChanged() {
        Path out = tmp.resolve("out");
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Reproduction.Listener listener = new Reproduction.Listener() {
            @Override public void finished(Reproduction.Outcome o) { events.add(o.plan().name() + ":" + o.state()); }
        };
        Reproduction.execute(plans(false), new Reproduction.Options(out, 2, false), listener);
        assertThat(plans(false)).allMatch(p -> p.isUpToDate(out));
        events.clear();
        List<Reproduction.Outcome> again = Reproduction.execute(plans(false), new Reproduction.Options(out, 2, false), listener);
        assertThat(again).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.UP_TO_DATE);
        assertThat(events).containsExactlyInAnyOrder("sensing:UP_TO_DATE", "sparse:UP_TO_DATE");

        List<Reproduction.Outcome> forced = Reproduction.execute(plans(false), new Reproduction.Options(out, 2, true), listener);
        assertThat(forced).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.RAN);

        // the quick plan resolves to other specs: its hash differs, so it runs
        assertThat(plans(true)).noneMatch(p -> p.isUpToDate(out));
        List<Reproduction.Outcome> quick = Reproduction.execute(plans(true), new Reproduction.Options(out, 2, false), listener);
        assertThat(quick).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.RAN);
        assertThat(plans(false)).noneMatch(p -> p.isUpToDate(out));
    }

    @Test
    void anAnalysisRunsNothingAndIsMarkedComplete() {
        List<Plan> plans = new ArrayList<>(plans(false));
        Experiment analysis = Experiment.parse(Fixtures.json("{'name': 'fit', 'title': 't', 'source': 'paper (test)',"
                + " 'claims': [{'source': 'paper (test)', 'claim': 'c', 'runs': ['sensing/exact'],"
                + "             'metric': {'summary': 'finalError'}, 'rule': {'atMost': 1}}]}"), "fit.json");
        plans.add(analysis.plan(false));
        Path out = tmp.resolve("out");
        List<Reproduction.Outcome> outcomes =
                Reproduction.execute(plans, new Reproduction.Options(out, 2, false), Reproduction.Listener.NONE);
        assertThat(outcomes).extracting(Reproduction.Outcome::state).containsOnly(Reproduction.State.RAN);
        assertThat(outcomes.get(2).runsExecuted()).isZero();
        assertThat(plans.get(2).isUpToDate(out)).isTrue();
        assertThat(Files.exists(out.resolve("fit").resolve(Plan.MARKER))).isTrue();
    }

    @Test
    void aFailedRunLeavesTheExperimentIncompleteAndIsReported() throws IOException {
        // an iterate of the wrong shape: the file exists, so the spec reads, and the run fails when it loads it
        Files.writeString(tmp.resolve("wrong-shape.csv"), "1,2,3\n");
        Experiment e = Experiment.parse(Fixtures.json("{'name': 'broken', 'title': 't', 'source': 'paper (test)',"
                + " 'base': {'problem': {'type': 'sparse-recovery', 'dimension': 8, 'measurements': 20, 'truth': [1]},"
                + "          'algorithm': {'type': 'gd', 'stepSize': 0.01, 'maxIterations': 20}},"
                + " 'runs': [{'name': 'fine'},"
                + "          {'name': 'nofile', 'set': {'init.type': 'file', 'init.path': '" + tmp.resolve("wrong-shape.csv")
                + "'}}]}"), "broken.json");
        Path out = tmp.resolve("out");
        long[] work = {0};
        Reproduction.Listener listener = new Reproduction.Listener() {
            @Override public synchronized void advanced(Plan plan, long w) { work[0] += w; }
        };
        Plan plan = e.plan(false);
        Reproduction.Outcome o = Reproduction.execute(List.of(plan), new Reproduction.Options(out, 2, false), listener).get(0);
        assertThat(o.state()).isEqualTo(Reproduction.State.FAILED);
        assertThat(o.failures()).singleElement().asString().startsWith("nofile-seed1").contains("wrong-shape.csv");
        assertThat(Files.exists(plan.directory(out).resolve(Plan.MARKER))).isFalse();
        assertThat(Files.exists(plan.runDirectory(out, plan.runs().get(0)).resolve("summary.json"))).isTrue();
        assertThat(plan.isUpToDate(out)).isFalse();
        // progress adds up to the budget even when runs end early or fail
        assertThat(work[0]).isEqualTo(2 * 20);
    }
}
