package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.irlab.experiment.Fig6;
import org.irlab.experiment.SpecException;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

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
            "[{'source': 'paper', 'claim': 'slope about 1/3', 'runs': ['a', 'b'],"
            + "  'metric': {'residualGrowthFit': 'slope'}, 'rule': {'between': [0.3, 0.45]}},"
            + " {'source': 'paper', 'claim': 'upper end below 1/2', 'runs': ['a', 'b'],"
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
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.series()).isEqualTo(2);
        assertThat(d.lines()).extracting(SvgChart.Line::style).containsExactly(SvgChart.Style.POINTS,
                SvgChart.Style.POINTS, SvgChart.Style.LINE, SvgChart.Style.DASHED, SvgChart.Style.DASHED);
        SvgChart.Line fit = d.lines().get(2);
        assertThat(fit.y()[1] / fit.x()[1]).isCloseTo(5.0 / 12, within(Tolerances.REORDERED));
        assertThat(fit.label()).contains("0.417").contains("40 points");
        assertThat(d.lines().get(3).label()).isEqualTo("y = x/3");
        assertThat(d.lines().get(4).label()).isEqualTo("y = 0.5 x");
        assertThat(d.xLabel()).contains("eta");
        var series = d.chart().getSeriesMap();
        assertThat(series.get("a-seed1").getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
        assertThat(series.get("fit").getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Line);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Charts.png(d.chart())));
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        int nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) nonWhite++;
        }
        assertThat(nonWhite).isGreaterThan(2000);

        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(Charts.svg(d))));
        NodeList paths = doc.getElementsByTagName("path");
        assertThat(paths.getLength()).isEqualTo(2);
        for (int i = 0; i < paths.getLength(); i++) {
            String path = ((Element) paths.item(i)).getAttribute("d");
            assertThat(path.split("h0", -1)).hasSize(Fig6.POINTS_PER_RUN + 1);
            for (String move : path.split("h0")) {
                String[] xy = move.substring(1).split(" ");
                assertThat(Double.parseDouble(xy[0])).isBetween(0.0, (double) Charts.WIDTH);
                assertThat(Double.parseDouble(xy[1])).isBetween(0.0, (double) Charts.HEIGHT);
            }
        }
        NodeList polylines = doc.getElementsByTagName("polyline");
        assertThat(polylines.getLength()).isEqualTo(3);
        int dashed = 0;
        for (int i = 0; i < polylines.getLength(); i++) {
            if (((Element) polylines.item(i)).hasAttribute("stroke-dasharray")) dashed++;
        }
        assertThat(dashed).isEqualTo(2);
        assertThat(doc.getElementsByTagName("circle").getLength()).as("legend dots, one per group").isEqualTo(2);
    }

    @Test
    void runsWithoutPointsOrOutputsAreReportedAndNothingToDrawGivesNoChart() throws IOException {
        Results r = new Results().add(run("a", 1, 0.1, 1.0 / 3, 400, false)).add(Fixtures.missing(DEMO, "b", 1));
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.chart()).isNull();
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
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 's', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'residualGrowthFit': 'slope'}, 'rule': {'atMost': 1}, 'quantifier': 'some'}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].quantifier");
        assertThatThrownBy(() -> Fixtures.experiment("[]", "[{'source': 's', 'claim': 'c', 'run': 'a',"
                + " 'metric': {'residualGrowthFit': 'curvature'}, 'rule': {'atMost': 1}}]"))
                .isInstanceOf(SpecException.class).hasMessageContaining("claims[0].metric.residualGrowthFit");
    }
}
