package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.problem.LeastSquares;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GD on least squares against eq. (6) of the notes 004, β_τ = V Σ_τ Uᵀ y with (Σ_τ)ᵢᵢ = (1 − e^{−2cλᵢτ})/σᵢ,
 * computed here from EJML's SVD of A (the diagnostic uses the eigenvectors of AᵀA and A⁺b instead), and against
 * the GD iterates computed step by step.
 */
class GradientFlowDiagnosticTest {
    @ParameterizedTest
    @CsvSource({"12, 30, 1.0, 0.003, 1", "8, 20, 0.05, 0.2, 2"})
    void gdMatchesItsClosedFormAndTheFlowDistanceIsThatOfEquationSix(int n, int d, double scale, double eta, long seed) {
        LeastSquares p = LeastSquares.create(n, d, LeastSquares.Observations.GAUSSIAN, scale, seed);
        GradientFlowDiagnostic flow = new GradientFlowDiagnostic(p, eta);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, true, true, true);
        svd.decompose(new DMatrixRMaj(n, d, true, p.design().clone()));
        DMatrixRMaj u = svd.getU(null, false), v = svd.getV(null, false);
        double[] sigma = svd.getSingularValues();

        double[] w = new double[d], gradient = new double[d], out = new double[2], beta = new double[d];
        for (int t = 0; t <= 3000; t++) {
            flow.observe(t, w, 0, null, false);
            flow.measure(t, w, 0, null, out);
            assertThat(out[1]).as("GD against its closed form at t = " + t).isLessThan(1e-12);
            // eq. (6) at τ = ηt
            java.util.Arrays.fill(beta, 0.0);
            for (int k = 0; k < svd.numberOfSingularValues(); k++) {
                if (sigma[k] < 1e-10) continue;
                double uy = 0;
                for (int i = 0; i < n; i++) uy += u.get(i, k) * p.observations()[i];
                double weight = -Math.expm1(-2 * scale * sigma[k] * sigma[k] * eta * t) / sigma[k] * uy;
                for (int j = 0; j < d; j++) beta[j] += weight * v.get(j, k);
            }
            assertThat(out[0]).as("flow distance at t = " + t).isCloseTo(Kernels.distance(w, beta),
                    org.assertj.core.data.Offset.offset(1e-12));
            p.objective().gradient(w, gradient);
            for (int j = 0; j < d; j++) w[j] -= eta * gradient[j];
        }
        // both end at A⁺b
        assertThat(Kernels.distance(beta, p.minimumNormSolution())).isLessThan(1e-6);
    }
}
