package org.irlab.experiment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary sibling, which is
 * renamed over the target only once complete. A write into a {@link RunDirectory} this process holds first checks
 * that the directory is still its own ({@link RunDirectory#checkOwned()}).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the whole text atomically. */
    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the whole byte content atomically. */
    public static void write(Path target, byte[] bytes) {
        Path tmp = null;
        try {
            tmp = temporary(target);
            Files.write(tmp, bytes);
            commit(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteQuietly(tmp); // after a successful commit it is gone already
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // a leftover temporary file is removed by the directory's next run
        }
    }

    /** Content streamed into a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Streams the content into a temporary sibling, then renames it into place (nothing is buffered whole). */
    public static void write(Path target, Content content) {
        Path tmp = null;
        try {
            tmp = temporary(target);
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            commit(tmp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteQuietly(tmp); // after a successful commit it is gone already
        }
    }

    /** A writer on a temporary sibling of {@code target}; closing it renames the file into place. */
    public static Writer open(Path target) {
        try {
            Path tmp = temporary(target);
            BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            return new Writer() {
                private boolean closed;

                @Override public void write(char[] cbuf, int off, int len) throws IOException { w.write(cbuf, off, len); }
                @Override public void write(String s) throws IOException { w.write(s); }
                @Override public void flush() throws IOException { w.flush(); }

                @Override public void close() throws IOException {
                    if (closed) return;
                    closed = true;
                    try {
                        w.close();
                        commit(tmp, target);
                    } finally {
                        deleteQuietly(tmp);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new empty sibling file. Not {@code Files.createTempFile}: that makes it owner-only (0600), and the rename
     * would carry those permissions to results a user shares; {@code createFile} follows the umask. The name needs
     * no secure randomness (a clash is retried: {@code createFile} never opens an existing file), and a
     * {@code SecureRandom} costs its provider's start-up in every short run.
     */
    private static Path temporary(Path target) throws IOException {
        RunDirectory.checkWrite(target); // before createDirectories could bring back a directory another run removed
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    private static final java.util.regex.Pattern LEFTOVER = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]+\\.tmp");

    /** True for the name of a temporary file of this class (one a killed process may have left behind). */
    public static boolean isLeftover(String fileName) {
        return LEFTOVER.matcher(fileName).matches();
    }

    /** Removes the temporary files a killed process left in {@code dir} (which its caller must own). */
    public static void removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) if (isLeftover(f.getFileName().toString())) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void commit(Path tmp, Path target) throws IOException {
        RunDirectory.checkWrite(target);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
