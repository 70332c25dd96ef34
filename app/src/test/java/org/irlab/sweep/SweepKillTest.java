package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.irlab.experiment.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed (SIGKILL) part-way resumes where it stopped: the runs recorded before the kill are not run again,
 * no result file of the killed pass is left behind, and the resumed results equal an uninterrupted run's.
 */
class SweepKillTest {
    @TempDir Path dir;

    @Test
    void killedSweepResumesWhereItStopped() throws Exception {
        ObjectNode tree = SweepFixture.oneInit(dir);
        tree.set("seeds", Json.MAPPER.readTree("{\"count\": 8}"));
        Path file = dir.resolve("kill.json");
        Files.writeString(file, Json.write(tree));
        Path out = dir.resolve("killed");

        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.irlab.cli.Main", "sweep", file.toString(), "--out", out.toString(), "--threads", "1", "--quiet"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
        Path journal = out.resolve(Journal.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (records(journal) < 5 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(p.isAlive()).as("the sweep should still be running: " + Files.readString(dir.resolve("log.txt"))).isTrue();
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        int recorded = records(journal);
        assertThat(recorded).isBetween(5, 47);
        assertThat(out.resolve("results.csv")).doesNotExist();
        assertThat(out.resolve("summary.json")).doesNotExist();

        org.irlab.testing.Cli.Result resumed = SweepFixture.irlab("sweep", file.toString(), "--out", out.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        int reused = Json.read(out.resolve("summary.json")).path("reused").asInt();
        assertThat(reused).isGreaterThanOrEqualTo(recorded - 1).isLessThan(48); // a torn last record is redone
        assertThat(resumed.out()).contains(reused + " already recorded").contains((48 - reused) + " to run");

        Path clean = dir.resolve("clean");
        assertThat(SweepFixture.irlab("sweep", file.toString(), "--out", clean.toString(), "--quiet").exit()).isZero();
        assertThat(SweepFixture.timeless(out.resolve("results.csv"))).isEqualTo(SweepFixture.timeless(clean.resolve("results.csv")));
        assertThat(Files.readString(out.resolve("cells.csv"))).isEqualTo(Files.readString(clean.resolve("cells.csv")));
    }

    private static int records(Path journal) throws IOException {
        if (!Files.exists(journal)) return 0;
        int n = 0;
        for (String line : Files.readAllLines(journal)) if (line.endsWith("}")) n++;
        return n;
    }
}
