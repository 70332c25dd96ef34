package org.irlab.problem;

/**
 * L(M) = c·‖M − T‖²_F for a fixed target T. With M the observed entries of XYᵀ (see {@link ObservedEntriesModel})
 * and c = 1 this is the matrix-completion loss Σ_{(i,j)∈Ω} ((XYᵀ)ᵢⱼ − M*ᵢⱼ)² of eq. (123) of the IPGD paper.
 */
public final class SquaredLoss implements MatrixLoss {
    private final int rows, columns;
    private final double[] target;
    private final double scale;

    /** @param target T, rows×columns row-major; not copied, must not be modified */
    public SquaredLoss(int rows, int columns, double[] target, double scale) {
        if (target.length != (long) rows * columns) {
            throw new IllegalArgumentException("target has " + target.length + " entries, expected " + rows + "x" + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.target = target;
        this.scale = scale;
    }

    /** T (shared, do not modify). */
    public double[] target() { return target; }

    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public double value(double[] m) {
        double s = 0;
        for (int k = 0; k < target.length; k++) {
            double r = m[k] - target[k];
            s += r * r;
        }
        return scale * s;
    }

    /** ∇L = 2c(M − T). */
    @Override public double valueAndGradient(double[] m, double[] gradientOut) {
        double s = 0, c = 2 * scale;
        for (int k = 0; k < target.length; k++) {
            double r = m[k] - target[k];
            s += r * r;
            gradientOut[k] = c * r;
        }
        return scale * s;
    }

    /** ∇²L·D = 2cD. */
    @Override public void hessian(double[] m, double[] direction, double[] out) {
        double c = 2 * scale;
        for (int k = 0; k < target.length; k++) out[k] = c * direction[k];
    }
}
