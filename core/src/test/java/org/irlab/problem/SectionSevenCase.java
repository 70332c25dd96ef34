package org.irlab.problem;

import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;

/**
 * The low-rank instances of Section 7 of the IPGD paper: n₁ = n₂ = n = 20, r' = 20, r = 3, Σ* = diag(10, 5, 1),
 * zero init, γ = 1e-15, G = 1e-7, F = 1e-10, η = 0.1 (sensing, 1-bit) or 2e-2 (completion); balancing λ = 1/16
 * (sensing, 1-bit) or 1/4 (completion) as in the reference; N = 600 measurements; p = 0.8; α = σ(M*).
 */
enum SectionSevenCase {
    ASYMMETRIC_SENSING(0.1),
    SYMMETRIC_COMPLETION(0.02),
    ASYMMETRIC_COMPLETION(0.02),
    SYMMETRIC_ONE_BIT(0.1),
    ASYMMETRIC_ONE_BIT(0.1);

    static final int N = 20, SEARCH_RANK = 20, RANK = 3, REFINE_STEPS = 5000, MAX_ITERATIONS = 100_000;
    static final double[] SIGMA = {10, 5, 1};

    final double stepSize;

    SectionSevenCase(double stepSize) { this.stepSize = stepSize; }

    LowRankRecovery problem(long seed) {
        return switch (this) {
            case ASYMMETRIC_SENSING -> LowRankRecovery.asymmetricSensing(N, N, RANK, SEARCH_RANK, SIGMA, 600, 1.0 / 16, seed);
            case SYMMETRIC_COMPLETION -> LowRankRecovery.symmetricCompletion(N, RANK, SEARCH_RANK, SIGMA, 0.8, seed);
            case ASYMMETRIC_COMPLETION -> LowRankRecovery.asymmetricCompletion(N, N, RANK, SEARCH_RANK, SIGMA, 0.8, 0.25, seed);
            case SYMMETRIC_ONE_BIT -> LowRankRecovery.symmetricOneBit(N, RANK, SEARCH_RANK, SIGMA, 0, seed);
            case ASYMMETRIC_ONE_BIT -> LowRankRecovery.asymmetricOneBit(N, N, RANK, SEARCH_RANK, SIGMA, 0, 1.0 / 16, seed);
        };
    }

    /** IPGD+ from the origin with T_escape = escapeSteps and T' = 5000 refinement steps (perturbation seed 2). */
    DescentResult runIpgdPlus(LowRankRecovery problem, int escapeSteps) {
        return runIpgdPlus(problem, escapeSteps, REFINE_STEPS);
    }

    DescentResult runIpgdPlus(LowRankRecovery problem, int escapeSteps, int refineSteps) {
        DescentSettings settings = new DescentSettings(Algorithm.IPGD_PLUS, stepSize, MAX_ITERATIONS, 1e-15, 1e-7,
                escapeSteps, 1e-10, refineSteps, 0, 2);
        return PerturbedDescent.run(problem.objective(), new double[problem.objective().dimension()], settings,
                IterationObserver.NONE);
    }
}
