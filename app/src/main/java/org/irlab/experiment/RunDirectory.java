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
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *
 * <p>A directory removed or replaced while its run holds it (or its lock file deleted) is no longer the run's: another
 * run may have created and locked a new one at the same path. The run notices at its next write ({@link AtomicFiles}
 * asks {@link #checkOwned()} before it creates or renames a file here) or {@link #clear}, and stops with an
 * {@link OutputException} instead of writing its results, or removing files, in the other run's directory.
 */
public final class RunDirectory implements AutoCloseable {
    /** The lock file's name inside the directory. */
    public static final String LOCK = ".irlab.lock";

    /** Directories held by this JVM: its own file locks cannot tell two of its threads apart. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /** The open directories by absolute path (as given, and real), for {@link #checkWrite}. */
    private static final Map<Path, RunDirectory> OPEN = new ConcurrentHashMap<>();

    private final Path path;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<String> results;
    /** The lock file's identity (device and inode) when it was taken; null where the file system has none. */
    private final Object lockIdentity;
    private boolean closed;

    private RunDirectory(Path path, Path key, FileChannel channel, FileLock lock, List<String> results) {
        this.path = path;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.results = results;
        this.lockIdentity = identity(key.resolve(LOCK));
    }

    /** The file's identity, or null when it is absent or the file system has none. */
    private static Object identity(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The glob of {@code results} that {@code file} matches when it lies in {@code dir} — a file the run there would
     * remove or replace — or null (also when either does not exist yet). Symbolic links are resolved.
     */
    public static String resultNamed(Path dir, List<String> results, Path file) {
        Path parent, real;
        try {
            real = file.toRealPath();
            parent = real.getParent();
            if (parent == null || !Files.isDirectory(dir) || !parent.equals(dir.toRealPath())) return null;
        } catch (IOException e) {
            return null;
        }
        Path name = real.getFileName();
        for (String glob : results) {
            if (FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(name)) return glob;
        }
        return AtomicFiles.isLeftover(name.toString()) ? name.toString() : null;
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
            RunDirectory opened = new RunDirectory(dir, key, channel, lock, List.copyOf(results));
            OPEN.put(key, opened);
            OPEN.put(dir.toAbsolutePath().normalize(), opened);
            return opened;
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
     * Throws when the directory is no longer this run's: removed, replaced, or its lock file deleted since
     * {@link #open} (another run may have locked a new directory at the same path).
     *
     * @throws OutputException naming the directory
     */
    public void checkOwned() {
        if (lockIdentity == null || closed) return; // no file identities here: the lock is all there is
        if (!lockIdentity.equals(identity(key.resolve(LOCK)))) {
            throw new OutputException(path + " was removed or replaced while this run was writing into it (another run"
                    + " may be using it now): this run stops without writing its results there");
        }
    }

    /**
     * Checks a write of {@code file} by {@link AtomicFiles}: when it goes into a directory this process holds, that
     * directory must still be the one it locked.
     */
    static void checkWrite(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        RunDirectory d = parent == null ? null : OPEN.get(parent);
        if (d != null) d.checkOwned();
    }

    /**
     * Removes every result of an earlier run (the completion marker first) and the temporary files a killed run left.
     * Other files are left alone, and nothing is removed from a directory that is no longer this run's.
     *
     * @throws OutputException when the directory is no longer this run's ({@link #checkOwned}) or a file cannot be
     *                         removed
     */
    public void clear() {
        checkOwned();
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
        OPEN.remove(key, this);
        OPEN.remove(path.toAbsolutePath().normalize(), this);
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
