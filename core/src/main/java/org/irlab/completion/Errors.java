package org.irlab.completion;

/**
 * Prediction errors on a set of entries: root-mean-square error √(Σ(p−x)²/|S|) and mean absolute error Σ|p−x|/|S|,
 * with each prediction first clipped to [low, high] (the range of valid values, e.g. 0.5–5 stars or 0–1 pixels).
 */
public record Errors(double rmse, double mae, int count) {

    /** Errors of {@code completion} on {@code entries}, predictions clipped to [low, high] (use ±∞ for none). */
    public static Errors of(Completion completion, SparseRatings entries, double low, double high) {
        int[] r = entries.entryRow(), c = entries.entryColumn();
        double[] x = entries.values();
        double squares = 0, absolutes = 0;
        for (int k = 0; k < entries.size(); k++) {
            double d = clip(completion.predict(r[k], c[k]), low, high) - x[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        int n = entries.size();
        return new Errors(Math.sqrt(squares / n), absolutes / n, n);
    }

    /** Errors of {@code completion} on {@code entries} without clipping. */
    public static Errors of(Completion completion, SparseRatings entries) {
        return of(completion, entries, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Peak signal-to-noise ratio in dB, 10·log10(peak²/MSE), of this error for signals with the given peak. */
    public double psnr(double peak) {
        return 10 * Math.log10(peak * peak / (rmse * rmse));
    }

    /** PSNR in dB of {@code estimate} against {@code reference} (same length), 10·log10(peak²/MSE). */
    public static double psnr(double[] reference, double[] estimate, double peak) {
        if (reference.length != estimate.length) throw new IllegalArgumentException("length mismatch");
        double s = 0;
        for (int k = 0; k < reference.length; k++) {
            double d = reference[k] - estimate[k];
            s += d * d;
        }
        return 10 * Math.log10(peak * peak / (s / reference.length));
    }

    /** value limited to [low, high]. */
    public static double clip(double value, double low, double high) {
        return value < low ? low : (value > high ? high : value);
    }
}
