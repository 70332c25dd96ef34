package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ChartsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Experiment DEMO = Fixtures.experiment(
            "[{'name': 'err', 'title': 'Error', 'column': 'error', 'log': true},"
            + " {'name': 'lin', 'title': 'Loss', 'column': 'loss', 'log': false, 'runs': ['b']}]", "[]");

    /** Two seeds of a, two of b: error decays geometrically (b slower), loss is linear. */
    private static Results results() {
        Results r = new Results();
        for (String g : List.of("a", "b")) {
            for (long seed = 1; seed <= 2; seed++) {
                int n = 300;
                double[] error = new double[n], loss = new double[n];
                double rate = g.equals("a") ? 0.95 : 0.99;
                for (int i = 0; i < n; i++) {
                    error[i] = seed * Math.pow(rate, i);
                    loss[i] = 100 - i * 0.1 * seed;
                }
                r.add(Fixtures.run(DEMO, g, seed, "{'status': 'converged'}", List.of("error", "loss"),
                        new double[][] {error, loss}, List.of()));
            }
        }
        return r;
    }

    @Test
    void logPlotHasLogAxisOneSeriesPerRunAndOneLegendEntryPerGroup() {
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, results());
        assertThat(d.chart()).isNotNull();
        assertThat(d.chart().getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(enabled(d)).containsExactly("a-seed1", "a-seed2", "b-seed1", "b-seed2");
        assertThat(d.series()).isEqualTo(4);
        long inLegend = d.chart().getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count();
        assertThat(inLegend).isEqualTo(2);
        assertThat(d.chart().getSeriesMap().get("a-seed1").getLabel()).isEqualTo("group A (2 seeds)");
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void linearPlotDrawsOnlyTheNamedGroupOnALinearAxis() {
        Charts.Drawn d = Charts.draw(DEMO.plots().get(1), DEMO, results());
        assertThat(d.chart().getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(enabled(d)).containsExactly("b-seed1", "b-seed2");
    }

    /** The series XChart draws (its disabled helper series excluded). */
    private static List<String> enabled(Charts.Drawn d) {
        return d.chart().getSeriesMap().values().stream().filter(s -> s.isEnabled()).map(s -> s.getName()).toList();
    }

    @Test
    void hugeLogRangesAreDrawnAsLog10OnALinearAxis() {
        Results r = new Results();
        double[] blowUp = new double[13];
        for (int i = 0; i < blowUp.length; i++) blowUp[i] = Math.pow(10, 1 + i * 12.0);
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("error"), new double[][] {blowUp}, List.of()));
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.log()).isFalse();
        assertThat(d.chart().getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(d.yLabel()).isEqualTo("log10 of error");
        assertThat(d.lines().get(0).y()[12]).isCloseTo(145, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("144 decades"));
    }

    @Test
    void pngHasTheChartSizeAndIsNotBlank() throws Exception {
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, results());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Charts.png(d.chart())));
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
        // the first group's colour is drawn: count pixels close to it
        int target = Charts.PALETTE[0].getRGB() & 0xffffff, close = 0, nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y) & 0xffffff;
                if (p != 0xffffff) nonWhite++;
                if (distance(p, target) < 40) close++;
            }
        }
        assertThat(close).isGreaterThan(200);
        assertThat(nonWhite).isGreaterThan(image.getWidth() * image.getHeight() / 50);
    }

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 255) - (b >> 16 & 255)) + Math.abs((a >> 8 & 255) - (b >> 8 & 255))
                + Math.abs((a & 255) - (b & 255));
    }

    @Test
    void nonPositiveValuesAreLeftOutOnALogAxisAndReported() {
        Results r = new Results();
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("error"), new double[][] {{1, 0, -1, Double.NaN, 0.5}}, List.of()));
        r.add(Fixtures.run(DEMO, "a", 2, "{}", List.of("error"), new double[][] {{0, 0, 0}}, List.of()));
        r.add(Fixtures.missing(DEMO, "b", 1));
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.series()).isEqualTo(1);
        assertThat(d.lines().get(0).y()).containsExactly(1, 0.5);
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("a-seed2").contains("positive"))
                .anySatisfy(n -> assertThat(n).contains("b-seed1").contains("no outputs"));
    }

    @Test
    void nothingToDrawGivesNoChart() {
        Results r = new Results();
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("loss"), new double[][] {{1, 2}}, List.of()));
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(d.chart()).isNull();
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("no column error"));
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("b: not run"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void decimationKeepsEndsExtremesAndOrder(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 10_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = rng.nextDouble();
        }
        int spike = rng.nextInt(1, n - 1);
        y[spike] = 50;
        double[][] kept = Charts.decimate(x, y, 400);
        assertThat(kept[0].length).isLessThanOrEqualTo(400).isGreaterThan(300);
        assertThat(kept[0][0]).isEqualTo(0);
        assertThat(kept[0][kept[0].length - 1]).isEqualTo(n - 1);
        assertThat(kept[1]).contains(50.0);
        double min = Double.POSITIVE_INFINITY;
        for (double v : y) min = Math.min(min, v);
        assertThat(kept[1]).contains(min);
        for (int i = 1; i < kept[0].length; i++) assertThat(kept[0][i]).isGreaterThan(kept[0][i - 1]);
        for (int i = 0; i < kept[0].length; i++) assertThat(kept[1][i]).isEqualTo(y[(int) kept[0][i]]);
    }

    @Test
    void shortLinesAreNotThinned() {
        double[][] kept = Charts.decimate(new double[] {0, 1, 2}, new double[] {3, 4, 5}, 10);
        assertThat(kept[0]).containsExactly(0, 1, 2);
        assertThat(kept[1]).containsExactly(3, 4, 5);
    }

    @Test
    void svgIsWellFormedWithOnePolylinePerSeriesInsideThePlot() throws Exception {
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, results());
        String svg = Charts.svg(d);
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("width")).isEqualTo(Integer.toString(Charts.WIDTH));
        assertThat(root.getAttribute("height")).isEqualTo(Integer.toString(Charts.HEIGHT));
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(4);
        for (int i = 0; i < lines.getLength(); i++) {
            String[] points = ((Element) lines.item(i)).getAttribute("points").split(" ");
            assertThat(points).hasSize(d.lines().get(i).x().length);
            for (String p : points) {
                double px = Double.parseDouble(p.split(",")[0]), py = Double.parseDouble(p.split(",")[1]);
                assertThat(px).isBetween(0.0, (double) Charts.WIDTH);
                assertThat(py).isBetween(0.0, (double) Charts.HEIGHT);
            }
        }
        // decade tick labels on the log axis: the data span 1 down to 0.95^299 ≈ 2e-7 and 0.99^299 ≈ 0.05
        assertThat(svg).contains(">1e0<").contains(">1e-7<");
    }

    @Test
    void aLegendTooWideForOneRowGoesToTheRight() {
        Charts.Drawn d = Charts.draw(DEMO.plots().get(0), DEMO, results());
        assertThat(d.chart().getStyler().getLegendPosition()).isEqualTo(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        List<SvgChart.Line> many = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            many.add(new SvgChart.Line("run" + i, "asymmetric 1-bit completion, corrected (6 seeds)", true,
                    Charts.PALETTE[i], new double[] {0, 1}, new double[] {1, 2}));
        }
        var chart = Charts.chart("t", "y", false, many);
        assertThat(chart.getStyler().getLegendPosition()).isEqualTo(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        assertThat(chart.getStyler().getLegendLayout()).isEqualTo(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertThat(SvgChart.niceTicks(0, 999, 8)).containsExactly(0, 200, 400, 600, 800, 1000);
        assertThat(SvgChart.niceTicks(0.013, 0.048, 7)).startsWith(0.01).endsWith(0.05);
        assertThat(SvgChart.decadeTicks(-9.3, 1.2)).containsExactly(-10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2);
        double[] wide = SvgChart.decadeTicks(-140, 30);
        assertThat(wide.length).isLessThanOrEqualTo(14);
        assertThat(wide[0]).isLessThanOrEqualTo(-140);
        assertThat(wide[wide.length - 1]).isGreaterThanOrEqualTo(30);
    }
}
