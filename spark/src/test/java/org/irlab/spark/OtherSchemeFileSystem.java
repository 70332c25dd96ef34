package org.irlab.spark;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Test only: this machine's files under the made-up scheme {@code irlabtest:} (registered with
 * {@code spark.hadoop.fs.irlabtest.impl}), so an INPUT URI takes the route an hdfs:// one takes — Hadoop's FileSystem
 * on the driver and on the executors — without a cluster; counts the files it opened.
 */
public final class OtherSchemeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "irlabtest";
    static final AtomicInteger OPENED = new AtomicInteger();

    /** The working directory a relative path resolves against (a cluster's /user/NAME), or null: this JVM's. */
    static volatile java.nio.file.Path home;

    @Override public Path getWorkingDirectory() {
        java.nio.file.Path h = home;
        return h == null ? super.getWorkingDirectory() : new Path(SCHEME + "://" + h);
    }

    @Override public String getScheme() { return SCHEME; }

    @Override public URI getUri() { return URI.create(SCHEME + ":///"); }

    @Override public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENED.incrementAndGet();
        return super.open(f, bufferSize);
    }
}
