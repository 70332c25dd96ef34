package org.irlab.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output directory owned by one run at a time (used by {@code run}, {@code complete} and the runs and output
 * directory of {@code reproduce}; meant for sweeps, issue 16, and model directories, issue 19): {@link #open} creates
 * it, checks that it can be written before any work, and takes its lock file; {@link #clear} removes an earlier run's
 * results, completion marker first, so the directory never shows old results beside new ones.
 *
 * <p>The lock is {@value #LOCK}, holding the owner's PID and command. The operating system's lock on that file is
 * released when its process ends, however it ends (SIGKILL included), so a lock left by a dead process is simply
 * taken over; where the file system has no locks, a lock file naming a live process other than this one refuses.
 * The file itself stays (emptied) when the owner closes the directory: deleting it would let two later runs lock two
 * different files.
 */
public final class RunDirectory implements AutoCloseable {
    /** The lock file's name inside the directory. */
    public static final String LOCK = ".irlab.lock";

    /** Directories held by this JVM: its own file locks cannot tell two of its threads apart. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<String> results;
    private boolean closed;

    private RunDirectory(Path path, Path key, FileChannel channel, FileLock lock, List<String> results) {
        this.path = path;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.results = results;
    }

    /**
     * Creates (if needed) and locks {@code dir}.
     *
     * @param results the names of the files a run leaves there, as globs ({@code recovered-*.png}); the first is the
     *                completion marker, written last and removed first
     * @throws OutputException when the directory cannot be created or written, is a file, or another run holds it
     */
    public static RunDirectory open(Path dir, List<String> results) {
        if (dir.toString().isBlank()) {
            throw new OutputException("the output directory is empty (''): name one, e.g. out/my-run");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new OutputException(dir + " exists and is not a directory: choose another output directory");
        } catch (IOException e) {
            throw new OutputException("cannot create the output directory " + dir + ": " + reason(e));
        }
        if (!Files.isDirectory(dir)) {
            throw new OutputException(dir + " exists and is not a directory: choose another output directory");
        }
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new OutputException("cannot use the output directory " + dir + ": " + reason(e));
        }
        if (!Files.isWritable(key)) throw new OutputException("cannot write into " + dir + ": permission denied");
        if (!HELD.add(key)) {
            throw new OutputException(dir + " is in use by another run of this process: wait for it to finish or "
                    + "choose another output directory");
        }
        FileChannel channel = null;
        try {
            Path lockFile = key.resolve(LOCK);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            String owner = read(channel);
            try {
                lock = channel.tryLock();
                if (lock == null) throw inUse(dir, owner);
            } catch (IOException locksUnsupported) {
                lock = null;
                long pid = pid(owner);
                if (pid > 0 && pid != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw inUse(dir, owner);
                }
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n"
                    + ProcessHandle.current().info().commandLine().orElse("irlab") + "\n" + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new RunDirectory(dir, key, channel, lock, List.copyOf(results));
        } catch (OutputException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw new OutputException("cannot write into " + dir + ": " + reason(e));
        }
    }

    private static OutputException inUse(Path dir, String owner) {
        long pid = pid(owner);
        return new OutputException(dir + " is in use by another run" + (pid > 0 ? " (process " + pid + ")" : "")
                + ": wait for it to finish or choose another output directory");
    }

    /** The PID on the lock file's first line, or -1. */
    private static long pid(String owner) {
        int end = owner.indexOf('\n');
        try {
            return Long.parseLong((end < 0 ? owner : owner.substring(0, end)).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    /** The directory as given. */
    public Path path() { return path; }

    /** A file inside the directory. */
    public Path resolve(String name) { return path.resolve(name); }

    /**
     * Removes every result of an earlier run (the completion marker first) and the temporary files a killed run left.
     * Other files are left alone.
     */
    public void clear() {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : results) matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
        try {
            if (!results.isEmpty()) delete(path.resolve(results.get(0)));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
                for (Path f : files) {
                    Path name = f.getFileName();
                    boolean result = false;
                    for (PathMatcher m : matchers) result |= m.matches(name);
                    if ((result || AtomicFiles.isLeftover(name.toString())) && !Files.isDirectory(f)) delete(f);
                }
            }
        } catch (IOException e) {
            throw new OutputException("cannot remove the earlier results in " + path + ": " + reason(e));
        }
    }

    private static void delete(Path file) throws IOException {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException gone) {
            // removed meanwhile: fine
        }
    }

    /** Releases the lock (the emptied lock file stays). */
    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // the lock is what counts; a stale PID in the file is ignored by the next owner
        }
        try {
            if (lock != null) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD.remove(key);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException n) return n.getFile() + " does not exist";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage();
    }
}
