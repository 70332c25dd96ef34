package org.irlab.experiment;

import java.util.List;
import org.irlab.optim.Adaptive;
import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentSettings;

/**
 * Reads the spec's "algorithm" object into {@link DescentSettings}; each variant accepts only its own keys.
 * {@code stepSize} and {@code escapeSteps} may be "auto" (the robust options of {@link Adaptive}); the keys that tune
 * those options are accepted only when one of them is on.
 */
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
        boolean autoStep = s.isAuto("stepSize");
        double stepSize = autoStep ? s.positive("initialStepSize", 1e-3) : s.positive("stepSize");
        int maxIterations = s.integer("maxIterations", 100_000, 0, Integer.MAX_VALUE);
        DescentSettings settings;
        if (algorithm == Algorithm.GD) {
            double tolerance = s.nonNegative("gradientTolerance", 0);
            settings = DescentSettings.gd(stepSize, maxIterations, tolerance).with(adaptive(s, autoStep, false));
        } else {
            boolean ipgd = algorithm != Algorithm.PGD;
            double radius = s.nonNegative("radius", ipgd ? 1e-15 : 1e-3);
            double gradientThreshold = s.nonNegative("gradientThreshold", ipgd ? 1e-7 : 1e-10);
            boolean autoEscape = s.isAuto("escapeSteps");
            int escapeSteps = autoEscape ? 1 : s.integer("escapeSteps", ipgd ? 50 : 100, 1, Integer.MAX_VALUE);
            double decrease = ipgd ? s.nonNegative("decreaseThreshold", 1e-10)
                    : s.has("decreaseThreshold") ? s.nonNegative("decreaseThreshold", 0) : Double.NaN;
            int refine = algorithm == Algorithm.IPGD_PLUS ? s.integer("refineSteps", 5000, 0, Integer.MAX_VALUE) : 0;
            long seed = s.integer("seed", 2);
            settings = new DescentSettings(algorithm, stepSize, maxIterations, radius, gradientThreshold, escapeSteps,
                    decrease, refine, 0, seed, adaptive(s, autoStep, autoEscape));
        }
        s.finish();
        return settings;
    }

    private static final List<String> STEP_KEYS = List.of("initialStepSize", "stepFraction", "curvatureEvery");
    private static final List<String> ESCAPE_KEYS = List.of("curvatureTolerance", "escapeSafety", "maxEscapeSteps");

    private static Adaptive adaptive(SpecNode s, boolean autoStep, boolean autoEscape) {
        if (!autoStep) rejectUnless(s, STEP_KEYS, "stepSize");
        if (!autoEscape) rejectUnless(s, ESCAPE_KEYS, "escapeSteps");
        if (!autoStep && !autoEscape) {
            rejectUnless(s, List.of("lanczosSteps"), "stepSize or escapeSteps");
            return Adaptive.NONE;
        }
        Adaptive d = Adaptive.NONE;
        double fraction = autoStep ? s.positive("stepFraction", d.stepFraction()) : d.stepFraction();
        if (!(fraction < 2)) throw s.invalid("stepFraction", "must be < 2 (η = c/L with c ≥ 2 is unstable)");
        int every = autoStep ? s.integer("curvatureEvery", d.curvatureEvery(), 1, Integer.MAX_VALUE) : d.curvatureEvery();
        double tolerance = autoEscape ? s.nonNegative("curvatureTolerance", d.curvatureTolerance()) : d.curvatureTolerance();
        double safety = autoEscape ? s.number("escapeSafety", d.escapeSafety()) : d.escapeSafety();
        if (!(safety >= 1)) throw s.invalid("escapeSafety", "must be >= 1");
        int cap = autoEscape ? s.integer("maxEscapeSteps", d.maxEscapeSteps(), 1, Integer.MAX_VALUE) : d.maxEscapeSteps();
        int lanczos = s.integer("lanczosSteps", d.lanczosSteps(), 2, 10_000);
        return new Adaptive(autoStep, fraction, every, autoEscape, tolerance, safety, cap, lanczos);
    }

    private static void rejectUnless(SpecNode s, List<String> keys, String switchKey) {
        for (String k : keys) {
            if (s.has(k)) throw s.invalid(k, "only used with " + switchKey + " \"auto\"");
        }
    }
}
