package org.irlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class ChartsTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final Experiment DEMO = Fixtures.experiment(
            "[{'name': 'err', 'title': 'Error of every group, a title long enough that it has to be wrapped over two"
            + " lines rather than cut off at the edge of the picture', 'column': 'error', 'log': true},"
            + " {'name': 'lin', 'title': 'Loss', 'column': 'loss', 'log': false, 'runs': ['b']},"
            + " {'name': 'one', 'title': 'Error', 'column': 'error', 'panels': 'one'}]", "[]");

    /** Three seeds of a (sparse recovery), two of b (least squares): error decays geometrically, loss is linear. */
    private static Results results() {
        Results r = new Results();
        for (String g : List.of("a", "b")) {
            for (long seed = 1; seed <= (g.equals("a") ? 3 : 2); seed++) {
                int n = 300;
                double[] error = new double[n], loss = new double[n];
                double rate = g.equals("a") ? 0.95 : 0.99;
                for (int i = 0; i < n; i++) {
                    error[i] = seed * Math.pow(rate, i);
                    loss[i] = 100 - i * 0.1 * seed;
                }
                String type = g.equals("a") ? "sparse-recovery" : "least-squares";
                r.add(Fixtures.run(DEMO, g, seed, "{'status': 'converged', 'problem': '" + type + "'}",
                        List.of("error", "loss"), new double[][] {error, loss}, List.of()));
            }
        }
        return r;
    }

    @Test
    void coincidingDotsOfASeriesAreWrittenOnceAndDistinctOnesAllKept() throws Exception {
        SvgCanvas c = new SvgCanvas("dots", 100, 80, "t", "x", "y");
        // 10.02 and 10.04 round to the same tenth of a pixel; 10.06 does not
        double[] x = {10.02, 10.04, 10.06, 50, 50, 50, 10.02};
        double[] y = {20, 20, 20, 30, 30, 30.3, 20};
        c.dots(x, y, x.length, Color.BLACK, 5, 0.75, "pts", "");
        Element path = (Element) parse(c.finish()).getElementsByTagName("path").item(0);
        assertThat(path.getAttribute("d")).isEqualTo("M10 20h0M10.1 20h0M50 30h0M50 30.3h0");
    }

    @Test
    void medianAndBandAreThoseOfTheSeedsWithFinishedRunsHeldAtTheirLastValue() {
        double[][] a = {{0, 1, 2, 3}, {1, 2, 3, 4}};
        double[][] b = {{0, 2}, {10, 20}};          // holds 10 at t = 1, 20 after it ends
        double[][] c = {{1, 3}, {5, 7}};            // starts at t = 1
        double[][] m = Charts.median(List.of(a, b, c));
        assertThat(m[0]).containsExactly(0, 1, 2, 3);
        assertThat(m[1]).containsExactly(5.5, 5, 5, 7);  // t = 0: median of {1, 10}; t = 1: of {2, 10, 5} …
        assertThat(m[2]).containsExactly(1, 2, 3, 4);
        assertThat(m[3]).containsExactly(10, 10, 20, 20);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void medianMatchesAnIndependentSortOnACommonGrid(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[][]> runs = new ArrayList<>();
        int k = 2 + rng.nextInt(5), n = 50;
        for (int r = 0; r < k; r++) {
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 10 * i;
                y[i] = rng.nextGaussian();
            }
            runs.add(new double[][] {x, y});
        }
        double[][] m = Charts.median(runs);
        for (int i = 0; i < n; i++) {
            double[] column = new double[k];
            for (int r = 0; r < k; r++) column[r] = runs.get(r)[1][i];
            java.util.Arrays.sort(column);
            double median = k % 2 == 1 ? column[k / 2] : (column[k / 2 - 1] + column[k / 2]) / 2;
            assertThat(m[1][i]).isCloseTo(median, within(1e-15));
            assertThat(m[2][i]).isEqualTo(column[0]);
            assertThat(m[3][i]).isEqualTo(column[k - 1]);
        }
    }

    @Test
    void onePanelPerProblemWithBandSeedsAndMedianPerGroup() {
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, results());
        assertThat(c.logY()).isTrue();
        assertThat(c.panels()).extracting(Chart.Panel::title).containsExactly("sparse recovery", "least squares");
        assertThat(c.panels().get(0).series()).extracting(Chart.Series::kind).containsExactly(Chart.Kind.BAND,
                Chart.Kind.RUN, Chart.Kind.RUN, Chart.Kind.RUN, Chart.Kind.MEDIAN);
        assertThat(c.panels().get(0).series()).extracting(Chart.Series::which).contains("seed 2", "median of 3 seeds");
        assertThat(c.runs()).isEqualTo(5);
        assertThat(c.legend()).extracting(Chart.LegendEntry::label).containsExactly("group A", "group B");
        assertThat(c.legend()).extracting(Chart.LegendEntry::style).doesNotHaveDuplicates();
        assertThat(c.notes()).isEmpty();
        Chart one = Charts.draw(DEMO.plots().get(2), DEMO, results());
        assertThat(one.panels()).singleElement().satisfies(p -> assertThat(p.title()).isEmpty());
    }

    @Test
    void linearPlotDrawsOnlyTheNamedGroupOnALinearAxis() {
        Chart c = Charts.draw(DEMO.plots().get(1), DEMO, results());
        assertThat(c.logY()).isFalse();
        assertThat(c.panels()).singleElement().satisfies(p -> assertThat(p.series())
                .allSatisfy(s -> assertThat(s.group()).isEqualTo("b")));
    }

    @Test
    void hugeLogRangesAreDrawnAsLog10OnALinearAxis() {
        Results r = new Results();
        double[] blowUp = new double[13];
        for (int i = 0; i < blowUp.length; i++) blowUp[i] = Math.pow(10, 1 + i * 12.0);
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("error"), new double[][] {blowUp}, List.of()));
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(c.logY()).isFalse();
        assertThat(c.yLabel()).isEqualTo("log₁₀ of error");
        assertThat(c.panels().get(0).series().get(0).y()[12]).isCloseTo(145, within(1e-9));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("144 decades"));
    }

    @Test
    void nonPositiveValuesAreLeftOutOnALogAxisAndReported() {
        Results r = new Results();
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("error"), new double[][] {{1, 0, -1, Double.NaN, 0.5}}, List.of()));
        r.add(Fixtures.run(DEMO, "a", 2, "{}", List.of("error"), new double[][] {{0, 0, 0}}, List.of()));
        r.add(Fixtures.missing(DEMO, "b", 1));
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(c.runs()).isEqualTo(1); // the one drawn run is shown as its group's line
        assertThat(c.panels().get(0).series()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(Chart.Kind.MEDIAN);
            assertThat(s.which()).isEqualTo("seed 1");
            assertThat(s.y()).containsExactly(1, 0.5);
        });
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("a-seed2").contains("positive"))
                .anySatisfy(n -> assertThat(n).contains("b-seed1").contains("no outputs"));
    }

    @Test
    void nothingToDrawGivesAnEmptyChart() {
        Results r = new Results();
        r.add(Fixtures.run(DEMO, "a", 1, "{}", List.of("loss"), new double[][] {{1, 2}}, List.of()));
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, r);
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("no column error"));
        assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("b: not run"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void thinningKeepsEndsPerColumnExtremesAndOrder(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 10_000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.05; // 20 points per pixel
            y[i] = rng.nextDouble();
        }
        int spike = rng.nextInt(1, n - 1);
        y[spike] = 50;
        int[] kept = ChartPainter.thin(x, y, 1);
        assertThat(kept.length).isBetween(2 * 500, 2 * 500 + 2);
        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(n - 1);
        assertThat(kept).contains(spike);
        for (int i = 1; i < kept.length; i++) assertThat(kept[i]).isGreaterThan(kept[i - 1]);
        for (int column = 0; column < 500; column++) {
            int lo = column * 20, hi = column * 20;
            for (int i = column * 20; i < column * 20 + 20; i++) {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            assertThat(kept).contains(lo, hi);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void simplificationKeepsEveryPointWithinTheTolerance(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 2000;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.4;
            y[i] = (i < 800 ? 0.3 * i : 240 - 0.1 * (i - 800)) + 0.2 * rng.nextDouble() + (i % 500 == 7 ? 9 : 0);
        }
        int[] keep = ChartPainter.simplify(x, y, 0.25);
        assertThat(keep[0]).isZero();
        assertThat(keep[keep.length - 1]).isEqualTo(n - 1);
        assertThat(keep).contains(507, 1007, 1507); // the spikes
        assertThat(keep.length).isLessThan(n / 4);
        for (int s = 0; s + 1 < keep.length; s++) {
            int a = keep[s], b = keep[s + 1];
            double dx = x[b] - x[a], dy = y[b] - y[a], length = Math.hypot(dx, dy);
            for (int i = a + 1; i < b; i++) {
                assertThat(Math.abs(dy * (x[i] - x[a]) - dx * (y[i] - y[a])) / length).isLessThanOrEqualTo(0.25);
            }
        }
        double[] line = {0, 1, 2, 3};
        assertThat(ChartPainter.simplify(line, line, 0.1)).containsExactly(0, 3);
    }

    @Test
    void shortLinesAreNotThinned() {
        assertThat(ChartPainter.thin(new double[] {0, 10, 20}, new double[] {3, 4, 5}, 1)).containsExactly(0, 1, 2);
    }

    /** The SVG as a DOM (well-formed, no doctype). */
    static Document parse(String svg) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    @Test
    void svgHasPanelsForTheScriptSeriesTaggedWithTheirGroupAndTheFullTitle() throws Exception {
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, results());
        String svg = ChartPainter.svg(c, "demo-err");
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("width")).isEqualTo(Integer.toString(ChartPainter.WIDTH));
        int height = ChartPainter.height(c);
        assertThat(root.getAttribute("height")).isEqualTo(Integer.toString(height));
        assertThat(root.getAttribute("class")).isEqualTo("chart");
        assertThat(root.getAttribute("data-yn")).isEqualTo(c.yLabel());

        List<Element> panels = byClass(doc, "g", "panel");
        assertThat(panels).hasSize(2);
        for (Element p : panels) {
            assertThat(p.getAttribute("data-box").split(" ")).hasSize(4);
            assertThat(p.getAttribute("data-log")).isEqualTo("1");
        }
        Set<String> legend = new HashSet<>();
        for (Element item : byClass(doc, "g", "item")) legend.add(item.getAttribute("data-g"));
        assertThat(legend).containsExactlyInAnyOrder("a", "b");
        NodeList lines = doc.getElementsByTagName("polyline");
        assertThat(lines.getLength()).as("3 + 1 medians of a, 2 + 1 of b").isEqualTo(7);
        for (int i = 0; i < lines.getLength(); i++) {
            Element l = (Element) lines.item(i);
            assertThat(legend).contains(l.getAttribute("data-g"));
            assertThat(l.getAttribute("data-w")).matches("seed \\d|median of \\d seeds");
            for (String point : l.getAttribute("points").split(" ")) {
                double px = Double.parseDouble(point.split(",")[0]), py = Double.parseDouble(point.split(",")[1]);
                assertThat(px).isBetween(0.0, (double) ChartPainter.WIDTH);
                assertThat(py).isBetween(0.0, (double) height);
            }
        }
        assertThat(byClass(doc, "polygon", "band")).hasSize(2);
        // the title, wrapped into lines that together are the whole title
        StringBuilder title = new StringBuilder();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if ("bold".equals(t.getAttribute("font-weight")) && t.getAttribute("font-size").equals("15")) {
                title.append(title.length() == 0 ? "" : " ").append(t.getTextContent());
            }
        }
        assertThat(title.toString()).isEqualTo(DEMO.plots().get(0).title());
        // decade tick labels on the shared log axis: the data span 3 down to 0.95^299 ≈ 2e-7 (every other decade)
        assertThat(svg).contains(">10⁰<").contains(">10⁻⁸<").doesNotContain(">1e");
    }

    private static List<Element> byClass(Document doc, String tag, String cssClass) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("class").equals(cssClass)) out.add(e);
        }
        return out;
    }

    @Test
    void pngHasTheLayoutSizeAndShowsEachGroupColour() throws Exception {
        Chart c = Charts.draw(DEMO.plots().get(0), DEMO, results());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartPainter.png(c)));
        assertThat(image.getWidth()).isEqualTo(ChartPainter.WIDTH);
        assertThat(image.getHeight()).isEqualTo(ChartPainter.height(c));
        for (int style = 0; style < 2; style++) {
            int target = ChartPainter.color(style).getRGB() & 0xffffff, close = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) if (distance(image.getRGB(x, y) & 0xffffff, target) < 40) close++;
            }
            assertThat(close).as("pixels of group colour " + style).isGreaterThan(200);
        }
    }

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 255) - (b >> 16 & 255)) + Math.abs((a >> 8 & 255) - (b >> 8 & 255))
                + Math.abs((a & 255) - (b & 255));
    }

    @Test
    void everyGroupOfAChartLooksDifferent() {
        Set<String> looks = new HashSet<>();
        for (int style = 0; style < 20; style++) {
            Color c = ChartPainter.color(style);
            looks.add(c.getRGB() + java.util.Arrays.toString(ChartPainter.dash(style)));
            assertThat(c).isNotEqualTo(new Color(0xF0E442)); // Okabe–Ito yellow: unreadable on white
        }
        assertThat(looks).hasSize(20);
    }

    @Test
    void wrappingNeverCutsWordsAndKeepsLinesShort() {
        String text = "IPGD+ (T_escape = 200): deviation rate r(x_t) vs iteration, every problem of Section 7";
        List<String> lines = ChartPainter.wrap(text, 30);
        assertThat(String.join(" ", lines)).isEqualTo(text);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(ChartPainter.wrap("short", 30)).containsExactly("short");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertThat(ChartPainter.niceTicks(0, 999, 8)).containsExactly(0, 200, 400, 600, 800, 1000);
        assertThat(ChartPainter.niceTicks(0.013, 0.048, 7)).startsWith(0.01).endsWith(0.05);
        assertThat(ChartPainter.decadeTicks(-9.3, 1.2, 12)).containsExactly(-10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2);
        double[] wide = ChartPainter.decadeTicks(-140, 30, 6);
        assertThat(wide.length).isLessThanOrEqualTo(8);
        assertThat(wide[0]).isLessThanOrEqualTo(-140);
        assertThat(wide[wide.length - 1]).isGreaterThanOrEqualTo(30);
        assertThat(ChartPainter.decade(-15)).isEqualTo("10⁻¹⁵");
        assertThat(ChartPainter.decade(3)).isEqualTo("10³");
    }
}
