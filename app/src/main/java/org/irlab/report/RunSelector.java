package org.irlab.report;

/**
 * Names a run group for a plot or a claim: {@code "group"} in the same experiment, or {@code "experiment/group"}
 * in another one (whose outputs must then be in the same output directory).
 *
 * @param experiment the other experiment's name, or null for the experiment that holds the selector
 */
public record RunSelector(String experiment, String group) {

    /** Parses {@code group} or {@code experiment/group}. */
    static RunSelector parse(String text) {
        int slash = text.indexOf('/');
        String experiment = slash < 0 ? null : text.substring(0, slash);
        String group = slash < 0 ? text : text.substring(slash + 1);
        if ((experiment != null && !Experiment.NAME.matcher(experiment).matches())
                || !Experiment.NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a run name nor experiment/run");
        }
        return new RunSelector(experiment, group);
    }

    /** The experiment this selector points into, given the experiment that holds it. */
    String experimentOr(String own) { return experiment == null ? own : experiment; }

    @Override public String toString() { return experiment == null ? group : experiment + "/" + group; }
}
