package org.irlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.irlab.testing.NumPy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy/.npz, Matrix Market and CSV readers and writers, checked against NumPy and SciPy themselves. */
class NpyTest {
    @TempDir Path dir;

    /** k/7 + sqrt(k): the values the Python side computes with the same IEEE operations. */
    static double value(int k) { return k / 7.0 + Math.sqrt(k); }

    static double[] values(int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = value(k);
        return v;
    }

    @Test
    void numpyArraysInEveryLayoutAndSupportedDtypeReadExactly() throws IOException {
        NumPy.assume(false);
        NumPy.run(dir, """
                import numpy as np
                k = np.arange(24)
                a = (k / 7.0 + np.sqrt(k)).reshape(2, 3, 4)
                np.save('c.npy', a)
                np.save('f.npy', np.asfortranarray(a))
                np.save('f2.npy', np.asfortranarray(a[0]))
                np.save('i64.npy', np.arange(-3, 9, dtype=np.int64).reshape(3, 4))
                np.save('i32.npy', np.arange(-3, 9, dtype=np.int32))
                np.save('bool.npy', np.array([[True, False], [False, True]]))
                np.save('scalar.npy', np.float64(2.5))
                np.save('empty.npy', np.zeros((0, 3)))
                with open('v2.npy', 'wb') as f:
                    np.lib.format.write_array(f, a, version=(2, 0))
                with open('v3.npy', 'wb') as f:
                    np.lib.format.write_array(f, a, version=(3, 0))
                np.savez('plain.npz', a=a, y=np.arange(5.0))
                np.savez_compressed('compressed.npz', a=np.asfortranarray(a), y=np.arange(5.0))
                """);
        double[] expected = values(24);
        for (String name : new String[] {"c", "f", "v2", "v3"}) {
            NdArray a = Npy.read(dir.resolve(name + ".npy"));
            assertThat(a.shape()).as(name).containsExactly(2, 3, 4);
            assertThat(a.type()).isEqualTo(NdArray.Type.FLOAT64);
            assertThat(a.values()).as(name).isEqualTo(expected);
        }
        assertThat(Npy.read(dir.resolve("f2.npy")).values()).isEqualTo(Arrays.copyOf(expected, 12));
        NdArray i64 = Npy.read(dir.resolve("i64.npy"));
        assertThat(i64.type()).isEqualTo(NdArray.Type.INT64);
        assertThat(i64.values()).containsExactly(-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Npy.read(dir.resolve("i32.npy")).values()).containsExactly(-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Npy.read(dir.resolve("bool.npy")).values()).containsExactly(1, 0, 0, 1);
        NdArray scalar = Npy.read(dir.resolve("scalar.npy"));
        assertThat(scalar.dimensions()).isZero();
        assertThat(scalar.values()).containsExactly(2.5);
        assertThat(Npy.read(dir.resolve("empty.npy")).shape()).containsExactly(0, 3);
        for (String name : new String[] {"plain", "compressed"}) {
            try (Npz npz = Npz.open(dir.resolve(name + ".npz"))) {
                assertThat(npz.names()).containsExactlyInAnyOrder("a", "y");
                assertThat(npz.array("a").values()).isEqualTo(expected);
                assertThat(npz.array("y").values()).containsExactly(0, 1, 2, 3, 4);
            }
        }
    }

