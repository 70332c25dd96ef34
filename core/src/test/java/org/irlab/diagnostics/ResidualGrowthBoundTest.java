package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.irlab.linalg.Kernels;
import org.irlab.optim.Algorithm;
import org.irlab.optim.DescentEvent;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.irlab.problem.Objective;
import org.irlab.problem.SymmetricSensing;
import org.irlab.region.ImplicitRegion;
import org.junit.jupiter.api.Test;

/**
 * Eq. (126) of the IPGD paper along an IPGD+ run on symmetric sensing (n = 20, r' = 20, r = 3, η = 0.05,
 * T_escape = 200, zero init): log(‖x_T⊥‖/‖x_{t₀}⊥‖) ≤ (η/2)·r̄_T + (ηρ/2)·Σ_{t&lt;T}‖x_t⊥‖ at every T, with ρ
 * estimated from Hessian-vector-product differences ρ̂ = max_t ‖(∇²f(x_t) − ∇²f(x_t♯))u_t‖/‖x_t⊥‖, u_t = x_t⊥/‖x_t⊥‖.
 * A perturbation ξ at step t can add at most log(1 + ‖ξ‖/‖x_t⊥‖) (the distance to 𝓜 is 1-Lipschitz), which is
 * added to the right-hand side. The run is cut at 800 iterations: r̄ reaches 99.9% of its final value by then
 * (the residual stops growing once the signal has converged) and every step costs a certified Lanczos evaluation.
 */
class ResidualGrowthBoundTest {
    @Test
    void residualGrowthObeysTheDeviationRateBound() {
        SymmetricSensing problem = SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1);
        double eta = 0.05;
        DescentSettings settings = new DescentSettings(Algorithm.IPGD_PLUS, eta, 800, 1e-15, 1e-7, 200, 1e-10, 5000,
                0, 2);
        Objective f = problem.objective();
        ImplicitRegion region = problem.region();
        int d = f.dimension();
        DeviationRate rate = new DeviationRate(f, region, DeviationRate.Method.LANCZOS, 400, 1e-8);
        DeviationRate.Measurement m = new DeviationRate.Measurement();
        double[] signal = new double[d], residual = new double[d], u = new double[d], hx = new double[d], hs = new double[d];

        class Check implements IterationObserver {
            double first = Double.NaN, cumulative, sumResidual, perturbationAllowance, rhoHat, worstSlack = Double.POSITIVE_INFINITY;
            double previousResidual = Double.NaN, finalLog, finalCumulative;
            int rows, lastT = -1;

            @Override public void onEvent(DescentEvent e) {
                if (e.kind() == DescentEvent.Kind.PERTURBATION && previousResidual > 0) {
                    perturbationAllowance += Math.log1p(e.perturbationNorm() / previousResidual);
                }
            }

            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                if (t == lastT) return;
                lastT = t;
                rate.evaluate(x, m);
                double norm = m.residualNorm();
                if (!(norm > 0)) return;
                if (Double.isNaN(first)) first = norm;
                // ρ̂ from the difference of Hessian-vector products at x_t and x_t♯ along u = x⊥/‖x⊥‖
                region.split(x, signal, residual);
                for (int i = 0; i < d; i++) u[i] = residual[i] / norm;
                f.hessianVector(x, u, hx);
                f.hessianVector(signal, u, hs);
                rhoHat = Math.max(rhoHat, Kernels.distance(hx, hs) / norm);
                // at T = t: the sums run over s < t
                double log = Math.log(norm / first);
                double bound = 0.5 * eta * cumulative + 0.5 * eta * rhoHat * sumResidual + perturbationAllowance;
                worstSlack = Math.min(worstSlack, bound - log);
                assertThat(log).as("T = %d: log growth vs (η/2)r̄ + (ηρ̂/2)Σ‖x⊥‖ (r̄ = %s, ρ̂ = %s)", t, cumulative, rhoHat)
                        .isLessThanOrEqualTo(bound);
                finalLog = log;
                finalCumulative = cumulative;
                cumulative += m.rate();
                sumResidual += norm;
                previousResidual = norm;
                rows++;
                assertThat(m.certified()).isTrue();
            }
        }
        Check check = new Check();
        PerturbedDescent.run(f, new double[d], settings, check);
        assertThat(check.rows).isGreaterThan(790);
        // the ρ term is negligible next to the deviation-rate term, as the paper says
        assertThat(0.5 * eta * check.rhoHat * check.sumResidual).isLessThan(1e-3 * 0.5 * eta * check.finalCumulative);
        // the weaker relation the paper observes (Figure 6): log growth ≈ (η/3)·r̄, between (η/4)·r̄ and (η/2)·r̄
        double slope = check.finalLog / (eta * check.finalCumulative);
        assertThat(slope).as("log(‖x_T⊥‖/‖x_0⊥‖)/(η r̄_T)").isBetween(0.25, 0.5);
    }
}
