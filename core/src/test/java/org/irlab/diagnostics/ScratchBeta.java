package org.irlab.diagnostics;

import org.irlab.problem.Problem;
import org.irlab.testing.ProblemCatalogue;
import org.junit.jupiter.api.Test;

class ScratchBeta {
    @Test void report() {
        Problem p = ProblemCatalogue.small().get(0).create();
        int d = p.objective().dimension();
        for (double scale : new double[] {1, 1e-3, 1e-9}) {
            double[] x = DeviationRateTest.pointNearRegion(p.region(), d, scale, 17);
            DeviationRate.Measurement ref = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.DENSE).evaluate(x, new DeviationRate.Measurement());
            for (double tol : new double[] {1e-12, 1e-10, 1e-8, 1e-6, 1e-4}) {
                DeviationRate.Measurement m = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.LANCZOS, d, tol).evaluate(x, new DeviationRate.Measurement());
                System.out.printf("BETA scale %g tol %g k=%d bound=%.2e err r=%.2e%n", scale, tol, m.lanczosSteps(), m.errorBound(), Math.abs(m.rate() - ref.rate()));
            }
        }
    }
}
