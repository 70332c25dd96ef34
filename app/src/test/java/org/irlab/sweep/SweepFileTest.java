package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed sweep files: exit 2 before any run, naming the key, no stack trace, nothing written. */
class SweepFileTest {
    @TempDir Path dir;

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Arguments bad(String name, String named, Consumer<ObjectNode> edit) {
        return Arguments.of(name, named, edit);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("unknown top-level key", "gird", t -> t.set("gird", json("{}"))),
                bad("grid key the run spec rejects", "problem.measurments", t -> ((ObjectNode) t.get("grid")).set("problem.measurments", json("[10]"))),
                bad("grid value of the wrong type", "problem.n", t -> ((ObjectNode) t.get("grid")).set("problem.n", json("[\"six\"]"))),
                bad("empty grid list", "grid.problem.measurements", t -> ((ObjectNode) t.get("grid")).set("problem.measurements", json("[]"))),
                bad("duplicate grid value", "grid.problem.searchRank", t -> ((ObjectNode) t.get("grid")).set("problem.searchRank", json("[2, 2]"))),
                bad("grid not an object", "grid", t -> t.set("grid", json("[1, 2]"))),
                bad("zip lists of unequal length", "zip.algorithm.refineSteps", t -> ((ObjectNode) t.get("zip")).set("algorithm.refineSteps", json("[1]"))),
                bad("a key in grid and zip", "zip.problem.searchRank", t -> ((ObjectNode) t.get("zip")).set("problem.searchRank", json("[2, 6]"))),
                bad("seeds count 0", "seeds.count", t -> t.set("seeds", json("{\"count\": 0}"))),
                bad("duplicate seed", "seeds", t -> t.set("seeds", json("[1, 1]"))),
                bad("seed key not an integer", "seedKeys.problem.seed", t -> t.set("seedKeys", json("{\"problem.seed\": 0.5}"))),
                bad("success missing", "success", t -> t.remove("success")),
                bad("success without a rule", "success", t -> t.set("success", json("{\"summary\": \"finalError\"}"))),
                bad("success with two rules", "success", t -> t.set("success", json("{\"summary\": \"finalError\", \"atMost\": 1, \"atLeast\": 0}"))),
                bad("success with an unknown metric key", "success", t -> t.set("success", json("{\"summry\": \"finalError\", \"atMost\": 1}"))),
                bad("pooled metric", "metrics.fit", t -> ((ObjectNode) t.get("metrics")).set("fit", json("{\"residualGrowthFit\": \"slope\"}"))),
                bad("metric named like a standard column", "metrics.status", t -> ((ObjectNode) t.get("metrics")).set("status", json("\"status\""))),
                bad("metric of the wrong type", "metrics.bad", t -> ((ObjectNode) t.get("metrics")).set("bad", json("3"))),
                bad("where not a comparison", "where[0]", t -> t.set("where", json("[\"problem.searchRank >> 2\"]"))),
                bad("where on a key the spec lacks", "problem.nope", t -> t.set("where", json("[\"problem.nope >= 1\"]"))),
                bad("where excluding every cell", "where", t -> t.set("where", json("[\"problem.searchRank > 100\"]"))),
                bad("plot of a key that is not an axis", "plots[0]", t -> t.set("plots", json("[[\"problem.n\", \"problem.searchRank\"]]"))),
                bad("plot of one axis twice", "plots[0]", t -> t.set("plots", json("[[\"init\", \"algorithm.refineSteps\"]]"))),
                bad("label of a key that is not varied", "labels.problem.n", t -> ((ObjectNode) t.get("labels")).put("problem.n", "n")),
                bad("value labels of the wrong length", "valueLabels.init", t -> t.set("valueLabels", json("{\"init\": [\"zero\"]}"))),
                bad("bad name", "name", t -> t.put("name", "Tiny Sweep")),
                bad("base missing", "base", t -> t.remove("base")),
                bad("quick grid key not in grid", "quick.grid.problem.n", t -> t.set("quick", json("{\"grid\": {\"problem.n\": [4]}}"))),
                bad("quick unknown key", "quick.sets", t -> t.set("quick", json("{\"sets\": {}}"))),
                bad("base spec key unknown", "problem.sede", t -> ((ObjectNode) t.get("base").get("problem")).put("sede", 3)),
                bad("per-run files asked for", "record.iterates", t -> ((ObjectNode) t.get("base").get("record")).put("iterates", 10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedSweepExitsTwoNamingTheKey(String name, String named, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree = SweepFixture.tree(dir);
        edit.accept(tree);
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, Json.write(tree));
        Path out = dir.resolve("out");
        org.irlab.testing.Cli.Result r = SweepFixture.irlab("sweep", file.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(named).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void invalidJsonNamesTheLine() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"name\": \"x\",\n \"grid\": {\n}");
        org.irlab.testing.Cli.Result r = SweepFixture.irlab("sweep", file.toString(), "--out", dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not valid JSON").contains("line");
    }

    @Test
    void badOptionsExitTwo() throws IOException {
        Path file = SweepFixture.copy(dir);
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--replay", "24").err()).contains("--replay 24");
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--replay", "24").exit()).isEqualTo(2);
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--threads", "0").exit()).isEqualTo(2);
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--master", "local[2]").exit()).isEqualTo(2);
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--engine", "cluster").exit()).isEqualTo(2);
        org.irlab.testing.Cli.Result spark = SweepFixture.irlab("sweep", file.toString(), "--engine", "spark",
                "--out", dir.resolve("out").toString());
        assertThat(spark.exit()).isEqualTo(2); // no Spark on the app's class path
        assertThat(spark.err()).contains("irlab-spark.jar");
        assertThat(SweepFixture.irlab("sweep", dir.resolve("missing.json").toString()).err()).contains("not found");
        Path notADirectory = Files.writeString(dir.resolve("taken"), "x");
        org.irlab.testing.Cli.Result taken = SweepFixture.irlab("sweep", file.toString(), "--out", notADirectory.toString());
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).contains("taken").contains("not a directory");
        org.irlab.testing.Cli.Result uri = SweepFixture.irlab("sweep", file.toString(), "--out", "hdfs://nn/x");
        assertThat(uri.exit()).isEqualTo(2);
        assertThat(uri.err()).contains("needs --engine spark");
    }
}
