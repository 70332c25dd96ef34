package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.irlab.cli.RunCommandTest.irlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.irlab.data.NdArray;
import org.irlab.data.Npz;
import org.irlab.testing.NumPy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the NumPy script of docs/interop.md exactly as printed there on an exported instance and its snapshots, and
 * checks that it recomputes IRLab's loss, error, residual norm and deviation rate (agreement as the page states).
 */
class InteropScriptTest {
    @TempDir Path dir;

    static final Path PAGE = Path.of("..", "docs", "interop.md");

    /** The first ```python block of the page. */
    static String script() throws IOException {
        String page = Files.readString(PAGE);
        int start = page.indexOf("```python\n");
        assertThat(start).as("a ```python block in " + PAGE).isNotNegative();
        start += "```python\n".length();
        return page.substring(start, page.indexOf("```", start));
    }

    @Test
    void theDocumentedScriptRecomputesTheTrace() throws IOException {
        NumPy.assume(false);
        String script = script();
        assertThat(script.lines().count()).as("a ten-line script").isLessThanOrEqualTo(10);
        // the page's command, on a smaller instance of the same example with γ = 1e-6 (the residual then carries
        // ~10 significant digits; at γ = 1e-15 it stays near 1e-10, where any SVD of X resolves only ~7)
        RunCommandTest.Invocation r = irlab("run", Path.of("..", "examples", "symmetric-sensing-ipgd.json").toString(),
                "--out", dir.resolve("out/sensing").toString(), "-q", "--export-instance",
                "--set", "record.iterates=500", "--set", "record.every=500", "--set", "record.deviationRate=dense",
                "--set", "problem.n=10", "--set", "problem.searchRank=10", "--set", "problem.measurements=300",
                "--set", "algorithm.radius=1e-6");
        assertThat(r.exit()).as(r.err()).isZero();
        Path file = dir.resolve("interop.py");
        Files.writeString(file, script);
        String printed = NumPy.runFile(dir, file);

        Map<Integer, double[]> trace = new HashMap<>(); // iteration → loss, residualNorm, error, deviationRate
        List<String> rows = Files.readAllLines(dir.resolve("out/sensing/trace.csv"));
        assertThat(rows.get(0)).startsWith("iteration,loss,gradNorm,residualNorm,error,distanceToSolutions,deviationRate");
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            trace.put(Integer.parseInt(c[0]), new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[3]),
                    Double.parseDouble(c[4]), c[6].isEmpty() ? Double.NaN : Double.parseDouble(c[6])});
        }
        NdArray snapshotLoss;
        try (Npz npz = Npz.open(dir.resolve("out/sensing/iterates.npz"))) {
            snapshotLoss = npz.array("loss");
        }
        List<String> lines = printed.strip().lines().toList();
        assertThat(lines).hasSize(snapshotLoss.size());
        int compared = 0, meaningfulRates = 0;
        for (int k = 0; k < lines.size(); k++) {
            String[] c = lines.get(k).strip().split("\\s+");
            int t = Integer.parseInt(c[0]);
            double loss = Double.parseDouble(c[1]), error = Double.parseDouble(c[2]);
            double residual = Double.parseDouble(c[3]), rate = Double.parseDouble(c[4]);
            assertThat(close(loss, snapshotLoss.values()[k], 1e-10, 1e-13)).as("loss at %d: %s vs %s", t, loss,
                    snapshotLoss.values()[k]).isTrue();
            double[] java = trace.get(t);
            if (java == null) continue; // a perturbation or the escape return: no trace row there
            compared++;
            assertThat(close(loss, java[0], 1e-10, 1e-13)).as("loss at %d: %s vs %s", t, loss, java[0]).isTrue();
            assertThat(close(error, java[2], 1e-10, 1e-13)).as("error at %d: %s vs %s", t, error, java[2]).isTrue();
            assertThat(close(residual, java[1], 1e-6, 0) || Math.abs(residual - java[1]) <= 1e-15)
                    .as("residual norm at %d: %s vs %s", t, residual, java[1]).isTrue();
            if (Math.abs(java[3]) >= 1e-7) {
                meaningfulRates++;
                assertThat(close(rate, java[3], 1e-6, 0)).as("rate at %d: %s vs %s", t, rate, java[3]).isTrue();
            } else {
                assertThat(Math.abs(rate - java[3])).as("rate at %d: %s vs %s", t, rate, java[3]).isLessThan(1e-12);
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(5);
        assertThat(meaningfulRates).isGreaterThanOrEqualTo(2);
    }

    /** |a − b| ≤ rel·max(|a|, |b|), or ≤ abs when both are below 1e-3 (round-off at the end of a run). */
    static boolean close(double a, double b, double rel, double abs) {
        if (Math.max(Math.abs(a), Math.abs(b)) < 1e-3 && abs > 0) return Math.abs(a - b) <= abs;
        return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
    }
}
