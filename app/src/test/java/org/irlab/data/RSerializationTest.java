package org.irlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RSerializationTest {
    @ParameterizedTest @ValueSource(ints = {2, 3})
    void integerVectorWithNa(int version) throws IOException {
        byte[] b = Xdr.header(version).ints(false, 1, -7, RObject.NA_INTEGER, Integer.MAX_VALUE).bytes();
        RObject o = RSerialization.read(b);
        assertThat(o).isInstanceOf(RObject.Integers.class);
        assertThat(((RObject.Integers) o).values()).containsExactly(1, -7, RObject.NA_INTEGER, Integer.MAX_VALUE);
        assertThat(o.attributes()).isEmpty();
    }

    @Test void realVectorKeepsEveryBit() throws IOException {
        double naReal = Double.longBitsToDouble(0x7FF00000000007A2L); // R's NA_real_
        RObject o = RSerialization.read(Xdr.header(3).reals(false, 0.5, -1e-300, naReal, Double.POSITIVE_INFINITY)
                .bytes());
        double[] v = ((RObject.Doubles) o).values();
        assertThat(v[0]).isEqualTo(0.5);
        assertThat(v[1]).isEqualTo(-1e-300);
        assertThat(Double.doubleToRawLongBits(v[2])).isEqualTo(0x7FF00000000007A2L);
        assertThat(v[3]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test void stringVectorWithNaAndUtf8() throws IOException {
        RObject o = RSerialization.read(Xdr.header(3).strings(false, "Toy Story (1995)", null, "Amélie", "").bytes());
        assertThat(((RObject.Strings) o).values()).containsExactly("Toy Story (1995)", null, "Amélie", "");
    }

    @Test void listWithNamesAttribute() throws IOException {
        // list(a = 1L, b = "x") : VECSXP with attributes pairlist (names = c("a", "b"))
        Xdr x = Xdr.header(3);
        x.i(Xdr.flags(RSerialization.VECSXP, false, true, false, 0)).i(2);
        x.ints(false, 1);
        x.strings(false, "x");
        x.node().symbol("names").strings(false, "a", "b").nil();
        RObject.ListOf list = (RObject.ListOf) RSerialization.read(x.bytes());
        assertThat(list.names()).containsExactly("a", "b");
        assertThat(((RObject.Integers) list.get("a")).values()).containsExactly(1);
        assertThat(((RObject.Strings) list.get("b")).values()).containsExactly("x");
        assertThat(list.get("c")).isNull();
    }

    /**
     * data.frame(id = 1:3, g = factor(c("b", "a", "b")), y = c(0.5, 1, 5)) as R writes it: the factor's attributes
     * (levels, class), the frame's (names, class, row.names = c(NA, -3)), with the second "class" symbol written as a
     * back-reference, and the id column as an ALTREP compact sequence.
     */
    @Test void dataFrameWithFactorColumnReferencesAndAltrep() throws IOException {
        Xdr x = Xdr.header(3);
        x.i(Xdr.flags(RSerialization.VECSXP, true, true, false, 0)).i(3);
        // id = 1:3 as ALTREP compact_intseq: info pairlist (class sym, package sym, type), state (n, start, step), attr
        x.i(RSerialization.ALTREP_SXP);
        x.i(RSerialization.LISTSXP).symbol("compact_intseq") // ref 1
                .i(RSerialization.LISTSXP).symbol("base")        // ref 2
                .i(RSerialization.LISTSXP).ints(false, RSerialization.INTSXP).nil();
        x.reals(false, 3, 1, 1);
        x.nil();
        // g: integer codes with attributes levels and class (object bit set)
        x.i(Xdr.flags(RSerialization.INTSXP, true, true, false, 0)).i(3).i(2).i(1).i(2);
        x.node().symbol("levels").strings(false, "a", "b");  // ref 3
        x.node().symbol("class").strings(false, "factor");   // ref 4
        x.nil();
        x.reals(false, 0.5, 1, 5);
        // frame attributes: names, class (a back-reference to symbol 4), row.names
        x.node().symbol("names").strings(false, "id", "g", "y");  // ref 5
        x.node().ref(4).strings(false, "data.frame");
        x.node().symbol("row.names").ints(false, RObject.NA_INTEGER, -3);
        x.nil();
        RObject.ListOf frame = (RObject.ListOf) RSerialization.read(x.bytes());
        assertThat(frame.isDataFrame()).isTrue();
        assertThat(frame.names()).containsExactly("id", "g", "y");
        assertThat(((RObject.Integers) frame.get("id")).values()).containsExactly(1, 2, 3);
        RObject.Integers g = (RObject.Integers) frame.get("g");
        assertThat(g.isFactor()).isTrue();
        assertThat(g.levels()).containsExactly("a", "b");
        assertThat(g.values()).containsExactly(2, 1, 2);
        assertThat(((RObject.Doubles) frame.get("y")).values()).containsExactly(0.5, 1, 5);
        assertThat(((RObject.Integers) frame.attribute("row.names")).values()).containsExactly(RObject.NA_INTEGER, -3);
    }

    @Test void longPairlistAndEnvironmentAreConsumed() throws IOException {
        // pairlist(a = 1L, 2L) followed by nothing; then a list holding an environment and a value after it
        Xdr x = Xdr.header(2);
        x.i(Xdr.flags(RSerialization.VECSXP, false, false, false, 0)).i(3);
        x.node().symbol("a").ints(false, 1).i(RSerialization.LISTSXP).ints(false, 2).nil();
        x.i(RSerialization.ENVSXP).i(0).i(RSerialization.GLOBALENV_SXP).nil().nil().nil();
        x.ref(2); // the environment (symbol "a" is ref 1)
        RObject.ListOf list = (RObject.ListOf) RSerialization.read(x.bytes());
        RObject.PairList p = (RObject.PairList) list.values().get(0);
        assertThat(p.tags()).containsExactly("a", null);
        assertThat(((RObject.Integers) p.get("a")).values()).containsExactly(1);
        assertThat(list.values().get(1)).isInstanceOf(RObject.Other.class);
        assertThat(list.values().get(2)).isSameAs(list.values().get(1));
    }

    @Test void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> RSerialization.read("A\n1\n".getBytes())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("ASCII");
        assertThatThrownBy(() -> RSerialization.read(Xdr.header(3).ref(7).bytes()))
                .hasMessageContaining("reference 7");
        assertThatThrownBy(() -> RSerialization.read(Xdr.header(3).i(RSerialization.BCODESXP).bytes()))
                .hasMessageContaining("byte code");
        assertThatThrownBy(() -> RSerialization.read(Xdr.header(4).bytes())).hasMessageContaining("version 4");
        byte[] truncated = Xdr.header(3).ints(false, 1, 2, 3).bytes();
        assertThatThrownBy(() -> RSerialization.read(java.util.Arrays.copyOf(truncated, truncated.length - 2)))
                .isInstanceOf(java.io.EOFException.class);
    }

    /** A lazy-load database built by hand: gzip-wrapped index, zlib records with a 4-byte length prefix. */
    @Test void lazyLoadDatabaseFindsObjectsByOffset(@TempDir Path dir) throws IOException {
        byte[] first = Xdr.header(3).ints(false, 4, 5, 6).bytes(), second = Xdr.header(3).strings(false, "hi").bytes();
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        int[] offsets = new int[2], lengths = new int[2];
        byte[][] objects = {first, second};
        for (int k = 0; k < 2; k++) {
            byte[] record = record(objects[k]);
            offsets[k] = rdb.size();
            lengths[k] = record.length;
            rdb.write(record);
        }
        Xdr index = Xdr.header(3);
        index.i(Xdr.flags(RSerialization.VECSXP, false, true, false, 0)).i(3);
        index.i(Xdr.flags(RSerialization.VECSXP, false, true, false, 0)).i(2)
                .ints(false, offsets[0], lengths[0]).ints(false, offsets[1], lengths[1])
                .node().symbol("names").strings(false, "numbers", "greeting").nil();
        index.i(Xdr.flags(RSerialization.VECSXP, false, false, false, 0)).i(0);
        index.i(Xdr.flags(RSerialization.LGLSXP, false, false, false, 0)).i(1).i(1);
        index.node().ref(1).strings(false, "variables", "references", "compressed").nil();
        ByteArrayOutputStream rdx = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(rdx)) {
            gz.write(index.bytes());
        }
        Files.write(dir.resolve("Rdata.rdx"), rdx.toByteArray());
        Files.write(dir.resolve("Rdata.rdb"), rdb.toByteArray());
        RLazyLoadDatabase db = RLazyLoadDatabase.open(dir.resolve("Rdata.rdx"), dir.resolve("Rdata.rdb"));
        assertThat(db.names()).containsExactly("numbers", "greeting");
        assertThat(((RObject.Strings) db.get("greeting")).values()).containsExactly("hi");
        assertThat(((RObject.Integers) db.get("numbers")).values()).containsExactly(4, 5, 6);
        assertThatThrownBy(() -> db.get("nope")).hasMessageContaining("no object 'nope'");
    }

    private static byte[] record(byte[] serialized) {
        Deflater deflater = new Deflater();
        deflater.setInput(serialized);
        deflater.finish();
        byte[] buffer = new byte[serialized.length + 64];
        int n = deflater.deflate(buffer);
        deflater.end();
        byte[] out = new byte[4 + n];
        int len = serialized.length;
        out[0] = (byte) (len >>> 24);
        out[1] = (byte) (len >>> 16);
        out[2] = (byte) (len >>> 8);
        out[3] = (byte) len;
        System.arraycopy(buffer, 0, out, 4, n);
        return out;
    }

    @Test void movieLensConversionWritesTheRatingsColumns() {
        RObject.ListOf frame = new RObject.ListOf(java.util.List.of(
                new RObject.Integers(new int[] {31, 1029}, java.util.Map.of()),
                new RObject.Strings(new String[] {"Dangerous Minds (1995)", "Dumbo (1941)"}, java.util.Map.of()),
                new RObject.Integers(new int[] {1, 1}, java.util.Map.of()),
                new RObject.Doubles(new double[] {2.5, 3}, java.util.Map.of()),
                new RObject.Integers(new int[] {1260759144, 1260759179}, java.util.Map.of())),
                java.util.Map.of("names", new RObject.Strings(new String[] {"movieId", "title", "userId", "rating",
                        "timestamp"}, java.util.Map.of()), "class", new RObject.Strings(new String[] {"data.frame"},
                        java.util.Map.of())));
        Datasets.MovieLens ml = Datasets.MovieLens.of(frame);
        assertThat(ml.csv()).isEqualTo("userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n");
        assertThatThrownBy(ml::check).hasMessageContaining("not the expected MovieLens-small");
    }
}
