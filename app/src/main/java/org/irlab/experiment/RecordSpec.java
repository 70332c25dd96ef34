package org.irlab.experiment;

import java.util.ArrayList;
import java.util.List;
import org.irlab.diagnostics.DeviationRate;
import org.irlab.diagnostics.DeviationRateDiagnostic;
import org.irlab.diagnostics.Diagnostic;
import org.irlab.diagnostics.GeneralizedDeviationRate;
import org.irlab.diagnostics.GradientFlowDiagnostic;
import org.irlab.diagnostics.GradientNoise;
import org.irlab.diagnostics.HessianLipschitzDiagnostic;
import org.irlab.diagnostics.UndefinedDeviationRate;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.GeometricStep;
import org.irlab.optim.MiniBatch;
import org.irlab.optim.Variant;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.Problem;
import org.irlab.problem.SampledObjective;
import org.irlab.region.UndefinedRegion;

/**
 * What to record along the trajectory.
 *
 * @param every               record a trace row every this many iterations (and always the first and last iterate)
 * @param deviationRate       how to compute the deviation rate (Definition 5), or {@code off}
 * @param deviationEvery      evaluate the deviation rate every this many iterations (default: {@code every});
 *                            with k &gt; 1 the cumulative rate is a zero-order-hold approximation
 * @param deviationLanczosSteps cap on Lanczos steps per evaluation (also capped by d)
 * @param deviationTolerance  Lanczos stops once its certified error bound on r₋ and r₊ is ≤ this·‖T_k‖
 * @param instance            write the problem's data to {@code DIR/instance/} (as {@code problem.instance} reads it)
 * @param iterates            write the iterate every this many steps (and at perturbations and the escape return)
 *                            to {@code DIR/iterates.npz}; 0 for none
 * @param hessianLipschitzEvery estimate ρ of bound (126) every this many iterations (0: never), see
 *                            {@link HessianLipschitzDiagnostic}
 * @param gradientFlow        least squares only: compare GD with its closed-form gradient flow, see
 *                            {@link GradientFlowDiagnostic}
 */
