package org.irlab.optim;

/**
 * A diagonal preconditioner constant on rows of a factorisation: d = P·∇f with P = diag(p_i) on each of the first
 * {@code factors.length} rows of {@code rowLength} entries and 1 on the entries after them (bias blocks). GD with it
 * is plain GD in the coordinates z_i = x_i/√p_i; e.g. p_i = (n_i/n̄)^(−γ) for a row with n_i observed entries
 * equalises the curvature of heavy and light rows of a completion problem.
 */
public final class RowScaling implements Preconditioner {
    private final double[] factors;
    private final int rowLength;

    /** @param factors p_i &gt; 0 (copied) */
    public RowScaling(double[] factors, int rowLength) {
        if (rowLength < 1) throw new IllegalArgumentException("rowLength must be ≥ 1");
        for (double p : factors) {
            if (!(p > 0) || !Double.isFinite(p)) throw new IllegalArgumentException("factors must be > 0, got " + p);
        }
        this.factors = factors.clone();
        this.rowLength = rowLength;
    }

    /** p_i of row i. */
    public double factor(int row) { return factors[row]; }

    @Override public void apply(DescentState state, double[] gradient, double[] out) {
        scale(gradient, out);
    }

    /** out = P·v (out may be v). */
    public void scale(double[] v, double[] out) {
        int r = rowLength, scaled = factors.length * r;
        for (int i = 0; i < factors.length; i++) {
            double p = factors[i];
            for (int k = i * r; k < i * r + r; k++) out[k] = p * v[k];
        }
        if (out != v) System.arraycopy(v, scaled, out, scaled, v.length - scaled);
    }
}
