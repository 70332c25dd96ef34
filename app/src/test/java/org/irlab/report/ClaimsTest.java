package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.irlab.experiment.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimsTest {
    private static final Experiment DEMO = Fixtures.experiment("[]", "["
            + "{'source': 'paper (test)', 'claim': 'a reaches 1e-9', 'run': 'a', 'metric': {'summary': 'finalError'},"
            + " 'rule': {'atMost': 1e-9}},"
            + "{'source': 'paper (test)', 'claim': 'residual grows 1e5-fold', 'run': 'a',"
            + " 'metric': {'ratio': [{'trace': 'residualNorm', 'reduce': 'max'},"
            + "                      {'trace': 'residualNorm', 'at': 'first-perturbation'}]},"
            + " 'rule': {'between': [1e4, 1e6]}},"
            + "{'source': 'IRLab finding (test)', 'claim': 'b returns the origin', 'run': 'b', 'metric': {'summary': 'status'},"
            + " 'rule': {'equals': 'returned-initial-point'}}]");

    private static RunResult run(String group, long seed, double finalError, String status, double[] residual,
                                 int firstPerturbation) {
        return Fixtures.run(DEMO, group, seed, "{'finalError': " + finalError + ", 'status': '" + status + "'}",
                List.of("residualNorm"), new double[][] {residual},
                List.of(new RunResult.Event(firstPerturbation, "perturbation"),
                        new RunResult.Event(firstPerturbation + 3, "returned-candidate")));
    }

    @ParameterizedTest
    @CsvSource({"2,2,REPRODUCED", "1,2,PARTIALLY", "0,2,NOT_REPRODUCED", "0,0,NOT_MEASURED", "5,5,REPRODUCED"})
    void verdictFollowsTheShareOfPassingRuns(int passed, int measured, Verdict expected) {
        assertThat(Verdict.of(passed, measured)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1,6,REPRODUCED", "6,6,REPRODUCED", "0,6,NOT_REPRODUCED", "0,0,NOT_MEASURED"})
    void aClaimAboutSomeRunsIsReproducedByOnePassingRun(int passed, int measured, Verdict expected) {
        assertThat(Verdict.of(passed, measured, Verdict.Quantifier.SOME)).isEqualTo(expected);
    }

    @Test
    void sameSeedComparesGroupsSeedBySeedAndSomeRunClaimsNeedOnePass() {
        Experiment e = Fixtures.experiment("[]", "["
                + "{'source': 'paper (test)', 'claim': 'b has a smaller error than a, seed by seed', 'run': 'b',"
                + " 'metric': {'ratio': [{'summary': 'finalError'}, {'sameSeed': 'a', 'metric': {'summary': 'finalError'}}]},"
                + " 'rule': {'atMost': 0.5}},"
                + "{'source': 'paper (test)', 'claim': 'some run of a oscillates', 'run': 'a', 'metric': {'summary': 'status'},"
                + " 'rule': {'equals': 'iteration-limit'}, 'quantifier': 'some'}]");
        Results r = new Results()
                .add(Fixtures.run(e, "a", 1, "{'finalError': 8, 'status': 'iteration-limit'}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "a", 2, "{'finalError': 1, 'status': 'converged'}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 2, "{'finalError': 0.25}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 1, "{'finalError': 2}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 3, "{'finalError': 1}", List.of(), new double[0][], List.of()));
        Claim.Result ratio = e.claims().get(0).evaluate(r, "demo");
        // b seed 2 vs a seed 2, b seed 1 vs a seed 1, b seed 3 has no partner
        assertThat(ratio.values().get(0).number()).isEqualTo(0.25);
        assertThat(ratio.values().get(1).number()).isEqualTo(0.25);
        assertThat(ratio.values().get(2).isNumber()).isFalse();
        assertThat(ratio.values().get(2).toString()).contains("no run of a with seed 3");
        assertThat(ratio.verdict()).isEqualTo(Verdict.PARTIALLY);
        assertThat(e.claims().get(0).metric().describe()).isEqualTo("(finalError) / (finalError of a (same seed))");
        Claim.Result some = e.claims().get(1).evaluate(r, "demo");
        assertThat(some.passCount()).isEqualTo(1);
        assertThat(some.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(new Metric.SameSeed(new RunSelector(null, "a"), new Metric.Summary("finalError"))
                .measure(r.runs("demo", "b").get(0)).isNumber()).as("without the other runs").isFalse();
    }

    @Test
    void rulesCompareNumbersAndTextsAndNeverPassUndefinedValues() {
        assertThat(new Rule.AtMost(1e-9).test(Measurement.of(2.09e-10))).isTrue();
        assertThat(new Rule.AtMost(1e-9).test(Measurement.of(1e-9))).isTrue();
        assertThat(new Rule.AtMost(1e-9).test(Measurement.of(1.1e-9))).isFalse();
        assertThat(new Rule.AtLeast(1e-6).test(Measurement.of(8.4e-6))).isTrue();
        assertThat(new Rule.AtLeast(1e-6).test(Measurement.of(9e-7))).isFalse();
        assertThat(new Rule.Between(1e-5, 1e-4).test(Measurement.of(1.53e-5))).isTrue();
        assertThat(new Rule.Between(1e-5, 1e-4).test(Measurement.of(1.73e-6))).isFalse();
        assertThat(new Rule.Between(1e-5, 1e-4).test(Measurement.of(2e-4))).isFalse();
        assertThat(new Rule.Equals("diverged").test(Measurement.text("diverged"))).isTrue();
        assertThat(new Rule.Equals("diverged").test(Measurement.text("converged"))).isFalse();
        for (Rule r : List.<Rule>of(new Rule.AtMost(1), new Rule.AtLeast(-1), new Rule.Between(-1, 1))) {
            assertThat(r.test(Measurement.of(Double.NaN))).isFalse();
            assertThat(r.test(Measurement.of(Double.POSITIVE_INFINITY))).isFalse();
            assertThat(r.test(Measurement.undefined("run missing"))).isFalse();
            assertThat(r.test(Measurement.text("0"))).isFalse();
        }
        assertThat(new Rule.Equals("x").test(Measurement.of(1))).isFalse();
    }

    @Test
    void claimVerdictsComeFromTheGivenNumbers() {
        Results r = new Results()
                .add(run("a", 1, 2.1e-10, "converged", new double[] {0, 1e-15, 1e-12, 1.7e-10}, 1))
                .add(run("a", 2, 3.0e-9, "converged", new double[] {0, 2e-15, 5e-12, 2e-8}, 1))
                .add(run("b", 1, 11.8, "returned-initial-point", new double[] {1e-15, 0}, 0))
                .add(run("b", 2, 11.8, "returned-initial-point", new double[] {1e-15, 0}, 0));
        Claim.Result error = DEMO.claims().get(0).evaluate(r, "demo");
        assertThat(error.values()).extracting(Measurement::number).containsExactly(2.1e-10, 3.0e-9);
        assertThat(error.passed()).containsExactly(true, false);
        assertThat(error.verdict()).isEqualTo(Verdict.PARTIALLY);

        Claim.Result growth = DEMO.claims().get(1).evaluate(r, "demo");
        assertThat(growth.values().get(0).number()).isCloseTo(1.7e5, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(growth.values().get(1).number()).isCloseTo(1e7, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(growth.verdict()).isEqualTo(Verdict.PARTIALLY);

        Claim.Result status = DEMO.claims().get(2).evaluate(r, "demo");
        assertThat(status.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(Report.measured(status.values())).isEqualTo("returned-initial-point × 2");
        assertThat(Report.measured(error.values())).isEqualTo("median 1.61e-9 (range 2.1e-10 to 3e-9, 2 runs)");
    }

    @Test
    void aMissingRunCountsAgainstTheClaimAndNoRunsMeansNotMeasured() {
        Results r = new Results().add(run("a", 1, 2.1e-10, "converged", new double[] {1e-15, 1e-10}, 0))
                .add(Fixtures.missing(DEMO, "a", 2));
        Claim.Result result = DEMO.claims().get(0).evaluate(r, "demo");
        assertThat(result.verdict()).isEqualTo(Verdict.PARTIALLY);
        assertThat(result.values().get(1).toString()).contains("run missing");
        Results none = new Results().add(Fixtures.missing(DEMO, "a", 1));
        assertThat(DEMO.claims().get(0).evaluate(none, "demo").verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(DEMO.claims().get(2).evaluate(r, "demo").verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void traceMetricsReduceSkippingUndefinedCells() {
        RunResult run = Fixtures.run(DEMO, "a", 1, "{'metrics': {'imbalance': 0.25}, 'finalError': null}",
                List.of("error"), new double[][] {{Double.NaN, 4, 1, 3, Double.NaN, 2, Double.NaN}},
                List.of(new RunResult.Event(2, "no-op-perturbation")));
        assertThat(new Metric.TraceReduce("error", Metric.Reduction.FIRST).measure(run).number()).isEqualTo(4);
        assertThat(new Metric.TraceReduce("error", Metric.Reduction.LAST).measure(run).number()).isEqualTo(2);
        assertThat(new Metric.TraceReduce("error", Metric.Reduction.MIN).measure(run).number()).isEqualTo(1);
        assertThat(new Metric.TraceReduce("error", Metric.Reduction.MAX).measure(run).number()).isEqualTo(4);
        assertThat(new Metric.TraceAtFirstPerturbation("error").measure(run).number()).isEqualTo(1);
        // iterations 0..6: half of 6 is 3, the row at iteration 3 holds 3
        assertThat(new Metric.TraceAtFraction("error", 0.5).measure(run).number()).isEqualTo(3);
        // the first row at or below 1 is iteration 2 (NaN cells never count); nothing reaches 0.5
        assertThat(new Metric.TraceFirstBelow("error", 1).measure(run).number()).isEqualTo(2);
        assertThat(new Metric.TraceFirstBelow("error", 2).measure(run).number()).isEqualTo(2);
        assertThat(new Metric.TraceFirstBelow("error", 0.5).measure(run).isNumber()).isFalse();
        assertThat(new Metric.Summary("metrics.imbalance").measure(run).number()).isEqualTo(0.25);
        assertThat(new Metric.Summary("finalError").measure(run).why()).isEqualTo("not finite");
        assertThat(new Metric.Summary("nothing").measure(run).isNumber()).isFalse();
        assertThat(new Metric.TraceReduce("absent", Metric.Reduction.MIN).measure(run).why()).contains("no column absent");
        Metric zero = new Metric.Combination(Metric.Operator.RATIO, new Metric.TraceReduce("error", Metric.Reduction.MAX),
                new Metric.Summary("metrics.imbalance"));
        assertThat(zero.measure(run).number()).isEqualTo(16);
    }

    @Test
    void aRatioByZeroOrUndefinedIsUndefined() {
        RunResult run = Fixtures.run(DEMO, "a", 1, "{'x': 0, 'y': 2}", List.of("e"), new double[][] {{1}}, List.of());
        Metric m = new Metric.Combination(Metric.Operator.RATIO, new Metric.Summary("y"), new Metric.Summary("x"));
        assertThat(m.measure(run).isNumber()).isFalse();
        assertThat(new Metric.TraceAtFirstPerturbation("e").measure(run).why()).isEqualTo("no perturbation");
    }

    @Test
    void aClaimMayConcernSeveralGroups() {
        Experiment e = Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'every run of a and b converges',"
                + " 'runs': ['a', 'b'], 'metric': {'summary': 'finalError'}, 'rule': {'atMost': 1e-6}}]");
        Results r = new Results()
                .add(Fixtures.run(e, "a", 1, "{'finalError': 1e-9}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 1, "{'finalError': 1e-7}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 2, "{'finalError': 3}", List.of(), new double[0][], List.of()));
        Claim.Result result = e.claims().get(0).evaluate(r, "demo");
        assertThat(result.runs()).extracting(RunResult::name).containsExactly("a-seed1", "b-seed1", "b-seed2");
        assertThat(result.passed()).containsExactly(true, true, false);
        assertThat(result.verdict()).isEqualTo(Verdict.PARTIALLY);
        assertThat(e.claims().get(0).runsText()).isEqualTo("a, b");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a', 'runs': ['b'],"
                + " 'metric': {'summary': 'x'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].run");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'runs': ['a', 'zz'],"
                + " 'metric': {'summary': 'x'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].runs").hasMessageContaining("zz");
    }

    @Test
    void aDifferenceSubtractsAndIsUndefinedWhenEitherSideIs() {
        RunResult run = Fixtures.run(DEMO, "a", 1, "{'finalError': 4.5, 'status': 'converged'}", List.of("residualNorm"),
                new double[][] {{4.25, 4.25}}, List.of());
        Metric d = new Metric.Combination(Metric.Operator.DIFFERENCE, new Metric.Summary("finalError"),
                new Metric.TraceReduce("residualNorm", Metric.Reduction.FIRST));
        assertThat(d.measure(run).number()).isEqualTo(0.25);
        assertThat(d.describe()).isEqualTo("(finalError) − (first of residualNorm over the run)");
        assertThat(new Metric.Combination(Metric.Operator.DIFFERENCE, new Metric.Summary("status"), new Metric.Summary("finalError"))
                .measure(run).isNumber()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0.999999,0.999999", "1.000001,1.000001", "1e-8,1e-8", "-1e-12,-1e-12", "1.25e-15,1.25e-15",
                "20,20", "0.112,0.112", "12345.5,1.23455e4", "0,0"})
    void limitsAreWrittenAsGiven(double x, String expected) {
        assertThat(Format.exact(x)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2.0927e-10,2.09e-10", "1e-9,1e-9", "0.5,0.5", "11.78982,11.8", "3000,3000", "12345,1.23e4",
                "-0.00042,-4.2e-4", "0,0", "1e5,1e5"})
    void numbersAreWrittenWithThreeSignificantDigits(double x, String expected) {
        assertThat(Format.number(x)).isEqualTo(expected);
    }

    @Test
    void badClaimsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.experiment("[]",
                "[{'source': 'paper (test)', 'claim': 'c', 'run': 'zz', 'metric': {'summary': 'x'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].run").hasMessageContaining("zz");
        assertThatThrownBy(() -> Fixtures.experiment("[]",
                "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a', 'metric': {'trace': 'x', 'reduce': 'mean'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].metric.reduce");
        assertThatThrownBy(() -> Fixtures.experiment("[]",
                "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a', 'metric': {'summary': 'x'}, 'rule': {'between': [2, 1]}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].rule.between");
        assertThatThrownBy(() -> Fixtures.experiment("[]",
                "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a', 'metric': {'summary': 'x'}, 'rule': {'atMost': 1}, 'extra': 1}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].extra");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'sameSeed': 'zz', 'metric': {'summary': 'x'}}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].metric").hasMessageContaining("zz");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'summary': 'x'}, 'rule': {'atMost': 1}, 'quantifier': 'most'}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].quantifier").hasMessageContaining("every, some");
    }

    @Test
    void productSeparationOtherReadingsAndLateReductionsMeasureWhatTheySay() {
        Experiment e = Fixtures.experiment("[]", "["
                + "{'source': 'paper (test)', 'claim': 'failing runs have a larger rate', 'runs': ['a', 'b'],"
                + " 'metric': {'separation': {'summary': 'rate'}, 'lower': {'status': 'converged'}}, 'rule': {'atLeast': 0}},"
                + "{'source': 'paper (test)', 'claim': 'b lies above a in eta times rate', 'run': 'b',"
                + " 'metric': {'separation': {'product': [{'summary': 'rate'}, {'summary': 'eta'}]}, 'lower': {'runs': ['a']}},"
                + " 'rule': {'atLeast': 0}},"
                + "{'source': 'paper (test)', 'claim': 'error small', 'runs': ['a'], 'metric': {'summary': 'distance'},"
                + " 'rule': {'atMost': 1e-8}, 'otherReading': {'label': 'the error', 'metric': {'summary': 'finalError'}}},"
                + "{'source': 'paper (test)', 'claim': 'late maximum', 'run': 'a',"
                + " 'metric': {'trace': 'x', 'reduce': 'max', 'from': 0.5}, 'rule': {'atMost': 3}}]");
        double[][] trace = {{9, 1, 2, 3, 1}};
        Results r = new Results()
                .add(Fixtures.run(e, "a", 1, "{'rate': 5, 'eta': 0.1, 'status': 'converged', 'distance': 1e-9, 'finalError': 1e-15}",
                        List.of("x"), trace, List.of()))
                .add(Fixtures.run(e, "a", 2, "{'rate': 7, 'eta': 0.1, 'status': 'converged', 'distance': 2e-9, 'finalError': 4e-15}",
                        List.of("x"), trace, List.of()))
                .add(Fixtures.run(e, "b", 1, "{'rate': 9, 'eta': 0.05, 'status': 'oscillating'}", List.of(), new double[0][], List.of()))
                .add(Fixtures.run(e, "b", 2, "{'rate': 20, 'eta': 0.05, 'status': 'oscillating'}", List.of(), new double[0][], List.of()));
        Claim.Result byStatus = e.claims().get(0).evaluate(r, "demo");
        assertThat(byStatus.pooled()).isTrue();
        assertThat(byStatus.values().get(0).number()).isEqualTo(9 - 7);
        assertThat(byStatus.values().get(0).detail()).isEqualTo("smallest above 9 − largest below 7; above: 9, 20; below: 5, 7");
        assertThat(byStatus.verdict()).isEqualTo(Verdict.REPRODUCED);

        Claim.Result byRuns = e.claims().get(1).evaluate(r, "demo");
        assertThat(byRuns.values().get(0).number()).isCloseTo(0.45 - 0.7, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(byRuns.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);

        Claim.Result readings = e.claims().get(2).evaluate(r, "demo");
        assertThat(readings.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(readings.otherValues()).extracting(Measurement::number).containsExactly(1e-15, 4e-15);
        assertThat(readings.otherPassed()).containsExactly(true, true);
        assertThat(e.claims().get(2).other().label()).isEqualTo("the error");

        // from half of the run (iteration ≥ 2): the 9 at t = 0 is left out
        assertThat(e.claims().get(3).evaluate(r, "demo").values().get(0).number()).isEqualTo(3);

        // nobody on one side: undefined
        Results onlyConverged = new Results().add(r.runs("demo", "a").get(0));
        assertThat(e.claims().get(0).evaluate(onlyConverged, "demo").values().get(0).isNumber()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"paper | false", "reference | false", "issue 8 | false", "paper (Fig. 4 caption) | true",
            "paper §7 text | true", "seed 003 (open question 2) | true", "seed 004 (Theorem 1) | true",
            "IRLab finding (runs fig1/over4) | true", "IRLab check (the paper fits no intercept) | true", "seed 005 (x) | false"})
    void everyClaimNamesAFollowableSource(String source, boolean accepted) {
        String claim = "[{'source': '" + source + "', 'claim': 'c', 'run': 'a', 'metric': {'summary': 'finalError'},"
                + " 'rule': {'atMost': 1}}]";
        if (accepted) {
            assertThat(Fixtures.experiment("[]", claim).claims().get(0).source()).isEqualTo(source);
        } else {
            assertThatThrownBy(() -> Fixtures.experiment("[]", claim)).isInstanceOf(SpecException.class)
                    .hasMessageContaining("claims[0].source").hasMessageContaining("followable");
        }
    }

    @Test
    void everyBuiltInClaimHasAFollowableSource() {
        for (Experiment e : Experiments.builtIn()) {
            for (Claim c : e.claims()) assertThat(Claim.SOURCE.matcher(c.source()).matches()).as(c.text()).isTrue();
        }
    }
}
