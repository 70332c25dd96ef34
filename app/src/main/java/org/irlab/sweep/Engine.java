package org.irlab.sweep;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the runs of a sweep execute: in this JVM ({@link LocalEngine}) or on a cluster (the Spark engine of the
 * spark module). An engine only runs jobs and hands back rows; expansion, resuming and writing stay on the driver.
 */
public interface Engine extends AutoCloseable {
    /** A short name for messages, e.g. "local, 2 threads". */
    String describe();

    /**
     * Runs every job and hands each row to {@code sink} as soon as it is known (rows of one partition may arrive
     * together). The sink is thread-safe. Returns when every job has a row.
     */
    void run(List<Job> jobs, Measures measures, Consumer<Row> sink);

    /**
     * Where outputs named by a URI (e.g. {@code hdfs://…}, {@code s3a://…}) go, for engines that reach such file
     * systems; null when this engine writes local directories only.
     */
    default Store store(String location) { return null; }

    /** Releases what the engine holds (a Spark session it started). */
    @Override default void close() {}
}
