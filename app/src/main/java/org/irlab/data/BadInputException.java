package org.irlab.data;

/** Input data that cannot be used (malformed file, bad row, unsupported format); the message says where. */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) { super(message); }

    public BadInputException(String message, Throwable cause) { super(message, cause); }
}
