package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Closed forms of λ‖XᵀX − YᵀY‖²_F. */
class BalanceRegularizerTest {
    @Test
    void valueAndGradientOfAHandComputedCase() {
        // X = [1 2; 0 1] (2×2), Y = [1 0] (1×2): XᵀX = [1 2; 2 5], YᵀY = [1 0; 0 0], D = [0 2; 2 5]
        double[] x = {1, 2, 0, 1, 1, 0};
        BalanceRegularizer b = new BalanceRegularizer(2, 1, 2, 0.5);
        assertThat(b.imbalanceNorm(x)).isCloseTo(Math.sqrt(33), within(1e-15));
        double[] g = new double[6];
        assertThat(b.valueAndGradient(x, g)).isCloseTo(0.5 * 33, within(1e-14));
        // ∇X = 4λXD = 2·[4 12; 2 5], ∇Y = −4λYD = −2·[0 2]
        double[] expected = {8, 24, 4, 10, 0, -4};
        for (int i = 0; i < 6; i++) assertThat(g[i]).isCloseTo(expected[i], within(1e-14));
    }

    @Test
    void vanishesWithZeroGradientOnBalancedFactors() {
        // X = UR, Y = VR with orthonormal U, V: XᵀX = YᵀY = RᵀR
        double c = Math.sqrt(0.5);
        double[] x = {c, c, c, -c, /* Y */ 1, 0, 0, 1, 0, 0};
        BalanceRegularizer b = new BalanceRegularizer(2, 3, 2, 3.0);
        double[] g = new double[10];
        assertThat(b.valueAndGradient(x, g)).isCloseTo(0, within(1e-30));
        for (double v : g) assertThat(v).isCloseTo(0, within(1e-14));
    }
}
