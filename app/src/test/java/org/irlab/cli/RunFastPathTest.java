package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.irlab.testing.Cli;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plain {@code irlab run} skips picocli ({@link RunFastPath}): every command line gives the exit code, stdout and
 * stderr picocli's route gives, and only the plain forms take the fast path. Command lines are written with
 * placeholders: SPEC (a small spec), BAD (malformed JSON), NONE (a missing file), FILE (a regular file), OUT (a fresh
 * directory: each route gets its own, and the outputs are compared with it written as OUT).
 */
class RunFastPathTest {
    @TempDir Path dir;

    static final String SMALL = """
            {"name": "small",
             "problem":   {"type": "symmetric-sensing", "n": 6, "rank": 2, "searchRank": 6,
                           "singularValues": [4, 1], "measurements": 80, "seed": 1},
             "init":      {"type": "gaussian", "scale": 1e-3, "seed": 2},
             "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 300},
             "record":    {"every": 100}}
            """;

    private String[] args(String line, Path out) throws IOException {
        Files.writeString(dir.resolve("small.json"), SMALL);
        Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\",");
        Files.writeString(dir.resolve("file.txt"), "not a directory");
        List<String> a = new ArrayList<>();
        for (String word : line.split(" ")) {
            a.add(word.replace("SPEC", dir.resolve("small.json").toString())
                    .replace("BAD", dir.resolve("bad.json").toString())
                    .replace("NONE", dir.resolve("none.json").toString())
                    .replace("FILE", dir.resolve("file.txt").toString())
                    .replace("OUT", out.toString()));
        }
        return a.toArray(String[]::new);
    }

    /** Taken by the fast path; the same outcome as picocli's. */
    @ParameterizedTest
    @ValueSource(strings = {
            "run SPEC --out OUT -q",
            "run SPEC --out OUT",
            "run --out=OUT SPEC --quiet --set=algorithm.stepSize=0.04",
            "run SPEC --out OUT --set algorithm.stepSize=0.04 --set init.seed=3 --export-instance",
            "run SPEC --out OUT --set algorithm.stepSize=30",
            "run SPEC --out OUT --set nope.key=1",
            "run SPEC --out OUT --set problem.n=x",
            "run BAD --out OUT",
            "run NONE --out OUT",
            "run SPEC --out FILE",
            "run SPEC --out OUT --set init.type=file --set init.file=NONE"})
    void plainCommandLinesSkipPicocliWithTheSameOutcome(String line) throws IOException {
        assertSameOutcome(line, true);
    }

    /** Not plain: left to picocli (help, usage errors, argument files), so its messages are the only ones. */
    @ParameterizedTest
    @ValueSource(strings = {
            "run", "run --help", "run SPEC -h", "run SPEC --version", "run SPEC SPEC --out OUT", "run SPEC --out",
            "run SPEC --out OUT --out OUT", "run SPEC --out OUT -q -q", "run SPEC --out OUT --bogus",
            "run SPEC --out --quiet", "run @SPEC --out OUT", "run SPEC --out= ", "run SPEC --set -x=1 --out OUT",
            "run -- SPEC", "help run", "rnu SPEC"})
    void otherCommandLinesGoToPicocli(String line) throws IOException {
        assertSameOutcome(line, false);
    }

    private void assertSameOutcome(String line, boolean fast) throws IOException {
        Path a = dir.resolve("outA"), b = dir.resolve("outB");
        Cli.Result viaMain = Cli.irlab(args(line, a));
        Cli.Result viaPicocli = Cli.picocli(args(line, b));
        assertThat(viaMain.exit()).as(viaMain.err()).isEqualTo(viaPicocli.exit());
        assertThat(viaMain.out().replace(a.toString(), "OUT")).isEqualTo(viaPicocli.out().replace(b.toString(), "OUT"));
        assertThat(viaMain.err().replace(a.toString(), "OUT")).isEqualTo(viaPicocli.err().replace(b.toString(), "OUT"));
        if (Files.exists(a.resolve("summary.json"))) {
            assertThat(Files.readString(a.resolve("trace.csv"))).isEqualTo(Files.readString(b.resolve("trace.csv")));
        }
        Path c = dir.resolve("outC");
        StringWriter out = new StringWriter(), err = new StringWriter();
        Integer direct = RunFastPath.execute(args(line, c), new PrintWriter(out), new PrintWriter(err));
        assertThat(direct != null).as("fast path taken").isEqualTo(fast);
    }
}
