package org.irlab.problem;

/**
 * The 1-bit completion loss L(M) = Σᵢⱼ log(1 + exp(Mᵢⱼ)) − αᵢⱼMᵢⱼ (eq. (124) of the IPGD paper), αᵢⱼ ∈ [0, 1] the
 * fraction of 1s observed for entry (i, j). ∇L = σ(M) − α, ∇²L·D = σ(M)σ(−M) ⊙ D. Every term is evaluated in a
 * form that neither overflows nor cancels for any finite M: for m &gt; 0 the term is (1 − α)m + log1p(e^{−m}),
 * otherwise log1p(e^{m}) − αm.
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
            s += term(m[k], alpha[k]);
            gradientOut[k] = sigmoid(m[k]) - alpha[k];
        }
        return s;
    }

    @Override public void hessian(double[] m, double[] direction, double[] out) {
        for (int k = 0; k < alpha.length; k++) out[k] = sigmoid(m[k]) * sigmoid(-m[k]) * direction[k];
    }

    /** log(1 + e^m) − αm without overflow or cancellation. */
    static double term(double m, double alpha) {
        if (m > 0) return (1 - alpha) * m + Math.log1p(Math.exp(-m));
        return Math.log1p(Math.exp(m)) - alpha * m;
    }

    /** σ(m) = 1/(1 + e^{−m}), evaluated so that e^{|m|} is never formed. */
    public static double sigmoid(double m) {
        if (m >= 0) return 1 / (1 + Math.exp(-m));
        double e = Math.exp(m);
        return e / (1 + e);
    }
}
