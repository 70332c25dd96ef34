package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.experiment.Json;
import org.irlab.testing.Cli;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluateCommandTest {
    @TempDir static Path shared;
    static Path ratings;
    static int entries;

    /** 30 users × 20 items, timestamps increasing with the line number (so "latest" means the last lines). */
    @BeforeAll static void data() throws IOException {
        Path plain = SyntheticData.ratings(shared.resolve("plain.csv"), 30, 20, 0.5, 3);
        List<String> lines = Files.readAllLines(plain);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (int k = 1; k < lines.size(); k++) sb.append(lines.get(k).replaceFirst(",0$", "," + (1000 + k))).append('\n');
        ratings = Files.writeString(shared.resolve("ratings.csv"), sb.toString());
        entries = lines.size() - 1;
    }

    private static JsonNode summary(Path out) throws IOException {
        return Json.MAPPER.readTree(Files.readString(out.resolve("summary.json")));
    }

    @Test void kFoldsPartitionTheDataAndTheMeanAndSdAreThoseOfTheRounds(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        Cli.Result r = Cli.irlab("complete", "evaluate", ratings.toString(), "--folds", "4", "--methods",
                "global-mean,biases", "--out", out.toString(), "--top", "3", "--relevance", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("4-fold cross-validation").contains("| biases |").contains(" ± ");
        JsonNode s = summary(out);
        int held = 0;
        for (JsonNode round : s.get("rounds")) held += round.get("testEntries").asInt();
        assertThat(held).isEqualTo(entries); // every entry is tested exactly once (the folds partition the data)
        for (JsonNode m : s.get("methods")) {
            JsonNode rounds = m.get("rounds");
            assertThat(rounds).hasSize(4);
            double[] rmse = new double[4];
            for (int k = 0; k < 4; k++) {
                rmse[k] = rounds.get(k).get("rmse").asDouble();
                assertThat(rounds.get(k).get("fittedOn").asInt() + rounds.get(k).get("testEntries").asInt())
                        .isEqualTo(entries);
            }
            double mean = (rmse[0] + rmse[1] + rmse[2] + rmse[3]) / 4, ss = 0;
            for (double x : rmse) ss += (x - mean) * (x - mean);
            assertThat(m.get("rmse").get("mean").asDouble()).isCloseTo(mean, within(1e-12));
            assertThat(m.get("rmse").get("sd").asDouble()).isCloseTo(Math.sqrt(ss / 3), within(1e-12));
            assertThat(m.get("precision").get("mean").asDouble()).isBetween(0.0, 1.0);
        }
        double globalRmse = s.get("methods").get(0).get("rmse").get("mean").asDouble();
        double biasesRmse = s.get("methods").get(1).get("rmse").get("mean").asDouble();
        assertThat(biasesRmse).isLessThan(globalRmse);
        List<String> folds = Files.readAllLines(out.resolve("folds.csv"));
        assertThat(folds).hasSize(1 + 2 * 4);
        assertThat(folds.get(0)).startsWith("method,round,label,testEntries,rmse,mae,precisionAt3");
        assertThat(Files.readString(out.resolve("compare.md"))).contains("| method | rounds | RMSE | MAE | P@3 |");
        // same seed, same numbers
        Cli.Result again = Cli.irlab("complete", "evaluate", ratings.toString(), "--folds", "4", "--methods",
                "global-mean,biases", "--out", dir.resolve("again").toString(), "--top", "3", "--relevance", "3");
        assertThat(Files.readString(dir.resolve("again").resolve("folds.csv")).replaceAll(",[0-9.]+,\"[^\"]*\"\\n", "\n"))
                .isEqualTo(Files.readString(out.resolve("folds.csv")).replaceAll(",[0-9.]+,\"[^\"]*\"\\n", "\n"));
        assertThat(again.exit()).isZero();
    }

    @Test void aRankingMeanOverFewerRoundsSaysOverHowMany(@TempDir Path dir) throws IOException {
        // relevant: the three highest ratings only, so at most 3 of the 8 folds have a user to rank
        double[] values = Files.readAllLines(ratings).stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
                .sorted().toArray();
        double threshold = values[values.length - 3];
        assertThat(values[values.length - 4]).as("three distinct top ratings").isLessThan(threshold);
        Path out = dir.resolve("eval");
        Cli.Result r = Cli.irlab("complete", "evaluate", ratings.toString(), "--folds", "8", "--methods", "biases",
                "--relevance", Double.toString(threshold), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> folds = Files.readAllLines(out.resolve("folds.csv"));
        int ranked = 0;
        for (String line : folds.subList(1, folds.size())) {
            if (!line.split(",")[6].isEmpty()) ranked++; // precisionAt10: empty when the round ranks no one
        }
        assertThat(ranked).isBetween(1, 3);
        String row = "| biases | 8 | ";
        assertThat(r.out()).contains(row).contains("(" + ranked + " of 8) |")
                .contains("(n of N): the mean is over the n rounds");
        assertThat(Files.readString(out.resolve("compare.md"))).contains("(" + ranked + " of 8) |");
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        String[] biases = csv.get(1).split(",");
        assertThat(biases[header.indexOf("rounds")]).isEqualTo("8");
        assertThat(biases[header.indexOf("rmseRounds")]).isEqualTo("8");
        assertThat(biases[header.indexOf("precisionRounds")]).isEqualTo(Integer.toString(ranked));
        assertThat(biases[header.indexOf("ndcgRounds")]).isEqualTo(Integer.toString(ranked));
        assertThat(summary(out).get("methods").get(0).get("precision").get("n").asInt()).isEqualTo(ranked);
    }

    @Test void timeSplitHoldsOutTheLatestRatings(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("eval");
        Cli.Result r = Cli.irlab("complete", "evaluate", ratings.toString(), "--split", "time", "--test-fraction",
                "0.25", "--methods", "biases", "--out", out.toString(), "--no-refit");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("the latest 25% of the ratings").contains("no refit");
        assertThat(summary(out).get("rounds").get(0).get("testEntries").asInt()).isEqualTo(Math.round(0.25f * entries));
    }

    @Test void perUserAndRandomSplitsRepeat(@TempDir Path dir) throws IOException {
        for (String split : List.of("per-user", "random")) {
            Path out = dir.resolve(split);
            Cli.Result r = Cli.irlab("complete", "evaluate", ratings.toString(), "--split", split, "--repeats", "3",
                    "--methods", "biases", "--out", out.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode m = summary(out).get("methods").get(0);
            assertThat(m.get("rmse").get("n").asInt()).isEqualTo(3);
            assertThat(m.get("rmse").get("sd").asDouble()).isPositive();
        }
    }

    @Test void aTestFileIsScoredAndItsUnknownOrTrainedPairsAreRefused(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(ratings);
        StringBuilder train = new StringBuilder(lines.get(0)).append('\n'), test = new StringBuilder(lines.get(0)).append('\n');
        for (int k = 1; k < lines.size(); k++) (k % 5 == 0 ? test : train).append(lines.get(k)).append('\n');
        Path trainFile = Files.writeString(dir.resolve("train.csv"), train.toString());
        Path testFile = Files.writeString(dir.resolve("test.csv"), test.toString());
        Path out = dir.resolve("eval");
        Cli.Result r = Cli.irlab("complete", "evaluate", trainFile.toString(), "--test", testFile.toString(),
                "--methods", "biases", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(summary(out).get("rounds").get(0).get("testEntries").asInt()).isEqualTo((lines.size() - 1) / 5);
        Path unknown = Files.writeString(dir.resolve("unknown.csv"), lines.get(0) + "\nstranger,1000,3,0\n");
        Cli.Result u = Cli.irlab("complete", "evaluate", trainFile.toString(), "--test", unknown.toString(),
                "--methods", "biases", "--out", dir.resolve("u").toString(), "--unknown", "error");
        assertThat(u.exit()).isEqualTo(2);
        assertThat(u.err()).contains("line 2: user 'stranger'").contains("--unknown fallback");
        Cli.Result only = Cli.irlab("complete", "evaluate", trainFile.toString(), "--test", unknown.toString(),
                "--methods", "biases", "--out", dir.resolve("only").toString());
        assertThat(only.exit()).isEqualTo(2);
        assertThat(only.err()).contains("no ratings whose user and item are both in INPUT: 1 rating names a user or"
                + " item INPUT does not have (line 2: user 'stranger')");
        Path twice = Files.writeString(dir.resolve("twice.csv"), lines.get(0) + "\n" + lines.get(5) + "\n"
                + lines.get(10) + "\n" + lines.get(5).replaceFirst(",[^,]*,([^,]*)$", ",2.5,$1") + "\n");
        Cli.Result d = Cli.irlab("complete", "evaluate", trainFile.toString(), "--test", twice.toString(),
                "--methods", "biases", "--out", dir.resolve("d").toString());
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("1 (user, item) pair appears twice in it (lines 2 and 4)");
        Path trained = Files.writeString(dir.resolve("trained.csv"), lines.get(0) + "\n" + lines.get(1) + "\n");
        Cli.Result t = Cli.irlab("complete", "evaluate", trainFile.toString(), "--test", trained.toString(),
                "--methods", "biases", "--out", dir.resolve("t").toString());
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("1 pair is also in INPUT (line 2)");
    }

    @Test void testRatingsOfUnknownUsersOrItemsAreScoredFromTheMeanOrSkippedAndCounted(@TempDir Path dir)
            throws IOException {
        List<String> lines = Files.readAllLines(ratings);
        StringBuilder train = new StringBuilder(lines.get(0)).append('\n'), test = new StringBuilder(lines.get(0)).append('\n');
        double sum = 0;
        int n = 0;
        for (int k = 1; k < lines.size(); k++) {
            if (k % 5 == 0) {
                test.append(lines.get(k)).append('\n');
            } else {
                train.append(lines.get(k)).append('\n');
                sum += Double.parseDouble(lines.get(k).split(",")[2]);
                n++;
            }
        }
        test.append("stranger,1000,4.5,0\n1,999999,1.25,0\n");
        Path trainFile = Files.writeString(dir.resolve("train.csv"), train.toString());
        Path testFile = Files.writeString(dir.resolve("test.csv"), test.toString());
        int known = (lines.size() - 1) / 5, testLines = known + 2;
        JsonNode[] runs = new JsonNode[2];
        String[] policies = {"skip", "fallback"};
        for (int p = 0; p < 2; p++) {
            Path out = dir.resolve(policies[p]);
            List<String> argv = new java.util.ArrayList<>(List.of("complete", "evaluate", trainFile.toString(), "--test",
                    testFile.toString(), "--methods", "global-mean", "--out", out.toString()));
            if (p == 0) argv.addAll(List.of("--unknown", "skip")); // fallback is the default
            Cli.Result r = Cli.irlab(argv.toArray(String[]::new));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("2 ratings name users or items INPUT does not have (line " + (testLines)
                    + ": user 'stranger'; line " + (testLines + 1) + ": item '999999')")
                    .contains(p == 0 ? "left out (--unknown skip)" : "predicted from the bias terms that are known");
            runs[p] = summary(out);
            assertThat(runs[p].get("input").get("testUnknown").asInt()).isEqualTo(2);
            assertThat(runs[p].get("input").get("testUnknownPolicy").asText()).isEqualTo(policies[p]);
            assertThat(runs[p].get("rounds").get(0).get("testEntries").asInt()).isEqualTo(p == 0 ? known : known + 2);
        }
        // global-mean predicts μ (the training mean) for every pair, known or not: the fallback adds (μ − x)² twice
        double mean = sum / n, skipRmse = runs[0].get("methods").get(0).get("rmse").get("mean").asDouble();
        double squares = skipRmse * skipRmse * known + (mean - 4.5) * (mean - 4.5) + (mean - 1.25) * (mean - 1.25);
        assertThat(runs[1].get("methods").get(0).get("rmse").get("mean").asDouble())
                .isCloseTo(Math.sqrt(squares / (known + 2)), within(1e-9));
        assertThat(runs[1].get("methods").get(0).get("precision").get("mean").asDouble())
                .isEqualTo(runs[0].get("methods").get(0).get("precision").get("mean").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--folds 1|--folds must be ≥ 2",
        "--folds 3 --split random|give one of --folds, --split and --test",
        "--top 0|--top must be ≥ 1",
        "--split sometimes|--split: unknown value 'sometimes'",
        "--split time --repeats 2|--repeats applies to --split random and per-user",
        "--methods magic|unknown method 'magic'",
        "--test-fraction 0 --split random|--test-fraction must be in (0, 1)",
        "--folds 3 --test-fraction 0.5|--test-fraction applies to --split random",
        "--test-fraction 0.5|--test-fraction applies to --split",
        "--unknown skip|--unknown applies to --test FILE",
        "--folds 3 --unknown maybe|--unknown: unknown value 'maybe'"})
    void badOptionsExitTwoNamingThem(String args, String message, @TempDir Path dir) {
        List<String> argv = new java.util.ArrayList<>(List.of("complete", "evaluate", ratings.toString(), "--out",
                dir.resolve("o").toString()));
        argv.addAll(List.of(args.split(" ")));
        Cli.Result r = Cli.irlab(argv.toArray(String[]::new));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.stackTrace()).isFalse();
        assertThat(dir.resolve("o").resolve("summary.json")).doesNotExist();
    }

    @Test void timeSplitWithoutTimesIsRefused(@TempDir Path dir) throws IOException {
        Path noTime = Files.writeString(dir.resolve("n.csv"), String.join("\n", Files.readAllLines(ratings)).replaceAll(
                ",\\d+(\\n|$)", "$1").replace("rating,timestamp", "rating") + "\n");
        Cli.Result r = Cli.irlab("complete", "evaluate", noTime.toString(), "--split", "time", "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--split time needs a time column");
    }
}
