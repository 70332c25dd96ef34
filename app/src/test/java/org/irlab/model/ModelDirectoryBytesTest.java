package org.irlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.irlab.experiment.RunDirectory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of a model directory are those the writer made before it streamed its arrays (SHA-256 of every file
 * recorded at 08ab617, whose writer copied each array whole into an NdArray): a ratings model and a two-channel image
 * model with seeded factors.
 */
class ModelDirectoryBytesTest {
    static Model ratings() {
        SplittableRandom rng = new SplittableRandom(19);
        int users = 5, items = 4, rank = 3;
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("input").put("sha256", "abc");
        return new Model(Model.Kind.RATINGS, "irlab", List.of(factors(rng, users, items, rank)),
                new String[] {"u0", "u1,é", "u2", "u3", "u4"}, new String[] {"i0", "i1", "i2\"", "i3"},
                new int[] {0, 2, 2, 5, 6, 8}, new int[] {0, 3, 0, 1, 2, 3, 1, 2}, null, 1, 5, info);
    }

    static Model image() {
        SplittableRandom rng = new SplittableRandom(20);
        int h = 3, w = 4, rank = 2;
        double[] observed = new double[2 * h * w];
        for (int k = 0; k < observed.length; k++) observed[k] = k % 3 == 0 ? Double.NaN : rng.nextDouble();
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("input").put("sha256", "def");
        return new Model(Model.Kind.IMAGE, "irlab", List.of(factors(rng, h, w, rank), factors(rng, h, w, rank)),
                new String[] {"0", "1", "2"}, new String[] {"0", "1", "2", "3"}, new int[] {0, 2, 5, 6},
                new int[] {1, 3, 0, 1, 2, 3}, observed, 0, 1, info);
    }

    private static Factors factors(SplittableRandom rng, int rows, int columns, int rank) {
        double[] b = new double[rows], c = new double[columns], l = new double[rows * rank], r = new double[columns * rank];
        for (double[] a : List.of(b, c, l, r)) for (int k = 0; k < a.length; k++) a[k] = rng.nextGaussian();
        return new Factors(rng.nextDouble(), b, c, rank, l, r);
    }

    static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().startsWith(".")) continue;
                out.put(f.getFileName().toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    static void write(Model m, Path dir) {
        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
            ModelDirectory.write(m, d);
        }
    }

    /** SHA-256 of each file the writer at 08ab617 made, "name=hash" separated by spaces. */
    static final String RATINGS = "item_bias.npy=9f62fc76fadf1cc2bca55c056f207fc3c9adfe68c512658ebaf839473dcc1c76 " +
            "item_factors.npy=cf8ddaf7a01c2de9a29f328e4aba0cab4881f1d90dbaa3fcdebcafdf8e00d8b5 " +
            "item_ids.npy=06465f4b71f5815c2043b1a746124f49bebbe13fd3d0ffcfc488967ce00f076d " +
            "model.json=172587c8ddf85af9f7bff5a9b9da99940de80eb1b60eb52c73f5235198f22f6b " +
            "seen_indptr.npy=da9795d58d31ea29f3df3529c2d6d3937268f9778a1f0a4270cee137031750d6 " +
            "seen_items.npy=10d3a524b38e3c55d1bd5004d80d68048331d138d88d7c7f54221872430e0d5c " +
            "user_bias.npy=005a162d0d2b36e9a0b5f528374fe8a896cae26ff0ac0db628a304ea15f7317c " +
            "user_factors.npy=22253e76b82719aad792d01ea3e54ebd5e3e15ededa14cc6fb181a193987fb22 " +
            "user_ids.npy=3d033451cbf39a85532b5d3650d2284828b198eb8cf014446516c5f03df7e8f5",
            IMAGE = "item_bias.npy=e37e6019744c84587849a9cb6e1b511dc7af4868727a3bd8600605dc7267a486 " +
            "item_factors.npy=899d54773e07d93d68e968a417d7f19355d5e0662c6497a98427f83635879804 " +
            "item_ids.npy=dabfc59cb24c0224530ee3aac91c35bbfb7156b120f122340da7b5abd283f1af " +
            "model.json=e36eda88bf3d2c4e20c741942ffbbf4cf5842893218ceddcefb16716e1caadc2 " +
            "observed.npy=7adbded62fa47c1eafdbb37d2a0a042943046a9d3efffc43b1fffe9fb4cc08f5 " +
            "seen_indptr.npy=51159789568a37b62dd23ba3741485e7c1b3e91dff60dd14be48239fef9b46b6 " +
            "seen_items.npy=0e6f38ee55ea930e8faef1925f88a93fa47ce20ade4d75f3f5f386df9624f035 " +
            "user_bias.npy=6a1ed52e189b33caba6cb67f7c664d5e6eae38e6b23dab3893fe319860a9666d " +
            "user_factors.npy=d07f9a623fc0c52d64b8c2b2409f2ce9e955875d2e63d418340dd8a0d8d52db9 " +
            "user_ids.npy=49130d3b28e03800350507aed16417e917782c4d1274ff4111f1a49637915892";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ratings", "image"})
    void aModelIsWrittenByteForByteAsBefore(String kind, @TempDir Path dir) throws Exception {
        write(kind.equals("ratings") ? ratings() : image(), dir);
        Map<String, String> expected = new TreeMap<>();
        for (String pair : (kind.equals("ratings") ? RATINGS : IMAGE).split(" ")) {
            expected.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThat(hashes(dir)).isEqualTo(expected);
    }
}
