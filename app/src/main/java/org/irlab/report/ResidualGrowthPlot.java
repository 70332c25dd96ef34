package org.irlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.SpecNode;

/**
 * Figure 6 of the IPGD paper as a scatter plot: for every run, log(‖x_T⊥‖/‖x_{t₀}⊥‖) against η·r̄_T at
 * {@link org.irlab.experiment.Fig6#POINTS_PER_RUN} values of T (points of one group share a colour), with the
 * least-squares line through the origin over all points drawn and given reference lines y = slope·x (eq. (127):
 * 1/3; bound (126): 1/2). The runs need the deviation-rate columns ({@code record.deviationRate}).
 *
 * @param runs       the run groups whose trajectories give the points (required)
 * @param references the reference lines
 */
public record ResidualGrowthPlot(String name, String title, List<RunSelector> runs, List<Reference> references,
                                 String caption) implements Plot {

    /** A reference line y = slope·x with its legend text. */
    public record Reference(double slope, String label) {}

    /** The x axis label. */
    static final String X_LABEL = "η·r̄_T: step size × cumulative deviation rate since the perturbation";

    /** The y axis label. */
    static final String Y_LABEL = "log(‖x_T⊥‖ / ‖x_t₀⊥‖)";

    static ResidualGrowthPlot read(SpecNode s, Set<String> groups) {
        String name = Experiment.name(s, "name");
        String title = s.string("title");
        List<RunSelector> runs = Plot.readRuns(s, groups);
        if (runs.isEmpty()) throw s.invalid("runs", "required: the run groups whose trajectories give the points");
        List<Reference> references = new ArrayList<>();
        for (SpecNode r : Experiment.list(s, "references")) {
            double slope = r.number("slope");
            if (!Double.isFinite(slope)) throw r.invalid("slope", "must be finite");
            references.add(new Reference(slope, r.string("label", "y = " + Format.exact(slope) + " x")));
            r.finish();
        }
        String caption = s.string("caption", "");
        s.finish();
        return new ResidualGrowthPlot(name, title, runs, List.copyOf(references), caption);
    }
}
