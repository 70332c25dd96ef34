package org.irlab.problem;

/**
 * The balancing term λ‖XᵀX − YᵀY‖²_F on x = [X; Y] (X ∈ ℝ^{n₁×r'}, Y ∈ ℝ^{n₂×r'} stacked row-major), added to
 * asymmetric low-rank problems to promote balanced factors (Section 7 of the IPGD paper). With the imbalance
 * D = XᵀX − YᵀY: ∇ = 4λ[XD; −YD], ∇²·(V_X, V_Y) = 4λ[V_X D + XḊ; −(V_Y D + YḊ)],
 * Ḋ = V_XᵀX + XᵀV_X − V_YᵀY − YᵀV_Y.
 */
public final class BalanceRegularizer implements Objective {
    private final int rows, columns, searchRank, split;
    private final double weight;
    private final double[] imbalance, imbalanceDot;

    /**
     * @param rows    n₁, rows of X
     * @param columns n₂, rows of Y
     * @param weight  λ ≥ 0
     */
    public BalanceRegularizer(int rows, int columns, int searchRank, double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) throw new IllegalArgumentException("weight must be >= 0");
        this.rows = rows;
        this.columns = columns;
        this.searchRank = searchRank;
        this.split = rows * searchRank;
        this.weight = weight;
        this.imbalance = new double[searchRank * searchRank];
        this.imbalanceDot = new double[searchRank * searchRank];
    }

    public double weight() { return weight; }

    @Override public int dimension() { return (rows + columns) * searchRank; }

    /** The imbalance ‖XᵀX − YᵀY‖_F (without the weight). */
    public double imbalanceNorm(double[] x) {
        imbalance(x, imbalance);
        return Math.sqrt(squaredNorm(imbalance));
    }

    @Override public double value(double[] x) {
        imbalance(x, imbalance);
        return weight * squaredNorm(imbalance);
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        imbalance(x, imbalance);
        double c = 4 * weight;
        multiplyBlocks(x, imbalance, c, -c, gradientOut, false);
        return weight * squaredNorm(imbalance);
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        imbalance(x, imbalance);
        cross(v, x, imbalanceDot);
        double c = 4 * weight;
        multiplyBlocks(v, imbalance, c, -c, out, false);
        multiplyBlocks(x, imbalanceDot, c, -c, out, true);
    }

    /** d = XᵀX − YᵀY (r'×r'). */
    private void imbalance(double[] x, double[] d) {
        int r = searchRank;
        java.util.Arrays.fill(d, 0.0);
        for (int i = 0; i < rows + columns; i++) {
            int base = i * r;
            double sign = i < rows ? 1.0 : -1.0;
            for (int a = 0; a < r; a++) {
                double xa = sign * x[base + a];
                if (xa == 0) continue;
                int da = a * r;
                for (int b = 0; b < r; b++) d[da + b] += xa * x[base + b];
            }
        }
    }

    /** d = VᵀX + XᵀV over the X rows minus the same over the Y rows. */
    private void cross(double[] v, double[] x, double[] d) {
        int r = searchRank;
        java.util.Arrays.fill(d, 0.0);
        for (int i = 0; i < rows + columns; i++) {
            int base = i * r;
            double sign = i < rows ? 1.0 : -1.0;
            for (int a = 0; a < r; a++) {
                double va = sign * v[base + a];
                if (va == 0) continue;
                int da = a * r;
                for (int b = 0; b < r; b++) d[da + b] += va * x[base + b];
            }
        }
        for (int a = 0; a < r; a++) {
            for (int b = a; b < r; b++) {
                double s = d[a * r + b] + d[b * r + a];
                d[a * r + b] = s;
                d[b * r + a] = s;
            }
        }
    }

    /** out[X rows] (+)= top·(A_X d), out[Y rows] (+)= bottom·(A_Y d) for a = [A_X; A_Y]. */
    private void multiplyBlocks(double[] a, double[] d, double top, double bottom, double[] out, boolean accumulate) {
        int r = searchRank;
        for (int i = 0; i < rows + columns; i++) {
            int base = i * r;
            double c = i < rows ? top : bottom;
            for (int b = 0; b < r; b++) {
                double s = 0;
                for (int k = 0; k < r; k++) s += a[base + k] * d[k * r + b];
                if (accumulate) out[base + b] += c * s; else out[base + b] = c * s;
            }
        }
    }

    private static double squaredNorm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return s;
    }
}
