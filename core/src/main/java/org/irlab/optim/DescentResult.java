package org.irlab.optim;

/**
 * The outcome of a descent run.
 *
 * @param status               why it stopped
 * @param x                    the final iterate (owned by the caller)
 * @param iterations           gradient steps taken (both phases)
 * @param gradientEvaluations  evaluations of ∇f (including the re-evaluation after each perturbation)
 * @param perturbations        perturbations drawn (including no-ops)
 * @param noOpPerturbations    perturbations that changed no coordinate in double precision
 * @param returnedAt           iteration at which IPGD returned its candidate, or −1
 * @param finalLoss            f(x)
 * @param finalGradientNorm    ‖∇f(x)‖
 * @param message              one sentence explaining the status
 * @param minimumEigenvalue    λ_min(∇²f) estimated at the returned candidate (the certificate), or NaN
 * @param suggestedEscapeSteps for status returned-initial-point, escapeSteps that would let the perturbation grow
 *                             enough (from λ_min at the initial point), or −1
 * @param finalStepSize        η at the end (differs from the spec's with stepSize auto)
 * @param stepSizeHalvings     how often oscillation or divergence halved η (stepSize auto)
 * @param hessianProducts      Hessian-vector products spent on curvature estimates
 */
public record DescentResult(Status status, double[] x, int iterations, long gradientEvaluations, int perturbations,
                            int noOpPerturbations, int returnedAt, double finalLoss, double finalGradientNorm,
                            String message, double minimumEigenvalue, int suggestedEscapeSteps, double finalStepSize,
                            int stepSizeHalvings, int hessianProducts) {}
