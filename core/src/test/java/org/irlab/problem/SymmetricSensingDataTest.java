package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.irlab.linalg.Randoms;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.PerturbedDescent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instances on shared generated data ({@link SymmetricSensing.Data}, one Gram matrix for all) run to the same bits
 * as instances generated afresh, one after another and side by side on two threads.
 */
class SymmetricSensingDataTest {
    static final int N = 12, RANK = 2, SEARCH = 12, MEASUREMENTS = 200;
    static final double[] SIGMA = {3, 1};

    private static double[] descend(SymmetricSensing p) {
        double[] x0 = new double[N * SEARCH];
        Randoms.gaussian(new SplittableRandom(5), 1e-3, x0);
        DescentResult r = PerturbedDescent.run(p.objective(), x0, DescentSettings.gd(0.05, 400, 0),
                IterationObserver.NONE);
        double[] out = new double[r.x().length + 3];
        System.arraycopy(r.x(), 0, out, 0, r.x().length);
        double[] metrics = new double[p.metricNames().size()];
        p.metrics(r.x(), metrics);
        out[r.x().length] = p.error(r.x());
        out[r.x().length + 1] = metrics[metrics.length - 1]; // the RIP bound
        out[r.x().length + 2] = p.objective().value(r.x());
        return out;
    }

    private static void assertSameBits(double[] a, double[] b) {
        assertThat(a.length).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(Double.doubleToRawLongBits(a[i])).as("entry %d", i).isEqualTo(Double.doubleToRawLongBits(b[i]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = GradientRoute.class, names = {"GRAM", "DIRECT"})
    void sharedDataRunsToTheBitsOfAFreshInstance(GradientRoute route) throws Exception {
        double[] fresh = descend(SymmetricSensing.create(N, RANK, SEARCH, SIGMA, MEASUREMENTS, 7,
                SymmetricSensing.Operator.GAUSSIAN, route));
        SymmetricSensing.Data data = SymmetricSensing.generate(N, RANK, SIGMA, MEASUREMENTS, 7);
        assertSameBits(descend(SymmetricSensing.of(data, SEARCH, route)), fresh);
        assertSameBits(descend(SymmetricSensing.of(data, SEARCH, route)), fresh); // the Gram matrix made by the first
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<double[]> a = pool.submit(() -> descend(SymmetricSensing.of(data, SEARCH, route)));
            Future<double[]> b = pool.submit(() -> descend(SymmetricSensing.of(data, SEARCH, route)));
            assertSameBits(a.get(), fresh);
            assertSameBits(b.get(), fresh);
        } finally {
            pool.shutdownNow();
        }
        assertThat(data.bytes()).isGreaterThanOrEqualTo(8L * MEASUREMENTS * (N * (N + 1) / 2 + 1));
    }
}
