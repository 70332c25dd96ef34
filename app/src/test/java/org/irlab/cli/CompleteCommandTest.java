package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.irlab.experiment.Json;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompleteCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** 40 users × 30 items: μ + b_u + b_i + rank-2, 60% observed, string ids. */
    private static Path ratings(Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(8);
        double[] a = new double[40 * 2], b = new double[30 * 2], bu = new double[40], bi = new double[30];
        Randoms.gaussian(rng, 0.7, a);
        Randoms.gaussian(rng, 0.7, b);
        Randoms.gaussian(rng, 0.3, bu);
        Randoms.gaussian(rng, 0.3, bi);
        StringBuilder sb = new StringBuilder("userId,itemId,rating,timestamp\n");
        for (int u = 0; u < 40; u++) {
            for (int i = 0; i < 30; i++) {
                if (rng.nextDouble() > 0.6) continue;
                double r = 3 + bu[u] + bi[i] + a[2 * u] * b[2 * i] + a[2 * u + 1] * b[2 * i + 1];
                sb.append("u").append(u).append(",item-").append(i).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.4f", r)).append(",0\n");
            }
        }
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test void completesRatingsAndWritesSummaryPredictionsAndComparison(@TempDir Path dir) throws IOException {
        Path input = ratings(dir), out = dir.resolve("out");
        Run r = run("complete", input.toString(), "--out", out.toString(), "--compare", "--seed", "3",
                "--methods", "global-mean,user-mean,item-mean,biases,als,softimpute", "--als-ranks", "2,3",
                "--als-lambdas", "0.01,0.05");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| softimpute |").contains("| als | rank=");
        JsonNode summary = Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("input").get("rows").asInt()).isEqualTo(40);
        int test = summary.get("split").get("test").asInt();
        JsonNode methods = summary.get("methods");
        assertThat(methods).hasSize(6);
        double globalRmse = methods.get(0).get("test").get("rmse").asDouble();
        double softRmse = methods.get(5).get("test").get("rmse").asDouble();
        double alsRmse = methods.get(4).get("test").get("rmse").asDouble();
        assertThat(softRmse).isLessThan(0.3 * globalRmse);
        assertThat(alsRmse).isLessThan(0.3 * globalRmse);
        assertThat(methods.get(4).get("hyperParameters").get("rank").asInt()).isIn(2, 3);
        assertThat(methods.get(5).get("validation").get("rmse").isNumber()).isTrue();
        assertThat(summary.get("provenance").get("java").asText()).isNotEmpty();
        var lines = Files.readAllLines(out.resolve("predictions.csv"));
        assertThat(lines.get(0)).isEqualTo("rowId,columnId,rating,global-mean,user-mean,item-mean,biases,als,softimpute");
        assertThat(lines).hasSize(test + 1);
        assertThat(lines.get(1)).startsWith("u");
        assertThat(Files.readString(out.resolve("compare.csv"))).startsWith("method,chosen,testRmse");
        // same seed, same numbers
        Run again = run("complete", input.toString(), "--out", dir.resolve("again").toString(), "--seed", "3",
                "--methods", "softimpute", "-q");
        assertThat(again.exit()).isZero();
        JsonNode second = Json.MAPPER.readTree(Files.readString(dir.resolve("again/summary.json")));
        assertThat(second.get("methods").get(0).get("test").get("rmse").asDouble()).isEqualTo(softRmse);
    }

    @Test void badInputExitsWithTwoAndNamesTheLine(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "userId,itemId,rating\n1,2,3\n1,2\n");
        Run r = run("complete", bad.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).contains("line 3");
        Path dup = dir.resolve("dup.csv");
        Files.writeString(dup, "userId,itemId,rating\n1,2,3\n1,2,4\n");
        Run d = run("complete", dup.toString(), "--out", dir.resolve("o").toString());
        assertThat(d.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(d.err()).contains("1 repeated (row, column) pair at line 3 (use --duplicates last, --duplicates latest");
        assertThat(run("complete", bad.toString(), "--missing", "0.5").err()).contains("--missing applies to images");
        assertThat(run("complete", dir.resolve("nope.csv").toString()).exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(run("complete", dup.toString(), "--methods", "magic").err()).contains("unknown method 'magic'");
        assertThat(run("data", "fetch", "nothing").exit()).isEqualTo(Main.BAD_INPUT);
    }

    @Test void completesAnImageAndDrawsTheComparison(@TempDir Path dir) throws IOException {
        BufferedImage image = new BufferedImage(40, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 40; x++) {
                double v = 0.5 + 0.3 * Math.sin(x / 6.0) * Math.cos(y / 5.0) + 0.1 * Math.cos(x / 3.0);
                image.getRaster().setSample(x, y, 0, (int) Math.round(255 * v));
            }
        }
        Path png = dir.resolve("img.png"), out = dir.resolve("out");
        ImageIO.write(image, "png", png.toFile());
        Run r = run("complete", png.toString(), "--missing", "0.5", "--out", out.toString(), "--methods",
                "biases,softimpute", "--compare");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode summary = Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
        assertThat(summary.get("input").get("hiddenPixels").asInt()).isEqualTo(640);
        double biases = summary.get("methods").get(0).get("psnr").asDouble();
        double soft = summary.get("methods").get(1).get("psnr").asDouble();
        assertThat(soft).isGreaterThan(biases + 3);
        for (String f : new String[] {"original.png", "masked.png", "recovered-softimpute.png", "comparison.png"}) {
            assertThat(ImageIO.read(out.resolve(f).toFile())).as(f).isNotNull();
        }
        assertThat(ImageIO.read(out.resolve("comparison.png").toFile()).getWidth()).isGreaterThan(4 * 40);

        // regression: the picture written there, given back as input into the same --out, is refused, not deleted
        byte[] original = Files.readAllBytes(out.resolve("original.png")), summaryBytes = Files.readAllBytes(
                out.resolve("summary.json"));
        Run again = run("complete", out.resolve("original.png").toString(), "--out", out.toString(), "--methods",
                "biases");
        assertThat(again.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(again.err()).contains("original.png is inside --out").doesNotContain("Exception");
        assertThat(Files.readAllBytes(out.resolve("original.png"))).isEqualTo(original);
        assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(summaryBytes);
    }

    /** The rank-free model through the command: in the table, in summary.json with its diagnostics, deterministic. */
    @Test void irlabRunsWithoutARankAndReportsWhatItFound(@TempDir Path dir) throws IOException {
        Path input = ratings(dir), out = dir.resolve("out");
        Run r = run("complete", input.toString(), "--out", out.toString(), "--compare", "--seed", "3",
                "--methods", "biases,irlab");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| irlab | start=small-random");
        JsonNode summary = Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
        JsonNode irlab = summary.get("methods").get(1);
        assertThat(irlab.get("method").asText()).isEqualTo("irlab");
        assertThat(irlab.get("hyperParameters").get("searchRank").asInt()).isEqualTo(30); // min(40, 30, 500)
        JsonNode d = irlab.get("diagnostics");
        assertThat(d.get("effectiveRank").asDouble()).isBetween(1.0, 30.0);
        assertThat(d.get("singularValues").size()).isPositive();
        assertThat(d.get("validationCurve").size()).isGreaterThan(2);
        assertThat(d.get("grid").size()).isEqualTo(4);
        double biases = summary.get("methods").get(0).get("test").get("rmse").asDouble();
        double irlabRmse = irlab.get("test").get("rmse").asDouble();
        assertThat(irlabRmse).isLessThan(biases); // the rank-2 part is there to be found
        assertThat(Files.readAllLines(out.resolve("predictions.csv")).get(0)).endsWith(",biases,irlab");

        Path again = dir.resolve("again");
        assertThat(run("complete", input.toString(), "--out", again.toString(), "--seed", "3", "--methods", "irlab",
                "-q").exit()).isZero();
        JsonNode second = Json.MAPPER.readTree(Files.readString(again.resolve("summary.json")));
        assertThat(second.get("methods").get(0).get("test").get("rmse").asDouble()).isEqualTo(irlabRmse);

        Path narrow = dir.resolve("narrow");
        assertThat(run("complete", input.toString(), "--out", narrow.toString(), "--methods", "irlab",
                "--search-rank", "4", "-q").exit()).isZero();
        JsonNode third = Json.MAPPER.readTree(Files.readString(narrow.resolve("summary.json")));
        assertThat(third.get("methods").get(0).get("hyperParameters").get("searchRank").asInt()).isEqualTo(4);
        assertThat(third.get("methods").get(0).get("hyperParameters").get("members").asInt()).isEqualTo(3);
        assertThat(run("complete", input.toString(), "--search-rank", "0").exit()).isEqualTo(Main.BAD_INPUT);

        Path single = dir.resolve("single");
        assertThat(run("complete", input.toString(), "--out", single.toString(), "--methods", "irlab",
                "--search-rank", "4", "--members", "1", "-q").exit()).isZero();
        JsonNode fourth = Json.MAPPER.readTree(Files.readString(single.resolve("summary.json")));
        JsonNode one = fourth.get("methods").get(0);
        assertThat(one.get("hyperParameters").get("members").asInt()).isEqualTo(1);
        assertThat(one.get("diagnostics").has("memberValidationRmse")).isFalse();
        // the single descent is the averaged model's first member
        assertThat(third.get("methods").get(0).get("diagnostics").get("memberValidationRmse").get(0).asDouble())
                .isEqualTo(one.get("diagnostics").get("validationRmse").asDouble());
        assertThat(run("complete", input.toString(), "--members", "0").exit()).isEqualTo(Main.BAD_INPUT);
    }

    @Test void irlabCompletesAnImage(@TempDir Path dir) throws IOException {
        BufferedImage image = new BufferedImage(40, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 40; x++) {
                double v = 0.5 + 0.3 * Math.sin(x / 6.0) * Math.cos(y / 5.0) + 0.1 * Math.cos(x / 3.0);
                image.getRaster().setSample(x, y, 0, (int) Math.round(255 * v));
            }
        }
        Path png = dir.resolve("img.png"), out = dir.resolve("out");
        ImageIO.write(image, "png", png.toFile());
        Run r = run("complete", png.toString(), "--missing", "0.5", "--out", out.toString(), "--methods",
                "biases,irlab", "--compare");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| irlab |");
        JsonNode summary = Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
        double biases = summary.get("methods").get(0).get("psnr").asDouble();
        double irlab = summary.get("methods").get(1).get("psnr").asDouble();
        assertThat(irlab).isGreaterThan(biases + 3);
        // the picture's default r' is half its smaller side
        assertThat(summary.get("methods").get(1).at("/hyperParameters/searchRank").asInt()).isEqualTo(16);
        assertThat(ImageIO.read(out.resolve("recovered-irlab.png").toFile())).isNotNull();
    }
}
