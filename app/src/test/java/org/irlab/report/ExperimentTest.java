package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.irlab.experiment.Problems;
import org.irlab.experiment.SpecException;
import org.junit.jupiter.api.Test;

class ExperimentTest {
    static Path tinyDefinitions() {
        try {
            return Path.of(ExperimentTest.class.getResource("/tiny-experiments/index.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void planCrossesGroupsWithSeedsAndAppliesOverridesInOrder() {
        Experiment e = Experiments.fromDirectory(tinyDefinitions()).get(0);
        Plan full = e.plan(false);
        assertThat(full.runs()).extracting(Plan.PlannedRun::name).containsExactly(
                "exact-seed1", "exact-seed2", "exact-seed3", "over-seed1", "over-seed2", "over-seed3");
        var over2 = full.runs().get(4).task().resolved();
        assertThat(over2.at("/problem/searchRank").asInt()).isEqualTo(4);
        assertThat(over2.at("/problem/seed").asLong()).isEqualTo(2);
        assertThat(over2.at("/algorithm/seed").asLong()).isEqualTo(102);
        assertThat(over2.at("/algorithm/maxIterations").asInt()).isEqualTo(400);
        assertThat(over2.at("/name").asText()).isEqualTo("sensing/over-seed2");

        Plan quick = e.plan(true);
        assertThat(quick.runs()).extracting(Plan.PlannedRun::name).containsExactly("exact-seed1", "over-seed7");
        assertThat(quick.runs().get(0).task().resolved().at("/algorithm/maxIterations").asInt()).isEqualTo(150);
        assertThat(quick.hash()).isNotEqualTo(full.hash());
        assertThat(e.plan(false).hash()).isEqualTo(full.hash());
    }

    @Test
    void aNullOverrideRemovesTheKey() {
        Experiment e = Experiment.parse(Fixtures.json("{'name': 'x', 'title': 't', 'source': 's',"
                + " 'base': {'problem': {'type': 'sparse-recovery', 'dimension': 8, 'measurements': 20, 'truth': [1]},"
                + "          'init': {'type': 'gaussian', 'scale': 0.1, 'seed': 4},"
                + "          'algorithm': {'type': 'gd', 'stepSize': 0.01}},"
                + " 'runs': [{'name': 'zero', 'set': {'init.type': 'zero', 'init.scale': null, 'init.seed': null}}]}"),
                "x.json");
        var resolved = e.plan(false).runs().get(0).task().resolved();
        assertThat(resolved.at("/init/type").asText()).isEqualTo("zero");
        assertThat(resolved.at("/init").has("scale")).isFalse();
    }

    @Test
    void anAnalysisHasNoRunsOfItsOwnAndMustNameTheRunsItReads() {
        Experiment e = Experiment.parse(Fixtures.json("{'name': 'fit', 'title': 't', 'source': 's',"
                + " 'plots': [{'name': 'p', 'kind': 'residual-growth', 'title': 'p', 'runs': ['other/a']}],"
                + " 'claims': [{'source': 's', 'claim': 'c', 'runs': ['other/a', 'other/b'],"
                + "             'metric': {'residualGrowthFit': 'slope'}, 'rule': {'atMost': 0.5}}]}"), "fit.json");
        assertThat(e.analysisOnly()).isTrue();
        assertThat(e.plan(false).runs()).isEmpty();
        assertThat(e.plan(true).runs()).isEmpty();
        assertThat(e.references()).containsExactly("other");
        assertThatThrownBy(() -> Experiment.parse(Fixtures.json("{'name': 'fit', 'title': 't', 'source': 's',"
                + " 'plots': [{'name': 'p', 'title': 'p', 'column': 'error'}]}"), "fit.json"))
                .isInstanceOf(SpecException.class).hasMessageContaining("plots").hasMessageContaining("must name the runs");
        assertThatThrownBy(() -> Experiment.parse(Fixtures.json("{'name': 'x', 'title': 't', 'source': 's',"
                + " 'base': {'problem': {'type': 'sparse-recovery', 'dimension': 8, 'measurements': 20, 'truth': [1]}}}"),
                "x.json")).isInstanceOf(SpecException.class).hasMessageContaining("runs");
    }

    @Test
    void errorsNameTheFileAndKey() {
        assertThatThrownBy(() -> Experiment.parse(Fixtures.json("{'name': 'x', 'title': 't', 'source': 's',"
                + " 'base': {}, 'runs': [{'name': 'a'}], 'plot': []}"), "x.json"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("x.json: ").hasMessageContaining("plot");
        assertThatThrownBy(() -> Experiment.parse(Fixtures.json("{'name': 'X y', 'title': 't', 'source': 's',"
                + " 'base': {}, 'runs': [{'name': 'a'}]}"), "x.json"))
                .isInstanceOf(SpecException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> Experiment.parse(Fixtures.json("{'name': 'x', 'title': 't', 'source': 's',"
                + " 'base': {}, 'runs': [{'name': 'a'}, {'name': 'a'}]}"), "x.json"))
                .isInstanceOf(SpecException.class).hasMessageContaining("duplicate run name");
        Experiment bad = Experiment.parse(Fixtures.json("{'name': 'x', 'title': 't', 'source': 's',"
                + " 'base': {'problem': {'type': 'sparse-recovery', 'dimension': 8, 'measurements': 20, 'truth': [1]},"
                + "          'algorithm': {'type': 'gd', 'stepSize': 0.01}},"
                + " 'runs': [{'name': 'a', 'set': {'algorithm.stepsize': 0.1}}]}"), "x.json");
        assertThatThrownBy(() -> bad.plan(false)).isInstanceOf(SpecException.class)
                .hasMessageContaining("experiment x, run a-seed1").hasMessageContaining("algorithm.stepsize");
    }

    @Test
    void referencesToOtherExperimentsMustExist() {
        List<Experiment> tiny = Experiments.fromDirectory(tinyDefinitions());
        assertThat(tiny.get(1).references()).containsExactly("sensing");
        assertThat(Experiments.select(tiny, List.of("sparse"))).extracting(Experiment::name)
                .containsExactly("sensing", "sparse");
        assertThatThrownBy(() -> Experiments.select(tiny, List.of("fig9")))
                .isInstanceOf(SpecException.class).hasMessageContaining("fig9").hasMessageContaining("sensing, sparse");
        Experiment dangling = Experiment.parse(Fixtures.json("{'name': 'y', 'title': 't', 'source': 's', 'base': {},"
                + " 'runs': [{'name': 'a'}], 'plots': [{'name': 'p', 'title': 'p', 'column': 'error',"
                + " 'runs': ['sensing/nope']}]}"), "y.json");
        var byName = new java.util.LinkedHashMap<String, Experiment>();
        for (Experiment e : tiny) byName.put(e.name(), e);
        byName.put("y", dangling);
        assertThatThrownBy(() -> Experiments.checkReferences(byName))
                .isInstanceOf(SpecException.class).hasMessageContaining("sensing/nope");
    }

    /** Every shipped experiment parses and resolves in both modes, and uses only registered problem types. */
    @Test
    void builtInExperimentsAreValid() {
        List<Experiment> all = Experiments.builtIn();
        assertThat(all).extracting(Experiment::name)
                .containsExactly("fig1", "fig4", "fig5", "fig6", "robust", "balance", "minnorm", "dmf", "phase-measurements",
                        "phase-escape", "beyond", "completion");
        assertThat(all.get(3).analysisOnly()).isTrue();
        assertThat(all.get(3).references()).containsExactly("fig4", "fig5");
        for (Experiment e : all) {
            for (boolean quick : new boolean[] {false, true}) {
                Plan p = e.plan(quick);
                assertThat(p.runs().isEmpty()).as(e.name() + " runs nothing").isEqualTo(e.analysisOnly());
                for (Plan.PlannedRun r : p.runs()) {
                    if (e.kind() == Experiment.Kind.DESCENT) {
                        assertThat(Problems.types()).contains(r.task().resolved().at("/problem/type").asText());
                    } else if (e.kind() == Experiment.Kind.SWEEP) {
                        assertThat(r.task()).isInstanceOf(Task.Sweep.class);
                        assertThat(r.task().budget()).as(e.name() + " runs").isGreaterThan(quick ? 10 : 80);
                    } else {
                        assertThat(r.task()).isInstanceOf(Task.Completion.class);
                    }
                }
            }
            assertThat(e.claims()).as(e.name() + " claims").isNotEmpty();
            // a sweep draws its own heatmaps
            if (e.kind() != Experiment.Kind.SWEEP) assertThat(e.plots()).as(e.name() + " plots").isNotEmpty();
        }
    }
}
