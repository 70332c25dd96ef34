package org.irlab.sweep;

import java.util.List;

/**
 * Where a sweep's outputs go: a local directory ({@link LocalStore}) or, from the spark module, any file system
 * Hadoop can write (HDFS, S3). Whole files are written atomically; the journal of finished runs is appended to.
 */
public interface Store {
    /** Writes a whole file atomically (a reader never sees it half-written). */
    void write(String name, byte[] content);

    /** Appends lines to the journal {@code name}, as one record that is either whole or detectably torn. */
    void append(String name, String lines);

    /** The lines of a file (for the journal: every record appended), empty when it does not exist. */
    List<String> readLines(String name);

    /** Removes a file if it exists. */
    void delete(String name);

    /** The location of a file, for messages. */
    String locate(String name);
}