public record RecordSpec(int every, DeviationRateMode deviationRate, int deviationEvery, int deviationLanczosSteps,
                         double deviationTolerance, boolean instance, int iterates, int hessianLipschitzEvery,
                         boolean gradientFlow) {
    /** The spec values of {@code record.deviationRate}. */
    public enum DeviationRateMode {
        /** Assemble H from d Hessian-vector products and eigendecompose it. */
        DENSE,
        /** Lanczos with full reorthogonalisation from x⊥, certified by its Ritz residuals. */
        LANCZOS,
        /** Dense for d ≤ {@value DeviationRate#DENSE_LIMIT} (d products whatever the problem), Lanczos above. */
        AUTO,
        /** No deviation-rate columns. */
        OFF
    }

    /** Largest d for which an explicit {@code dense} is accepted (d² doubles). */
    static final int DENSE_HARD_LIMIT = 8000;

    public static RecordSpec read(SpecNode s) {
        int every = s.integer("every", 1, 1, Integer.MAX_VALUE);
        DeviationRateMode mode = s.choice("deviationRate", DeviationRateMode.class, "off");
        int deviationEvery = s.integer("deviationEvery", every, 1, Integer.MAX_VALUE);
        int steps = s.integer("deviationLanczosSteps", DeviationRate.DEFAULT_MAX_STEPS, 1, 100_000);
        double tolerance = s.positive("deviationTolerance", 1e-10);
        if (tolerance >= 1) throw s.invalid("deviationTolerance", "must be < 1, got " + tolerance);
        // recorded in the resolved spec only when given, so that existing specs resolve (and hash) as before
        boolean instance = s.has("instance") && s.bool("instance", false);
        int iterates = s.has("iterates") ? s.integer("iterates", 0, 0, Integer.MAX_VALUE) : 0;
        int lipschitzEvery = s.has("hessianLipschitzEvery") ? s.integer("hessianLipschitzEvery", 0, 0, Integer.MAX_VALUE) : 0;
        boolean flow = s.has("gradientFlow") && s.bool("gradientFlow", false);
        RecordSpec r = new RecordSpec(every, mode, deviationEvery, steps, tolerance, instance, iterates, lipschitzEvery,
                flow);
        s.finish();
        return r;
    }

    /** The method {@code auto} resolves to for a problem with d parameters (null when off). */
    public DeviationRate.Method deviationMethod(int d) {
        return switch (deviationRate) {
            case DENSE -> DeviationRate.Method.DENSE;
            case LANCZOS -> DeviationRate.Method.LANCZOS;
            case AUTO -> DeviationRate.Method.forDimension(d);
            case OFF -> null;
        };
    }

    /** The diagnostics this record section asks for, built for the problem (of the spec's {@code type}). */
    public List<Diagnostic> diagnostics(Problem problem, String type) {
        return diagnostics(problem, type, null);
    }

    /**
     * The diagnostics for the problem and the run's algorithm: the deviation rate of its update (the generalized
     * rate of docs/deviation-rate-beyond.md with momentum or a preconditioner; empty cells on a nonsmooth
     * objective), with mini-batches the gradient noise's residual and signal parts, and when asked the distance to
     * the closed-form gradient flow (least squares) and estimates of the Hessian's Lipschitz constant ρ.
     *
     * @param algorithm the run's settings, or null for the paper's GD step
     */
    public List<Diagnostic> diagnostics(Problem problem, String type, DescentSettings algorithm) {
        Variant variant = algorithm == null ? Variant.NONE : algorithm.variant();
        List<Diagnostic> out = new ArrayList<>();
        if (gradientFlow) {
            if (!(problem instanceof LeastSquares ls)) {
                throw new SpecException("record.gradientFlow: defined for least-squares problems only, not " + type);
            }
            if (algorithm == null || algorithm.adaptive().autoStepSize()) {
                throw new SpecException("record.gradientFlow: needs a fixed algorithm.stepSize, not auto");
            }
            out.add(new GradientFlowDiagnostic(ls, algorithm.stepSize()));
        }
        GradientNoise noise = null;
        if (variant.batchSize() > 0 && !(problem.region() instanceof UndefinedRegion)) {
            SampledObjective sampled = SampledObjective.of(problem.objective()).orElseThrow(() -> new SpecException(
                    "algorithm.batchSize: mini-batches need a sum over measurements or observed entries (sensing,"
                    + " sparse recovery, two-factor completion without biases); " + type + " is not one"));
            noise = new GradientNoise(new MiniBatch(problem.objective(), sampled, variant.batchSize(),
                    variant.sampling(), variant.batchSeed() ^ NOISE_SEED), problem.region(), deviationEvery);
        }
        DeviationRate.Method method = deviationMethod(problem.objective().dimension());
        if (method != null) {
            out.add(problem.smooth() ? deviationRate(problem, type, method, algorithm, variant, noise)
                    : new UndefinedDeviationRate(problem.region()));
        }
        if (noise != null) out.add(noise);
        if (hessianLipschitzEvery > 0) {
            out.add(new HessianLipschitzDiagnostic(problem.objective(), problem.region(), hessianLipschitzEvery));
        }
        return out;
    }

    /** Mixed into the batch seed for the noise probe's own draws. */
    static final long NOISE_SEED = 0x6E6F697365L;

    private Diagnostic deviationRate(Problem problem, String type, DeviationRate.Method method,
                                     DescentSettings algorithm, Variant variant, GradientNoise noise) {
        int d = problem.objective().dimension();
        if (problem.region() instanceof UndefinedRegion) {
            throw new SpecException("record.deviationRate: needs the implicit region, which this " + type
                    + " instance does not define (sparse recovery defines it by the support of theta_star)");
        }
        if (method == DeviationRate.Method.DENSE && d > DENSE_HARD_LIMIT) {
            throw new SpecException("record.deviationRate: dense needs a " + d + "×" + d + " Hessian (d > "
                    + DENSE_HARD_LIMIT + "); use lanczos or auto");
        }
        long basis = (long) (Math.min(deviationLanczosSteps, d) + 1) * d;
        if (method == DeviationRate.Method.LANCZOS && basis > Problems.MAX_DENSE_ENTRIES) {
            throw new SpecException("record.deviationLanczosSteps: the Lanczos basis would hold " + basis
                    + " doubles ((steps + 1)·d); lower it");
        }
        DeviationRate rate = GeneralizedDeviationRate.of(problem.objective(), problem.region(), method,
                deviationLanczosSteps, deviationTolerance, problem.residualSpace().orElse(null), variant,
                algorithm == null ? Double.NaN : algorithm.stepSize());
        boolean decays = variant.stepDecay() != 1;
        if (algorithm == null || (noise == null && !decays)) return new DeviationRateDiagnostic(rate, deviationEvery);
        GeometricStep steps = new GeometricStep(algorithm.stepSize(), variant.stepDecay());
        return new DeviationRateDiagnostic(rate, deviationEvery, steps::at, decays, noise);
    }
}
