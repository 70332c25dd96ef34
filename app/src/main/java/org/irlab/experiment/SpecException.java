package org.irlab.experiment;

/** A spec that cannot be run: unknown key, wrong type, impossible size. The message names the key. */
public final class SpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) { super(message); }
}
