package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that rerun a sensing instance in one JVM take its data from {@link InstanceCache}, with the same outputs. */
class InstanceCacheTest {
    @TempDir Path dir;

    static final String SPEC = """
            {"name": "cached",
             "problem":   {"type": "symmetric-sensing", "n": 7, "rank": 2, "searchRank": 7,
                           "singularValues": [2, 1], "measurements": 150, "seed": 424242},
             "init":      {"type": "gaussian", "scale": 1e-3, "seed": 3},
             "algorithm": {"type": "gd", "stepSize": 0.05, "maxIterations": 500},
             "record":    {"every": 100}}
            """;

    private String run(String name, String... overrides) throws IOException {
        RunSpec spec = RunSpec.parse(Json.parse(SPEC, "spec"), List.of(overrides), null);
        Runner.run(spec, dir.resolve(name), null);
        return Files.readString(dir.resolve(name).resolve("trace.csv"));
    }

    @Test
    void aRerunInstanceIsAHitWithTheSameOutputs() throws IOException {
        long[] before = InstanceCache.counts();
        String first = run("first");
        long[] afterFirst = InstanceCache.counts();
        assertThat(afterFirst[1]).isEqualTo(before[1] + 1); // generated
        assertThat(run("again")).isEqualTo(first);
        run("direct", "problem.gradientRoute=direct"); // the same data on another route
        run("other-algorithm", "algorithm.stepSize=0.04", "init.seed=9", "problem.searchRank=5");
        long[] afterReruns = InstanceCache.counts();
        assertThat(afterReruns[1]).isEqualTo(afterFirst[1]);
        assertThat(afterReruns[0]).isEqualTo(afterFirst[0] + 3);
        run("other-seed", "problem.seed=424243");
        assertThat(InstanceCache.counts()[1]).isEqualTo(afterFirst[1] + 1);
        run("other-size", "problem.measurements=151");
        assertThat(InstanceCache.counts()[1]).isEqualTo(afterFirst[1] + 2);
    }
}
