package org.irlab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format (NEP 1, {@code numpy.lib.format}, versions 1.0–3.0): a magic string, a header
 * dict {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} padded to a multiple of 64 bytes, then
 * the raw values. Reads little-endian float64, int64, int32, bool, uint8 and int8 in C or Fortran order (Fortran
 * arrays are transposed into C order); writes float64, int64 or int32 in C order, version 1.0, as {@code numpy.save}
 * does; and 1-d unicode string arrays ({@code <U n}, UTF-32LE, what NumPy makes of a list of str) both ways.
 * A truncated file, trailing bytes, a big-endian or other dtype and a malformed header are errors naming the file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Reads a {@code .npy} file; errors name the file. */
    public static NdArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads one array from a stream that holds exactly one {@code .npy} image.
     *
     * @param source how errors name the array, e.g. {@code instance.npz: array 'y'}
     */
    public static NdArray read(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !startsWithMagic(magic)) {
            throw new BadInputException(source + ": not a .npy file (no \\x93NUMPY magic string)");
        }
        int major = magic[6] & 0xff;
        int headerLength;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            if (b.length < 2) throw new BadInputException(source + ": truncated in the header");
            headerLength = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            if (b.length < 4) throw new BadInputException(source + ": truncated in the header");
            headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0 || headerLength > 1 << 20) {
                throw new BadInputException(source + ": impossible header length " + headerLength);
            }
        } else {
            throw new BadInputException(source + ": .npy format version " + major + "." + (magic[7] & 0xff)
                    + " is not supported (1.0, 2.0 or 3.0)");
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) throw new BadInputException(source + ": truncated in the header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NdArray.Type type = type(header, source);
        boolean fortran = fortranOrder(header, source);
        int[] shape = shape(header, source);
        long count = 1;
        for (int s : shape) count *= s;
        double[] values = readValues(in, type, (int) count, source, shape);
        if (in.read() >= 0) {
            throw new BadInputException(source + ": has bytes after the " + count + " values of shape "
                    + NdArray.shapeText(shape) + " (is the header's shape wrong?)");
        }
        if (fortran && shape.length > 1) values = fromFortranOrder(values, shape);
        return new NdArray(source, shape, type, values);
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static NdArray.Type type(String header, String source) {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) throw new BadInputException(source + ": the header has no 'descr' (dtype): " + header.strip());
        String descr = m.group(1);
        for (NdArray.Type t : NdArray.Type.values()) {
            boolean anyOrder = t.bytes == 1 && descr.length() == 3 && "<>=|".indexOf(descr.charAt(0)) >= 0;
            if (t.descr.equals(descr) || anyOrder && descr.substring(1).equals(t.descr.substring(1))) return t;
        }
        if (descr.startsWith(">")) {
            throw new BadInputException(source + ": dtype '" + descr + "' is big-endian; save it little-endian"
                    + " (a.astype('<" + descr.substring(1) + "'))");
        }
        throw new BadInputException(source + ": dtype '" + descr + "' is not supported (float64 '<f8', int64 '<i8',"
                + " int32 '<i4' or bool)");
    }

    private static boolean fortranOrder(String header, String source) {
        Matcher m = FORTRAN.matcher(header);
        if (!m.find()) throw new BadInputException(source + ": the header has no 'fortran_order': " + header.strip());
        return m.group(1).equals("True");
    }

    private static int[] shape(String header, String source) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) throw new BadInputException(source + ": the header has no 'shape': " + header.strip());
        List<Integer> dims = new ArrayList<>();
        long count = 1;
        for (String part : m.group(1).split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) p = p.substring(0, p.length() - 1); // Python 2 longs
            if (p.isEmpty()) continue;
            long dim;
            try {
                dim = Long.parseLong(p);
            } catch (NumberFormatException e) {
                throw new BadInputException(source + ": bad shape (" + m.group(1) + ") in the header");
            }
            if (dim < 0 || dim > MAX_VALUES) throw new BadInputException(source + ": bad dimension " + dim);
            count *= dim;
            if (count > MAX_VALUES) {
                throw new BadInputException(source + ": shape (" + m.group(1) + ") has more than " + MAX_VALUES
                        + " values, more than one Java array holds");
            }
            dims.add((int) dim);
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
        return shape;
    }

    private static double[] readValues(InputStream in, NdArray.Type type, int count, String source, int[] shape)
            throws IOException {
        double[] out = new double[count];
        int width = type.bytes;
        byte[] buffer = new byte[Math.max(width, (1 << 16) / width * width)];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int want = (int) Math.min((long) (count - done) * width, buffer.length);
            int got = in.readNBytes(buffer, 0, want);
            if (got < want) {
                long have = (long) done * width + got;
                throw new BadInputException(source + ": truncated: shape " + NdArray.shapeText(shape) + " of "
                        + type.descr + " needs " + (long) count * width + " bytes of data, the file has " + have);
            }
            view.clear();
            int n = want / width;
            for (int i = 0; i < n; i++) {
                out[done + i] = switch (type) {
                    case FLOAT64 -> view.getDouble(i * 8);
                    case INT64 -> (double) view.getLong(i * 8);
                    case INT32 -> view.getInt(i * 4);
                    case BOOL -> {
                        byte b = buffer[i];
                        if (b != 0 && b != 1) {
                            throw new BadInputException(source + ": bool entry " + (done + i) + " is " + b);
                        }
                        yield b;
                    }
                    case UINT8 -> buffer[i] & 0xff;
                    case INT8 -> buffer[i];
                };
            }
            done += n;
        }
        return out;
    }

    /** Reorders column-major values into row-major for the given shape. */
    static double[] fromFortranOrder(double[] f, int[] shape) {
        int k = shape.length;
        double[] c = new double[f.length];
        int[] index = new int[k];
        long[] fortranStride = new long[k];
        long stride = 1;
        for (int a = 0; a < k; a++) {
            fortranStride[a] = stride;
            stride *= shape[a];
        }
        for (int p = 0; p < c.length; p++) { // p walks C order; index is its multi-index
            long q = 0;
            for (int a = 0; a < k; a++) q += index[a] * fortranStride[a];
            c[p] = f[(int) q];
            for (int a = k - 1; a >= 0; a--) {
                if (++index[a] < shape[a]) break;
                index[a] = 0;
            }
        }
        return c;
    }

    /** The version-1.0 header of a C-order array of the given dtype and shape, padded to a multiple of 64 bytes. */
    public static byte[] header(NdArray.Type type, int[] shape) {
        return header(type.descr, shape);
    }

    private static byte[] header(String descr, int[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + NdArray.shapeText(shape)
                + ", }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder text = new StringBuilder(dict);
        text.append(" ".repeat(padded - total)).append('\n');
        byte[] h = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[MAGIC.length + 4 + h.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (h.length & 0xff);
        out[9] = (byte) (h.length >>> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        return out;
    }

    /** Writes the array as {@code .npy}: float64, int32 for an int32 array, int64 for other integer types. */
    public static void write(OutputStream out, NdArray array) throws IOException {
        NdArray.Type type = array.type() == NdArray.Type.FLOAT64 || array.type() == NdArray.Type.INT32 ? array.type()
                : NdArray.Type.INT64;
        out.write(header(type, array.shape()));
        writeValues(out, type, array.values(), 0, array.size());
    }

    /** Writes values [from, to) as raw little-endian float64, int64 or int32. */
    public static void writeValues(OutputStream out, NdArray.Type type, double[] values, int from, int to)
            throws IOException {
        int width = type == NdArray.Type.INT32 ? 4 : 8;
        write(out, width, from, to, switch (type) {
            case FLOAT64 -> (view, at, i) -> view.putDouble(at, values[i]);
            case INT32 -> (view, at, i) -> view.putInt(at, (int) values[i]);
            default -> (view, at, i) -> view.putLong(at, (long) values[i]);
        });
    }

    /** Writes ints [from, to) as raw little-endian int32 or int64 ({@code type}). */
    public static void writeInts(OutputStream out, NdArray.Type type, int[] values, int from, int to)
            throws IOException {
        if (type != NdArray.Type.INT32 && type != NdArray.Type.INT64) throw new IllegalArgumentException("not int32/64");
        write(out, type == NdArray.Type.INT32 ? 4 : 8, from, to, type == NdArray.Type.INT32
                ? (view, at, i) -> view.putInt(at, values[i]) : (view, at, i) -> view.putLong(at, values[i]));
    }

    /** Puts value i at byte offset {@code at} of the buffer. */
    private interface Put {
        void put(ByteBuffer view, int at, int i);
    }

    /** Values [from, to) of {@code width} bytes each through a 64 KiB buffer. */
    private static void write(OutputStream out, int width, int from, int to, Put put) throws IOException {
        byte[] buffer = new byte[1 << 16];
        ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int i = from;
        while (i < to) {
            int n = Math.min(to - i, buffer.length / width);
            for (int k = 0; k < n; k++) put.put(view, k * width, i + k);
            out.write(buffer, 0, n * width);
            i += n;
        }
    }

    private static final Pattern UNICODE = Pattern.compile("<U(\\d+)");

    /**
     * Writes a 1-d array of strings as NumPy does a list of str: dtype {@code <U n} with n the longest string in code
     * points (at least 1), each string UTF-32LE padded with zero code points. Strings must not end in U+0000 (NumPy
     * strips trailing zeros).
     */
    public static void writeStrings(OutputStream out, String[] values) throws IOException {
        int width = 1;
        for (String v : values) width = Math.max(width, v.codePointCount(0, v.length()));
        out.write(header("<U" + width, new int[] {values.length}));
        ByteBuffer b = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : values) {
            b.clear();
            v.codePoints().forEach(b::putInt);
            while (b.hasRemaining()) b.putInt(0);
            out.write(b.array());
        }
    }

    /** Reads a 1-d {@code <U n} array (as {@link #writeStrings} writes it); errors name {@code source}. */
    public static String[] readStrings(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(10);
        if (magic.length < 10 || !startsWithMagic(magic) || magic[6] != 1) {
            throw new BadInputException(source + ": not a version-1.0 .npy file");
        }
        int headerLength = (magic[8] & 0xff) | (magic[9] & 0xff) << 8;
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) throw new BadInputException(source + ": truncated in the header");
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher u = d.find() ? UNICODE.matcher(d.group(1)) : null;
        if (u == null || !u.matches()) {
            throw new BadInputException(source + ": expected a little-endian unicode string array ('<U…'), found "
                    + header.strip());
        }
        if (fortranOrder(header, source)) throw new BadInputException(source + ": expected C order");
        int[] shape = shape(header, source);
        if (shape.length != 1) throw new BadInputException(source + ": expected a 1-d array, shape " + NdArray.shapeText(shape));
        int width = Integer.parseInt(u.group(1));
        String[] out = new String[shape[0]];
        byte[] record = new byte[4 * width];
        ByteBuffer view = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < out.length; k++) {
            if (in.readNBytes(record, 0, record.length) < record.length) {
                throw new BadInputException(source + ": truncated at string " + k + " of " + out.length);
            }
            sb.setLength(0);
            for (int c = 0; c < width; c++) {
                int cp = view.getInt(4 * c);
                if (cp == 0) break;
                if (!Character.isValidCodePoint(cp)) throw new BadInputException(source + ": string " + k + " is not UTF-32");
                sb.appendCodePoint(cp);
            }
            out[k] = sb.toString();
        }
        if (in.read() >= 0) throw new BadInputException(source + ": has bytes after its " + out.length + " strings");
        return out;
    }

}
