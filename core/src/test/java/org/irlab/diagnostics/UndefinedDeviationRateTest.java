package org.irlab.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.irlab.region.SupportRegion;
import org.junit.jupiter.api.Test;

/** The ℓ1 case: rate cells empty and the cumulative rate null, but the residual growth is measured. */
class UndefinedDeviationRateTest {
    @Test
    void ratesAreUndefinedButTheResidualGrowthIsMeasured() {
        UndefinedDeviationRate d = new UndefinedDeviationRate(new SupportRegion(new boolean[] {true, false, false}));
        double[] out = new double[d.columns().size()];
        d.measure(0, new double[] {1, 0, 0}, 0, null, out);      // x⊥ = 0: not a start
        d.measure(10, new double[] {1, 3, 4}, 0, null, out);     // ‖x⊥‖ = 5
        d.measure(20, new double[] {2, 0.6, 0.8}, 0, null, out); // ‖x⊥‖ = 1
        assertThat(out).containsOnly(Double.NaN);
        assertThat(d.summary().get("cumulativeDeviationRate")).isNaN();
        assertThat(d.summary().get("residualGrowthLog")).isCloseTo(Math.log(1.0 / 5), org.assertj.core.data.Offset.offset(1e-15));
    }
}
