package org.irlab.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.Errors;
import org.irlab.completion.RankingMetrics;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.model.Factors;
import org.irlab.model.Fitting;

/**
 * Evaluates methods over rounds of held-out entries (k folds, repeated random or per-user splits, the latest entries
 * by time, or a given test file): in each round every method is fitted as {@code irlab complete fit} does (tuned on a
 * validation part of the rest, refitted on all of the rest unless told not to) and scored on the held-out entries:
 * RMSE and MAE of the clipped predictions, and precision, recall and NDCG at k of its full ranking of each user's
 * unseen items ({@link RankingMetrics}). One seed gives a stream split once per round (in round order); a round's
 * stream is split once for its validation part and once per <em>registered</em> method name, so a method's numbers do
 * not depend on which other methods run.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * One round: a label ("fold 1 of 5", "latest 20%"), the entry numbers of {@code all} held out for test, and test
     * ratings whose user or item is not in {@code all} (null: none), scored by {@link Factors#fallback}.
     */
    public record Round(String label, int[] test, Unseen unseen) {
        public Round(String label, int[] test) { this(label, test, null); }

        /** The number of test ratings scored: held-out entries and unseen pairs. */
        public int size() { return test.length + (unseen == null ? 0 : unseen.values().length); }
    }

    /**
     * Test ratings of users or items the fit never sees: row or column −1 where unknown (the other, when known, an
     * index of {@code all}); they are predicted from the bias terms that are known and enter RMSE and MAE, not the
     * ranking (a new user has no unseen-item ranking of the model's own; a new item is no candidate).
     */
    public record Unseen(int[] rows, int[] columns, double[] values) {}

    /** How to fit and score. */
    public record Settings(double validationFraction, boolean refit, boolean clip, int k, double threshold, long seed) {}

    /** One method's outcome in one round. */
    public record Score(String method, int round, Errors test, RankingMetrics ranking, Fitting.Outcome fit,
                        int available) {}

    /** Mean and sample standard deviation (n − 1; NaN for n &lt; 2) of the finite values, and their count. */
    public record Stat(double mean, double sd, int n) {
        public static Stat of(double[] values) {
            double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
            if (v.length == 0) return new Stat(Double.NaN, Double.NaN, 0);
            double mean = Arrays.stream(v).sum() / v.length, s = 0;
            for (double x : v) s += (x - mean) * (x - mean);
            return new Stat(mean, v.length > 1 ? Math.sqrt(s / (v.length - 1)) : Double.NaN, v.length);
        }
    }

    /** Hears the rounds and fits go by. */
    public interface Listener extends Fitting.Listener {
        /** Round {@code round} (0-based) of {@code rounds} starts for {@code method}. */
        default void round(int round, int rounds, String method) {}
    }

    /**
     * Runs every method in every round.
     *
     * @param methods the methods by registered name, in report order
     * @param names   every registered method name (each gets its own random stream, used or not)
     */
    public static List<Score> run(SparseRatings all, List<Round> rounds, Map<String, CompletionModel> methods,
                                  List<String> names, Settings settings, Listener listener) {
        SplittableRandom root = new SplittableRandom(settings.seed());
        root.split(); // the caller's stream for drawing the rounds (folds, random and per-user splits)
        List<Score> scores = new ArrayList<>();
        for (int r = 0; r < rounds.size(); r++) {
            SplittableRandom roundRng = root.split();
            SplittableRandom splitRng = roundRng.split();
            Map<String, SplittableRandom> rngs = new LinkedHashMap<>();
            for (String name : names) rngs.put(name, roundRng.split());
            Round round = rounds.get(r);
            Split split = Split.holdOut(all, round.test(), settings.validationFraction(), splitRng);
            SparseRatings available = available(all, round.test());
            SparseRatings fitted = settings.refit() ? available : split.train();
            double low = settings.clip() ? fitted.min() : Double.NEGATIVE_INFINITY;
            double high = settings.clip() ? fitted.max() : Double.POSITIVE_INFINITY;
            for (Map.Entry<String, CompletionModel> m : methods.entrySet()) {
                listener.round(r, rounds.size(), m.getKey());
                Fitting.Outcome outcome = Fitting.fit(m.getValue(), split, available, settings.refit(),
                        rngs.get(m.getKey()), low, high, listener);
                Errors test = round.unseen() == null ? Errors.of(outcome.model(), split.test(), low, high)
                        : withUnseen(outcome, split.test(), round.unseen(), low, high);
                // every entry outside the test part is a rating the user gave: never a candidate, refit or not
                RankingMetrics ranking = RankingMetrics.of(outcome.model(), available, split.test(), settings.k(),
                        settings.threshold());
                scores.add(new Score(m.getKey(), r, test, ranking, outcome, available.size()));
            }
        }
        return scores;
    }

    /** {@link Errors#of} over the held-out entries, continued over the unseen pairs' bias-term predictions. */
    static Errors withUnseen(Fitting.Outcome outcome, SparseRatings test, Unseen unseen, double low, double high) {
        int[] r = test.entryRow(), c = test.entryColumn();
        double[] x = test.values();
        double squares = 0, absolutes = 0;
        for (int k = 0; k < test.size(); k++) {
            double d = Errors.clip(outcome.model().predict(r[k], c[k]), low, high) - x[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        Factors f = Factors.of(outcome.model());
        for (int k = 0; k < unseen.values().length; k++) {
            double d = Errors.clip(f.fallback(unseen.rows()[k], unseen.columns()[k]), low, high) - unseen.values()[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        int n = test.size() + unseen.values().length;
        return new Errors(Math.sqrt(squares / n), absolutes / n, n);
    }

    /** The entries of {@code all} not held out: what a round may fit on. */
    static SparseRatings available(SparseRatings all, int[] test) {
        boolean[] held = new boolean[all.size()];
        for (int k : test) held[k] = true;
        int[] rest = new int[all.size() - test.length];
        for (int k = 0, p = 0; k < all.size(); k++) if (!held[k]) rest[p++] = k;
        return all.subset(rest);
    }

    /** The scores of one method, in round order. */
    public static List<Score> of(List<Score> scores, String method) {
        return scores.stream().filter(s -> s.method().equals(method)).toList();
    }
}
