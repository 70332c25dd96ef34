package org.irlab.experiment;

import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentSettings;

/** Reads the spec's "algorithm" object into {@link DescentSettings}; each variant accepts only its own keys. */
public final class AlgorithmSpec {
    private AlgorithmSpec() {}

    public static DescentSettings read(SpecNode s) {
        String type = s.string("type");
        Algorithm algorithm;
        try {
            algorithm = Algorithm.fromSpecName(type);
        } catch (IllegalArgumentException e) {
            throw s.invalid("type", e.getMessage());
        }
        double stepSize = s.positive("stepSize");
        int maxIterations = s.integer("maxIterations", 100_000, 0, Integer.MAX_VALUE);
        DescentSettings settings;
        if (algorithm == Algorithm.GD) {
            double tolerance = s.nonNegative("gradientTolerance", 0);
            settings = DescentSettings.gd(stepSize, maxIterations, tolerance);
        } else {
            boolean ipgd = algorithm != Algorithm.PGD;
            double radius = s.nonNegative("radius", ipgd ? 1e-15 : 1e-3);
            double gradientThreshold = s.nonNegative("gradientThreshold", ipgd ? 1e-7 : 1e-10);
            int escapeSteps = s.integer("escapeSteps", ipgd ? 50 : 100, 1, Integer.MAX_VALUE);
            double decrease = ipgd ? s.nonNegative("decreaseThreshold", 1e-10)
                    : s.has("decreaseThreshold") ? s.nonNegative("decreaseThreshold", 0) : Double.NaN;
            int refine = algorithm == Algorithm.IPGD_PLUS ? s.integer("refineSteps", 5000, 0, Integer.MAX_VALUE) : 0;
            long seed = s.integer("seed", 2);
            settings = new DescentSettings(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps,
                    decrease, refine, 0, seed);
        }
        s.finish();
        return settings;
    }
}
