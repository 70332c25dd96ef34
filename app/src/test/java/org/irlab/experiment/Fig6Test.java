package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fig6Test {
    @Test
    void fitThroughTheOriginMatchesTheClosedForm() {
        // x = (1, 2, 3), y = (1, 2, 2): b = 11/14, SSE = 70/196, s² = SSE/2, se = √(s²/14), t_{0.975,2} = 4.3026527
        Fig6.LineFit f = Fig6.throughOrigin(new double[] {1, 2, 3}, new double[] {1, 2, 2});
        double b = 11.0 / 14, se = Math.sqrt(70.0 / 196 / 2 / 14), half = 4.302652729749464 * se;
        assertThat(f.slope()).isCloseTo(b, within(Tolerances.ROUNDING));
        assertThat(f.slopeLow()).isCloseTo(b - half, within(1e-9));
        assertThat(f.slopeHigh()).isCloseTo(b + half, within(1e-9));
        assertThat(f.n()).isEqualTo(3);
    }

    @Test
    void fitWithInterceptMatchesTheClosedForm() {
        // x = (0, 1, 2, 3), y = (1, 3, 2, 5): b = 1.1, a = 1.1, SSE = 2.7, s² = 1.35, Sxx = 5
        Fig6.LineFit f = Fig6.withIntercept(new double[] {0, 1, 2, 3}, new double[] {1, 3, 2, 5});
        double t = 4.302652729749464;
        assertThat(f.slope()).isCloseTo(1.1, within(Tolerances.ROUNDING));
        assertThat(f.intercept()).isCloseTo(1.1, within(Tolerances.ROUNDING));
        assertThat(f.slopeHigh() - f.slope()).isCloseTo(t * Math.sqrt(1.35 / 5), within(1e-9));
        assertThat(f.interceptHigh() - f.intercept()).isCloseTo(t * Math.sqrt(1.35 * (0.25 + 2.25 / 5)), within(1e-9));
    }

    /**
     * Cluster-robust intervals against a hand computation. Clusters {x = 1, 2 | y = 1, 3} and {x = 3, 4 | y = 2, 5}:
     * through the origin b = Σxy/Σx² = 33/30 = 1.1, residuals (−0.1, 0.8, −1.3, 0.6), cluster scores
     * 1·(−0.1) + 2·0.8 = 1.5 and 3·(−1.3) + 4·0.6 = −1.5, se = √(2·(1.5² + 1.5²))/30 = √9/30 = 0.1, t_{0.975,1} =
     * 12.7062047. With an intercept the sandwich is checked against the same formula written with a 2×2 inverse.
     */
    @Test
    void clusterRobustIntervalsMatchTheHandComputation() {
        double[] x = {1, 2, 3, 4}, y = {1, 3, 2, 5};
        int[] cluster = {0, 0, 1, 1};
        double t1 = 12.706204736174694;
        Fig6.LineFit f = Fig6.throughOrigin(x, y, cluster);
        assertThat(f.slope()).isCloseTo(1.1, within(Tolerances.ROUNDING));
        assertThat(f.slopeHigh() - f.slope()).isCloseTo(t1 * 0.1, within(1e-9));
        assertThat(f.slope() - f.slopeLow()).isCloseTo(t1 * 0.1, within(1e-9));
        // with an intercept: x̄ = 2.5, ȳ = 2.75, b = 5.5/5 = 1.1, a = 0; the sandwich written out below
        Fig6.LineFit g = Fig6.withIntercept(x, y, cluster);
        double a = g.intercept(), b = g.slope();
        assertThat(b).isCloseTo(1.1, within(Tolerances.ROUNDING));
        assertThat(a).isCloseTo(0.0, within(Tolerances.ROUNDING));
        double[][] xtx = {{4, 10}, {10, 30}};
        double det = xtx[0][0] * xtx[1][1] - xtx[0][1] * xtx[1][0];
        double[][] inv = {{xtx[1][1] / det, -xtx[0][1] / det}, {-xtx[1][0] / det, xtx[0][0] / det}};
        double[][] meat = new double[2][2];
        for (int c = 0; c < 2; c++) {
            double s0 = 0, s1 = 0;
            for (int i = 0; i < 4; i++) {
                if (cluster[i] != c) continue;
                double e = y[i] - a - b * x[i];
                s0 += e;
                s1 += x[i] * e;
            }
            meat[0][0] += s0 * s0; meat[0][1] += s0 * s1; meat[1][0] += s1 * s0; meat[1][1] += s1 * s1;
        }
        double[][] v = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) for (int l = 0; l < 2; l++) {
            v[i][j] += 2 * inv[i][k] * meat[k][l] * inv[l][j]; // G/(G − 1) = 2
        }
        assertThat(g.slopeHigh() - b).isCloseTo(t1 * Math.sqrt(v[1][1]), within(1e-9));
        assertThat(g.interceptHigh() - a).isCloseTo(t1 * Math.sqrt(v[0][0]), within(1e-9));
        // one cluster (one trajectory): the classical interval
        assertThat(Fig6.throughOrigin(x, y, new int[] {0, 0, 0, 0})).isEqualTo(Fig6.throughOrigin(x, y));
    }

    /** Points that move together within a trajectory: the cluster interval is wider than the naive one. */
    @Test
    void clusteredErrorsWidenTheInterval() {
        int g = 8, per = 20;
        double[] x = new double[g * per], y = new double[g * per];
        int[] cluster = new int[g * per];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int c = 0; c < g; c++) {
            double shared = 0.05 * org.irlab.linalg.Randoms.gaussian(rng); // one slope error per trajectory
            for (int k = 0; k < per; k++) {
                int i = c * per + k;
                x[i] = 1 + k;
                y[i] = (1.0 / 3 + shared) * x[i] + 1e-3 * org.irlab.linalg.Randoms.gaussian(rng);
                cluster[i] = c;
            }
        }
        Fig6.LineFit naive = Fig6.throughOrigin(x, y), robust = Fig6.throughOrigin(x, y, cluster);
        assertThat(robust.slope()).isEqualTo(naive.slope());
        assertThat(robust.slopeHigh() - robust.slopeLow()).isGreaterThan(2 * (naive.slopeHigh() - naive.slopeLow()));
    }

    @Test
    void exactLineGivesItsSlopeWithAZeroWidthInterval() {
        double[] x = {0.5, 1, 4, 9}, y = new double[4];
        for (int i = 0; i < 4; i++) y[i] = x[i] / 3;
        Fig6.LineFit f = Fig6.throughOrigin(x, y);
        assertThat(f.slope()).isCloseTo(1.0 / 3, within(Tolerances.ROUNDING));
        assertThat(f.slopeHigh() - f.slopeLow()).isLessThan(Tolerances.ROUNDING);
    }

    /** A synthetic run: x⊥ = 0 for t &lt; 30, then ‖x_t⊥‖ = 1e-15·exp(0.3·η·(r̄_t − r̄_30)), rows every 10. */
    static Path syntheticRun(Path dir, String name, String type, double eta, double slope) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spec.json"), "{\"name\": \"" + name + "\", \"problem\": {\"type\": \"" + type
                + "\"}, \"algorithm\": {\"type\": \"ipgd+\", \"stepSize\": " + eta + "}}");
        StringBuilder b = new StringBuilder("iteration,loss,gradNorm,residualNorm,error,distanceToSolutions,"
                + "deviationRate,deviationRateMinus,deviationRatePlus,cumulativeDeviationRate\n");
        for (int t = 0; t <= 1000; t += 10) {
            double cumulative = t < 30 ? 0 : 2.0 * (t - 30) + Math.sin(t);
            double residual = t < 30 ? 0 : 1e-15 * Math.exp(slope * eta * cumulative);
            b.append(t).append(",1,1,").append(residual).append(",1,1,,,,").append(cumulative).append('\n');
        }
        Files.writeString(dir.resolve("trace.csv"), b.toString());
        return dir;
    }

    @Test
    void pointsFromRunDirectoriesRecoverTheirSlope(@TempDir Path tmp) throws IOException {
        Path a = syntheticRun(tmp.resolve("a"), "a", "symmetric-sensing", 0.05, 0.3);
        Path b = syntheticRun(tmp.resolve("b"), "b", "sparse-recovery", 0.01, 0.4);
        Fig6.Result r = Fig6.analyse(List.of(a, b));
        assertThat(r.points()).hasSize(2 * Fig6.POINTS_PER_RUN);
        Fig6.Point first = r.points().get(0);
        assertThat(first.iteration()).isEqualTo(80); // t₀ = 30, T₁ = 30 + 970/20 = 78.5 → row 80
        assertThat(first.etaCumulativeDeviationRate()).isCloseTo(0.05 * (2.0 * 50 + Math.sin(80) - Math.sin(30)), within(Tolerances.REORDERED));
        assertThat(r.points().get(Fig6.POINTS_PER_RUN - 1).iteration()).isEqualTo(1000);
        assertThat(r.perProblem().get("symmetric-sensing").slope()).isCloseTo(0.3, within(Tolerances.REORDERED));
        assertThat(r.perProblem().get("sparse-recovery").slope()).isCloseTo(0.4, within(Tolerances.REORDERED));
        assertThat(r.perRun().keySet()).containsExactly("a", "b");
        assertThat(r.throughOrigin().slope()).isBetween(0.3, 0.4);

        Fig6.write(r, tmp);
        List<String> csv = Files.readAllLines(tmp.resolve("fig6.csv"));
        assertThat(csv).hasSize(1 + 2 * Fig6.POINTS_PER_RUN);
        JsonNode json = Json.read(tmp.resolve("fig6.json"));
        assertThat(json.path("throughOrigin").path("slope").asDouble()).isEqualTo(r.throughOrigin().slope());
        assertThat(json.path("throughOrigin").path("slopeInterval")).hasSize(2);
        assertThat(json.path("perProblem").path("sparse-recovery").path("n").asInt()).isEqualTo(Fig6.POINTS_PER_RUN);
    }

    @Test
    void aRunWithoutDeviationRatesIsBadInput(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("spec.json"), "{\"name\": \"x\", \"algorithm\": {\"stepSize\": 0.1}}");
        Files.writeString(tmp.resolve("trace.csv"), "iteration,loss,gradNorm,residualNorm,error\n0,1,1,0,1\n");
        assertThatThrownBy(() -> Fig6.points(tmp)).isInstanceOf(SpecException.class)
                .hasMessageContaining("cumulativeDeviationRate").hasMessageContaining("deviationRate off");
    }
}
