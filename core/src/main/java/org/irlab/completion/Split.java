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

    /**
     * The split of {@code all} whose test part is the listed entries (entry numbers of {@code all}, any order, no
     * repeats); validation is round(validationFraction·rest) of the rest, drawn by {@code rng}, and train the others.
     */
    public static Split holdOut(SparseRatings all, int[] testEntries, double validationFraction, SplittableRandom rng) {
        checkFraction("validation fraction", validationFraction);
        boolean[] inTest = new boolean[all.size()];
        for (int k : testEntries) {
            if (inTest[k]) throw new IllegalArgumentException("entry " + k + " listed twice");
            inTest[k] = true;
        }
        int[] rest = new int[all.size() - testEntries.length];
        for (int k = 0, p = 0; k < all.size(); k++) if (!inTest[k]) rest[p++] = k;
        int[] order = permutation(rest.length, rng);
        int validation = (int) Math.round(validationFraction * rest.length);
        int[] v = new int[validation], t = new int[rest.length - validation];
        for (int p = 0; p < validation; p++) v[p] = rest[order[p]];
        for (int p = validation; p < rest.length; p++) t[p - validation] = rest[order[p]];
        Arrays.sort(v);
        Arrays.sort(t);
        int[] test = testEntries.clone();
        Arrays.sort(test);
        return new Split(all.subset(t), all.subset(v), all.subset(test));
    }

    /**
     * The keyed split ({@code complete fit --engine spark}): entry (i, j) is held out for validation iff
     * {@link #heldOut}(seed, i, j, fraction), a decision of the entry alone, so a data set split where its entries
     * live (on any partitioning) gives the same parts. Unlike {@link #holdOut} the validation count is binomial
     * (|Ω|·fraction in expectation), not round(fraction·|Ω|). No test part.
     */
    public static Split keyed(SparseRatings all, double validationFraction, long seed) {
        checkFraction("validation fraction", validationFraction);
        int[] row = all.entryRow(), column = all.entryColumn();
        int[] v = new int[all.size()], t = new int[all.size()];
        int held = 0, kept = 0;
        for (int k = 0; k < all.size(); k++) {
            if (heldOut(seed, row[k], column[k], validationFraction)) v[held++] = k; else t[kept++] = k;
        }
        return new Split(all.subset(Arrays.copyOf(t, kept)), all.subset(Arrays.copyOf(v, held)),
                all.subset(new int[0]));
    }

    /**
     * Whether entry (row, column) is in the validation part of the keyed split of {@code seed}: u &lt; fraction for
     * u ∈ [0, 1) the top 53 bits of a SplitMix64 hash of (seed, row, column).
     */
    public static boolean heldOut(long seed, int row, int column, double fraction) {
        long z = seed + 0x9E3779B97F4A7C15L * ((((long) row) << 32 | (column & 0xFFFFFFFFL)) + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < fraction;
    }

    /**
     * k-fold cross-validation: the entries in a uniformly random order cut into {@code folds} parts whose sizes differ
     * by at most one; part f (its entry numbers, ascending) is the test set of fold f. The parts partition 0…size−1.
     */
    public static int[][] folds(int size, int folds, SplittableRandom rng) {
        if (folds < 2 || folds > size) {
            throw new IllegalArgumentException("folds must be in [2, " + size + "] (the number of entries), got "
                    + folds);
        }
        int[] order = permutation(size, rng);
        int[][] out = new int[folds][];
        for (int f = 0; f < folds; f++) {
            int from = (int) ((long) f * size / folds), to = (int) ((long) (f + 1) * size / folds);
            out[f] = sorted(order, from, to);
        }
        return out;
    }

    /** A uniformly random subset of {@code count} of the entry numbers 0…size−1, ascending. */
    public static int[] sample(int size, int count, SplittableRandom rng) {
        if (count < 0 || count > size) throw new IllegalArgumentException("cannot draw " + count + " of " + size);
        return sorted(permutation(size, rng), 0, count);
    }

    /**
     * The latest round(fraction·size) entries by time (ties broken by entry number: the later entry is later), as
     * ascending entry numbers: a test set in the future of everything it is trained on.
     *
     * @param times the time of each entry, in entry order
     */
    public static int[] latest(double[] times, double fraction) {
        checkFraction("test fraction", fraction);
        int size = times.length;
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(times[a], times[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int test = (int) Math.round(fraction * size);
        int[] out = new int[test];
        for (int p = 0; p < test; p++) out[p] = order[size - test + p];
        Arrays.sort(out);
        return out;
    }

    /**
     * Per-row hold-out: from every row with n ≥ 2 entries, min(n − 1, max(1, round(fraction·n))) entries drawn
     * uniformly (rows with one entry keep it), so each row's test entries have training entries of the same row.
     * Entry numbers ascending.
     */
    public static int[] perRow(SparseRatings all, double fraction, SplittableRandom rng) {
        checkFraction("test fraction", fraction);
        int[] start = all.rowStart();
        int[] chosen = new int[all.size()];
        int count = 0;
        for (int i = 0; i < all.rows(); i++) {
            int n = start[i + 1] - start[i];
            if (n < 2) continue;
            int take = (int) Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
            int[] order = permutation(n, rng);
            int[] picked = Arrays.copyOf(order, take);
            Arrays.sort(picked);
            for (int p : picked) chosen[count++] = start[i] + p;
        }
        return Arrays.copyOf(chosen, count);
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
