package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MatrixMeasures;
import org.irlab.linalg.Randoms;

/**
 * M = W_L ⋯ W_1 (eq. (8) of the deep matrix factorization notes, 004) with L square d×d factors; parameters
 * x = [W_1; W_2; …; W_L], factor j row-major at offset (j−1)d². With the prefix P_j = W_{j−1}⋯W_1 and the suffix
 * S_j = W_L⋯W_{j+1}, M = S_j W_j P_j, so ∂⟨G, M⟩/∂W_j = S_jᵀ G P_jᵀ, and the curvature is that expression's
 * derivative along V: Ṡ_jᵀ G P_jᵀ + S_jᵀ G Ṗ_jᵀ, with Ṗ_{j+1} = V_j P_j + W_j Ṗ_j and Ṡ_j = Ṡ_{j+1}W_{j+1} + S_{j+1}V_{j+1}.
 */
public final class MatrixProductModel implements FactorModel {
    private final int d, depth, block;
    private final double[][] factor, direction;
    private final double[][] prefix, suffix, prefixDot, suffixDot;
    private final double[] left, right, extra, work;

    /**
     * @param d     rows = columns of every factor and of M
     * @param depth L ≥ 1
     */
    public MatrixProductModel(int d, int depth) {
        if (d < 1 || depth < 1) throw new IllegalArgumentException("need d >= 1 and depth >= 1");
        this.d = d;
        this.depth = depth;
        this.block = Math.multiplyExact(d, d);
        Math.multiplyExact(block, depth); // the parameter count L·d² must fit an int
        factor = new double[depth][block];
        direction = new double[depth][block];
        prefix = new double[depth][block];    // prefix[k] = F_{k−1}⋯F_0 (0-based factors F_k = W_{k+1}); prefix[0] = I
        suffix = new double[depth][block];    // suffix[k] = F_{L−1}⋯F_{k+1}; suffix[L−1] = I
        prefixDot = new double[depth][block]; // derivative of prefix[k] along V
        suffixDot = new double[depth][block]; // derivative of suffix[k] along V
        for (int i = 0; i < d; i++) {
            prefix[0][i * d + i] = 1;
            suffix[depth - 1][i * d + i] = 1;
        }
        left = new double[block];
        right = new double[block];
        extra = new double[block];
        work = new double[block];
    }

    public int size() { return d; }

    public int depth() { return depth; }

    @Override public int dimension() { return block * depth; }
    @Override public int rows() { return d; }
    @Override public int columns() { return d; }

    @Override public void product(double[] x, double[] m) {
        load(x, factor);
        prefixes();
        Kernels.multiply(factor[depth - 1], prefix[depth - 1], m, d, d, d);
    }

    /** Block j of Jᵀg is S_jᵀ g P_jᵀ. */
    @Override public void pullback(double[] x, double[] g, double[] out) {
        load(x, factor);
        prefixes();
        suffixes();
        for (int k = 0; k < depth; k++) {
            Kernels.multiplyTransA(suffix[k], g, left, d, d, d);
            Kernels.multiplyTransB(left, prefix[k], right, d, d, d);
            System.arraycopy(right, 0, out, k * block, block);
        }
    }

    /** Jv = Σ_j S_j V_j P_j, accumulated as Ṗ_{L+1}. */
    @Override public void pushforward(double[] x, double[] v, double[] mOut) {
        load(x, factor);
        load(v, direction);
        prefixes();
        prefixDerivatives();
        // Ṗ_{L+1} = V_L P_L + W_L Ṗ_L
        int last = depth - 1;
        Kernels.multiply(direction[last], prefix[last], left, d, d, d);
        Kernels.multiply(factor[last], prefixDot[last], right, d, d, d);
        for (int i = 0; i < block; i++) mOut[i] = left[i] + right[i];
    }

