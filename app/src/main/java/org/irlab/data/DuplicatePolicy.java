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
    LATEST
}
