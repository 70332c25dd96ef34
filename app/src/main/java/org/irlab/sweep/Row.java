package org.irlab.sweep;

import java.io.Serializable;
import java.util.List;

/**
 * The result of one run of a sweep (one line of results.csv): its status ({@code error} when the run failed by
 * itself, with the message), whether it passed the success rule, the standard final values (NaN when undefined)
 * and the extra metrics (Double or String). Everything but {@code wallSeconds} is the same bits on any engine.
 */
public record Row(int row, String status, boolean success, long iterations, double finalError, double finalResidualNorm,
                  double maxResidualNorm, List<Object> metrics, String message, double wallSeconds)
        implements Serializable {
    /** The status of a run that threw instead of finishing. */
    public static final String ERROR = "error";

    /** The same result under another row number (a result recorded for an equal spec). */
    public Row at(int newRow) {
        return new Row(newRow, status, success, iterations, finalError, finalResidualNorm, maxResidualNorm, metrics,
                message, wallSeconds);
    }

    /** This row without its wall time: what must be identical on every engine. */
    public Row timeless() {
        return new Row(row, status, success, iterations, finalError, finalResidualNorm, maxResidualNorm, metrics,
                message, 0);
    }
}
