package org.irlab.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of R's XDR serialization format, versions 2 and 3 (what {@code saveRDS}, {@code serialize} and lazy-load
 * databases write; R Internals §1.8, src/main/serialize.c). It reads the vector types, lists, pairlists, symbols,
 * attributes, back-references and the compact/wrapper ALTREP classes; environments, closures and language objects
 * are consumed and returned as {@link RObject.Other}. Byte code and persistent references are rejected.
 */
public final class RSerialization {
    // SEXP types (Rinternals.h) and serialization pseudo-types (serialize.c).
    static final int SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6, SPECIALSXP = 7,
            BUILTINSXP = 8, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14, CPLXSXP = 15, STRSXP = 16,
            DOTSXP = 17, VECSXP = 19, EXPRSXP = 20, BCODESXP = 21, EXTPTRSXP = 22, WEAKREFSXP = 23, RAWSXP = 24,
            S4SXP = 25;
    static final int REFSXP = 255, NILVALUE_SXP = 254, GLOBALENV_SXP = 253, UNBOUNDVALUE_SXP = 252,
            MISSINGARG_SXP = 251, BASENAMESPACE_SXP = 250, NAMESPACESXP = 249, PACKAGESXP = 248, PERSISTSXP = 247,
            EMPTYENV_SXP = 242, BASEENV_SXP = 241, ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP_SXP = 238;
    static final int IS_OBJECT = 1 << 8, HAS_ATTR = 1 << 9, HAS_TAG = 1 << 10;
    static final int BYTES_MASK = 1 << 1, LATIN1_MASK = 1 << 2, UTF8_MASK = 1 << 3, ASCII_MASK = 1 << 6;

    private final DataInputStream in;
    private final List<RObject> references = new ArrayList<>();
    private Charset nativeEncoding = StandardCharsets.UTF_8;

    private RSerialization(InputStream in) {
        this.in = new DataInputStream(in instanceof BufferedInputStream || in instanceof ByteArrayInputStream
                ? in : new BufferedInputStream(in, 1 << 16));
    }

    /** Reads one serialized object (header included) from the stream; the stream is not closed. */
    public static RObject read(InputStream in) throws IOException {
        RSerialization reader = new RSerialization(in);
        reader.readHeader();
        return reader.readItem();
    }

    /** Reads one serialized object from bytes. */
    public static RObject read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    private void readHeader() throws IOException {
        int f1 = in.read(), f2 = in.read();
        if (f1 < 0) throw new EOFException("empty R serialization stream");
        if (f1 == 'A' || f1 == 'B' || f2 != '\n' || f1 != 'X') {
            String kind = f1 == 'A' ? "ASCII" : f1 == 'B' ? "native binary" : "unknown (first bytes "
                    + Integer.toHexString(f1) + " " + Integer.toHexString(f2) + ")";
            throw new BadInputException("R serialization format " + kind + " is not supported: only XDR ('X')");
        }
        int version = in.readInt();
        in.readInt(); // R version that wrote it
        in.readInt(); // oldest R version that can read it
        if (version == 3) {
            int length = in.readInt();
            byte[] name = new byte[length];
            in.readFully(name);
            String encoding = new String(name, StandardCharsets.US_ASCII);
            try {
                nativeEncoding = Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                nativeEncoding = StandardCharsets.UTF_8;
            }
        } else if (version != 2) {
            throw new BadInputException("R serialization version " + version + " is not supported (only 2 and 3)");
        }
    }

    private RObject readItem() throws IOException {
        return readItem(in.readInt());
    }

