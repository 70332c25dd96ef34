package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import org.junit.jupiter.api.Test;

/** Closed forms of λ‖XᵀX − YᵀY‖²_F. */
class BalanceRegularizerTest {
    @Test
    void valueAndGradientOfAHandComputedCase() {
        // X = [1 2; 0 1] (2×2), Y = [1 0] (1×2): XᵀX = [1 2; 2 5], YᵀY = [1 0; 0 0], D = [0 2; 2 5]
        double[] x = {1, 2, 0, 1, 1, 0};
        BalanceRegularizer b = new BalanceRegularizer(2, 1, 2, 0.5);
        assertThat(b.imbalanceNorm(x)).isCloseTo(Math.sqrt(33), within(ROUNDING));
        double[] g = new double[6];
        assertThat(b.valueAndGradient(x, g)).isCloseTo(0.5 * 33, within(ROUNDING));
        // ∇X = 4λXD = 2·[4 12; 2 5], ∇Y = −4λYD = −2·[0 2]
        double[] expected = {8, 24, 4, 10, 0, -4};
        for (int i = 0; i < 6; i++) assertThat(g[i]).isCloseTo(expected[i], within(ROUNDING));
    }

    @Test
    void vanishesWithZeroGradientOnBalancedFactors() {
        // X = UR, Y = VR with orthonormal U, V: XᵀX = YᵀY = RᵀR
        double c = Math.sqrt(0.5);
        double[] x = {c, c, c, -c, /* Y */ 1, 0, 0, 1, 0, 0};
        BalanceRegularizer b = new BalanceRegularizer(2, 3, 2, 3.0);
        double[] g = new double[10];
        assertThat(b.valueAndGradient(x, g)).isCloseTo(0, within(1e-30));
        for (double v : g) assertThat(v).isCloseTo(0, within(ROUNDING));
    }

    @Test
    void manyChunksAgreeWithTheGramMatricesAndTheClosedFormGradient() {
        int n1 = 3000, n2 = 2500, k = 3;
        assertThat(n1 + n2).isGreaterThan(2 * BalanceRegularizer.CHUNK_ROWS);
        double[] x = new double[(n1 + n2) * k];
        org.irlab.linalg.Randoms.gaussian(new java.util.SplittableRandom(4), 1.0, x);
        double[] xs = java.util.Arrays.copyOfRange(x, 0, n1 * k), ys = java.util.Arrays.copyOfRange(x, n1 * k, x.length);
        double[] xtx = new double[k * k], yty = new double[k * k], d = new double[k * k];
        org.irlab.linalg.Kernels.multiplyTransA(xs, xs, xtx, k, n1, k);
        org.irlab.linalg.Kernels.multiplyTransA(ys, ys, yty, k, n2, k);
        for (int t = 0; t < d.length; t++) d[t] = xtx[t] - yty[t];
        double lambda = 0.3;
        BalanceRegularizer b = new BalanceRegularizer(n1, n2, k, lambda);
        double norm = org.irlab.linalg.Kernels.norm(d);
        assertThat(b.imbalanceNorm(x)).isCloseTo(norm, within(REORDERED * norm));
        double[] g = new double[x.length], want = new double[x.length];
        assertThat(b.valueAndGradient(x, g)).isCloseTo(lambda * norm * norm, within(REORDERED * lambda * norm * norm));
        // ∇ = 4λ[XD; −YD]
        double[] xd = new double[n1 * k], yd = new double[n2 * k];
        org.irlab.linalg.Kernels.multiply(xs, d, xd, n1, k, k);
        org.irlab.linalg.Kernels.multiply(ys, d, yd, n2, k, k);
        for (int t = 0; t < xd.length; t++) want[t] = 4 * lambda * xd[t];
        for (int t = 0; t < yd.length; t++) want[n1 * k + t] = -4 * lambda * yd[t];
        assertThat(org.irlab.linalg.Kernels.distance(g, want))
                .isLessThanOrEqualTo(REORDERED * org.irlab.linalg.Kernels.norm(want));
    }
}
