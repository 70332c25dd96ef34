package org.irlab.data;

import org.irlab.completion.SparseRatings;

/**
 * A loaded ratings matrix: the observed entries with dense indices, the original identifiers of its rows (users)
 * and columns (items) in index order, what the loader reported about the input, and the time of each entry (in
 * entry order, seconds or whatever unit the file used) when the input has a time column, else null.
 */
public record RatingsData(SparseRatings ratings, String[] rowIds, String[] columnIds, InputReport report,
                          double[] times) {
    public RatingsData {
        if (rowIds.length != ratings.rows() || columnIds.length != ratings.columns()) {
            throw new IllegalArgumentException("identifier count does not match the matrix shape");
        }
        if (times != null && times.length != ratings.size()) {
            throw new IllegalArgumentException("one time per entry expected");
        }
    }

    /** Data without times. */
    public RatingsData(SparseRatings ratings, String[] rowIds, String[] columnIds, InputReport report) {
        this(ratings, rowIds, columnIds, report, null);
    }

    /** True when every entry has a time. */
    public boolean hasTimes() { return times != null; }
}
