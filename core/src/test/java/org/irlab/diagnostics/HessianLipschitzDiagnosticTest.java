package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.irlab.linalg.Kernels;
import org.irlab.problem.Objective;
import org.irlab.region.SupportRegion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ρ along the residual direction on f(x) = ¼‖x‖⁴: ∇²f(x) = ‖x‖²I + 2xxᵀ changes along a unit u ⊥ x at the rate
 * ∇³f(x)[u] = 2(uxᵀ + xuᵀ), whose eigenvalues are ±‖x‖ (twice): the estimate must be 2‖x♯‖, exactly, since the
 * central difference of a quadratic Hessian has no O(s²) error.
 */
class HessianLipschitzDiagnosticTest {
    private static final class Quartic implements Objective {
        private final int d;

        Quartic(int d) { this.d = d; }

        @Override public int dimension() { return d; }

        @Override public double value(double[] x) {
            double s = Kernels.dot(x, x);
            return s * s / 4;
        }

        @Override public void gradient(double[] x, double[] out) {
            double s = Kernels.dot(x, x);
            for (int i = 0; i < d; i++) out[i] = s * x[i];
        }

        @Override public double valueAndGradient(double[] x, double[] out) {
            gradient(x, out);
            return value(x);
        }

        @Override public void hessianVector(double[] x, double[] v, double[] out) {
            double s = Kernels.dot(x, x), xv = Kernels.dot(x, v);
            for (int i = 0; i < d; i++) out[i] = s * v[i] + 2 * x[i] * xv;
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-12, 1e-6, 0.3})
    void theEstimateIsTheClosedFormWhateverTheResidualsSize(double residual) {
        boolean[] support = {true, true, true, false, false};
        HessianLipschitzDiagnostic rho = new HessianLipschitzDiagnostic(new Quartic(5), new SupportRegion(support), 3);
        double[] x = {0.5, -1.5, 2, residual, -2 * residual};
        double signal = Math.sqrt(0.25 + 2.25 + 4);
        assertThat(rho.estimate(x)).isCloseTo(2 * signal, within(1e-8 * signal));

        double[] out = new double[1];
        rho.observe(0, x, 0, null, false);
        rho.measure(0, x, 0, null, out);
        assertThat(out[0]).isCloseTo(2 * signal, within(1e-8 * signal));
        rho.observe(1, x, 0, null, false); // not a sample (every 3): empty cell
        rho.measure(1, x, 0, null, out);
        assertThat(out[0]).isNaN();
        assertThat(rho.summary().get("hessianLipschitzMax")).isCloseTo(2 * signal, within(1e-8 * signal));
        assertThat(rho.estimate(new double[] {1, 2, 3, 0, 0})).isNaN(); // x⊥ = 0: undefined
    }
}
