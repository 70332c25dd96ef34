package org.irlab.spark;

import java.io.IOException;

/**
 * What {@code complete fit URI --engine spark} does to INPUT before Spark starts, alone: resolves each URI through
 * Hadoop's FileSystem ({@link HadoopInput}: scheme, existence, not a directory) and streams its SHA-256, printed as
 * {@code sha256sum} prints it ({@code HEX  URI}), so {@code bench/input-digest.sh} can time it against
 * {@code sha256sum} as whole processes. Arguments: the URIs.
 */
public final class InputDigest {
    private InputDigest() {}

    public static void main(String[] args) throws IOException {
        org.apache.hadoop.conf.Configuration conf = HadoopInput.configuration();
        for (String uri : args) System.out.println(HadoopInput.resolve(uri, conf).sha256() + "  " + uri);
    }
}