    private RObject readItem(int flags) throws IOException {
        int type = flags & 0xFF;
        boolean hasAttr = (flags & HAS_ATTR) != 0, hasTag = (flags & HAS_TAG) != 0;
        int levels = flags >>> 12;
        switch (type) {
            case NILVALUE_SXP: return new RObject.Null();
            case EMPTYENV_SXP: return new RObject.Other(ENVSXP, "emptyenv", Map.of());
            case BASEENV_SXP: return new RObject.Other(ENVSXP, "baseenv", Map.of());
            case GLOBALENV_SXP: return new RObject.Other(ENVSXP, "globalenv", Map.of());
            case UNBOUNDVALUE_SXP: return new RObject.Other(type, "unbound value", Map.of());
            case MISSINGARG_SXP: return new RObject.Other(type, "missing argument", Map.of());
            case BASENAMESPACE_SXP: return new RObject.Other(ENVSXP, "namespace:base", Map.of());
            case REFSXP: {
                int index = flags >>> 8;
                if (index == 0) index = in.readInt();
                if (index < 1 || index > references.size()) {
                    throw new BadInputException("R serialization: reference " + index + " but only "
                            + references.size() + " objects can be referred to");
                }
                return references.get(index - 1);
            }
            case PERSISTSXP:
                throw new BadInputException("R serialization: persistent references (PERSISTSXP) are not supported");
            case SYMSXP: {
                RObject printName = readItem();
                String name = printName instanceof RObject.Strings s && s.values().length == 1 ? s.values()[0] : "";
                RObject symbol = new RObject.Symbol(name);
                references.add(symbol);
                return symbol;
            }
            case PACKAGESXP:
            case NAMESPACESXP: {
                String[] info = readStringVector();
                RObject env = new RObject.Other(ENVSXP, (type == NAMESPACESXP ? "namespace:" : "package:")
                        + String.join(" ", info), Map.of());
                references.add(env);
                return env;
            }
            case ENVSXP: {
                in.readInt(); // locked
                RObject env = new RObject.Other(ENVSXP, "environment", Map.of());
                references.add(env);
                readItem(); // enclosure
                readItem(); // frame
                readItem(); // hash table
                readItem(); // attributes
                return env;
            }
            case LISTSXP:
            case ATTRLISTSXP:
                return readPairList(flags);
            case LANGSXP:
            case ATTRLANGSXP:
            case CLOSXP:
            case PROMSXP:
            case DOTSXP: {
                Map<String, RObject> attributes = hasAttr ? attributes(readItem()) : Map.of();
                if (hasTag) readItem();
                readItem(); // CAR
                readItem(); // CDR
                String kind = type == CLOSXP ? "closure" : type == PROMSXP ? "promise" : type == DOTSXP ? "..."
                        : "language";
                return new RObject.Other(type == ATTRLANGSXP ? LANGSXP : type, kind, attributes);
            }
            case EXTPTRSXP: {
                RObject pointer = new RObject.Other(type, "external pointer", Map.of());
                references.add(pointer);
                readItem(); // protected value
                readItem(); // tag
                return withAttributes(pointer, hasAttr);
            }
            case WEAKREFSXP: {
                RObject ref = new RObject.Other(type, "weak reference", Map.of());
                references.add(ref);
                return withAttributes(ref, hasAttr);
            }
            case SPECIALSXP:
            case BUILTINSXP: {
                byte[] name = new byte[in.readInt()];
                in.readFully(name);
                return new RObject.Other(type, "primitive " + new String(name, StandardCharsets.US_ASCII), Map.of());
            }
            case CHARSXP: {
                int length = in.readInt();
                if (length == -1) return new RObject.Strings(new String[] {null}, Map.of());
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                return new RObject.Strings(new String[] {new String(bytes, charset(levels))}, Map.of());
            }
            case LGLSXP:
            case INTSXP: {
                int[] values = new int[readLength()];
                for (int i = 0; i < values.length; i++) values[i] = in.readInt();
                Map<String, RObject> attributes = hasAttr ? attributes(readItem()) : Map.of();
                return type == LGLSXP ? new RObject.Logicals(values, attributes)
                        : new RObject.Integers(values, attributes);
            }
            case REALSXP:
            case CPLXSXP: {
                int length = readLength();
                double[] values = new double[type == CPLXSXP ? 2 * length : length];
                for (int i = 0; i < values.length; i++) values[i] = in.readDouble();
                Map<String, RObject> attributes = hasAttr ? attributes(readItem()) : Map.of();
                return type == REALSXP ? new RObject.Doubles(values, attributes)
                        : new RObject.Complexes(values, attributes);
            }
            case STRSXP: {
                String[] values = new String[readLength()];
                for (int i = 0; i < values.length; i++) values[i] = readCharacter();
                return new RObject.Strings(values, hasAttr ? attributes(readItem()) : Map.of());
            }
            case VECSXP:
            case EXPRSXP: {
                int length = readLength();
                List<RObject> values = new ArrayList<>(length);
                for (int i = 0; i < length; i++) values.add(readItem());
                return new RObject.ListOf(Collections.unmodifiableList(values),
                        hasAttr ? attributes(readItem()) : Map.of());
            }
            case RAWSXP: {
                byte[] values = new byte[readLength()];
                in.readFully(values);
                return new RObject.Raw(values, hasAttr ? attributes(readItem()) : Map.of());
            }
            case S4SXP:
                return new RObject.Other(type, "S4 object", hasAttr ? attributes(readItem()) : Map.of());
            case ALTREP_SXP:
                return readAltrep();
            case BCODESXP:
                throw new BadInputException("R serialization: byte code (BCODESXP) is not supported");
            default:
                throw new BadInputException("R serialization: unknown type " + type + " (flags 0x"
                        + Integer.toHexString(flags) + ")");
        }
    }

