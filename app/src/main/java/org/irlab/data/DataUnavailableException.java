package org.irlab.data;

/**
 * Input data that is not there and could not be got (a missing file, a data set whose fetch failed): the run that
 * needs it is not measured, which is not an error of the run.
 */
public final class DataUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataUnavailableException(String message) { super(message); }
}
