package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Fig6CommandTest {
    record Result(int exit, String out, String err) {}

    static Result execute(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void runsASpecAndFitsItsTrajectory(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("s.json");
        Files.writeString(spec, "{\"name\": \"tiny\", \"problem\": {\"type\": \"sparse-recovery\", \"dimension\": 30,"
                + " \"measurements\": 60, \"truth\": [3, -2, 1], \"seed\": 4}, \"algorithm\": {\"type\": \"ipgd+\","
                + " \"stepSize\": 0.05, \"escapeSteps\": 100, \"refineSteps\": 20, \"maxIterations\": 300}}");
        Path out = tmp.resolve("fig");
        Result r = execute("fig6", spec.toString(), "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("through the origin: slope").contains("sparse-recovery");
        assertThat(out.resolve("fig6.json")).exists();
        assertThat(Files.readAllLines(out.resolve("fig6.csv"))).hasSizeGreaterThan(10);
        // the spec had the deviation rate off: fig6 switched it on for its own run
        assertThat(Files.readString(out.resolve("runs/tiny/spec.json"))).contains("\"deviationRate\" : \"auto\"");
        // an existing run directory is read, not re-run
        Result again = execute("fig6", out.resolve("runs/tiny").toString(), "--out", tmp.resolve("again").toString(), "-q");
        assertThat(again.exit()).isZero();
        assertThat(Files.readString(tmp.resolve("again/fig6.csv"))).isEqualTo(Files.readString(out.resolve("fig6.csv")));
    }

    @Test
    void badInputExitsWithTwo(@TempDir Path tmp) {
        Result missing = execute("fig6", tmp.resolve("nope.json").toString(), "--out", tmp.toString());
        assertThat(missing.exit()).isEqualTo(Main.BAD_INPUT);
        assertThat(missing.err()).contains("irlab fig6:").contains("nope.json");
        assertThat(execute("fig6", "--out", tmp.toString()).exit()).isEqualTo(Main.BAD_INPUT);
    }
}
