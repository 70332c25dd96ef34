package org.irlab.problem;

/**
 * M(x) = x: the parameters are the matrix itself (rows×columns, row-major). Lets a {@link MatrixLoss} act directly on
 * the parameters, e.g. least squares as a {@link SensingLoss} on a 1×d row. J = I, so the curvature term vanishes.
 */
public final class IdentityModel implements FactorModel {
    private final int rows, columns;

    public IdentityModel(int rows, int columns) {
        if (rows < 1 || columns < 1) throw new IllegalArgumentException("need rows, columns >= 1");
        this.rows = rows;
        this.columns = columns;
    }

    @Override public int dimension() { return rows * columns; }
    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public void product(double[] x, double[] m) {
        System.arraycopy(x, 0, m, 0, rows * columns);
    }

    /** Jᵀg = g. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        System.arraycopy(g, 0, out, 0, rows * columns);
    }

    /** Jv = v. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        System.arraycopy(v, 0, mOut, 0, rows * columns);
    }

    /** ⟨g, M(x)⟩ is linear in x: zero. */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0, rows * columns, 0.0);
    }
}
