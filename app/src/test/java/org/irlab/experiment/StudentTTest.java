package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StudentTTest {
    /** Published two-sided 95% critical values t_{0.975, ν}. */
    @ParameterizedTest(name = "ν = {0}")
    @CsvSource({"1, 12.706204736174698", "2, 4.302652729749464", "5, 2.570581835636314", "19, 2.093024054408309",
                "100, 1.983971518523552", "1000000, 1.959966"})
    void quantilesMatchTables(double nu, double expected) {
        assertThat(StudentT.quantile(0.975, nu)).isCloseTo(expected, within(nu > 1000 ? 1e-5 : 1e-9 * expected));
        assertThat(StudentT.quantile(0.025, nu)).isCloseTo(-expected, within(nu > 1000 ? 1e-5 : 1e-9 * expected));
    }

    @ParameterizedTest(name = "ν = {0}")
    @CsvSource({"1", "3", "30"})
    void cdfIsSymmetricAndCauchyForOneDegree(double nu) {
        for (double t : new double[] {0.1, 1, 3.7}) {
            assertThat(StudentT.cdf(t, nu) + StudentT.cdf(-t, nu)).isCloseTo(1.0, within(1e-14));
            if (nu == 1) assertThat(StudentT.cdf(t, 1)).isCloseTo(0.5 + Math.atan(t) / Math.PI, within(1e-13));
        }
        assertThat(StudentT.cdf(0, nu)).isCloseTo(0.5, within(1e-15));
    }
}
