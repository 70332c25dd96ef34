package org.irlab.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.irlab.data.BadInputException;
import org.irlab.model.InputFile;

/**
 * INPUT as a URI ({@code hdfs://}, {@code s3a://}, {@code file:}, any scheme Hadoop's configuration maps to a file
 * system) or a plain path (resolved against {@code fs.defaultFS} and its working directory, as Spark's text reader
 * resolves it), resolved on the driver before Spark starts, with the configuration the executors will read it with:
 * Hadoop's own ({@code core-site.xml} on the class path) plus Spark's {@code spark.hadoop.*} keys. The executors are
 * given the qualified URI, so they read the file the driver checked and digested.
 */
final class HadoopInput implements InputFile {
    private final String location;
    private final FileSystem fs;
    private final Path path;

    /** {@code path} qualified on {@code fs} (scheme, authority, absolute path). */
    private HadoopInput(String location, FileSystem fs, Path path) {
        this.location = location;
        this.fs = fs;
        this.path = path;
    }

    /**
     * The file at {@code uri}.
     *
     * @throws BadInputException naming INPUT: a malformed URI, a scheme no file system serves, no such file, a directory
     */
    static HadoopInput resolve(String uri, Configuration conf) {
        Path path;
        try {
            path = new Path(uri);
        } catch (IllegalArgumentException e) { // Hadoop's wrapping of a URISyntaxException
            throw new BadInputException("INPUT " + uri + " is not a path or URI Hadoop reads: "
                    + SparkSessions.firstLine(e));
        }
        FileSystem fs;
        try {
            fs = path.getFileSystem(conf);
        } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            throw new BadInputException("INPUT " + uri + ": no file system for the scheme '" + path.toUri().getScheme()
                    + "' (Hadoop knows hdfs:// and file:; s3a:// and others need their connector on the class path,"
                    + " or spark.hadoop.fs.SCHEME.impl naming a FileSystem class)");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("INPUT " + uri + ": cannot reach its file system: " + reason(e));
        }
        Path qualified;
        try {
            qualified = fs.makeQualified(path);
        } catch (RuntimeException e) {
            throw new BadInputException("INPUT " + uri + ": cannot reach its file system: " + reason(e));
        }
        // a plain path read from another machine's file system (a cluster's hdfs://) is named with it
        String named = path.toUri().getScheme() == null && !"file".equals(qualified.toUri().getScheme())
                ? uri + " (" + qualified + ", from fs.defaultFS)" : uri;
        FileStatus status;
        try {
            status = fs.getFileStatus(qualified);
        } catch (FileNotFoundException e) {
            throw new BadInputException("INPUT " + named + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("INPUT " + named + ": cannot read it: " + reason(e));
        }
        if (status.isDirectory()) throw new BadInputException("INPUT " + named + " is a directory, expected a file");
        return new HadoopInput(uri, fs, qualified);
    }

    /** Hadoop's configuration with Spark's {@code spark.hadoop.*} keys (system properties, as spark-submit sets them). */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        for (scala.Tuple2<String, String> kv : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(kv._1(), kv._2());
        }
        return conf;
    }

    /**
     * Why a file system failed, in words: the root cause's message (Hadoop wraps a refused connection in a paragraph
     * with class names and a wiki link), an unknown host named as such.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof java.net.UnknownHostException) return "unknown host " + root.getMessage();
        return SparkSessions.firstLine(root);
    }

    @Override public String location() { return location; }

    @Override public String uri() { return path.toString(); }

    @Override public java.nio.file.Path local() {
        return "file".equals(path.toUri().getScheme()) ? java.nio.file.Path.of(path.toUri()) : null;
    }

    @Override public String name() { return path.getName(); }

    @Override public InputStream open() throws IOException { return fs.open(path); }
}
