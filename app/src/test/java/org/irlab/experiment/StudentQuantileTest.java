package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The t quantiles of the Figure 6 intervals (from Hipparchus) against published tables and closed forms. */
class StudentQuantileTest {
    /** Published two-sided 95% critical values t_{0.975, ν}. */
    @ParameterizedTest(name = "ν = {0}")
    @CsvSource({"1, 12.706204736174698", "2, 4.302652729749464", "5, 2.570581835636314", "19, 2.093024054408309",
                "100, 1.983971518523552", "1000000, 1.959966"})
    void quantilesMatchTables(double nu, double expected) {
        assertThat(Fig6.tQuantile(0.975, nu)).isCloseTo(expected, within(nu > 1000 ? 1e-5 : 1e-9 * expected));
        assertThat(Fig6.tQuantile(0.025, nu)).isCloseTo(-expected, within(nu > 1000 ? 1e-5 : 1e-9 * expected));
    }

    /** ν = 1 is Cauchy (t_p = tan(π(p − ½))) and ν = 2 has t_p = (2p − 1)·√(2/(4p(1 − p))). */
    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"0.6", "0.9", "0.99", "0.999"})
    void closedFormsForOneAndTwoDegrees(double p) {
        double cauchy = Math.tan(Math.PI * (p - 0.5));
        assertThat(Fig6.tQuantile(p, 1)).isCloseTo(cauchy, within(1e-10 * cauchy));
        double two = (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p)));
        assertThat(Fig6.tQuantile(p, 2)).isCloseTo(two, within(1e-10 * two));
    }
}
