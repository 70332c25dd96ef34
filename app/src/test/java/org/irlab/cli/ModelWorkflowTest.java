package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.irlab.experiment.Json;
import org.irlab.model.Model;
import org.irlab.model.ModelDirectory;
import org.irlab.testing.Cli;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit → predict → recommend through the command line, and the bad inputs each refuses. */
class ModelWorkflowTest {
    @TempDir static Path shared;
    static Path ratings, model;

    @BeforeAll static void fit() throws IOException {
        ratings = SyntheticData.ratings(shared.resolve("ratings.csv"), 30, 20, 0.5, 3);
        model = shared.resolve("model");
        Cli.Result r = Cli.irlab("complete", "fit", ratings.toString(), "--model", model.toString(), "--method", "als",
                "--als-ranks", "2,3", "--als-lambdas", "0.05");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("als: validation RMSE").contains("refitted on all").contains("wrote " + model);
    }

    /** The input's observed (user, item) pairs, read independently of IRLab's reader. */
    private static Set<String> observed() throws IOException {
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(ratings).subList(1, Files.readAllLines(ratings).size())) {
            String[] f = line.split(",");
            seen.add(f[0] + "," + f[1]);
        }
        return seen;
    }

    @Test void modelJsonRecordsTheInputSettingsAndArrays() throws IOException {
        JsonNode json = Json.MAPPER.readTree(Files.readString(model.resolve("model.json")));
        assertThat(json.get("format").asText()).isEqualTo(ModelDirectory.FORMAT);
        assertThat(json.get("method").asText()).isEqualTo("als");
        assertThat(json.get("input").get("sha256").asText()).hasSize(64);
        assertThat(json.get("settings").get("refit").asBoolean()).isTrue();
        assertThat(json.get("chosen").get("rank").asInt()).isIn(2, 3);
        assertThat(json.get("fit").get("modelEntries").asInt()).isEqualTo(observed().size());
        assertThat(json.get("arrays").get("user_factors.npy").get("shape").get(1).asInt())
                .isEqualTo(json.get("rank").asInt());
    }

    @Test void predictWritesTheModelsPredictionsInFullPrecisionAndScoresRatedPairs(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "userId,movieId,rating\n1,1000,3.5\n2,1003,4\n1,1000,3.5\n");
        Cli.Result r = Cli.irlab("complete", "predict", "--model", model.toString(), pairs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("user,item,rating,prediction,fallback");
        assertThat(lines).hasSize(4);
        Model m = ModelDirectory.read(model);
        int u = m.userIndex().get("2"), i = m.itemIndex().get("1003");
        assertThat(Double.parseDouble(lines.get(2).split(",")[3])).isEqualTo(m.predict(u, i));
        assertThat(lines.get(2)).endsWith(",");
        assertThat(r.err()).contains("RMSE").contains("on the 3 rated pairs");
        // headerless pairs, semicolons, through --out
        Path bare = Files.writeString(dir.resolve("bare.txt"), "2;1003\n");
        Path out = dir.resolve("p.csv");
        Cli.Result s = Cli.irlab("complete", "predict", "--model", model.toString(), bare.toString(), "--sep", ";",
                "--no-header", "--out", out.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(Files.readAllLines(out).get(1)).isEqualTo("2,1003," + m.predict(u, i) + ",");
    }

    @Test void ratingsThatAreNotNumbersAreCountedNamedAndLeftOutOfTheScore(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"),
                "userId,movieId,rating\n1,1000,abc\n1,1001,NaN\n2,1003,4\n1,1002,\n");
        Cli.Result r = Cli.irlab("complete", "predict", "--model", model.toString(), pairs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).hasSize(5);
        Model m = ModelDirectory.read(model);
        double error = Math.abs(m.predict(m.userIndex().get("2"), m.itemIndex().get("1003")) - 4);
        assertThat(r.err()).contains(String.format(java.util.Locale.ROOT, "RMSE %.4f, MAE %.4f on the 1 rated pair%n",
                        error, error))
                .contains("2 pairs with a rating that is not a finite number (lines 2, 3) predicted but left out of"
                        + " the RMSE and MAE")
                .contains("1 pair without a rating predicted, not scored");
    }

    @Test void anRgbModelPredictsEveryChannelOfAPair(@TempDir Path dir) throws IOException {
        int w = 14, h = 12;
        java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) { // three different smooth planes
                int red = (int) (20 + 10 * x), green = (int) (230 - 15 * y), blue = (int) (128 + 60 * Math.sin(0.4 * (x + y)));
                rgb.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        Path picture = dir.resolve("rgb.png"), rgbModel = dir.resolve("rgb-model");
        javax.imageio.ImageIO.write(rgb, "png", picture.toFile());
        Cli.Result fit = Cli.irlab("complete", "fit", picture.toString(), "--model", rgbModel.toString(), "--method",
                "biases", "--missing", "0.3", "--channels", "rgb");
        assertThat(fit.exit()).as(fit.err()).isZero();
        Model m = ModelDirectory.read(rgbModel);
        assertThat(m.planes()).hasSize(3);
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "user,item\n3,4\n11,0\n");
        Cli.Result r = Cli.irlab("complete", "predict", "--model", rgbModel.toString(), pairs.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("user,item,red,green,blue,fallback");
        String[] f = lines.get(1).split(",", -1);
        assertThat(f).hasSize(6);
        for (int c = 0; c < 3; c++) {
            assertThat(Double.parseDouble(f[2 + c])).isEqualTo(m.clip(m.planes().get(c).predict(3, 4)));
        }
        assertThat(Double.parseDouble(f[2])).as("red ≠ green").isNotEqualTo(Double.parseDouble(f[3]));
        Path rated = Files.writeString(dir.resolve("rated.csv"), "user,item,rating\n3,4,0.5\n");
        Cli.Result refused = Cli.irlab("complete", "predict", "--model", rgbModel.toString(), rated.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("3-channel image model").contains("red, green, blue");
        assertThat(refused.stackTrace()).isFalse();
    }

    @Test void unknownIdsAreRefusedOrPredictedFromTheBiasesAndFlagged(@TempDir Path dir) throws IOException {
        Path pairs = Files.writeString(dir.resolve("pairs.csv"), "userId,movieId\n1,1000\nnobody,1000\n1,nothing\n");
        Cli.Result r = Cli.irlab("complete", "predict", "--model", model.toString(), pairs.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("2 pairs name ids the model").contains("line 3: user 'nobody'")
                .contains("line 4: item 'nothing'").contains("--unknown fallback");
        assertThat(r.stackTrace()).isFalse();
        Cli.Result f = Cli.irlab("complete", "predict", "--model", model.toString(), pairs.toString(), "--unknown",
                "fallback");
        assertThat(f.exit()).as(f.err()).isZero();
        Model m = ModelDirectory.read(model);
        List<String> lines = f.out().lines().toList();
        double mean = m.planes().get(0).mean(), itemBias = m.planes().get(0).columnBias()[m.itemIndex().get("1000")];
        assertThat(lines.get(2)).isEqualTo("nobody,1000," + m.clip(mean + itemBias) + ",unknown-user");
        assertThat(lines.get(3)).endsWith(",unknown-item");
    }

    @Test void recommendNeverReturnsASeenItemAndRefusesBadK(@TempDir Path dir) throws IOException {
        Cli.Result r = Cli.irlab("complete", "recommend", "--model", model.toString(), "--top", "4");
        assertThat(r.exit()).as(r.err()).isZero();
        Set<String> seen = observed();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("user,rank,item,prediction,fallback");
        assertThat(lines).hasSize(1 + 30 * 4);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(seen).as(line).doesNotContain(f[0] + "," + f[2]);
        }
        for (String k : List.of("0", "-3")) {
            Cli.Result bad = Cli.irlab("complete", "recommend", "--model", model.toString(), "--top", k);
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("--top must be ≥ 1");
        }
        Path users = Files.writeString(dir.resolve("users.txt"), "userId\n3\nghost\n");
        Cli.Result unknown = Cli.irlab("complete", "recommend", "--model", model.toString(), "--users", users.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("1 user is not in the model ('ghost')");
        Cli.Result fallback = Cli.irlab("complete", "recommend", "--model", model.toString(), "--users",
                users.toString(), "--top", "2", "--unknown", "fallback");
        assertThat(fallback.out().lines().filter(l -> l.startsWith("ghost,")).toList()).hasSize(2)
                .allMatch(l -> l.endsWith(",unknown-user"));
    }

    @Test void aModelDirectoryOfAnotherInputIsRefusedAndKept(@TempDir Path dir) throws IOException {
        Path other = SyntheticData.ratings(dir.resolve("other.csv"), 20, 20, 0.5, 9);
        byte[] before = Files.readAllBytes(model.resolve("model.json"));
        Cli.Result r = Cli.irlab("complete", "fit", other.toString(), "--model", model.toString(), "--method",
                "biases");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("holds a model of another input").contains("ratings.csv").contains("--force");
        assertThat(Files.readAllBytes(model.resolve("model.json"))).isEqualTo(before);
    }

    @Test void anImageModelFillsTheHiddenPixelsAndKeepsTheObservedOnes(@TempDir Path dir) throws IOException {
        Path picture = SyntheticData.picture(dir.resolve("p.png"), 24, 20, 0.01, 2);
        Path imageModel = dir.resolve("image-model"), filled = dir.resolve("filled.png");
        Cli.Result r = Cli.irlab("complete", "fit", picture.toString(), "--model", imageModel.toString(), "--method",
                "softimpute", "--missing", "0.4");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("20 rows × 24 columns");
        Model m = ModelDirectory.read(imageModel);
        assertThat(m.kind()).isEqualTo(Model.Kind.IMAGE);
        Cli.Result p = Cli.irlab("complete", "predict", "--model", imageModel.toString(), "--out", filled.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        java.awt.image.BufferedImage original = javax.imageio.ImageIO.read(picture.toFile());
        java.awt.image.BufferedImage out = javax.imageio.ImageIO.read(filled.toFile());
        int hidden = 0;
        double error = 0, blank = 0;
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 24; x++) {
                double truth = (original.getRGB(x, y) & 0xff) / 255.0, got = (out.getRGB(x, y) & 0xff) / 255.0;
                if (Double.isNaN(m.observed()[y * 24 + x])) {
                    hidden++;
                    error += (got - truth) * (got - truth);
                    blank += truth * truth;
                } else {
                    assertThat(got).as("observed pixel (%d, %d) kept", x, y).isCloseTo(truth, within(0.5 / 255));
                }
            }
        }
        assertThat(hidden).isEqualTo(Math.round(0.4f * 480));
        assertThat(Math.sqrt(error / hidden)).isLessThan(0.2 * Math.sqrt(blank / hidden)); // far better than black
        Cli.Result rec = Cli.irlab("complete", "recommend", "--model", imageModel.toString());
        assertThat(rec.exit()).isEqualTo(2);
        assertThat(rec.err()).contains("is an image model");
    }
}