    /** A pairlist read iteratively along its CDRs (they can be long). */
    private RObject readPairList(int flags) throws IOException {
        List<String> tags = new ArrayList<>();
        List<RObject> values = new ArrayList<>();
        Map<String, RObject> attributes = Map.of();
        boolean first = true;
        while (true) {
            int type = flags & 0xFF;
            if (type != LISTSXP && type != ATTRLISTSXP) {
                RObject tail = readItem(flags);
                if (!(tail instanceof RObject.Null)) { // a dotted pair: keep the tail as an untagged value
                    tags.add(null);
                    values.add(tail);
                }
                break;
            }
            Map<String, RObject> nodeAttributes = (flags & HAS_ATTR) != 0 ? attributes(readItem()) : Map.of();
            if (first) attributes = nodeAttributes;
            first = false;
            String tag = null;
            if ((flags & HAS_TAG) != 0) {
                RObject t = readItem();
                tag = t instanceof RObject.Symbol s ? s.name()
                        : t instanceof RObject.Strings s && s.values().length == 1 ? s.values()[0] : null;
            }
            tags.add(tag);
            values.add(readItem());
            flags = in.readInt();
        }
        return new RObject.PairList(Collections.unmodifiableList(tags), Collections.unmodifiableList(values),
                attributes);
    }

    /** ALTREP: class info, state and attributes; the compact sequences and wrappers are expanded. */
    private RObject readAltrep() throws IOException {
        RObject info = readItem();
        RObject state = readItem();
        RObject attr = readItem();
        Map<String, RObject> attributes = attributes(attr);
        String className = info instanceof RObject.PairList p && !p.values().isEmpty()
                && p.values().get(0) instanceof RObject.Symbol s ? s.name() : "?";
        switch (className) {
            case "compact_intseq": {
                double[] s = ((RObject.Doubles) state).values();
                int n = checkedLength(s[0]);
                int start = (int) s[1], step = (int) s[2];
                int[] values = new int[n];
                for (int i = 0; i < n; i++) values[i] = start + i * step;
                return new RObject.Integers(values, attributes);
            }
            case "compact_realseq": {
                double[] s = ((RObject.Doubles) state).values();
                int n = checkedLength(s[0]);
                double[] values = new double[n];
                for (int i = 0; i < n; i++) values[i] = s[1] + i * s[2];
                return new RObject.Doubles(values, attributes);
            }
            case "wrap_integer", "wrap_logical", "wrap_real", "wrap_complex", "wrap_string", "wrap_raw",
                 "wrap_list": {
                RObject wrapped = ((RObject.ListOf) state).values().get(0);
                return replaceAttributes(wrapped, attributes);
            }
            default:
                throw new BadInputException("R serialization: ALTREP class '" + className + "' is not supported");
        }
    }