    /** Block j: Ṡ_jᵀ g P_jᵀ + S_jᵀ g Ṗ_jᵀ. */
    @Override public void curvature(double[] x, double[] g, double[] v, double[] out) {
        load(x, factor);
        load(v, direction);
        prefixes();
        suffixes();
        prefixDerivatives();
        suffixDerivatives();
        for (int k = 0; k < depth; k++) {
            Kernels.multiplyTransA(suffixDot[k], g, left, d, d, d);
            Kernels.multiplyTransB(left, prefix[k], right, d, d, d);
            Kernels.multiplyTransA(suffix[k], g, left, d, d, d);
            Kernels.multiplyTransB(left, prefixDot[k], extra, d, d, d);
            int base = k * block;
            for (int i = 0; i < block; i++) out[base + i] = right[i] + extra[i];
        }
    }

    /**
     * Writes the balanced point W_j = α·Q_j Q_{j−1}ᵀ (j = 1..L) into {@code out}, for orthogonal Q_0, …, Q_L: then
     * W_{j+1}ᵀW_{j+1} = α²I = W_jW_jᵀ (balanced, Theorem 2 of 004) and W_{L:1} = α^L·Q_L Q_0ᵀ, so every singular
     * value of the product is α^L and det W_{L:1} = ±α^{Ld}; the first column of Q_0 is negated when needed to give
     * the requested sign.
     *
     * @param random            Q_j Haar-distributed (from {@code rng}, one split per matrix) instead of Q_j = I
     * @param positive          det W_{L:1} &gt; 0 (else &lt; 0)
     */
    public void balancedPoint(double scale, boolean random, boolean positive, SplittableRandom rng, double[] out) {
        double[][] q = new double[depth + 1][];
        for (int j = 0; j <= depth; j++) {
            if (random) {
                q[j] = Randoms.orthonormalColumns(rng.split(), d, d);
            } else {
                q[j] = new double[block];
                for (int i = 0; i < d; i++) q[j][i * d + i] = 1;
            }
        }
        double sign = Math.signum(MatrixMeasures.determinant(q[depth], d, work))
                * Math.signum(MatrixMeasures.determinant(q[0], d, work));
        if ((sign > 0) != positive) {
            for (int i = 0; i < d; i++) q[0][i * d] = -q[0][i * d];
        }
        for (int j = 1; j <= depth; j++) {
            Kernels.multiplyTransB(q[j], q[j - 1], left, d, d, d);
            for (int i = 0; i < block; i++) out[(j - 1) * block + i] = scale * left[i];
        }
    }

    private void load(double[] x, double[][] into) {
        for (int k = 0; k < depth; k++) System.arraycopy(x, k * block, into[k], 0, block);
    }

    private void prefixes() {
        for (int k = 1; k < depth; k++) Kernels.multiply(factor[k - 1], prefix[k - 1], prefix[k], d, d, d);
    }

    private void suffixes() {
        for (int k = depth - 2; k >= 0; k--) Kernels.multiply(suffix[k + 1], factor[k + 1], suffix[k], d, d, d);
    }

    /** Ṗ_0 = 0, Ṗ_{k} = V_{k−1} P_{k−1} + F_{k−1} Ṗ_{k−1} (0-based). */
    private void prefixDerivatives() {
        java.util.Arrays.fill(prefixDot[0], 0.0);
        for (int k = 1; k < depth; k++) {
            Kernels.multiply(direction[k - 1], prefix[k - 1], left, d, d, d);
            Kernels.multiply(factor[k - 1], prefixDot[k - 1], right, d, d, d);
            for (int i = 0; i < block; i++) prefixDot[k][i] = left[i] + right[i];
        }
    }

    /** Ṡ_{L−1} = 0, Ṡ_k = Ṡ_{k+1} F_{k+1} + S_{k+1} V_{k+1} (0-based). */
    private void suffixDerivatives() {
        java.util.Arrays.fill(suffixDot[depth - 1], 0.0);
        for (int k = depth - 2; k >= 0; k--) {
            Kernels.multiply(suffixDot[k + 1], factor[k + 1], left, d, d, d);
            Kernels.multiply(suffix[k + 1], direction[k + 1], right, d, d, d);
            for (int i = 0; i < block; i++) suffixDot[k][i] = left[i] + right[i];
        }
    }
}
