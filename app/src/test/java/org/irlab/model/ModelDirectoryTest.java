package org.irlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.irlab.completion.AlternatingLeastSquares;
import org.irlab.completion.Biases;
import org.irlab.completion.Completion;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.Errors;
import org.irlab.completion.SoftImpute;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.experiment.RunDirectory;
import org.irlab.linalg.Randoms;
import org.irlab.testing.NumPy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A saved model predicts exactly what the in-memory model predicted, and NumPy reads it without IRLab. */
class ModelDirectoryTest {
    private static SparseRatings ratings(int users, int items, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[users * 2], b = new double[items * 2];
        Randoms.gaussian(rng, 0.7, a);
        Randoms.gaussian(rng, 0.7, b);
        int[] r = new int[users * items], c = new int[users * items];
        double[] v = new double[users * items];
        int n = 0;
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (rng.nextDouble() > 0.5) continue;
                r[n] = u;
                c[n] = i;
                v[n++] = 3 + a[2 * u] * b[2 * i] + a[2 * u + 1] * b[2 * i + 1] + 0.1 * Randoms.gaussian(rng);
            }
        }
        return SparseRatings.of(users, items, java.util.Arrays.copyOf(r, n), java.util.Arrays.copyOf(c, n),
                java.util.Arrays.copyOf(v, n));
    }

    private static String[] ids(String prefix, int n) {
        String[] out = new String[n];
        for (int k = 0; k < n; k++) out[k] = prefix + k + (k % 7 == 0 ? ",é\"" : ""); // commas, quotes, non-ASCII
        return out;
    }

    private static Model save(Completion c, SparseRatings all, Path dir) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("input").put("sha256", "abc");
        Model m = new Model(Model.Kind.RATINGS, "test", List.of(Factors.of(c)), ids("user ", all.rows()),
                ids("item-", all.columns()), all.rowStart(), all.entryColumn(), null, all.min(), all.max(), info);
        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
            ModelDirectory.write(m, d);
        }
        return m;
    }

    static CompletionModel method(String name) {
        return switch (name) {
            case "biases" -> new Biases();
            case "als" -> new AlternatingLeastSquares(AlternatingLeastSquares.Settings.defaults()
                    .withGrid(new int[] {2, 3}, new double[] {0.05}));
            case "irlab" -> new org.irlab.completion.RankFreeDescent(org.irlab.completion.RankFreeDescent.Settings
                    .defaults().withSearchRank(6).withMembers(2));
            default -> new SoftImpute(SoftImpute.Settings.defaults());
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"biases", "als", "softimpute", "irlab"})
    void aSavedModelPredictsExactlyWhatTheInMemoryModelPredicted(String name, @TempDir Path dir) {
        SparseRatings all = ratings(30, 25, 4);
        Split split = Split.holdOut(all, new int[0], 0.2, new SplittableRandom(1));
        CompletionModel method = method(name);
        Fitting.Outcome o = Fitting.fit(method, split, all, true, new SplittableRandom(2), all.min(), all.max(),
                Fitting.Listener.NONE);
        save(o.model(), all, dir);
        Model loaded = ModelDirectory.read(dir);
        assertThat(loaded.userIds()).containsExactly(ids("user ", 30));
        assertThat(loaded.itemIds()).containsExactly(ids("item-", 25));
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 25; i++) {
                double expected = Errors.clip(o.model().predict(u, i), all.min(), all.max());
                assertThat(loaded.predict(u, i)).as("(%d, %d)", u, i).isEqualTo(expected); // the same bits
                assertThat(loaded.seen(u, i)).isEqualTo(all.find(u, i) >= 0);
            }
        }
        assertThat(loaded.rank()).isEqualTo(name.equals("biases") ? 0 : Factors.of(o.model()).rank());
        if (name.equals("irlab")) assertThat(loaded.rank()).isEqualTo(12); // two descents of r' = 6 side by side
    }

    @Test void numpyLoadsTheModelWithoutIrlabAndRecomputesThePredictions(@TempDir Path dir) throws IOException {
        NumPy.assume(false);
        SparseRatings all = ratings(20, 15, 9);
        Split split = Split.holdOut(all, new int[0], 0.2, new SplittableRandom(1));
        Fitting.Outcome o = Fitting.fit(method("als"), split, all, true, new SplittableRandom(3), all.min(), all.max(),
                Fitting.Listener.NONE);
        Model m = save(o.model(), all, dir);
        String script = String.join("\n",
                "import json, numpy as np",
                "d = json.load(open('model.json'))",
                "a = {k: np.load(k, allow_pickle=False) for k in d['arrays']}",
                "p = d['mean'] + a['user_bias.npy'][:, None] + a['item_bias.npy'][None, :]"
                        + " + a['user_factors.npy'] @ a['item_factors.npy'].T",
                "p = np.clip(p, *d['clip'])",
                "ip = a['seen_indptr.npy']; si = a['seen_items.npy']",
                "print(a['user_ids.npy'][7], '|', a['item_ids.npy'][14], '|', ip.dtype, si.dtype)",
                "print(' '.join(repr(float(x)) for x in p.ravel()))",
                "print(' '.join(str(int(x)) for x in si[ip[3]:ip[4]]))");
        String[] lines = NumPy.run(dir, script).split("\n");
        assertThat(lines[0]).isEqualTo("user 7,é\" | item-14,é\" | int64 int32");
        String[] values = lines[1].split(" ");
        double worst = 0;
        for (int u = 0; u < 20; u++) {
            for (int i = 0; i < 15; i++) {
                double v = Double.parseDouble(values[u * 15 + i]);
                worst = Math.max(worst, Math.abs(v - m.predict(u, i)));
            }
        }
        assertThat(worst).isLessThan(1e-12); // NumPy sums the rank in another order
        StringBuilder seen = new StringBuilder();
        for (int p = all.rowStart()[3]; p < all.rowStart()[4]; p++) seen.append(seen.length() > 0 ? " " : "")
                .append(all.entryColumn()[p]);
        assertThat(lines.length > 2 ? lines[2] : "").isEqualTo(seen.toString());
    }

    @Test void aChangedOrMissingArrayOrModelJsonIsNamed(@TempDir Path dir) throws IOException {
        SparseRatings all = ratings(10, 8, 1);
        save(Biases.fit(all, 1.0), all, dir);
        byte[] bias = Files.readAllBytes(dir.resolve("user_bias.npy"));
        bias[bias.length - 1] ^= 1;
        Files.write(dir.resolve("user_bias.npy"), bias);
        assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("user_bias.npy: its SHA-256");
        Files.delete(dir.resolve("user_bias.npy"));
        assertThatThrownBy(() -> ModelDirectory.read(dir)).hasMessageContaining("user_bias.npy: missing");
        Files.delete(dir.resolve("model.json"));
        assertThatThrownBy(() -> ModelDirectory.read(dir)).hasMessageContaining("no model.json");
        assertThatThrownBy(() -> ModelDirectory.read(dir.resolve("absent"))).hasMessageContaining("no such directory");
    }

    @Test void aModelOfAnotherInputIsNotReplacedWithoutForce(@TempDir Path dir) {
        SparseRatings all = ratings(10, 8, 1);
        save(Biases.fit(all, 1.0), all, dir); // input sha256 "abc"
        assertThatThrownBy(() -> ModelDirectory.checkReplaceable(dir, "def", false))
                .hasMessageContaining("holds a model of another input").hasMessageContaining("--force");
        ModelDirectory.checkReplaceable(dir, "abc", false);
        ModelDirectory.checkReplaceable(dir, "def", true);
    }

    @Test void recommendationsAreTheBestUnseenItemsAndNeverASeenOne(@TempDir Path dir) {
        SparseRatings all = ratings(25, 30, 6);
        Split split = Split.holdOut(all, new int[0], 0.2, new SplittableRandom(1));
        Fitting.Outcome o = Fitting.fit(method("als"), split, all, true, new SplittableRandom(5), all.min(), all.max(),
                Fitting.Listener.NONE);
        Model m = save(o.model(), all, dir);
        int[] users = new int[25];
        for (int u = 0; u < 25; u++) users[u] = u;
        int[][] top = Recommender.recommend(m, users, 5);
        for (int u = 0; u < 25; u++) {
            int unseen = 30 - all.rowCount(u);
            assertThat(top[u]).hasSize(Math.min(5, unseen)).doesNotHaveDuplicates();
            double worstKept = Double.POSITIVE_INFINITY;
            for (int j : top[u]) {
                assertThat(all.find(u, j)).as("user %d got seen item %d", u, j).isEqualTo(-1);
                worstKept = Math.min(worstKept, o.model().predict(u, j));
            }
            for (int j = 0; j < 30; j++) { // no unseen item left out scores higher than the ones kept
                final int item = j;
                if (all.find(u, j) >= 0 || java.util.Arrays.stream(top[u]).anyMatch(x -> x == item)) continue;
                assertThat(o.model().predict(u, j)).isLessThanOrEqualTo(worstKept);
            }
        }
        int[][] stranger = Recommender.recommend(m, new int[] {-1}, 3);
        Factors f = m.planes().get(0);
        for (int p = 1; p < 3; p++) {
            assertThat(f.columnBias()[stranger[0][p - 1]]).isGreaterThanOrEqualTo(f.columnBias()[stranger[0][p]]);
        }
    }

    /** Writes a model with the given parts (the arrays' hashes are right: only their contents are at fault). */
    private static void write(Path dir, Factors f, String[] users, String[] items, int[] seenStart, int[] seenItems) {
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("input").put("sha256", "abc");
        Model m = new Model(Model.Kind.RATINGS, "test", List.of(f), users, items, seenStart, seenItems, null, 1, 5, info);
        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
            ModelDirectory.write(m, d);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mean 1e999", "mean text", "clip reversed", "clip infinite", "duplicate user id",
        "duplicate item id", "NaN factor", "infinite bias", "seen items descending", "seen item repeated"})
    void aDamagedModelIsRefusedNamingTheFileAndField(String damage, @TempDir Path dir) throws IOException {
        double[] rowBias = {0.1, -0.2, 0.3}, columnBias = {0.5, -0.5}, left = {1, 2, 3}, right = {0.5, -1};
        String[] users = {"u1", "u2", "u3"}, items = {"i1", "i2"};
        int[] seenStart = {0, 2, 3, 4}, seenItems = {0, 1, 1, 0};
        switch (damage) {
            case "duplicate user id" -> users[2] = "u1";
            case "duplicate item id" -> items[1] = "i1";
            case "NaN factor" -> right[1] = Double.NaN;
            case "infinite bias" -> rowBias[1] = Double.NEGATIVE_INFINITY;
            case "seen items descending" -> seenItems = new int[] {1, 0, 1, 0};
            case "seen item repeated" -> seenItems = new int[] {1, 1, 1, 0};
            default -> { }
        }
        write(dir, new Factors(3.5, rowBias, columnBias, 1, left, right), users, items, seenStart, seenItems);
        Path json = dir.resolve("model.json");
        String text = Files.readString(json);
        switch (damage) {
            case "mean 1e999" -> text = text.replace("\"mean\" : 3.5", "\"mean\" : 1e999");
            case "mean text" -> text = text.replace("\"mean\" : 3.5", "\"mean\" : \"3.5\"");
            case "clip reversed" -> text = text.replaceFirst("\"clip\" : \\[ 1\\.0, 5\\.0 \\]", "\"clip\" : [ 5.0, 1.0 ]");
            case "clip infinite" -> text = text.replaceFirst("\"clip\" : \\[ 1\\.0, 5\\.0 \\]", "\"clip\" : [ 1.0, 1e999 ]");
            default -> { }
        }
        if (damage.startsWith("mean") || damage.startsWith("clip")) {
            assertThat(text).as("the edit took").isNotEqualTo(Files.readString(json));
            Files.writeString(json, text);
        }
        String expected = switch (damage) {
            case "mean 1e999" -> "model.json: mean is Infinity, not a finite number";
            case "mean text" -> "model.json: mean is missing or not a number";
            case "clip reversed" -> "model.json: clip [5.0, 1.0] is not a range [low, high] of finite numbers with low ≤ high";
            case "clip infinite" -> "model.json: clip [1.0, Infinity] is not a range";
            case "duplicate user id" -> "user_ids.npy: id 'u1' appears twice (at 0 and 2)";
            case "duplicate item id" -> "item_ids.npy: id 'i1' appears twice (at 0 and 1)";
            case "NaN factor" -> "item_factors.npy: value 1 (C order) is NaN";
            case "infinite bias" -> "user_bias.npy: value 1 (C order) is -Infinity";
            default -> "seen_items.npy: the items of user 0 (entries 0…1) are not strictly ascending at entry 1";
        };
        assertThatThrownBy(() -> ModelDirectory.read(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(dir.resolve(expected.substring(0, expected.indexOf(':'))).toString())
                .hasMessageContaining(expected.substring(expected.indexOf(':')));
    }

    @Test void anUndamagedSmallModelReadsBack(@TempDir Path dir) {
        write(dir, new Factors(3.5, new double[] {0.1, -0.2, 0.3}, new double[] {0.5, -0.5}, 1, new double[] {1, 2, 3},
                new double[] {0.5, -1}), new String[] {"u1", "u2", "u3"}, new String[] {"i1", "i2"},
                new int[] {0, 2, 3, 4}, new int[] {0, 1, 1, 0});
        Model m = ModelDirectory.read(dir);
        assertThat(m.predict(0, 0)).isEqualTo(3.5 + 0.1 + 0.5 + 1 * 0.5);
        assertThat(m.predict(1, 1)).isEqualTo(1.0); // 3.5 − 0.2 − 0.5 + 2·(−1) = 0.8, clipped to the range's low 1
        assertThat(m.seen(1, 1)).isTrue();
        assertThat(m.seen(1, 0)).isFalse();
    }
}
