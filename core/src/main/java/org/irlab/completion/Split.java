package org.irlab.completion;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A train / validation / test partition of observed entries, all of the same m×n shape. The validation part is
 * held out of the training data for tuning and early stopping; the test part is touched only for the final report.
 */
public record Split(SparseRatings train, SparseRatings validation, SparseRatings test) {
    public Split {
        if (train.rows() != test.rows() || train.columns() != test.columns() || validation.rows() != train.rows()
                || validation.columns() != train.columns()) {
            throw new IllegalArgumentException("split parts differ in shape");
        }
    }

    /**
     * A uniformly random split: round(testFraction·|Ω|) entries go to test, then round(validationFraction·rest) of the
     * remaining entries to validation, the rest to train. The same rng state gives the same split.
     */
    public static Split random(SparseRatings all, double testFraction, double validationFraction, SplittableRandom rng) {
        checkFraction("test fraction", testFraction);
        checkFraction("validation fraction", validationFraction);
        int size = all.size();
        int[] order = permutation(size, rng);
        int test = (int) Math.round(testFraction * size);
        int validation = (int) Math.round(validationFraction * (size - test));
        return new Split(all.subset(sorted(order, test + validation, size)),
                all.subset(sorted(order, test, test + validation)), all.subset(sorted(order, 0, test)));
    }

    /** A split with a given test set (e.g. the hidden pixels of an image); validation is drawn from the observed. */
    public static Split withTest(SparseRatings observed, SparseRatings test, double validationFraction,
                                 SplittableRandom rng) {
        checkFraction("validation fraction", validationFraction);
        int size = observed.size();
        int[] order = permutation(size, rng);
        int validation = (int) Math.round(validationFraction * size);
        return new Split(observed.subset(sorted(order, validation, size)), observed.subset(sorted(order, 0, validation)),
                test);
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) throw new IllegalArgumentException(what + " must be in [0, 1), got " + f);
    }

    /** A uniformly random permutation of 0…size−1 (Fisher–Yates). */
    static int[] permutation(int size, SplittableRandom rng) {
        int[] order = new int[size];
        for (int k = 0; k < size; k++) order[k] = k;
        for (int k = size - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int[] sorted(int[] order, int from, int to) {
        int[] part = Arrays.copyOfRange(order, from, to);
        Arrays.sort(part);
        return part;
    }
}
