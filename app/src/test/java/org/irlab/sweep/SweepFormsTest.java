package org.irlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other forms of the format: zip only, null values, text constraints, a status rule, trace and ratio metrics. */
class SweepFormsTest {
    @TempDir Path dir;

    @Test
    void zipOnlySweepWithTextConstraintsAndTraceMetrics() throws Exception {
        Path file = dir.resolve("forms.json");
        Files.writeString(file, """
                {"name": "forms",
                 "base": {"problem": {"type": "least-squares", "measurements": 5, "dimension": 12},
                          "algorithm": {"type": "gd", "stepSize": 0.02, "maxIterations": 400, "gradientTolerance": 1e-9},
                          "record": {"every": 5}},
                 "zip": [{"problem.normalization": ["sum", "mean", "sum"], "algorithm.gradientTolerance": [1e-9, 1e-9, null]},
                         {"init": [{"type": "zero"}, {"type": "gaussian", "scale": 0.1, "seed": 3}]}],
                 "valueLabels": {"init": ["zero", "gaussian 0.1"]},
                 "where": ["problem.normalization != 'mean'"],
                 "seeds": {"count": 2, "start": 7},
                 "success": {"metric": {"summary": "status"}, "rule": {"equals": "converged"}},
                 "metrics": {"maxResidual": {"trace": "residualNorm", "reduce": "max"},
                             "lossRatio": {"ratio": [{"trace": "loss", "reduce": "last"}, {"trace": "loss", "reduce": "first"}]},
                             "parameterNorm": "metrics.parameterNorm"},
                 "plots": [{"x": "problem.normalization", "y": "init"}]}
                """);
        Path out = dir.resolve("out");
        Cli.Result r = Cli.irlab("sweep", file.toString(), "--out", out.toString(), "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("forms: 8 runs = 4 cells × 2 seeds (2 cells skipped by where)");
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertThat(lines.get(0)).isEqualTo("row,cell,problem.normalization,algorithm.gradientTolerance,init,seed,status,success,"
                + "iterations,finalError,finalResidualNorm,maxResidualNorm,maxResidual,lossRatio,parameterNorm,wallSeconds,message");
        assertThat(lines).hasSize(9);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            assertThat(c[2]).isEqualTo("sum");
            assertThat(c[7]).isEqualTo(Boolean.toString(c[6].equals("converged")));
            // GD from zero stays in the row space (up to round-off); from a Gaussian start it keeps (I − P)w₀
            if (c[4].equals("zero")) assertThat(Double.parseDouble(c[12])).isLessThan(1e-13);
            else assertThat(Double.parseDouble(c[12])).isGreaterThan(1e-3);
            assertThat(Double.parseDouble(c[13])).isBetween(0.0, 1.0);
        }
        // null removed the tolerance: the default (0) runs to the budget
        assertThat(lines.get(5)).contains(",sum,,").contains(",iteration-limit,false,400,");
        assertThat(Files.readString(out.resolve("sweep.html"))).contains("problem.normalization × init");
    }
}
