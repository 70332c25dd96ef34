package org.irlab.experiment;

/**
 * An output location that cannot be used: it cannot be created, is a file, is not writable, or another run is writing
 * into it. Raised before any work starts; the message names the directory and what to do.
 */
public final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputException(String message) { super(message); }
}
