package org.irlab.cli;

import java.io.PrintWriter;

/**
 * One status line on an interactive terminal's stderr, rewritten in place (at most four times a second unless a new
 * phase forces it) and wiped when closed; nothing at all when stderr is not a terminal, in CI, or with --quiet.
 */
final class StatusLine implements AutoCloseable {
    private static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean show;
    private long last = Long.MIN_VALUE / 2;
    private int width;

    StatusLine(PrintWriter err, boolean quiet) {
        this(err, !quiet && Progress.interactive(), 0);
    }

    /** A line that shows (or not) regardless of the terminal, for tests. */
    StatusLine(PrintWriter err, boolean show, int unused) {
        this.err = err;
        this.show = show;
    }

    /** Shows the text if the last update is at least a quarter of a second old (or {@code force}). */
    synchronized void show(String text, boolean force) {
        if (!show) return;
        long now = System.nanoTime();
        if (!force && now - last < INTERVAL_NANOS) return;
        last = now;
        String line = text.length() > 150 ? text.substring(0, 149) + "…" : text;
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }

    /** "irlab: α = 0.03, descent 1 of 3: step 12, validation RMSE 0.8791" (RMSE left out when NaN). */
    static String fit(String method, String setting, int iteration, double validationRmse) {
        return method + ": " + setting + ": step " + iteration + (Double.isNaN(validationRmse) ? ""
                : String.format(java.util.Locale.ROOT, ", validation RMSE %.4f", validationRmse));
    }

    @Override public synchronized void close() {
        if (!show || width == 0) return;
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
        width = 0;
    }
}