    private static int checkedLength(double n) {
        if (!(n >= 0 && n <= Integer.MAX_VALUE)) throw new BadInputException("R serialization: vector length " + n);
        return (int) n;
    }

    private static RObject replaceAttributes(RObject o, Map<String, RObject> a) {
        if (a.isEmpty()) return o;
        if (o instanceof RObject.Integers x) return new RObject.Integers(x.values(), a);
        if (o instanceof RObject.Logicals x) return new RObject.Logicals(x.values(), a);
        if (o instanceof RObject.Doubles x) return new RObject.Doubles(x.values(), a);
        if (o instanceof RObject.Complexes x) return new RObject.Complexes(x.values(), a);
        if (o instanceof RObject.Strings x) return new RObject.Strings(x.values(), a);
        if (o instanceof RObject.Raw x) return new RObject.Raw(x.values(), a);
        if (o instanceof RObject.ListOf x) return new RObject.ListOf(x.values(), a);
        return o;
    }

    private RObject withAttributes(RObject o, boolean hasAttr) throws IOException {
        if (!hasAttr) return o;
        RObject.Other other = (RObject.Other) o;
        return new RObject.Other(other.type(), other.description(), attributes(readItem()));
    }

    /** The attribute pairlist as a map from tag to value. */
    private static Map<String, RObject> attributes(RObject pairList) {
        if (!(pairList instanceof RObject.PairList p)) return Map.of();
        Map<String, RObject> map = new LinkedHashMap<>();
        for (int i = 0; i < p.tags().size(); i++) {
            String tag = p.tags().get(i);
            map.put(tag == null ? "" : tag, p.values().get(i));
        }
        return Collections.unmodifiableMap(map);
    }

    /** One element of a character vector: a CHARSXP item (NA is null). */
    private String readCharacter() throws IOException {
        int flags = in.readInt();
        int type = flags & 0xFF;
        if (type != CHARSXP) {
            throw new BadInputException("R serialization: expected a string element (CHARSXP), found type " + type);
        }
        int length = in.readInt();
        if (length == -1) return null;
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, charset(flags >>> 12));
    }

    /** The InStringVec layout of namespace and package environments: 0, length, then CHARSXP items. */
    private String[] readStringVector() throws IOException {
        if (in.readInt() != 0) throw new BadInputException("R serialization: names in a namespace are not supported");
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) values[i] = readCharacter();
        return values;
    }

    private Charset charset(int levels) {
        if ((levels & UTF8_MASK) != 0) return StandardCharsets.UTF_8;
        if ((levels & LATIN1_MASK) != 0) return StandardCharsets.ISO_8859_1;
        if ((levels & BYTES_MASK) != 0) return StandardCharsets.ISO_8859_1;
        if ((levels & ASCII_MASK) != 0) return StandardCharsets.US_ASCII;
        return nativeEncoding;
    }

    /** A vector length: an int, or −1 followed by the upper and lower halves of a long length. */
    private int readLength() throws IOException {
        int length = in.readInt();
        if (length >= 0) return length;
        if (length != -1) throw new BadInputException("R serialization: negative vector length " + length);
        long upper = in.readInt() & 0xFFFFFFFFL, lower = in.readInt() & 0xFFFFFFFFL;
        long n = (upper << 32) | lower;
        if (n > Integer.MAX_VALUE - 8) throw new BadInputException("R serialization: vector of length " + n
                + " is too long for Java");
        return (int) n;
    }
}
