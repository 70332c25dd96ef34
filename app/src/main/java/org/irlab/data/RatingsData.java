package org.irlab.data;

import org.irlab.completion.SparseRatings;

/**
 * A loaded ratings matrix: the observed entries with dense indices, the original identifiers of its rows (users)
 * and columns (items) in index order, and what the loader reported about the input.
 */
public record RatingsData(SparseRatings ratings, String[] rowIds, String[] columnIds, InputReport report) {
    public RatingsData {
        if (rowIds.length != ratings.rows() || columnIds.length != ratings.columns()) {
            throw new IllegalArgumentException("identifier count does not match the matrix shape");
        }
    }
}