    @Test
    void arraysWrittenHereLoadInNumpyBitForBit() throws IOException {
        NumPy.assume(false);
        SplittableRandom rng = new SplittableRandom(4);
        double[] a = new double[30];
        for (int i = 0; i < a.length; i++) a[i] = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-300, 300));
        a[3] = -0.0;
        a[4] = Double.MIN_VALUE;
        try (OutputStream out = Files.newOutputStream(dir.resolve("a.npy"))) {
            Npy.write(out, NdArray.of(a, 2, 5, 3));
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("a", NdArray.of(a, 6, 5));
        arrays.put("index", NdArray.ofIndices(new int[] {0, 7, Integer.MAX_VALUE}, 3));
        try (OutputStream out = Files.newOutputStream(dir.resolve("b.npz"))) {
            Npz.write(out, arrays);
        }
        String printed = NumPy.run(dir, """
                import numpy as np
                a = np.load('a.npy')
                z = np.load('b.npz')
                assert a.dtype == np.float64 and a.shape == (2, 5, 3) and a.flags.c_contiguous
                assert z['a'].shape == (6, 5) and z['index'].dtype == np.int64
                print(a.tobytes().hex())
                print(z['a'].tobytes().hex())
                print(' '.join(str(i) for i in z['index']))
                """);
        String[] lines = printed.strip().split("\n");
        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(a.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : a) expected.putDouble(v);
        String hex = java.util.HexFormat.of().formatHex(expected.array());
        assertThat(lines[0]).isEqualTo(hex);
        assertThat(lines[1]).isEqualTo(hex);
        assertThat(lines[2]).isEqualTo("0 7 " + Integer.MAX_VALUE);
        // and the header is byte for byte what numpy.save writes for the same array
        NumPy.run(dir, "import numpy as np; np.save('same.npy', np.load('a.npy'))");
        assertThat(Files.readAllBytes(dir.resolve("same.npy"))).isEqualTo(Files.readAllBytes(dir.resolve("a.npy")));
    }

    @Test
    void matrixMarketFilesFromScipyReadAsTheSameMatrix() {
        NumPy.assume(true);
        NumPy.run(dir, """
                import numpy as np, scipy.io, scipy.sparse
                k = np.arange(12)
                a = (k / 7.0 + np.sqrt(k)).reshape(3, 4)
                scipy.io.mmwrite('dense.mtx', a, precision=17)
                s = np.zeros((3, 4)); s[0, 1] = 1.0 / 3; s[2, 3] = -2.5
                scipy.io.mmwrite('sparse.mtx', scipy.sparse.coo_matrix(s), precision=17)
                sym = np.array([[2.0, 1.0 / 3], [1.0 / 3, 0.0]])
                scipy.io.mmwrite('sym.mtx', scipy.sparse.coo_matrix(sym), symmetry='symmetric', precision=17)
                """);
        assertThat(ArrayFiles.read(dir.resolve("dense.mtx")).values()).isEqualTo(values(12));
        NdArray sparse = ArrayFiles.read(dir.resolve("sparse.mtx"));
        assertThat(sparse.shape()).containsExactly(3, 4);
        assertThat(sparse.values()[1]).isEqualTo(1.0 / 3);
        assertThat(sparse.values()[11]).isEqualTo(-2.5);
        ArrayFiles.Entries entries = ArrayFiles.readEntries(dir.resolve("sym.mtx"));
        assertThat(entries.rows()).isEqualTo(2);
        assertThat(entries.value()).hasSize(3); // (0,0), (1,0) and its mirror (0,1)
        assertThat(ArrayFiles.read(dir.resolve("sym.mtx")).values()).containsExactly(2.0, 1.0 / 3, 1.0 / 3, 0.0);
    }

    @Test
    void csvMatricesRead() throws IOException {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "# a comment\n1,2.5,-3\n4,5e-300,6\n");
        NdArray m = ArrayFiles.read(f);
        assertThat(m.shape()).containsExactly(2, 3);
        assertThat(m.values()).containsExactly(1, 2.5, -3, 4, 5e-300, 6);
        Files.writeString(f, "1,2\n3\n");
        assertThatThrownBy(() -> ArrayFiles.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("m.csv: line 2: has 1 values, the first row has 2");
        Files.writeString(f, "1,x\n");
        assertThatThrownBy(() -> ArrayFiles.read(f)).hasMessageContaining("line 1: not a number 'x'");
    }

    /** A .npy image with a hand-written header (for dtypes and layouts NumPy is not needed to make). */
    static byte[] npy(String descr, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String header = dict + " ".repeat((total + 63) / 64 * 64 - total) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                (byte) header.length(), (byte) (header.length() >> 8)});
        b.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(data);
        return b.toByteArray();
    }

    @Test
    void malformedNpyFilesAreErrorsNamingTheFileAndWhatIsWrong() throws IOException {
        Path f = dir.resolve("bad.npy");
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        Npy.write(full, NdArray.of(values(12), 3, 4));
        byte[] bytes = full.toByteArray();

        Files.write(f, Arrays.copyOf(bytes, bytes.length - 5));
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.npy: truncated: shape (3, 4) of <f8 needs 96 bytes of data, the file has 91");
        Files.write(f, Arrays.copyOf(bytes, 40));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("bad.npy: truncated in the header");
        Files.write(f, Arrays.copyOf(bytes, bytes.length + 8));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("has bytes after the 12 values");
        Files.write(f, npy("<f4", "(2,)", new byte[8]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("bad.npy: dtype '<f4' is not supported");
        Files.write(f, npy(">f8", "(1,)", new byte[8]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("'>f8' is big-endian");
        Files.write(f, npy("<c16", "(1,)", new byte[16]));
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("dtype '<c16' is not supported");
        Files.writeString(f, "1,2,3\n");
        assertThatThrownBy(() -> Npy.read(f)).hasMessageContaining("bad.npy: not a .npy file");
        assertThatThrownBy(() -> Npy.read(dir.resolve("absent.npy"))).hasMessageContaining("absent.npy: no such file");

        double[] withNaN = values(6);
        withNaN[4] = Double.NaN;
        NdArray nan = new NdArray("x.npy", new int[] {2, 3}, NdArray.Type.FLOAT64, withNaN);
        assertThatThrownBy(nan::requireFinite).hasMessage("x.npy: entry [1, 1] is NaN");
        assertThatThrownBy(() -> NdArray.of(values(6), 2, 3).requireShape("(N, n)", 3, -1))
                .hasMessageContaining("has shape (2, 3), expected (N, n) = (3, any)");
        assertThatThrownBy(() -> new NdArray("i.npy", new int[] {2}, NdArray.Type.FLOAT64, new double[] {0, 1})
                .indices(5, "rows")).hasMessageContaining("i.npy: has dtype float64");
        assertThatThrownBy(() -> new NdArray("i.npy", new int[] {2}, NdArray.Type.INT64, new double[] {0, 5})
                .indices(5, "rows")).hasMessageContaining("i.npy: entry [1] is 5, outside [0, 5) (rows)");
    }

    @Test
    void anNpzWithoutTheArrayOrNotAZipIsAnErrorNamingBoth() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("A", NdArray.of(values(4), 2, 2));
        Path f = dir.resolve("inst.npz");
        try (OutputStream out = Files.newOutputStream(f)) {
            Npz.write(out, arrays);
        }
        try (Npz npz = Npz.open(f)) {
            assertThat(npz.array("A").values()).isEqualTo(values(4));
            assertThatThrownBy(() -> npz.array("y")).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("inst.npz: has no array 'y' (it has: A)");
        }
        Files.writeString(f, "not a zip");
        assertThatThrownBy(() -> Npz.open(f)).hasMessageContaining("inst.npz: not a .npz file");
    }
}
