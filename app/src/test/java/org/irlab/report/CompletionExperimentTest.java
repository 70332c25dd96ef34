package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.irlab.experiment.SpecException;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;

/** The shipped completion experiment: its definition, and its claims' verdicts on given numbers. */
class CompletionExperimentTest {
    private static Experiment completion() {
        for (Experiment e : Experiments.builtIn()) if (e.name().equals("completion")) return e;
        throw new AssertionError("no built-in experiment 'completion'");
    }

    @Test void theDefinitionRunsWhatTheIssueAsks() {
        Experiment e = completion();
        assertThat(e.kind()).isEqualTo(Experiment.Kind.COMPLETION);
        Plan full = e.plan(false);
        assertThat(full.runs()).extracting(Plan.PlannedRun::name).containsExactly("movielens-seed1", "movielens-seed2",
                "movielens-seed3", "movielens-seed4", "movielens-seed5", "camera-seed1");
        for (Plan.PlannedRun r : full.runs()) {
            assertThat(r.task()).isInstanceOf(Task.Completion.class);
            assertThat(r.task().exclusive()).isTrue();
            var spec = r.task().resolved();
            assertThat(spec.at("/seed").asLong()).isEqualTo(r.seed());
            assertThat(spec.at("/methods").toString()).isEqualTo("[\"biases\",\"als\",\"softimpute\",\"irlab\"]");
            assertThat(spec.at("/validationFraction").asDouble()).isEqualTo(0.1);
            // the command's defaults: ALS grid, SoftImpute cap, irlab's own search rank
            assertThat(spec.at("/searchRank").asText()).isEqualTo("auto");
            assertThat(spec.at("/alsRanks").toString()).isEqualTo("[5,10,20,40]");
            if (r.group().name().equals("movielens")) {
                assertThat(spec.at("/input/dataset").asText()).isEqualTo("movielens-small");
                assertThat(spec.at("/testFraction").asDouble()).isEqualTo(0.2);
                assertThat(spec.at("/maxRank").asInt()).isEqualTo(100);
            } else {
                assertThat(spec.at("/input/dataset").asText()).isEqualTo("camera");
                assertThat(spec.at("/missing").asDouble()).isEqualTo(0.5);
                assertThat(spec.has("crop")).isFalse();
            }
        }
        Plan quick = e.plan(true);
        assertThat(quick.runs()).extracting(Plan.PlannedRun::name).containsExactly("movielens-seed1", "camera-seed1");
        assertThat(quick.runs().get(0).task().resolved().at("/searchRank").asInt()).isEqualTo(200);
        assertThat(quick.runs().get(1).task().resolved().at("/crop/width").asInt()).isEqualTo(128);
        assertThat(quick.hash()).isNotEqualTo(full.hash());
        assertThat(e.claims()).extracting(Claim::text).anyMatch(t -> t.contains("tuned ALS"))
                .anyMatch(t -> t.contains("tuned SoftImpute")).anyMatch(t -> t.contains("PSNR"))
                .anyMatch(t -> t.contains("30 s"));
    }

    /** One method's entry of summary.json. */
    private record Method(String name, double rmse, double psnr, double seconds, double effectiveRank) {}

