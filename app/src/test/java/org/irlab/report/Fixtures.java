package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.irlab.experiment.Json;

/** Builders of experiments and run results from given numbers, for the report tests. */
final class Fixtures {
    private Fixtures() {}

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A small valid experiment with groups a and b (plots and claims given as JSON arrays, ' for "). */
    static Experiment experiment(String plots, String claims) {
        return Experiment.parse(json("{'name': 'demo', 'title': 'Demo', 'source': 'paper (test)',"
                + " 'base': {'problem': {'type': 'sparse-recovery', 'dimension': 8, 'measurements': 20, 'truth': [1]},"
                + "          'algorithm': {'type': 'gd', 'stepSize': 0.01, 'maxIterations': 10}},"
                + " 'seeds': [1, 2], 'seedKeys': {'problem.seed': 0},"
                + " 'runs': [{'name': 'a', 'label': 'group A'}, {'name': 'b', 'label': 'group B'}],"
                + " 'plots': " + plots + ", 'claims': " + claims + "}"), "demo.json");
    }

    /** A run with the given summary (JSON, ' for ") and trace columns; iteration is 0, 1, 2, … */
    static RunResult run(Experiment e, String group, long seed, String summary, List<String> columns,
                         double[][] values, List<RunResult.Event> events) {
        int n = values.length == 0 ? 0 : values[0].length;
        double[] iterations = new double[n];
        for (int i = 0; i < n; i++) iterations[i] = i;
        String[] names = new String[columns.size() + 1];
        double[][] all = new double[columns.size() + 1][];
        names[0] = "iteration";
        all[0] = iterations;
        for (int i = 0; i < columns.size(); i++) {
            names[i + 1] = columns.get(i);
            all[i + 1] = values[i];
        }
        return new RunResult(e.name(), e.group(group), seed, group + "-seed" + seed,
                (ObjectNode) json(summary), new Trace(List.of(names), all), events, null);
    }

    /** A planned run whose outputs are missing. */
    static RunResult missing(Experiment e, String group, long seed) {
        return new RunResult(e.name(), e.group(group), seed, group + "-seed" + seed, null, null, List.of(), null);
    }
}
