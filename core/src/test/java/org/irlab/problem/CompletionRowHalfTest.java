package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective.Transpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The row half of the two-factor completion term (what one block of the distributed gradient computes): on Ω it
 * gives the X rows of ∇f and ∇²f·v and f itself to the bit, and on the transposed Ω with x = [Y; X] it gives the
 * Y rows — to the bit against the column pass, to rounding against the scattered slots.
 */
class CompletionRowHalfTest {
    @ParameterizedTest(name = "{0}, chunks of {1}")
    @CsvSource({"COLUMN_PASS, 64", "COLUMN_PASS, 32768", "SCATTER, 64", "SCATTER, 32768"})
    void theRowHalvesOfOmegaAndItsTransposeMakeTheWholeGradient(Transpose mode, int chunkWork) {
        SplittableRandom rng = new SplittableRandom(7);
        int n1 = 37, n2 = 23, r = 4;
        SparsePattern omega = SparsePattern.bernoulli(rng.split(), n1, n2, 0.4);
        double[] target = new double[omega.size()];
        Randoms.gaussian(rng.split(), 1.0, target);
        double c = 1.0 / omega.size();
        CompletionObjective f = CompletionObjective.create(omega, target, r, c, false, false, null, chunkWork, mode);
        double[] x = new double[f.dimension()], v = new double[x.length];
        Randoms.gaussian(rng.split(), 0.5, x);
        Randoms.gaussian(rng.split(), 1.0, v);
        double[] whole = new double[x.length], half = new double[x.length];
        double value = f.valueAndGradient(x, whole);
        Arrays.fill(half, 7.0);
        assertThat(f.valueAndRowGradient(x, half)).isEqualTo(value);
        assertThat(Arrays.copyOf(half, n1 * r)).containsExactly(Arrays.copyOf(whole, n1 * r));
        assertThat(Arrays.copyOfRange(half, n1 * r, x.length)).containsOnly(7.0); // the Y rows are left alone
        double[] hWhole = new double[x.length], hHalf = new double[x.length];
        f.hessianVector(x, v, hWhole);
        f.rowHessianVector(x, v, hHalf);
        assertThat(Arrays.copyOf(hHalf, n1 * r)).containsExactly(Arrays.copyOf(hWhole, n1 * r));

        // the transpose: rows are the columns of Ω (users ascending within each), x' = [Y; X]
        int[] start = omega.columnStarts(), rows = omega.transposedRows(), positions = omega.transposedPositions();
        double[] transposedTarget = new double[target.length];
        for (int t = 0; t < target.length; t++) transposedTarget[t] = target[positions[t]];
        CompletionObjective g = CompletionObjective.create(SparsePattern.wrap(n2, n1, start, rows), transposedTarget,
                r, c, false, false, null, chunkWork, mode);
        double[] y = new double[x.length], vy = new double[x.length];
        System.arraycopy(x, n1 * r, y, 0, n2 * r);
        System.arraycopy(x, 0, y, n2 * r, n1 * r);
        System.arraycopy(v, n1 * r, vy, 0, n2 * r);
        System.arraycopy(v, 0, vy, n2 * r, n1 * r);
        double[] yHalf = new double[x.length], hyHalf = new double[x.length];
        g.valueAndRowGradient(y, yHalf);
        g.rowHessianVector(y, vy, hyHalf);
        for (int k = 0; k < n2 * r; k++) {
            if (mode == Transpose.COLUMN_PASS) {
                assertThat(yHalf[k]).as("Y entry %d", k).isEqualTo(whole[n1 * r + k]);
                assertThat(hyHalf[k]).isEqualTo(hWhole[n1 * r + k]);
            } else {
                assertThat(Math.abs(yHalf[k] - whole[n1 * r + k])).isLessThanOrEqualTo(REORDERED
                        * Math.max(1e-300, Math.abs(whole[n1 * r + k])) + 1e-18);
            }
        }
    }

    @org.junit.jupiter.api.Test void theSymmetricModelAndBiasBlocksHaveNoRowHalf() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(1), 6, 6, 0.5);
        double[] target = new double[omega.size()];
        CompletionObjective biased = CompletionObjective.asymmetric(omega, target, 2, 1, true, null);
        double[] x = new double[biased.dimension()];
        assertThatThrownBy(() -> biased.valueAndRowGradient(x, new double[x.length]))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
