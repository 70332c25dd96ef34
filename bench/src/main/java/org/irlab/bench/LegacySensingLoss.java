package org.irlab.bench;

import org.irlab.linalg.Kernels;
import org.irlab.problem.MatrixLoss;

/**
 * The sensing loss as it was before the performance work (two scalar passes: A·vec(M), then Aᵀr), kept only so that
 * bench/compare can show before and after in the same run. Not for use outside bench/.
 */
final class LegacySensingLoss implements MatrixLoss {
    private final int rows, columns, measurements;
    private final double[] operator, observations, residual;
    private final double scale;

    LegacySensingLoss(int rows, int columns, double[] operator, double[] observations, double scale) {
        this.rows = rows;
        this.columns = columns;
        this.measurements = observations.length;
        this.operator = operator;
        this.observations = observations;
        this.scale = scale;
        this.residual = new double[measurements];
    }

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

    @Override public void hessian(double[] m, double[] direction, double[] out) {
        Kernels.multiplyVector(operator, direction, residual, measurements, rows * columns);
        for (int i = 0; i < measurements; i++) residual[i] *= 2 * scale;
        Kernels.multiplyTransposeVector(operator, residual, out, measurements, rows * columns);
    }
}
