package org.irlab.sweep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, standard-conforming Parquet writer for a flat {@link Table}: one row group, one uncompressed v1 data
 * page per column, PLAIN values, definition levels (every column OPTIONAL, so undefined values are nulls) in the
 * RLE/bit-packing hybrid, and the footer in Thrift's compact protocol (parquet-format's parquet.thrift). Readable by
 * Spark, DuckDB, pandas/pyarrow without IRLab.
 */
final class ParquetFile {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    // parquet.thrift enums
    private static final int TYPE_BOOLEAN = 0, TYPE_INT64 = 2, TYPE_DOUBLE = 5, TYPE_BYTE_ARRAY = 6;
    private static final int OPTIONAL = 1, CONVERTED_UTF8 = 0, PAGE_DATA = 0, ENCODING_PLAIN = 0, ENCODING_RLE = 3,
            CODEC_UNCOMPRESSED = 0;

    private ParquetFile() {}

    static byte[] write(Table table) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(MAGIC);
        List<long[]> chunks = new ArrayList<>(); // per column: data page offset, total size, value count
        for (Table.Column c : table.columns()) {
            byte[] page = page(c, table.rows());
            Thrift header = new Thrift();
            header.i32(1, PAGE_DATA).i32(2, page.length).i32(3, page.length)
                    .beginStruct(5)
                    .i32(1, table.rows()).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE)
                    .endStruct()
                    .stop();
            long offset = file.size();
            file.writeBytes(header.bytes());
            file.writeBytes(page);
            chunks.add(new long[] {offset, file.size() - offset});
        }
        Thrift meta = new Thrift();
        meta.i32(1, 1);
        meta.beginList(2, Thrift.STRUCT, table.columns().size() + 1);
        meta.element().binary(4, "schema").i32(5, table.columns().size()).stop();
        for (Table.Column c : table.columns()) {
            meta.element().i32(1, physical(c.type())).i32(3, OPTIONAL).binary(4, c.name());
            if (c.type() == Table.Type.STRING) {
                meta.i32(6, CONVERTED_UTF8).beginStruct(10).beginStruct(1).endStruct().endStruct(); // LogicalType STRING
            }
            meta.stop();
        }
        meta.i64(3, table.rows());
        meta.beginList(4, Thrift.STRUCT, 1);
        long total = 0;
        for (long[] ch : chunks) total += ch[1];
        meta.element().beginList(1, Thrift.STRUCT, table.columns().size());
        for (int i = 0; i < table.columns().size(); i++) {
            Table.Column c = table.columns().get(i);
            long[] ch = chunks.get(i);
            meta.element().i64(2, ch[0]).beginStruct(3)
                    .i32(1, physical(c.type()))
                    .beginList(2, Thrift.I32, 2).listI32(ENCODING_PLAIN).listI32(ENCODING_RLE)
                    .beginList(3, Thrift.BINARY, 1).listBinary(c.name())
                    .i32(4, CODEC_UNCOMPRESSED).i64(5, table.rows()).i64(6, ch[1]).i64(7, ch[1]).i64(9, ch[0])
                    .endStruct().stop();
        }
        meta.i64(2, total).i64(3, table.rows()).stop();
        meta.binary(6, "IRLab sweep (minimal Parquet writer)");
        meta.stop();
        byte[] footer = meta.bytes();
        file.writeBytes(footer);
        writeIntLE(file, footer.length);
        file.writeBytes(MAGIC);
        return file.toByteArray();
    }

    private static int physical(Table.Type t) {
        return switch (t) {
            case INT64 -> TYPE_INT64;
            case DOUBLE -> TYPE_DOUBLE;
            case STRING -> TYPE_BYTE_ARRAY;
            case BOOLEAN -> TYPE_BOOLEAN;
        };
    }

    /** A v1 data page body: the definition levels (length-prefixed RLE runs of bit width 1), then the PLAIN values. */
    static byte[] page(Table.Column c, int rows) {
        ByteArrayOutputStream levels = new ByteArrayOutputStream();
        Object[] v = c.values();
        int i = 0;
        while (i < rows) {
            boolean defined = v[i] != null;
            int j = i;
            while (j < rows && (v[j] != null) == defined) j++;
            writeVarint(levels, (long) (j - i) << 1); // an RLE run: header (count << 1), then the value in one byte
            levels.write(defined ? 1 : 0);
            i = j;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeIntLE(out, levels.size());
        out.writeBytes(levels.toByteArray());
        switch (c.type()) {
            case INT64 -> { for (Object o : v) if (o != null) writeLongLE(out, (Long) o); }
            case DOUBLE -> { for (Object o : v) if (o != null) writeLongLE(out, Double.doubleToRawLongBits((Double) o)); }
            case STRING -> {
                for (Object o : v) {
                    if (o == null) continue;
                    byte[] b = ((String) o).getBytes(StandardCharsets.UTF_8);
                    writeIntLE(out, b.length);
                    out.writeBytes(b);
                }
            }
            case BOOLEAN -> { // bit-packed, least significant bit first
                int bits = 0, count = 0;
                for (Object o : v) {
                    if (o == null) continue;
                    if ((Boolean) o) bits |= 1 << count;
                    if (++count == 8) {
                        out.write(bits);
                        bits = 0;
                        count = 0;
                    }
                }
                if (count > 0) out.write(bits);
            }
        }
        return out.toByteArray();
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static void writeIntLE(ByteArrayOutputStream out, int v) {
        for (int k = 0; k < 4; k++) out.write((v >>> (8 * k)) & 0xFF);
    }

    static void writeLongLE(ByteArrayOutputStream out, long v) {
        for (int k = 0; k < 8; k++) out.write((int) ((v >>> (8 * k)) & 0xFF));
    }

    /** Thrift's compact protocol, the subset the Parquet footer needs. */
    static final class Thrift {
        static final int I32 = 5, I64 = 6, BINARY = 8, LIST = 9, STRUCT = 12;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final java.util.ArrayDeque<Integer> lastIds = new java.util.ArrayDeque<>();
        private int lastId;

        private void field(int id, int type) {
            int delta = id - lastId;
            if (delta > 0 && delta <= 15) {
                out.write((delta << 4) | type);
            } else {
                out.write(type);
                writeVarint(out, zigzag(id));
            }
            lastId = id;
        }

        private static long zigzag(long v) { return (v << 1) ^ (v >> 63); }

        Thrift i32(int id, int v) {
            field(id, I32);
            writeVarint(out, zigzag(v));
            return this;
        }

        Thrift i64(int id, long v) {
            field(id, I64);
            writeVarint(out, zigzag(v));
            return this;
        }

        Thrift binary(int id, String s) {
            field(id, BINARY);
            rawBinary(s);
            return this;
        }

        private void rawBinary(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeVarint(out, b.length);
            out.writeBytes(b);
        }

        Thrift beginStruct(int id) {
            field(id, STRUCT);
            lastIds.push(lastId);
            lastId = 0;
            return this;
        }

        Thrift endStruct() {
            out.write(0);
            lastId = lastIds.pop();
            return this;
        }

        /** A list field; its elements follow (structs each opened by {@link #element()} and closed by {@link #stop()}). */
        Thrift beginList(int id, int elementType, int size) {
            field(id, LIST);
            if (size < 15) out.write((size << 4) | elementType);
            else {
                out.write(0xF0 | elementType);
                writeVarint(out, size);
            }
            return this;
        }

        /** Starts a struct element of a list. */
        Thrift element() {
            lastIds.push(lastId);
            lastId = 0;
            return this;
        }

        Thrift listI32(int v) {
            writeVarint(out, zigzag(v));
            return this;
        }

        Thrift listBinary(String s) {
            rawBinary(s);
            return this;
        }

        /** Ends the current struct: a list element, or the top level. */
        Thrift stop() {
            out.write(0);
            if (!lastIds.isEmpty()) lastId = lastIds.pop();
            return this;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
