package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunCommandTest {
    @TempDir Path dir;

    record Invocation(int exit, String out, String err) {}

    /** As {@code main} runs it (a plain {@code run} without picocli: {@link RunFastPath}). */
    static Invocation irlab(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Invocation(code, out.toString(), err.toString());
    }

    static final String SMALL = """
            {"name": "small",
             "problem":   {"type": "symmetric-sensing", "n": 8, "rank": 2, "searchRank": 8,
                           "singularValues": [4, 1], "measurements": 160, "seed": 1},
             "init":      {"type": "zero"},
             "algorithm": {"type": "ipgd+", "stepSize": 0.05, "radius": 1e-15, "gradientThreshold": 1e-7,
                           "decreaseThreshold": 1e-10, "escapeSteps": 200, "refineSteps": 500,
                           "maxIterations": 20000, "seed": 2},
             "record":    {"every": 5}}
            """;

    Path spec(String text) throws IOException {
        Path p = dir.resolve("spec.json");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runWritesTheContractedOutputs() throws IOException {
        Path out = dir.resolve("out");
        Invocation r = irlab("run", spec(SMALL).toString(), "--out", out.toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = Json.read(out.resolve("summary.json"));
        for (String key : List.of("problem", "algorithm", "iterations", "perturbations", "noOpPerturbations",
                "finalLoss", "finalError", "finalResidualNorm", "maxResidualNorm", "distanceToSolutions", "diverged",
                "status", "wallSeconds", "spec", "provenance")) {
            assertThat(s.has(key)).as(key).isTrue();
        }
        assertThat(s.get("status").asText()).isEqualTo("converged");
        assertThat(s.get("finalError").asDouble()).isLessThan(1e-6);
        assertThat(s.get("provenance").get("java").asText()).isNotBlank();
        List<String> trace = Files.readAllLines(out.resolve("trace.csv"));
        assertThat(trace.get(0)).startsWith("iteration,loss,gradNorm,residualNorm,error");
        int iterations = s.get("iterations").asInt();
        assertThat(trace.get(trace.size() - 1)).startsWith(iterations + ",");
        assertThat(trace.get(1)).startsWith("0,");
        assertThat(trace.get(2)).startsWith("5,");
        assertThat(Files.readAllLines(out.resolve("iterate.csv"))).hasSize(8).allMatch(l -> l.split(",").length == 8);
        assertThat(Files.readString(out.resolve("events.csv"))).contains("perturbation", "returned-candidate");
        // the resolved spec replays the run
        Path replay = dir.resolve("replay");
        assertThat(irlab("run", out.resolve("spec.json").toString(), "--out", replay.toString(), "-q").exit()).isZero();
        assertThat(stable(Json.read(replay.resolve("summary.json")))).isEqualTo(stable(s));
        // no temporary files are left behind
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** Everything but the wall time and the provenance (which names the time of the run). */
    static JsonNode stable(JsonNode summary) {
        ObjectNode copy = summary.deepCopy();
        copy.remove("wallSeconds");
        copy.remove("provenance");
        return copy;
    }

    @Test
    void sameSpecGivesTheSameSummaryBitForBit() throws IOException {
        Path p = spec(SMALL);
        irlab("run", p.toString(), "--out", dir.resolve("a").toString(), "-q");
        irlab("run", p.toString(), "--out", dir.resolve("b").toString(), "-q");
        assertThat(stable(Json.read(dir.resolve("a/summary.json")))).isEqualTo(stable(Json.read(dir.resolve("b/summary.json"))));
        assertThat(Files.readString(dir.resolve("a/trace.csv"))).isEqualTo(Files.readString(dir.resolve("b/trace.csv")));
        assertThat(Files.readString(dir.resolve("a/iterate.csv"))).isEqualTo(Files.readString(dir.resolve("b/iterate.csv")));
    }

    @Test
    void initFromFileLoadsTheWrittenIterateExactly() throws IOException {
        Path p = spec(SMALL);
        irlab("run", p.toString(), "--out", dir.resolve("a").toString(), "-q");
        String gd = """
                {"problem": {"type": "symmetric-sensing", "n": 8, "rank": 2, "searchRank": 8,
                             "singularValues": [4, 1], "measurements": 160, "seed": 1},
                 "init": {"type": "file", "path": "a/iterate.csv"},
                 "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 0}}
                """;
        Path g = dir.resolve("gd.json");
        Files.writeString(g, gd);
        Invocation r = irlab("run", g.toString(), "--out", dir.resolve("g").toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("g/iterate.csv"))).isEqualTo(Files.readString(dir.resolve("a/iterate.csv")));
        assertThat(Json.read(dir.resolve("g/summary.json")).get("finalLoss").asDouble())
                .isEqualTo(Json.read(dir.resolve("a/summary.json")).get("finalLoss").asDouble());
    }

    @Test
    void setOverridesOneKey() throws IOException {
        Path out = dir.resolve("o");
        Invocation r = irlab("run", spec(SMALL).toString(), "--out", out.toString(), "-q",
                "--set", "algorithm.stepSize=0.02", "--set", "algorithm.refineSteps=7");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = Json.read(out.resolve("summary.json"));
        assertThat(s.get("spec").get("algorithm").get("stepSize").asDouble()).isEqualTo(0.02);
        assertThat(s.get("spec").get("algorithm").get("refineSteps").asInt()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown problem key      | problem.nn=5                  | problem.nn",
            "unknown top-level key    | recrd.every=1                 | recrd",
            "wrong type               | problem.n=\"twenty\"          | problem.n",
            "rank above n             | problem.rank=30               | problem.rank",
            "singular values mismatch | problem.singularValues=[1]    | problem.singularValues",
            "negative step size       | algorithm.stepSize=-1         | algorithm.stepSize",
            "unknown algorithm        | algorithm.type=adam           | algorithm.type",
            "key of another algorithm | algorithm.type=gd             | algorithm.radius",
            "unknown problem type     | problem.type=tensor           | problem.type",
            "unknown init             | init.type=ones                | init.type",
            "missing init file        | init={\"type\":\"file\",\"path\":\"nope.csv\"} | init.path",
            "huge operator            | problem.measurements=100000000 | problem.measurements",
            "auto misspelt            | algorithm.escapeSteps=often   | algorithm.escapeSteps",
            "tuning key without auto  | algorithm.stepFraction=0.3    | algorithm.stepFraction",
            "escape key without auto  | algorithm.escapeSafety=3      | algorithm.escapeSafety",
            "unstable step fraction   | algorithm={\"type\":\"gd\",\"stepSize\":\"auto\",\"stepFraction\":2.5} | algorithm.stepFraction"})
    void badSpecsAreRejectedBeforeAnyWorkNamingTheKey(String label, String override, String key) throws IOException {
        Path out = dir.resolve("bad");
        Invocation r = irlab("run", spec(SMALL).toString(), "--out", out.toString(), "-q", "--set", override);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(key);
        assertThat(out.resolve("summary.json")).doesNotExist();
    }

    @Test
    void autoStepAndEscapeRunAndReportTheirChoices() throws IOException {
        Path out = dir.resolve("auto");
        Invocation r = irlab("run", spec(SMALL).toString(), "--out", out.toString(), "-q",
                "--set", "algorithm.stepSize=auto", "--set", "algorithm.escapeSteps=auto");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode s = Json.read(out.resolve("summary.json"));
        assertThat(s.get("status").asText()).isEqualTo("converged");
        assertThat(s.get("finalError").asDouble()).isLessThan(1e-6);
        assertThat(s.get("minimumEigenvalue").asDouble()).isGreaterThanOrEqualTo(-1e-4);
        assertThat(s.get("spec").get("algorithm").get("stepSize").asText()).isEqualTo("auto");
        assertThat(s.get("spec").get("algorithm").get("stepFraction").asDouble()).isEqualTo(0.5);
        assertThat(s.get("curvatureHessianProducts").asInt()).isPositive();
        assertThat(Files.readString(out.resolve("events.csv"))).contains("curvature", "step-size");
    }

    @Test
    void missingSpecFileAndBadJsonAreBadInput() throws IOException {
        Invocation r = irlab("run", dir.resolve("absent.json").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not found");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"problem\": {");
        Invocation b = irlab("run", broken.toString());
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains("not valid JSON");
    }

    @Test
    void divergenceStopsWithAClearStatusAndExitCodeOne() throws IOException {
        String sparse = """
                {"problem": {"type": "sparse-recovery", "dimension": 150, "measurements": 300,
                             "truth": [10, -5, 3, -2, 1], "normalization": "sum", "seed": 1},
                 "algorithm": {"type": "ipgd+", "stepSize": 0.01, "escapeSteps": 200, "refineSteps": 100}}
                """;
        Path out = dir.resolve("div");
        Invocation r = irlab("run", spec(sparse).toString(), "--out", out.toString(), "-q");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("diverged");
        JsonNode s = Json.read(out.resolve("summary.json"));
        assertThat(s.get("diverged").asBoolean()).isTrue();
        assertThat(s.get("status").asText()).isEqualTo("diverged");
        assertThat(s.get("finalError").isNumber()).isTrue();
    }
}
