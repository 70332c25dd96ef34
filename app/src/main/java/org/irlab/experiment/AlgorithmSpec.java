package org.irlab.experiment;

import java.util.List;
import org.irlab.optim.Adaptive;
import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.MiniBatch;
import org.irlab.optim.Variant;

/**
 * Reads the spec's "algorithm" object into {@link DescentSettings}; each variant accepts only its own keys.
 * {@code stepSize} and {@code escapeSteps} may be "auto" (the robust options of {@link Adaptive}); the keys that tune
 * those options are accepted only when one of them is on.
 */
public final class AlgorithmSpec {
    /** Mixed into the algorithm's seed for the default batch seed, so batches and perturbations draw different numbers. */
    static final long BATCH_STREAM = 0x9E3779B97F4A7C15L;

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
        Variant variant = variant(s, settings.seed());
        if (variant != Variant.NONE && !variant.equals(Variant.NONE) && settings.adaptive().autoStepSize()) {
            throw s.invalid("stepSize", "\"auto\" is for the paper's GD step, not with momentum, a preconditioner,"
                    + " batches or stepDecay");
        }
        s.finish();
        return settings.with(variant);
    }

    /** Spec names of {@link Variant.Momentum}, {@link Variant.Preconditioning} and the batch sampling. */
    enum Momentum { NONE, HEAVY_BALL, NESTEROV }

    enum Preconditioner { NONE, SCALED_GD, PRECGD }

    enum Sampling { WITHOUT_REPLACEMENT, WITH_REPLACEMENT }

    /**
     * The rules beyond the paper (issue 17): {@code momentum} ("heavy-ball", "nesterov") with {@code beta};
     * {@code preconditioner} ("scaled-gd" with {@code damping} λ, "precgd" with λ = √f); {@code batchSize} with
     * {@code sampling} and {@code batchSeed}; {@code stepDecay} q. Each key is accepted only where it means something.
     */
    private static final List<String> VARIANT_KEYS =
            List.of("momentum", "beta", "preconditioner", "damping", "batchSize", "sampling", "batchSeed", "stepDecay");

    private static Variant variant(SpecNode s, long seed) {
        // the paper's algorithms are Variant.NONE itself, so that callers compare by identity: a record's equals
        // links method handles on its first call (tens of milliseconds in a short run's start-up)
        if (VARIANT_KEYS.stream().noneMatch(s::has)) return Variant.NONE;
        // read only when given, so that the paper's specs resolve (and hash) as before
        Momentum momentum = s.has("momentum") ? s.choice("momentum", Momentum.class, "none") : Momentum.NONE;
        double beta = 0;
        if (momentum != Momentum.NONE) {
            beta = s.nonNegative("beta", 0.9);
            if (!(beta < 1)) throw s.invalid("beta", "must be in [0, 1), got " + beta);
        } else if (s.has("beta")) {
            throw s.invalid("beta", "only used with momentum \"heavy-ball\" or \"nesterov\"");
        }
        Preconditioner preconditioner = s.has("preconditioner")
                ? s.choice("preconditioner", Preconditioner.class, "none") : Preconditioner.NONE;
        double damping = 0;
        if (preconditioner == Preconditioner.SCALED_GD) {
            damping = s.nonNegative("damping", 1e-4);
        } else if (s.has("damping")) {
            throw s.invalid("damping", "only used with preconditioner \"scaled-gd\" (precgd sets λ = √f)");
        }
        int batchSize = 0;
        MiniBatch.Sampling sampling = MiniBatch.Sampling.WITHOUT_REPLACEMENT;
        long batchSeed = 0;
        if (s.has("batchSize")) {
            batchSize = s.integer("batchSize", 1, Integer.MAX_VALUE);
            sampling = s.choice("sampling", Sampling.class, "without-replacement") == Sampling.WITH_REPLACEMENT
                    ? MiniBatch.Sampling.WITH_REPLACEMENT : MiniBatch.Sampling.WITHOUT_REPLACEMENT;
            // a stream of its own: the perturbation draws come from the algorithm's seed itself
            batchSeed = s.integer("batchSeed", seed ^ BATCH_STREAM);
        } else {
            for (String k : List.of("sampling", "batchSeed")) {
                if (s.has(k)) throw s.invalid(k, "only used with batchSize");
            }
        }
        double decay = s.has("stepDecay") ? s.positive("stepDecay") : 1;
        if (!(decay <= 1)) throw s.invalid("stepDecay", "must be in (0, 1], got " + decay);
        return new Variant(switch (momentum) {
            case NONE -> Variant.Momentum.NONE;
            case HEAVY_BALL -> Variant.Momentum.HEAVY_BALL;
            case NESTEROV -> Variant.Momentum.NESTEROV;
        }, beta, switch (preconditioner) {
            case NONE -> Variant.Preconditioning.NONE;
            case SCALED_GD -> Variant.Preconditioning.SCALED_GD;
            case PRECGD -> Variant.Preconditioning.PREC_GD;
        }, damping, batchSize, sampling, batchSeed, decay);
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
