package org.irlab.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes R XDR serialization streams by hand, item by item, for the reader's tests (layout of serialize.c). */
final class Xdr {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    /** "X\n", version, writer version 4.2.2, min reader 3.5.0, and (version 3) the native encoding. */
    static Xdr header(int version) {
        Xdr x = new Xdr();
        x.raw('X').raw('\n').i(version).i(0x040202).i(0x030500);
        if (version == 3) x.i(5).raw('U').raw('T').raw('F').raw('-').raw('8');
        return x;
    }

    static int flags(int type, boolean object, boolean attributes, boolean tag, int levels) {
        return type | (object ? 1 << 8 : 0) | (attributes ? 1 << 9 : 0) | (tag ? 1 << 10 : 0) | (levels << 12);
    }

    Xdr raw(int b) {
        bytes.write(b);
        return this;
    }

    Xdr i(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Xdr d(double v) {
        try {
            out.writeLong(Double.doubleToRawLongBits(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A CHARSXP (UTF-8 flagged), or NA_STRING when s is null. */
    Xdr chars(String s) {
        if (s == null) return i(RSerialization.CHARSXP).i(-1);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i(flags(RSerialization.CHARSXP, false, false, false, RSerialization.UTF8_MASK)).i(b.length);
        for (byte x : b) raw(x);
        return this;
    }

    /** A symbol written for the first time (it enters the reference table). */
    Xdr symbol(String name) {
        return i(RSerialization.SYMSXP).chars(name);
    }

    /** A back-reference to the n-th (1-based) referable object, packed into the flags. */
    Xdr ref(int n) {
        return i((n << 8) | RSerialization.REFSXP);
    }

    Xdr nil() {
        return i(RSerialization.NILVALUE_SXP);
    }

    Xdr ints(boolean attributes, int... v) {
        i(flags(RSerialization.INTSXP, false, attributes, false, 0)).i(v.length);
        for (int x : v) i(x);
        return this;
    }

    Xdr reals(boolean attributes, double... v) {
        i(flags(RSerialization.REALSXP, false, attributes, false, 0)).i(v.length);
        for (double x : v) d(x);
        return this;
    }

    Xdr strings(boolean attributes, String... v) {
        i(flags(RSerialization.STRSXP, false, attributes, false, 0)).i(v.length);
        for (String s : v) chars(s);
        return this;
    }

    /** A pairlist node with a tag; the caller writes the tag, then the value, then the rest (or nil()). */
    Xdr node() {
        return i(flags(RSerialization.LISTSXP, false, false, true, 0));
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
