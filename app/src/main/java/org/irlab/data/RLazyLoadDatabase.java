package org.irlab.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * An R lazy-load database (the {@code Rdata.rdx}/{@code Rdata.rdb} pair of an installed package's data, R Internals
 * §1.8): the .rdx is a serialized list(variables, references, compressed), usually gzip-wrapped, whose
 * {@code variables} map each object name to (offset, length) in the .rdb; each .rdb record is a 4-byte big-endian
 * uncompressed length followed by the zlib-compressed serialization (compressed = 3 adds a one-byte method,
 * 'Z' zlib or '0' none). bzip2 and xz records are rejected with a message.
 */
public final class RLazyLoadDatabase {
    private final Path data;
    private final Map<String, long[]> variables;
    private final int compression;

    private RLazyLoadDatabase(Path data, Map<String, long[]> variables, int compression) {
        this.data = data;
        this.variables = variables;
        this.compression = compression;
    }

    /** Opens the database from its index (.rdx) and data (.rdb) files. */
    public static RLazyLoadDatabase open(Path index, Path data) throws IOException {
        RObject root;
        try (InputStream in = decompressedIndex(Files.readAllBytes(index))) {
            root = RSerialization.read(in);
        } catch (EOFException e) {
            throw new BadInputException(index + ": truncated R serialization");
        }
        if (!(root instanceof RObject.ListOf list) || !(list.get("variables") instanceof RObject.ListOf vars)) {
            throw new BadInputException(index + ": not a lazy-load index (no 'variables' list)");
        }
        Map<String, long[]> variables = new LinkedHashMap<>();
        String[] names = vars.names();
        for (int i = 0; i < vars.values().size(); i++) {
            RObject entry = vars.values().get(i);
            long offset, length;
            if (entry instanceof RObject.Integers ints && ints.values().length == 2) {
                offset = ints.values()[0];
                length = ints.values()[1];
            } else if (entry instanceof RObject.Doubles reals && reals.values().length == 2) {
                offset = (long) reals.values()[0];
                length = (long) reals.values()[1];
            } else {
                throw new BadInputException(index + ": variable " + (names == null ? i : names[i])
                        + " has no (offset, length) pair");
            }
            variables.put(names == null ? String.valueOf(i) : names[i], new long[] {offset, length});
        }
        RObject compressed = list.get("compressed");
        int compression = compressed instanceof RObject.Logicals l && l.values().length == 1 ? l.values()[0]
                : compressed instanceof RObject.Integers n && n.values().length == 1 ? n.values()[0]
                : compressed instanceof RObject.Doubles d && d.values().length == 1 ? (int) d.values()[0] : 1;
        return new RLazyLoadDatabase(data, variables, compression);
    }

    /** The names of the stored objects, in index order. */
    public List<String> names() { return new ArrayList<>(variables.keySet()); }

    /** Reads and deserializes one object. */
    public RObject get(String name) throws IOException {
        long[] where = variables.get(name);
        if (where == null) throw new BadInputException("no object '" + name + "' in " + data + "; it has " + names());
        byte[] record = new byte[Math.toIntExact(where[1])];
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "r")) {
            if (where[0] + where[1] > file.length()) {
                throw new BadInputException(data + ": record of '" + name + "' runs past the end of the file");
            }
            file.seek(where[0]);
            file.readFully(record);
        }
        try {
            return RSerialization.read(decompressRecord(record, name));
        } catch (EOFException e) {
            throw new BadInputException(data + ": object '" + name + "' is truncated");
        }
    }

    /** The serialized bytes of one .rdb record. */
    byte[] decompressRecord(byte[] record, String name) {
        if (record.length < 4) throw new BadInputException(data + ": record of '" + name + "' is too short");
        int length = ((record[0] & 0xFF) << 24) | ((record[1] & 0xFF) << 16) | ((record[2] & 0xFF) << 8)
                | (record[3] & 0xFF);
        int start = 4;
        if (compression == 0) return java.util.Arrays.copyOfRange(record, 4, record.length);
        if (compression == 2) throw new BadInputException(data + ": bzip2-compressed records are not supported");
        if (compression == 3) {
            char method = (char) record[4];
            start = 5;
            if (method == '0') return java.util.Arrays.copyOfRange(record, 5, 5 + length);
            if (method != 'Z') {
                throw new BadInputException(data + ": record of '" + name + "' uses compression '" + method
                        + "' (" + (method == '2' ? "bzip2" : method == 'X' ? "xz" : "unknown")
                        + "); only zlib is supported");
            }
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(record, start, record.length - start);
            byte[] out = new byte[length];
            int n = 0;
            while (n < length) {
                int got = inflater.inflate(out, n, length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) break;
                n += got;
            }
            if (n != length) {
                throw new BadInputException(data + ": record of '" + name + "' inflates to " + n + " bytes, expected "
                        + length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new BadInputException(data + ": record of '" + name + "' is not valid zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** The index bytes, un-gzipped when they start with the gzip magic number. */
    private static InputStream decompressedIndex(byte[] bytes) throws IOException {
        InputStream raw = new ByteArrayInputStream(bytes);
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b) {
            return new GZIPInputStream(raw);
        }
        if (bytes.length >= 2 && bytes[0] == 'X' && bytes[1] == '\n') return raw;
        throw new BadInputException("lazy-load index is neither gzip nor an XDR serialization (bzip2/xz are not"
                + " supported)");
    }
}
