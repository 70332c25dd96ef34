package org.irlab.data;

/** What to do with a (row, column) pair that occurs more than once in the input. */
public enum DuplicatePolicy {
    /** Refuse the input, naming the lines (the default: a repeated rating is usually a data error). */
    ERROR,
    /** Keep the value on the last line (e.g. the most recent rating), and report how many were replaced. */
    LAST,
    /** Keep the mean of the values, and report how many were merged. */
    MEAN,
    /** Keep the value of the latest time stamp (the last line among equal times); needs a time column. */
    LATEST;

    /**
     * What is kept of one (row, column) pair that occurs at entries {@code entry[0…n)} of {@code values} and
     * {@code times} (in line order; times null when the input has none): the value into out[0], its time into out[1]
     * (the last line's for LAST and ERROR, the latest — the last line among equal times — for LATEST and MEAN).
     */
    public void resolve(double[] values, double[] times, int[] entry, int n, double[] out) {
        int k = entry[0];
        double sum = values[k], last = values[k], latest = values[k];
        double lastTime = times == null ? 0 : times[k], latestTime = lastTime;
        for (int q = 1; q < n; q++) {
            int kk = entry[q];
            sum += values[kk];
            last = values[kk];
            if (times != null) {
                lastTime = times[kk];
                if (times[kk] >= latestTime) {
                    latestTime = times[kk];
                    latest = values[kk];
                }
            }
        }
        out[0] = switch (this) {
            case MEAN -> sum / n;
            case LATEST -> latest;
            case LAST, ERROR -> last;
        };
        out[1] = this == LAST || this == ERROR ? lastTime : latestTime;
    }
}
