package org.irlab.problem;

/**
 * The 1-bit completion loss L(M) = Σᵢⱼ log(1 + exp(Mᵢⱼ)) − αᵢⱼMᵢⱼ (eq. (124) of the IPGD paper), αᵢⱼ ∈ [0, 1] the
 * fraction of 1s observed for entry (i, j). ∇L = σ(M) − α, ∇²L·D = σ(M)σ(−M) ⊙ D. Every term is evaluated in a
 * form that neither overflows nor cancels for any finite M: for m &gt; 0 the term is (1 − α)m + log1p(e^{−m}),
 * otherwise log1p(e^{m}) − αm, with the one exponential t = e^{−|m|} shared by the term, σ(m) and σ(m)σ(−m).
 */
public final class LogisticLoss implements MatrixLoss {
    private final int rows, columns;
    private final double[] alpha;

    /** @param alpha α, rows×columns row-major with entries in [0, 1]; not copied, must not be modified */
    public LogisticLoss(int rows, int columns, double[] alpha) {
        if (alpha.length != (long) rows * columns) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " entries, expected " + rows + "x" + columns);
        }
        for (double a : alpha) {
            if (!(a >= 0 && a <= 1)) throw new IllegalArgumentException("alpha entries must lie in [0, 1], got " + a);
        }
        this.rows = rows;
        this.columns = columns;
        this.alpha = alpha;
    }

    /** α (shared, do not modify). */
    public double[] alpha() { return alpha; }

    @Override public int rows() { return rows; }
    @Override public int columns() { return columns; }

    @Override public double value(double[] m) {
        double s = 0;
        for (int k = 0; k < alpha.length; k++) s += term(m[k], alpha[k]);
        return s;
    }

    @Override public double valueAndGradient(double[] m, double[] gradientOut) {
        double s = 0;
        for (int k = 0; k < alpha.length; k++) {
            double t = Math.exp(-Math.abs(m[k]));
            s += term(m[k], alpha[k], t);
            gradientOut[k] = sigmoid(m[k], t) - alpha[k];
        }
        return s;
    }

    @Override public void hessian(double[] m, double[] direction, double[] out) {
        for (int k = 0; k < alpha.length; k++) out[k] = curvature(Math.exp(-Math.abs(m[k]))) * direction[k];
    }

    /** log(1 + e^m) − αm without overflow or cancellation. */
    static double term(double m, double alpha) {
        return term(m, alpha, Math.exp(-Math.abs(m)));
    }

    /** {@link #term(double, double)} given t = e^{−|m|}: (1 − α)m + log1p(t) for m &gt; 0, else log1p(t) − αm. */
    static double term(double m, double alpha, double t) {
        return (m > 0 ? (1 - alpha) * m : -alpha * m) + Math.log1p(t);
    }

    /** σ(m) = 1/(1 + e^{−m}), evaluated so that e^{|m|} is never formed. */
    public static double sigmoid(double m) {
        return sigmoid(m, Math.exp(-Math.abs(m)));
    }

    /** σ(m) given t = e^{−|m|}: 1/(1 + t) for m ≥ 0, t/(1 + t) otherwise. */
    static double sigmoid(double m, double t) {
        return m >= 0 ? 1 / (1 + t) : t / (1 + t);
    }

    /** σ(m)σ(−m), the second derivative of log(1 + e^m), given t = e^{−|m|}. */
    static double curvature(double t) {
        double u = 1 + t;
        return (1 / u) * (t / u);
    }
}
