package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.ObjectiveContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Gram route of asymmetric sensing ({@link SensingLoss} on GRAM) against the direct one. */
class AsymmetricSensingGramRouteTest {
    static Objective objective(GradientRoute route) {
        return LowRankRecovery.asymmetricSensing(9, 7, 2, 5, new double[] {3, 1}, 90, 1.0 / 16, 8, route).objective();
    }

    @Nested class Contract extends ObjectiveContract {
        @Override protected Objective objective() { return AsymmetricSensingGramRouteTest.objective(GradientRoute.GRAM); }
    }

    @Test
    void autoResolvesByTheNumberOfEntries() {
        assertThat(SensingLoss.resolve(GradientRoute.AUTO, 400, 600)).isEqualTo(GradientRoute.GRAM);
        assertThat(SensingLoss.resolve(GradientRoute.AUTO, 400, 400)).isEqualTo(GradientRoute.DIRECT);
        assertThat(((RoutedObjective) objective(GradientRoute.AUTO)).gradientRoute()).isEqualTo(GradientRoute.GRAM);
        assertThat(((RoutedObjective) objective(GradientRoute.DIRECT)).gradientRoute()).isEqualTo(GradientRoute.DIRECT);
    }

    /** Along a sequence of points (the first anchors), value and gradient equal the direct route's to 1e-12. */
    @Test
    void gradientsEqualTheDirectRoutes() {
        Objective gram = objective(GradientRoute.GRAM), direct = objective(GradientRoute.DIRECT);
        int d = gram.dimension();
        SplittableRandom rng = new SplittableRandom(9);
        double[] x = new double[d], g1 = new double[d], g2 = new double[d], v = new double[d], h1 = new double[d],
                h2 = new double[d];
        Randoms.gaussian(rng, 0.5, x);
        Randoms.gaussian(rng, 1.0, v);
        for (int step = 0; step < 6; step++) {
            double[] move = new double[d];
            Randoms.gaussian(rng, 0.05, move);
            Kernels.axpy(1, move, x);
            double f1 = gram.valueAndGradient(x, g1), f2 = direct.valueAndGradient(x, g2);
            assertThat(Math.abs(f1 - f2)).as("loss at step %d", step).isLessThanOrEqualTo(1e-12 * f2);
            assertThat(Kernels.distance(g1, g2)).as("gradient at step %d", step)
                    .isLessThanOrEqualTo(1e-12 * Kernels.norm(g2));
            assertThat(gram.value(x)).isEqualTo(direct.value(x));
            gram.hessianVector(x, v, h1);
            direct.hessianVector(x, v, h2);
            assertThat(h1).containsExactly(h2); // products take the direct pass and leave the anchor alone
        }
    }
}
