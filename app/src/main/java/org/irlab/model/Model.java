package org.irlab.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted completion model as {@code irlab complete fit} saves it and {@code predict}/{@code recommend} use it: the
 * {@link Factors} of each plane (one for ratings, one per colour channel for an image), the original ids of the rows
 * (users) and columns (items), the entries it was fitted on (to leave them out of recommendations), the range
 * predictions are clipped to, and a description of how it was made (input, settings, chosen hyper-parameters,
 * scores, provenance) that is written to {@code model.json} as it is.
 *
 * @param seenStart   ratings: the seen items of user u are seenItems[seenStart[u] … seenStart[u+1]), ascending
 * @param observed    images: channels × height × width pixel values, NaN where hidden (null for ratings)
 * @param low         predictions are clipped to [low, high] (±∞: not clipped)
 */
public record Model(Kind kind, String method, List<Factors> planes, String[] userIds, String[] itemIds,
                    int[] seenStart, int[] seenItems, double[] observed, double low, double high, ObjectNode info) {
    /** What was completed. */
    public enum Kind {
        RATINGS, IMAGE;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    public Model {
        planes = List.copyOf(planes);
        Factors first = planes.get(0);
        for (Factors f : planes) {
            if (f.rows() != first.rows() || f.columns() != first.columns() || f.rank() != first.rank()) {
                throw new IllegalArgumentException("planes differ in shape or rank");
            }
        }
        if (userIds.length != first.rows() || itemIds.length != first.columns()) {
            throw new IllegalArgumentException("ids do not match the " + first.rows() + "×" + first.columns() + " shape");
        }
        if (seenStart.length != first.rows() + 1 || seenStart[first.rows()] != seenItems.length) {
            throw new IllegalArgumentException("seen entries do not match the rows");
        }
    }

    public int users() { return userIds.length; }

    public int items() { return itemIds.length; }

    public int rank() { return planes.get(0).rank(); }

    /** The prediction of plane 0 (the ratings) at (user, item), clipped to [low, high]. */
    public double predict(int user, int item) { return clip(planes.get(0).predict(user, item)); }

    /** The clipped prediction with unknown user or item (−1) falling back to the bias terms that are known. */
    public double fallback(int user, int item) { return clip(planes.get(0).fallback(user, item)); }

    public double clip(double v) { return v < low ? low : (v > high ? high : v); }

    /** True when (user, item) is one of the entries the model was fitted on. */
    public boolean seen(int user, int item) {
        return Arrays.binarySearch(seenItems, seenStart[user], seenStart[user + 1], item) >= 0;
    }

    /** Index of each user id. */
    public Map<String, Integer> userIndex() { return index(userIds); }

    /** Index of each item id. */
    public Map<String, Integer> itemIndex() { return index(itemIds); }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int k = 0; k < ids.length; k++) m.put(ids[k], k);
        return m;
    }
}
