package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.irlab.experiment.Fig6;
import org.irlab.experiment.SpecException;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Figure 6 pieces of the report: the residual-growth scatter plot (PNG and SVG) and the pooled fit claims, on
 * run directories written here with a known relation log(‖x_T⊥‖/‖x_0⊥‖) = slope·η·r̄_T.
 */
class ResidualGrowthTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir Path tmp;

    private static final Experiment DEMO = Fixtures.experiment(
            "[{'name': 'growth', 'kind': 'residual-growth', 'title': 'Growth', 'runs': ['a', 'b'],"
            + "  'references': [{'slope': 0.3333333333333333, 'label': 'y = x/3'}, {'slope': 0.5}]}]",
            "[{'source': 'paper (test)', 'claim': 'slope about 1/3', 'runs': ['a', 'b'],"
            + "  'metric': {'residualGrowthFit': 'slope'}, 'rule': {'between': [0.3, 0.45]}},"
            + " {'source': 'paper (test)', 'claim': 'upper end below 1/2', 'runs': ['a', 'b'],"
            + "  'metric': {'residualGrowthFit': 'slope-high', 'fit': 'with-intercept'}, 'rule': {'atMost': 0.5}}]");

    /**
     * A run directory: η, and r = 1 at every step from t = 0 to {@code steps}, so r̄_T = T and η·r̄_T = ηT; the
     * residual is 0 at t = 0 (before the perturbation), 1e-15 at t = 1 and grows so that
     * log(‖x_T⊥‖/‖x_1⊥‖) = slope·η·(T − 1).
     */
    private RunResult run(String group, long seed, double eta, double slope, int steps, boolean withRate)
            throws IOException {
        Path dir = tmp.resolve(group + "-seed" + seed);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spec.json"), "{\"name\": \"demo/" + group + "-seed" + seed
                + "\", \"problem\": {\"type\": \"type-" + group + "\"}, \"algorithm\": {\"stepSize\": " + eta + "}}");
        StringBuilder csv = new StringBuilder("iteration,residualNorm" + (withRate ? ",cumulativeDeviationRate" : "") + "\n");
        for (int t = 0; t <= steps; t++) {
            double residual = t == 0 ? 0 : 1e-15 * Math.exp(slope * eta * (t - 1));
            csv.append(t).append(',').append(residual);
            if (withRate) csv.append(',').append((double) t);
            csv.append('\n');
        }
        Files.writeString(dir.resolve("trace.csv"), csv.toString());
        RunResult r = Fixtures.run(DEMO, group, seed, "{'status': 'converged'}", List.of(), new double[0][], List.of());
        return new RunResult(r.experiment(), r.group(), r.seed(), r.name(), r.summary(), r.trace(), r.events(), dir);
    }

    /** Runs a (slope 1/3) and b (slope 1/2) on the same T grid: the pooled slope through the origin is 5/12. */
    private Results twoSlopes() throws IOException {
        return new Results().add(run("a", 1, 0.1, 1.0 / 3, 400, true)).add(run("b", 1, 0.1, 0.5, 400, true));
    }

    @Test
    void pointsAreTwentyPerRunAndThePooledSlopeIsTheClosedForm() throws IOException {
        Results r = twoSlopes();
        assertThat(Fig6.points(r.runs("demo", "a").get(0).directory())).hasSize(Fig6.POINTS_PER_RUN)
                .allSatisfy(p -> assertThat(p.residualGrowthLog()).isCloseTo(p.etaCumulativeDeviationRate() / 3, within(1e-9)));
        Claim.Result slope = DEMO.claims().get(0).evaluate(r, "demo");
        assertThat(slope.pooled()).isTrue();
        assertThat(slope.values()).singleElement().satisfies(m -> assertThat(m.number()).isCloseTo(5.0 / 12, within(Tolerances.REORDERED)));
        assertThat(slope.verdict()).isEqualTo(Verdict.REPRODUCED);
        assertThat(slope.runs()).hasSize(2);
        assertThat(slope.measuredCount()).isEqualTo(2);
        // with an intercept the interval is cluster-robust by trajectory: two trajectories with slopes 1/3 and 1/2
        // give one degree of freedom (t = 12.7), so the bound 1/2 cannot be confirmed from them
        Claim.Result high = DEMO.claims().get(1).evaluate(r, "demo");
        assertThat(high.values().get(0).number()).isGreaterThan(0.5);
        assertThat(high.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
    }

    @Test
    void aRunWithoutTheDeviationRateColumnsMakesThePooledValueUndefined() throws IOException {
        Results r = new Results().add(run("a", 1, 0.1, 1.0 / 3, 400, true)).add(run("b", 1, 0.1, 0.5, 400, false));
        Claim.Result slope = DEMO.claims().get(0).evaluate(r, "demo");
        assertThat(slope.values().get(0).isNumber()).isFalse();
        assertThat(slope.values().get(0).toString()).contains("b-seed1").contains("cumulativeDeviationRate");
        assertThat(slope.verdict()).isEqualTo(Verdict.NOT_REPRODUCED);
        Results none = new Results().add(Fixtures.missing(DEMO, "a", 1));
        assertThat(DEMO.claims().get(0).evaluate(none, "demo").verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void theScatterPlotDrawsPointsTheFitAndTheReferenceLines() throws Exception {
        Results r = twoSlopes();
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(c.runs()).isEqualTo(2);
        assertThat(c.notes()).containsExactly("least-squares slopes through the origin (points): all trajectories 0.417 (40)");
        assertThat(c.panels()).singleElement().satisfies(p -> assertThat(p.series()).extracting(Chart.Series::kind)
                .containsExactly(Chart.Kind.POINTS, Chart.Kind.POINTS, Chart.Kind.FIT, Chart.Kind.REFERENCE,
                        Chart.Kind.REFERENCE));
        List<Chart.Series> series = c.panels().get(0).series();
        Chart.Series fit = series.get(2);
        assertThat(fit.y()[1] / fit.x()[1]).isCloseTo(5.0 / 12, within(Tolerances.REORDERED));
        assertThat(fit.which()).contains("0.417").contains("40 points");
        assertThat(series.get(3).which()).isEqualTo("y = x/3");
        assertThat(series.get(4).which()).isEqualTo("y = 0.5 x");
        assertThat(series.get(0).which()).isEqualTo("seed 1");
        assertThat(c.xLabel()).contains("η");
        assertThat(c.legend()).extracting(Chart.LegendEntry::kind).containsExactly(Chart.Kind.POINTS,
                Chart.Kind.POINTS, Chart.Kind.FIT, Chart.Kind.REFERENCE, Chart.Kind.REFERENCE);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartPainter.png(c)));
        assertThat(image.getWidth()).isEqualTo(ChartPainter.WIDTH);
        int nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) nonWhite++;
        }
        assertThat(nonWhite).isGreaterThan(2000);

        Document doc = ChartsTest.parse(ChartPainter.svg(c, "demo-growth"));
        NodeList paths = doc.getElementsByTagName("path");
        int dotSeries = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            Element e = (Element) paths.item(i);
            if (!e.getAttribute("class").equals("pts")) continue;
            dotSeries++;
            String path = e.getAttribute("d");
            // one dot per distinct rounded position (coinciding dots of a series are written once)
            String[] moves = path.split("h0");
            assertThat(moves.length).isBetween(1, Fig6.POINTS_PER_RUN);
            assertThat(new java.util.HashSet<>(java.util.List.of(moves))).hasSize(moves.length);
            for (String move : moves) {
                String[] xy = move.substring(1).split(" ");
                assertThat(Double.parseDouble(xy[0])).isBetween(0.0, (double) ChartPainter.WIDTH);
                assertThat(Double.parseDouble(xy[1])).isBetween(0.0, (double) ChartPainter.height(c));
            }
        }
        assertThat(dotSeries).isEqualTo(2);
        NodeList polylines = doc.getElementsByTagName("polyline");
        assertThat(polylines.getLength()).isEqualTo(3);
        int dashed = 0;
        for (int i = 0; i < polylines.getLength(); i++) {
            if (((Element) polylines.item(i)).hasAttribute("stroke-dasharray")) dashed++;
        }
        assertThat(dashed).isEqualTo(2);
    }

    @Test
    void runsWithoutPointsOrOutputsAreReportedAndNothingToDrawGivesNoChart() throws IOException {
        Results r = new Results().add(run("a", 1, 0.1, 1.0 / 3, 400, false)).add(Fixtures.missing(DEMO, "b", 1));
        Chart d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.isEmpty()).isTrue();
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("a-seed1").contains("cumulativeDeviationRate"))
                .anySatisfy(n -> assertThat(n).contains("b-seed1").contains("no outputs"));
    }

    @Test
    void badDefinitionsAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> Fixtures.experiment("[{'name': 'g', 'kind': 'residual-growth', 'title': 't'}]", "[]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("plots[0].runs");
        assertThatThrownBy(() -> Fixtures.experiment("[{'name': 'g', 'kind': 'histogram', 'title': 't'}]", "[]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("plots[0].kind").hasMessageContaining("residual-growth");
        assertThatThrownBy(() -> Fixtures.experiment("[{'name': 'g', 'kind': 'residual-growth', 'title': 't', 'runs': ['a'],"
                + " 'references': [{'slope': 0.5, 'colour': 'red'}]}]", "[]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("plots[0].references[0].colour");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'residualGrowthFit': 'slope'}, 'rule': {'atMost': 1}, 'quantifier': 'some'}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].quantifier");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 'paper (test)', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'residualGrowthFit': 'curvature'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].metric.residualGrowthFit");
    }

    /**
     * Bound (126) at every point: r̄_t = t, Σ_{s<t}‖x_s⊥‖ = 10⁻³·t and ρ̂ = 5 (the largest of the sampled estimates 2
     * and 5), so the bound at T is 0.5·η·(T − 1) + 0.5·η·5·10⁻³·(T − 1); slope 1/3 stays below it, slope 0.6 above.
     */
    @Test
    void boundStatisticsCountThePointsAboveTheBoundAndTheLargestNeglectedTerm() throws IOException {
        Experiment e = Fixtures.experiment("[]",
                "[{'source': 'paper (test)', 'claim': 'bound', 'runs': ['a'], 'metric': {'residualGrowthFit': 'bound-violations'},"
                + "  'rule': {'atMost': 0}},"
                + " {'source': 'paper (test)', 'claim': 'first term', 'runs': ['a'],"
                + "  'metric': {'residualGrowthFit': 'first-term-violations'}, 'rule': {'atMost': 0}},"
                + " {'source': 'paper (test)', 'claim': 'neglected', 'runs': ['a'], 'metric': {'residualGrowthFit': 'max-neglected'},"
                + "  'rule': {'atMost': 1}}]");
        for (double slope : new double[] {1.0 / 3, 0.6}) {
            Path dir = tmp.resolve("bound-" + slope);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("spec.json"), "{\"name\": \"demo/a-seed1\", \"problem\": {\"type\": \"t\"},"
                    + " \"algorithm\": {\"stepSize\": 0.1}}");
            StringBuilder csv = new StringBuilder("iteration,residualNorm,cumulativeDeviationRate,cumulativeResidualNorm,hessianLipschitz\n");
            for (int t = 0; t <= 400; t++) {
                double residual = t == 0 ? 0 : 1e-15 * Math.exp(slope * 0.1 * (t - 1));
                String rho = t == 0 ? "2.0" : t == 200 ? "5.0" : "";
                csv.append(t).append(',').append(residual).append(',').append((double) t).append(',').append(1e-3 * t)
                        .append(',').append(rho).append('\n');
            }
            Files.writeString(dir.resolve("trace.csv"), csv.toString());
            RunResult f = Fixtures.run(e, "a", 1, "{'status': 'converged'}", List.of(), new double[0][], List.of());
            Results r = new Results().add(new RunResult(f.experiment(), f.group(), f.seed(), f.name(), f.summary(),
                    f.trace(), f.events(), dir));
            int expected = slope < 0.5 ? 0 : Fig6.POINTS_PER_RUN;
            assertThat(e.claims().get(0).evaluate(r, "demo").values().get(0).number()).as("slope " + slope).isEqualTo(expected);
            assertThat(e.claims().get(1).evaluate(r, "demo").values().get(0).number()).isEqualTo(expected);
            // the last point is T = 400: 0.5·0.1·5·10⁻³·399
            assertThat(e.claims().get(2).evaluate(r, "demo").values().get(0).number())
                    .isCloseTo(0.5 * 0.1 * 5 * 1e-3 * 399, within(1e-12));
        }
    }
}
