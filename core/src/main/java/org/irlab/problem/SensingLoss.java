package org.irlab.problem;

import org.irlab.linalg.Kernels;

/**
 * L(M) = c·Σᵢ (⟨Aᵢ, M⟩ − yᵢ)² for measurement matrices Aᵢ stored as the rows of one N×(rows·columns) array.
 * Matrix sensing uses c = 1/(4N); sparse recovery and least squares use it with M a 1×d row.
 */
public final class SensingLoss implements MatrixLoss {
    private final int rows, columns, measurements;
    private final double[] operator;
    private final double[] observations;
    private final double scale;
    private final double[] residual;

    /**
     * @param operator     N×(rows·columns) row-major; row i is vec(Aᵢ); not copied, must not be modified
     * @param observations y, length N; not copied
     * @param scale        c
     */
    public SensingLoss(int rows, int columns, double[] operator, double[] observations, double scale) {
        this.rows = rows;
        this.columns = columns;
        this.measurements = observations.length;
        if (operator.length != (long) measurements * rows * columns) {
            throw new IllegalArgumentException("operator has " + operator.length + " entries, expected "
                    + measurements + "x" + rows * columns);
        }
        this.operator = operator;
        this.observations = observations;
        this.scale = scale;
        this.residual = new double[measurements];
    }

    public int measurements() { return measurements; }

    public double scale() { return scale; }

    /** The operator 𝒜 as N×(rows·columns) row-major (shared, do not modify). */
    public double[] operator() { return operator; }

    /** y (shared, do not modify). */
    public double[] observations() { return observations; }

    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public double value(double[] m) {
        Kernels.multiplyVector(operator, m, residual, measurements, rows * columns);
        double s = 0;
        for (int i = 0; i < measurements; i++) {
            double r = residual[i] - observations[i];
            s += r * r;
        }
        return scale * s;
    }

    /** ∇L = 2c·Σ rᵢAᵢ. */
    @Override public double valueAndGradient(double[] m, double[] gradientOut) {
        Kernels.multiplyVector(operator, m, residual, measurements, rows * columns);
        double s = 0;
        for (int i = 0; i < measurements; i++) {
            double r = residual[i] - observations[i];
            s += r * r;
            residual[i] = 2 * scale * r;
        }
        Kernels.multiplyTransposeVector(operator, residual, gradientOut, measurements, rows * columns);
        return scale * s;
    }

    /** ∇²L·D = 2c·Σ ⟨Aᵢ, D⟩Aᵢ (independent of M). */
    @Override public void hessian(double[] m, double[] direction, double[] out) {
        Kernels.multiplyVector(operator, direction, residual, measurements, rows * columns);
        for (int i = 0; i < measurements; i++) residual[i] *= 2 * scale;
        Kernels.multiplyTransposeVector(operator, residual, out, measurements, rows * columns);
    }
}
