package org.irlab.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.irlab.sweep.Store;

/**
 * A sweep's outputs on any file system Hadoop reaches (hdfs://, s3a://, file://): whole files through a temporary
 * sibling and a rename, and the journal as one small file per record in {@code NAME.d/} (object stores cannot append).
 */
public final class HadoopStore implements Store {
    private final Path dir;
    private final FileSystem fs;
    private final AtomicLong records = new AtomicLong();
    private final String pass = Long.toHexString(System.nanoTime());

    public HadoopStore(String location, Configuration conf) {
        this.dir = new Path(location);
        try {
            this.fs = dir.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + location + ": " + e.getMessage(), e);
        }
    }

    @Override public void write(String name, byte[] content) {
        Path target = new Path(dir, name), tmp = new Path(target.getParent(), "." + target.getName() + "." + pass + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(content);
            }
            fs.delete(target, false); // rename does not replace on HDFS
            if (!fs.rename(tmp, target)) throw new IOException("rename to " + target + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override public void append(String name, String lines) {
        write(name + ".d/part-" + pass + "-" + records.incrementAndGet(), lines.getBytes(StandardCharsets.UTF_8));
    }

    @Override public List<String> readLines(String name) {
        List<String> out = new ArrayList<>();
        try {
            Path single = new Path(dir, name), parts = new Path(dir, name + ".d");
            if (fs.exists(single)) read(single, out);
            if (fs.exists(parts)) {
                FileStatus[] files = fs.listStatus(parts);
                Arrays.sort(files);
                for (FileStatus f : files) if (!f.getPath().getName().startsWith(".")) read(f.getPath(), out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + new Path(dir, name) + ": " + e.getMessage(), e);
        }
    }

    private void read(Path file, List<String> out) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) out.add(line);
        }
    }

    @Override public void delete(String name) {
        try {
            fs.delete(new Path(dir, name), false);
            fs.delete(new Path(dir, name + ".d"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + new Path(dir, name) + ": " + e.getMessage(), e);
        }
    }

    @Override public String locate(String name) { return new Path(dir, name).toString(); }
}
