package org.irlab.data;

/** What to do with a rating that is not a finite number ("NA", "", "abc", "NaN", "Inf"). */
public enum InvalidPolicy {
    /** Refuse the input, naming the lines (the default). */
    ERROR,
    /** Leave those rows out, and report how many and where. */
    SKIP
}
