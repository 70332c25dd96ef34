package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Robust ℓ1 sensing: the subgradient against finite differences away from kinks, the outliers, the baseline. */
class RobustSensingTest {
    static RobustSensing instance(boolean symmetric) {
        return RobustSensing.create(symmetric, 5, symmetric ? 5 : 4, 2, 3, new double[] {2, 1}, 60, 0.1, 10, 3);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void subgradientMatchesFiniteDifferencesAwayFromKinks(boolean symmetric) {
        RobustSensing p = instance(symmetric);
        Objective f = p.objective();
        int d = f.dimension();
        SplittableRandom rng = new SplittableRandom(4);
        int checked = 0;
        for (int trial = 0; trial < 10; trial++) {
            double[] x = new double[d], v = new double[d], g = new double[d];
            Randoms.gaussian(rng, 1, x);
            Randoms.gaussian(rng, 1, v);
            f.valueAndGradient(x, g);
            // away from kinks: no residual changes sign within the difference step
            double h = 1e-7;
            double[] plus = x.clone(), minus = x.clone();
            for (int i = 0; i < d; i++) { plus[i] += h * v[i]; minus[i] -= h * v[i]; }
            if (signsDiffer(p, plus, minus)) continue;
            double fd = (f.value(plus) - f.value(minus)) / (2 * h);
            assertThat(Tolerances.close(fd, Kernels.dot(g, v), Tolerances.FD_RELATIVE, Tolerances.FD_ABSOLUTE))
                    .as("trial %d: %s vs %s", trial, fd, Kernels.dot(g, v)).isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    private static boolean signsDiffer(RobustSensing p, double[] a, double[] b) {
        FactorizedObjective f = (FactorizedObjective) p.objective();
        AbsoluteLoss loss = (AbsoluteLoss) f.loss();
        double[] m = new double[loss.rows() * loss.columns()];
        f.model().product(a, m);
        loss.value(m);
        double[] ra = loss.residuals().clone();
        f.model().product(b, m);
        loss.value(m);
        double[] rb = loss.residuals();
        for (int i = 0; i < ra.length; i++) if (Math.signum(ra[i]) != Math.signum(rb[i])) return true;
        return false;
    }

    @Test
    void outliersAreSeededAndTheTruthRejectsThemAll() {
        RobustSensing p = instance(true);
        assertThat(p.outliers()).hasSize(6);
        assertThat(RobustSensing.create(true, 5, 5, 2, 3, new double[] {2, 1}, 60, 0.1, 10, 3).outliers())
                .containsExactly(p.outliers());
        double[] truth = p.recovery().truth().balancedFactor(3);
        assertThat(p.error(truth)).isLessThan(Tolerances.REORDERED);
        double[] metric = new double[1];
        p.metrics(truth, metric);
        assertThat(metric[0]).isEqualTo(1.0);
        // at M* only the outliers leave a residual: f = (1/N) Σ |sᵢ| > 0, and the subgradient is the outliers' signs
        assertThat(p.objective().value(truth)).isGreaterThan(0);
        // the squared-loss baseline sees the same data
        Problem squared = p.squaredLoss();
        assertThat(squared.objective().value(truth)).isGreaterThan(0);
        assertThat(squared.error(truth)).isEqualTo(p.error(truth));
    }

    @Test
    void absoluteLossValueIsTheMeanAbsoluteResidual() {
        double[] operator = {1, 0, 0, 2, 1, 1};
        double[] y = {0.5, -1, 3};
        AbsoluteLoss loss = new AbsoluteLoss(1, 2, operator, y, 1.0 / 3);
        double[] m = {1, 1};
        double[] g = new double[2];
        // residuals 0.5, 3, −1
        assertThat(loss.valueAndGradient(m, g)).isCloseTo(4.5 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(g[0]).isCloseTo((1 + 0 - 1) / 3.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(g[1]).isCloseTo((0 + 2 - 1) / 3.0, org.assertj.core.data.Offset.offset(1e-15));
    }
}
