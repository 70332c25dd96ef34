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
 */
public record DescentResult(Status status, double[] x, int iterations, long gradientEvaluations, int perturbations,
                            int noOpPerturbations, int returnedAt, double finalLoss, double finalGradientNorm,
                            String message) {}
