package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.ROUNDING;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Closed forms of the 1-bit loss, including magnitudes where the naive formula overflows or cancels. */
class LogisticLossTest {
    @ParameterizedTest
    @ValueSource(doubles = {-30, -3.5, -0.25, 0, 1e-9, 0.7, 4, 30})
    void agreesWithTheNaiveFormulaWhereThatOneIsAccurate(double m) {
        double alpha = 0.3;
        LogisticLoss loss = new LogisticLoss(1, 1, new double[] {alpha});
        double naive = Math.log(1 + Math.exp(m)) - alpha * m;
        assertThat(loss.value(new double[] {m})).isCloseTo(naive, within(ROUNDING * Math.max(1, Math.abs(naive))));
        double[] g = new double[1];
        loss.valueAndGradient(new double[] {m}, g);
        double sigma = 1 / (1 + Math.exp(-m));
        assertThat(g[0]).isCloseTo(sigma - alpha, within(ROUNDING));
        double[] h = new double[1];
        loss.hessian(new double[] {m}, new double[] {2.0}, h);
        assertThat(h[0]).isCloseTo(2 * sigma * (1 - sigma), within(ROUNDING));
    }

    @Test
    void isFiniteAndExactForHugeMagnitudes() {
        double alpha = 0.25;
        double[] m = {1e308, -1e308, 800, -800, Double.MAX_VALUE};
        double[] a = {alpha, alpha, alpha, alpha, 0};
        LogisticLoss loss = new LogisticLoss(1, m.length, a);
        double[] g = new double[m.length], h = new double[m.length];
        double total = loss.valueAndGradient(m, g);
        loss.hessian(m, new double[] {1, 1, 1, 1, 1}, h);
        // log(1 + e^m) − αm = (1 − α)m for m → +∞ and −αm for m → −∞, to the last bit
        assertThat(LogisticLoss.term(1e308, alpha)).isEqualTo(0.75e308);
        assertThat(LogisticLoss.term(-1e308, alpha)).isEqualTo(0.25e308);
        assertThat(LogisticLoss.term(800, alpha)).isEqualTo(600.0);
        assertThat(LogisticLoss.term(-800, alpha)).isEqualTo(200.0);
        assertThat(LogisticLoss.term(Double.MAX_VALUE, 0)).isEqualTo(Double.MAX_VALUE);
        assertThat(total).isEqualTo(Double.POSITIVE_INFINITY); // the exact sum exceeds the double range
        assertThat(g).containsExactly(1 - alpha, -alpha, 1 - alpha, -alpha, 1);
        assertThat(h).containsOnly(0.0);
    }

    @Test
    void sigmoidIsAccurateInBothTails() {
        assertThat(LogisticLoss.sigmoid(-745)).isGreaterThan(0); // e^{-745} is the last subnormal
        assertThat(LogisticLoss.sigmoid(-40)).isCloseTo(Math.exp(-40), within(1e-30));
        for (double m : new double[] {-5, -1, 0, 0.5, 3, 20}) {
            assertThat(LogisticLoss.sigmoid(m) + LogisticLoss.sigmoid(-m)).isCloseTo(1.0, within(3e-16)); // one ulp of 1
        }
    }

    @Test
    void theTruthIsStationaryWhenAlphaIsThePopulationValue() {
        double[] truth = {2.5, -1, 0.1, -7};
        double[] alpha = new double[truth.length];
        for (int k = 0; k < truth.length; k++) alpha[k] = LogisticLoss.sigmoid(truth[k]);
        double[] g = new double[truth.length];
        new LogisticLoss(2, 2, alpha).valueAndGradient(truth, g);
        assertThat(g).containsOnly(0.0);
    }

    @Test
    void rejectsAlphaOutsideTheUnitInterval() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LogisticLoss(1, 1, new double[] {1.5}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
