package org.irlab.diagnostics;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.problem.LeastSquares;

/**
 * Gradient descent on least squares against its gradient flow (Section 2 of the notes 004): with AᵀA = VΛVᵀ and
 * δ = V_rᵀ(A⁺b − w₀), the flow of f(w) = c‖Aw − b‖² from w₀ is β(τ) = w₀ + V_r diag(1 − e^{−2cλᵢτ}) δ (eq. (6)
 * for w₀ = 0, where it is V Σ_τ Uᵀ b) and GD with step η is w_t = w₀ + V_r diag(1 − (1 − 2cηλᵢ)^t) δ. Trace columns
 * {@code flowDistance} ‖w_t − β(ηt)‖ (how far GD is from the flow at the same time) and {@code gdPathDistance}
 * ‖w_t − closed-form w_t‖ (round-off only, a check of the run itself).
 */
public final class GradientFlowDiagnostic implements Diagnostic {
    private final double eta, scale;
    private final int d, rank;
    private final double[] basis;        // V_r, d×r row-major
    private final double[] lambda;       // σᵢ² of the kept singular values
    private final double[] start, delta, flow, path;
    private final double[] minimumNorm;
    private boolean started;

    /** @param stepSize the constant step η of the GD run */
    public GradientFlowDiagnostic(LeastSquares problem, double stepSize) {
        if (!(stepSize > 0)) throw new IllegalArgumentException("the gradient-flow comparison needs a fixed step size");
        this.eta = stepSize;
        this.scale = problem.scale();
        this.d = problem.dimension();
        int n = problem.measurements();
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
        if (!svd.decompose(new DMatrixRMaj(n, d, true, problem.design().clone()))) {
            throw new ArithmeticException("SVD of the design did not converge");
        }
        double[] w = svd.getSingularValues();
        DMatrixRMaj v = svd.getV(null, false);
        double largest = 0;
        for (int i = 0; i < svd.numberOfSingularValues(); i++) largest = Math.max(largest, w[i]);
        double cutoff = Math.max(n, d) * Math.ulp(1.0) * largest; // LeastSquares' numerical rank
        int r = 0;
        for (int i = 0; i < svd.numberOfSingularValues(); i++) if (w[i] > cutoff) r++;
        this.rank = r;
        this.basis = new double[d * r];
        this.lambda = new double[r];
        int c = 0;
        for (int i = 0; i < svd.numberOfSingularValues(); i++) {
            if (!(w[i] > cutoff)) continue;
            lambda[c] = w[i] * w[i];
            for (int j = 0; j < d; j++) basis[j * r + c] = v.get(j, i);
            c++;
        }
        this.minimumNorm = problem.minimumNormSolution();
        this.start = new double[d];
        this.delta = new double[r];
        this.flow = new double[d];
        this.path = new double[d];
    }

    @Override public List<String> columns() { return List.of("flowDistance", "gdPathDistance"); }

    @Override public void observe(int t, double[] x, double loss, double[] gradient, boolean last) {
        if (started) return;
        started = true; // w₀: the first iterate observed
        System.arraycopy(x, 0, start, 0, d);
        for (int k = 0; k < rank; k++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += basis[j * rank + k] * (minimumNorm[j] - start[j]);
            delta[k] = s;
        }
    }

    @Override public void measure(int t, double[] x, double loss, double[] gradient, double[] out) {
        if (!started) observe(t, x, loss, gradient, false);
        System.arraycopy(start, 0, flow, 0, d);
        System.arraycopy(start, 0, path, 0, d);
        for (int k = 0; k < rank; k++) {
            double a = 2 * scale * lambda[k];
            double flowWeight = -Math.expm1(-a * eta * t) * delta[k];
            double pathWeight = (1 - Math.pow(1 - a * eta, t)) * delta[k];
            for (int j = 0; j < d; j++) {
                flow[j] += flowWeight * basis[j * rank + k];
                path[j] += pathWeight * basis[j * rank + k];
            }
        }
        double sf = 0, sp = 0;
        for (int j = 0; j < d; j++) {
            sf += (x[j] - flow[j]) * (x[j] - flow[j]);
            sp += (x[j] - path[j]) * (x[j] - path[j]);
        }
        out[0] = Math.sqrt(sf);
        out[1] = Math.sqrt(sp);
    }
}
