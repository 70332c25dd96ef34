package org.irlab.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * An INPUT ({@code hdfs://…}, {@code s3a://…}, {@code file:…}, or a plain path, which the engine resolves as it reads
 * it: against its default file system) as an engine's file system resolved it, before the engine starts: where it is,
 * its file name (the format is told from it), and its bytes (for the SHA-256 model.json records: the same digest as a
 * local copy's).
 */
public interface InputFile {
    /** INPUT as given: what messages and model.json name. */
    String location();

    /** The fully qualified URI the engine reads: the file {@link #open} reads (a plain path's, on its file system). */
    default String uri() { return location(); }

    /** The file on this machine when its file system is the local one ({@code file:}), else null. */
    default java.nio.file.Path local() { return null; }

    /** The last part of the path ({@code ratings.csv}): messages, the format and the layout are told from it. */
    String name();

    /** The file's bytes from the start; the caller closes the stream. */
    InputStream open() throws IOException;

    /** The SHA-256 of the file's bytes, streamed (O(1) memory): a URI's digest is its local copy's. */
    default String sha256() throws IOException {
        try (InputStream in = open()) {
            return sha256(in);
        }
    }

    /** The SHA-256 of a stream's bytes to its end, read in 64 KiB blocks, as lower-case hex. */
    static String sha256(InputStream in) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) digest.update(buffer, 0, n);
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
