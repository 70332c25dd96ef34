package org.irlab.diagnostics;

import org.irlab.problem.Problem;
import org.irlab.testing.ProblemCatalogue;
import org.junit.jupiter.api.Test;

class ScratchReport {
    @Test void report() {
        for (ProblemCatalogue.Entry e : ProblemCatalogue.small()) {
            Problem p = e.create();
            int d = p.objective().dimension();
            for (double scale : new double[] {1, 1e-3, 1e-9}) {
                double[] x = DeviationRateTest.pointNearRegion(p.region(), d, scale, 17);
                DeviationRate dr = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.DENSE);
                DeviationRate lr = new DeviationRate(p.objective(), p.region(), DeviationRate.Method.LANCZOS, d, 1e-12);
                DeviationRate.Measurement a = new DeviationRate.Measurement(), b = new DeviationRate.Measurement();
                long t0 = System.nanoTime(); dr.evaluate(x, a); long t1 = System.nanoTime(); lr.evaluate(x, b); long t2 = System.nanoTime();
                for (int i = 0; i < 3; i++) { dr.evaluate(x, a); } long t3 = System.nanoTime();
                for (int i = 0; i < 3; i++) { lr.evaluate(x, b); } long t4 = System.nanoTime();
                double mag = Math.abs(a.minus()) + Math.abs(a.plus());
                System.out.printf("%s scale=%g: r-=%.10g r+=%.10g r=%.10g | rel diff r-=%.2e r+=%.2e r=%.2e | k=%d bound=%.2e | dense %.1f ms lanczos %.1f ms%n",
                    e, scale, a.minus(), a.plus(), a.rate(), Math.abs(a.minus()-b.minus())/mag, Math.abs(a.plus()-b.plus())/mag,
                    Math.abs(a.rate()-b.rate())/mag, b.lanczosSteps(), b.errorBound(), (t3-t2)/3e6, (t4-t3)/3e6);
            }
        }
    }
}
