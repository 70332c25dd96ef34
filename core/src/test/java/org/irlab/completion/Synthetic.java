package org.irlab.completion;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;

/** Seeded synthetic completion data for the tests: a rank-k matrix M = A·Bᵀ and a random observed set. */
final class Synthetic {
    final int rows, columns, rank;
    final double[] a, b;

    Synthetic(int rows, int columns, int rank, SplittableRandom rng) {
        this.rows = rows;
        this.columns = columns;
        this.rank = rank;
        this.a = new double[rows * rank];
        this.b = new double[columns * rank];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
    }

    double value(int i, int j) {
        double s = 0;
        for (int p = 0; p < rank; p++) s += a[i * rank + p] * b[j * rank + p];
        return s;
    }

    /** Each entry observed with the given probability, plus Gaussian noise of the given size. */
    SparseRatings observe(double probability, double noise, SplittableRandom rng) {
        int[] r = new int[rows * columns], c = new int[rows * columns];
        double[] v = new double[rows * columns];
        int n = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                if (rng.nextDouble() >= probability) continue;
                r[n] = i;
                c[n] = j;
                v[n] = value(i, j) + noise * Randoms.gaussian(rng);
                n++;
            }
        }
        return SparseRatings.of(rows, columns, java.util.Arrays.copyOf(r, n), java.util.Arrays.copyOf(c, n),
                java.util.Arrays.copyOf(v, n));
    }

    /** RMSE of a completion against the true matrix over every entry. */
    double rmseEverywhere(Completion completion) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double d = completion.predict(i, j) - value(i, j);
                s += d * d;
            }
        }
        return Math.sqrt(s / (rows * columns));
    }

    /** Root-mean-square of the true entries (the error of predicting 0). */
    double scale() {
        double s = 0;
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) s += value(i, j) * value(i, j);
        return Math.sqrt(s / (rows * columns));
    }
}