    private static ObjectNode summary(List<Method> methods) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.putObject("input").put("format", "ratings");
        ArrayNode a = s.putArray("methods");
        for (Method m : methods) {
            ObjectNode n = a.addObject();
            n.put("method", m.name());
            n.putObject("test").put("rmse", m.rmse()).put("mae", 0.7 * m.rmse());
            if (!Double.isNaN(m.psnr())) n.put("psnr", m.psnr());
            n.put("seconds", m.seconds());
            ObjectNode hyper = n.putObject("hyperParameters");
            if (!Double.isNaN(m.effectiveRank())) {
                hyper.put("searchRank", 500);
                n.putObject("diagnostics").put("effectiveRank", m.effectiveRank());
            }
        }
        return s;
    }

    /** MovieLens runs with the given irlab RMSE per seed (ALS 0.874, SoftImpute 0.872) and irlab seconds. */
    private static Results numbers(Experiment e, double[] irlabRmse, double[] irlabSeconds, double irlabRank,
                                   double irlabPsnr) {
        Results r = new Results();
        for (int k = 0; k < irlabRmse.length; k++) {
            r.add(new RunResult(e.name(), e.group("movielens"), k + 1, "movielens-seed" + (k + 1), summary(List.of(
                    new Method("biases", 0.886, Double.NaN, 0.1, Double.NaN),
                    new Method("als", 0.874, Double.NaN, 13, Double.NaN),
                    new Method("softimpute", 0.872, Double.NaN, 11, Double.NaN),
                    new Method("irlab", irlabRmse[k], Double.NaN, irlabSeconds[k], irlabRank))), null, List.of(), null));
        }
        r.add(new RunResult(e.name(), e.group("camera"), 1, "camera-seed1", summary(List.of(
                new Method("softimpute", 0.05, 27.01, 8, Double.NaN),
                new Method("irlab", 0.049, irlabPsnr, 85, 50))), null, List.of(), null));
        return r;
    }

    private static List<Verdict> verdicts(Experiment e, Results results) {
        List<Verdict> out = new ArrayList<>();
        for (Claim c : e.claims()) out.add(c.evaluate(results, e.name()).verdict());
        return out;
    }

    @Test void verdictsFollowTheNumbers() {
        Experiment e = completion();
        assertThat(e.claims()).hasSize(5); // vs ALS, vs SoftImpute, PSNR, time, effective rank
        Results ahead = numbers(e, new double[] {0.870, 0.871, 0.869, 0.873, 0.870}, new double[] {12, 13, 12, 19, 11},
                90, 27.46);
        assertThat(verdicts(e, ahead)).containsOnly(Verdict.REPRODUCED);
        Claim.Result psnr = e.claims().get(2).evaluate(ahead, e.name());
        assertThat(Report.measured(psnr)).contains("27.46 − 27.01");
        Claim.Result vsSoft = e.claims().get(1).evaluate(ahead, e.name());
        assertThat(vsSoft.values()).singleElement().satisfies(m -> {
            assertThat(m.number()).isCloseTo((0.870 + 0.871 + 0.869 + 0.873 + 0.870) / 5 - 0.872,
                    org.assertj.core.data.Offset.offset(Tolerances.REORDERED));
            assertThat(m.detail()).startsWith("mean of 5 runs: ").contains("sd ");
        });

        // behind SoftImpute on average (ahead of ALS), one slow run, a flat spectrum, a worse picture
        Results behind = numbers(e, new double[] {0.8722, 0.8722, 0.8732, 0.8752, 0.8719},
                new double[] {12, 31, 12, 19, 11}, 300, 26.9);
        assertThat(verdicts(e, behind)).containsExactly(Verdict.REPRODUCED, Verdict.NOT_REPRODUCED,
                Verdict.NOT_REPRODUCED, Verdict.PARTIALLY, Verdict.NOT_REPRODUCED);
        // a tie counts as "at least as good"
        Results tie = numbers(e, new double[] {0.872, 0.872}, new double[] {1, 1}, 10, 27.01);
        assertThat(verdicts(e, tie)).containsOnly(Verdict.REPRODUCED);
    }

    /** Runs whose data was unavailable leave no numbers: every claim on them is not measured, and says why. */
    @Test void runsWithoutDataAreNotMeasured() {
        Experiment e = completion();
        Results none = new Results();
        for (Plan.PlannedRun run : e.plan(false).runs()) {
            none.add(new RunResult(e.name(), run.group(), run.seed(), run.name(), null, null, List.of(), null,
                    "data/" + run.group().name() + " is missing"));
        }
        assertThat(verdicts(e, none)).containsOnly(Verdict.NOT_MEASURED);
        Measurement m = new Metric.Summary("methods[method=irlab].seconds").measure(none.runs(e.name(), "movielens").get(0));
        assertThat(m.isNumber()).isFalse();
        assertThat(m.why()).isEqualTo("not measured: data/movielens is missing");
    }

    @Test void summaryPathsPickArrayElementsByKey() {
        Experiment e = completion();
        RunResult run = numbers(e, new double[] {0.87}, new double[] {3}, 40, 27).runs(e.name(), "movielens").get(0);
        assertThat(new Metric.Summary("methods[method=als].test.rmse").measure(run).number()).isEqualTo(0.874);
        assertThat(new Metric.Summary("methods[method=irlab].diagnostics.effectiveRank").measure(run).number()).isEqualTo(40);
        assertThat(new Metric.Summary("methods[method=nmf].test.rmse").measure(run).why())
                .isEqualTo("no methods[method=nmf].test.rmse in summary.json");
        assertThatThrownBy(() -> Metric.read(new org.irlab.experiment.SpecNode("claims[0].metric",
                Fixtures.json("{'summary': 'methods[irlab].seconds'}"), JsonNodeFactory.instance.objectNode())))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].metric.summary");
    }

    @Test void theMeanIsUndefinedWhenARunLacksTheValue() {
        Experiment e = completion();
        Results r = numbers(e, new double[] {0.87, 0.88, 0.89}, new double[] {1, 2, 3}, 40, 27);
        Metric.Mean mean = new Metric.Mean(new Metric.Summary("methods[method=irlab].test.rmse"));
        List<RunResult> runs = r.runs(e.name(), "movielens");
        Measurement m = mean.measure(runs, r);
        assertThat(m.number()).isCloseTo(0.88, org.assertj.core.data.Offset.offset(Tolerances.REORDERED));
        assertThat(m.detail()).isEqualTo("mean of 3 runs: 0.87, 0.88, 0.89; sd 0.01");
        List<RunResult> withCamera = new ArrayList<>(runs);
        withCamera.addAll(r.runs(e.name(), "camera"));
        Metric.Mean psnr = new Metric.Mean(new Metric.Summary("methods[method=irlab].psnr"));
        assertThat(psnr.measure(withCamera, r).isNumber()).isFalse();
        assertThat(psnr.measure(withCamera, r).why()).startsWith("movielens-seed1: ");
        assertThat(mean.describe()).isEqualTo("mean over the runs of methods[method=irlab].test.rmse");
    }
}
