package org.irlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The NumPy {@code .npz} format: a zip archive with one {@code NAME.npy} member per array ({@code numpy.savez}; the
 * compressed variant {@code savez_compressed} reads the same). Writes uncompressed (stored) members, as
 * {@code numpy.savez} does. A missing array is an error naming the file, the array and the arrays it has.
 */
public final class Npz implements AutoCloseable {
    /** Something that writes one member's {@code .npy} image; called twice (once for its CRC, once for real). */
    @FunctionalInterface
    public interface Member {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final java.time.LocalDateTime EPOCH = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Path file;
    private final ZipFile zip;

    private Npz(Path file, ZipFile zip) {
        this.file = file;
        this.zip = zip;
    }

    /** Opens an {@code .npz} for reading; errors name the file. */
    public static Npz open(Path file) {
        try {
            return new Npz(file, new ZipFile(file.toFile()));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException(file + ": no such file");
        } catch (ZipException e) {
            throw new BadInputException(file + ": not a .npz file (not a readable zip archive: " + e.getMessage()
                    + ")");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The names of the arrays, in archive order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            String n = e.nextElement().getName();
            if (n.endsWith(".npy")) names.add(n.substring(0, n.length() - 4));
        }
        return names;
    }

    public boolean has(String name) { return zip.getEntry(name + ".npy") != null; }

    /** Reads one array; a missing array is an error naming the file, the array and the arrays it has. */
    public NdArray array(String name) {
        ZipEntry entry = zip.getEntry(name + ".npy");
        String source = file + ": array '" + name + "'";
        if (entry == null) {
            throw new BadInputException(file + ": has no array '" + name + "' (it has: "
                    + String.join(", ", names()) + ")");
        }
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            return Npy.read(in, source);
        } catch (ZipException | java.io.EOFException e) {
            throw new BadInputException(source + ": the archive member is damaged (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new BadInputException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    @Override public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes arrays as an {@code .npz} archive to {@code out} (which is finished but not closed). */
    public static void write(OutputStream out, Map<String, NdArray> arrays) throws IOException {
        Map<String, Member> members = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) members.put(e.getKey(), o -> Npy.write(o, e.getValue()));
        writeMembers(out, members);
    }

    /**
     * Writes members as stored (uncompressed) zip entries. Each member is written twice: first to count its bytes and
     * compute its CRC-32 (a stored entry needs both before its data), then into the archive; nothing is buffered.
     */
    public static void writeMembers(OutputStream out, Map<String, Member> members) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
        for (Map.Entry<String, Member> e : members.entrySet()) {
            CountingSink sink = new CountingSink();
            CheckedOutputStream checked = new CheckedOutputStream(sink, new CRC32());
            e.getValue().writeTo(checked);
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(sink.count);
            entry.setCompressedSize(sink.count);
            entry.setCrc(checked.getChecksum().getValue());
            entry.setTimeLocal(EPOCH); // reproducible bytes: a fixed timestamp
            zip.putNextEntry(entry);
            e.getValue().writeTo(zip);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /** An output stream that only counts. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override public void write(int b) { count++; }
        @Override public void write(byte[] b, int off, int len) { count += len; }
    }
}
