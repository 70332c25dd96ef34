package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.List;
import org.irlab.testing.ObjectiveContract;
import org.irlab.testing.Quadratic;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Terms on blocks of the variable: their gradients and products land in their blocks, zero elsewhere. */
class SumObjectiveBlockTest {
    /** f(x) = ½⟨x, Ax⟩ on x ∈ ℝ⁶ as the sum of a quadratic on x[0, 3) and one on the overlapping x[2, 5); x₅ is free. */
    static SumObjective overlapping() {
        return new SumObjective(6, List.of(SumObjective.block(Quadratic.diagonal(1, 2, 3), 0),
                SumObjective.block(Quadratic.diagonal(4, 5, 6), 2)));
    }

    @Test
    void blocksAddUpAsTheirDiagonalsSay() {
        SumObjective f = overlapping();
        double[] x = {1, -2, 3, 0.5, -1, 7}, g = new double[6], h = new double[6];
        double[] diagonal = {1, 2, 3 + 4, 5, 6, 0};
        double value = 0;
        for (int i = 0; i < 6; i++) value += 0.5 * diagonal[i] * x[i] * x[i];
        assertThat(f.valueAndGradient(x, g)).isCloseTo(value, org.assertj.core.data.Offset.offset(REORDERED));
        f.hessianVector(x, new double[] {1, 1, 1, 1, 1, 1}, h);
        for (int i = 0; i < 6; i++) {
            assertThat(g[i]).isCloseTo(diagonal[i] * x[i], org.assertj.core.data.Offset.offset(REORDERED));
            assertThat(h[i]).isEqualTo(diagonal[i]);
        }
    }

    @Test
    void aBlockThatDoesNotFitIsRefused() {
        assertThatThrownBy(() -> new SumObjective(4, List.of(SumObjective.block(Quadratic.diagonal(1, 2, 3), 2))))
                .hasMessageContaining("does not fit");
    }

    @Nested class Contract extends ObjectiveContract {
        @Override protected Objective objective() { return overlapping(); }
    }
}
