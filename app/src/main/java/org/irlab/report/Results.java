package org.irlab.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs of several experiments read back from an output directory, by experiment and group, in plan order. */
public final class Results {
    private final Map<String, Map<String, List<RunResult>>> runs = new LinkedHashMap<>();

    /** Reads every planned run of every plan from {@code out}. */
    public static Results load(List<Plan> plans, Path out) {
        Results r = new Results();
        for (Plan p : plans) {
            for (Plan.PlannedRun run : p.runs()) r.add(RunResult.load(p.name(), run, p.runDirectory(out, run)));
        }
        return r;
    }

    /** Adds one run (used by tests to build results from given numbers). */
    public Results add(RunResult run) {
        runs.computeIfAbsent(run.experiment(), k -> new LinkedHashMap<>())
                .computeIfAbsent(run.group().name(), k -> new ArrayList<>()).add(run);
        return this;
    }

    /** The runs of one group, one per seed (empty when the experiment or group is not loaded). */
    public List<RunResult> runs(String experiment, String group) {
        return runs.getOrDefault(experiment, Map.of()).getOrDefault(group, List.of());
    }

    /** The runs a selector names, relative to the experiment that holds it. */
    public List<RunResult> runs(String ownExperiment, RunSelector selector) {
        return runs(selector.experimentOr(ownExperiment), selector.group());
    }

    /** Every run of one experiment, in plan order. */
    public List<RunResult> runs(String experiment) {
        List<RunResult> out = new ArrayList<>();
        for (List<RunResult> g : runs.getOrDefault(experiment, Map.of()).values()) out.addAll(g);
        return out;
    }
}
