package org.irlab.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.List;
import java.util.SplittableRandom;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.testing.Dense;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Projections onto rank ≤ r (one block, and the product rank X ≤ r, rank Y ≤ r used by asymmetric problems). */
class ProductRegionTest {
    private static ImplicitRegion product(int n1, int n2, int searchRank, int rank) {
        int d = (n1 + n2) * searchRank;
        return new ProductRegion(List.of(new LowRankRegion(n1, searchRank, rank, 0, d),
                new LowRankRegion(n2, searchRank, rank, n1 * searchRank, d)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void productProjectionIsIdempotentLowRankAndMatchesTheResidualNorm(long seed) {
        int n1 = 8, n2 = 6, searchRank = 5, rank = 2;
        ImplicitRegion region = product(n1, n2, searchRank, rank);
        double[] x = new double[region.dimension()];
        Randoms.gaussian(new SplittableRandom(seed), 1.0, x);
        double[] p = new double[x.length], pp = new double[x.length], residual = new double[x.length];
        region.split(x, p, residual);
        region.project(p, pp);
        assertThat(Kernels.distance(p, pp)).isLessThan(REORDERED * Kernels.norm(p));
        assertThat(region.residualNorm(x)).isCloseTo(Kernels.distance(x, p), within(REORDERED * Kernels.norm(x)));
        assertThat(Kernels.norm(residual)).isCloseTo(region.residualNorm(x), within(REORDERED * Kernels.norm(x)));
        assertThat(region.residualNorm(p)).isLessThan(REORDERED * Kernels.norm(x));
        double[] top = java.util.Arrays.copyOfRange(p, 0, n1 * searchRank);
        double[] bottom = java.util.Arrays.copyOfRange(p, n1 * searchRank, p.length);
        for (double[] block : new double[][] {top, bottom}) {
            double[] s = Dense.singularValues(block, block.length / searchRank, searchRank);
            assertThat(s[rank]).isLessThan(REORDERED * s[0]);
        }
        // Eckart–Young: the residual norm is the root-sum-square of the discarded singular values of each block
        double tail = 0;
        for (double[] block : new double[][] {java.util.Arrays.copyOfRange(x, 0, n1 * searchRank),
                java.util.Arrays.copyOfRange(x, n1 * searchRank, x.length)}) {
            double[] s = Dense.singularValues(block, block.length / searchRank, searchRank);
            for (int t = rank; t < s.length; t++) tail += s[t] * s[t];
        }
        assertThat(region.residualNorm(x)).isCloseTo(Math.sqrt(tail), within(REORDERED * Kernels.norm(x)));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void aPointInTheRegionIsItsOwnProjection(long seed) {
        int n1 = 7, n2 = 5, searchRank = 4, rank = 2;
        ImplicitRegion region = product(n1, n2, searchRank, rank);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n1 * rank], b = new double[rank * searchRank], c = new double[n2 * rank];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        Randoms.gaussian(rng, 1.0, c);
        double[] x = new double[region.dimension()];
        double[] top = new double[n1 * searchRank], bottom = new double[n2 * searchRank];
        Kernels.multiply(a, b, top, n1, rank, searchRank);
        Kernels.multiply(c, b, bottom, n2, rank, searchRank);
        System.arraycopy(top, 0, x, 0, top.length);
        System.arraycopy(bottom, 0, x, top.length, bottom.length);
        double[] p = new double[x.length];
        region.project(x, p);
        assertThat(Kernels.distance(p, x)).isLessThan(REORDERED * Kernels.norm(x));
        assertThat(region.residualNorm(x)).isLessThan(REORDERED * Kernels.norm(x));
    }
}
