package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
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

    /** Along a walk (the first point anchors), value and gradient equal the direct route's to 1e-12, HVPs their bits. */
    @Test
    void gradientsEqualTheDirectRoutes() {
        Objective gram = objective(GradientRoute.GRAM), direct = objective(GradientRoute.DIRECT);
        int d = gram.dimension();
        double[] v = new double[d], h1 = new double[d], h2 = new double[d];
        Randoms.gaussian(new SplittableRandom(10), 1.0, v);
        SymmetricSensingGramRouteTest.agreeAlongAWalk(gram, direct, 9, x -> {
            gram.hessianVector(x, v, h1);
            direct.hessianVector(x, v, h2);
            assertThat(h1).containsExactly(h2); // products take the direct pass and leave the anchor alone
        });
    }
}
