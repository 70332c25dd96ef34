package org.irlab.problem;

import java.util.SplittableRandom;
import org.irlab.optim.*;
import org.junit.jupiter.api.Test;

class ScratchDmfTest {
    void run(int depth, boolean random, boolean positive, long seed, double eta, int steps) {
        DeepFactorization p = DeepFactorization.seedExample(depth);
        double[] x0 = new double[p.objective().dimension()];
        p.balancedPoint(0.1, random ? DeepFactorization.Orientation.RANDOM : DeepFactorization.Orientation.IDENTITY, positive, new SplittableRandom(seed), x0);
        double[] m = new double[7];
        System.out.printf("== L=%d random=%s positive=%s seed=%d eta=%s%n", depth, random, positive, seed, eta);
        long t0 = System.nanoTime();
        PerturbedDescent.run(p.objective(), x0, DescentSettings.gd(eta, steps, 0), (t, x, f, g, gn, last) -> {
            if (last || (t >= 256 && Integer.bitCount(t) == 1)) {
                p.metrics(x, m);
                System.out.printf("%8d loss %.3e fro %.4e nuc %.4e spec %.4e erank %.8f dist %.3e det %.3e imb %.3e res %.3e%n", t, f, m[0], m[1], m[2], m[3], m[4], m[5], m[6], p.region().residualNorm(x));
            }
        });
        System.out.printf("time %.2fs%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test void explore() {
        for (long s = 2; s <= 3; s++) run(3, true, true, s, 0.005, 1 << 21);
        run(3, false, true, 0, 0.005, 1 << 21);
        run(4, true, true, 1, 0.005, 1 << 21);
        run(4, true, true, 1, 0.002, 1 << 21);
        for (long s = 1; s <= 4; s++) run(2, true, true, s, 0.005, 1 << 16);
    }
}
