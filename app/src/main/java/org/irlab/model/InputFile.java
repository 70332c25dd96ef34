package org.irlab.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * An INPUT given as a URI ({@code hdfs://…}, {@code s3a://…}, {@code file:…}) as an engine's file system resolved it,
 * before the engine starts: where it is, its file name (the format is told from it), and its bytes (for the SHA-256
 * model.json records: the same digest as a local copy's).
 */
public interface InputFile {
    /** The URI as given: what the engine reads and model.json names. */
    String location();

    /** The last part of the path ({@code ratings.csv}): messages, the format and the layout are told from it. */
    String name();

    /** The file's bytes from the start; the caller closes the stream. */
    InputStream open() throws IOException;
}
