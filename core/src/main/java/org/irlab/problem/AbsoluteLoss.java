package org.irlab.problem;

import org.irlab.linalg.Kernels;

/**
 * The nonsmooth ℓ1 sensing loss L(M) = c·Σᵢ |⟨Aᵢ, M⟩ − yᵢ| (robust matrix sensing, c = 1/N), with the subgradient
 * c·Σᵢ sign(rᵢ)Aᵢ (sign 0 = 0: the minimal-norm choice at a kink rᵢ = 0). L is piecewise linear, so its Hessian
 * is 0 wherever it exists; {@link #hessian} returns that, and a deviation rate of it is undefined (no curvature).
 */
public final class AbsoluteLoss implements MatrixLoss {
    private final int rows, columns, measurements;
    private final double[] operator, observations, residual;
    private final double scale;

    /**
     * @param operator     N×(rows·columns) row-major, row i = vec(Aᵢ); not copied, must not be modified
     * @param observations y, length N; not copied
     */
    public AbsoluteLoss(int rows, int columns, double[] operator, double[] observations, double scale) {
        this.rows = rows;
        this.columns = columns;
        this.measurements = observations.length;
        SensingLoss.checkOperator(operator, measurements, rows * columns);
        this.operator = operator;
        this.observations = observations;
        this.scale = scale;
        this.residual = new double[measurements];
    }

    @Override public int rows() { return rows; }

    @Override public int columns() { return columns; }

    public int measurements() { return measurements; }

    /** rᵢ = ⟨Aᵢ, M⟩ − yᵢ of the last evaluation (shared, do not modify). */
    public double[] residuals() { return residual; }

    @Override public double value(double[] m) {
        int w = rows * columns;
        double sum = 0;
        for (int i = 0; i < measurements; i++) {
            residual[i] = Kernels.dot(operator, i * w, m, 0, w) - observations[i];
            sum += Math.abs(residual[i]);
        }
        return scale * sum;
    }

    @Override public double valueAndGradient(double[] m, double[] gradientOut) {
        int w = rows * columns;
        double f = value(m);
        java.util.Arrays.fill(gradientOut, 0, w, 0.0);
        for (int i = 0; i < measurements; i++) {
            double sign = Math.signum(residual[i]) * scale;
            if (sign == 0) continue;
            for (int p = 0; p < w; p++) gradientOut[p] += sign * operator[i * w + p];
        }
        return f;
    }

    /** 0: L is piecewise linear. */
    @Override public void hessian(double[] m, double[] direction, double[] out) {
        java.util.Arrays.fill(out, 0, rows * columns, 0.0);
    }
}
