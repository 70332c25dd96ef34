package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.irlab.experiment.Json;
import org.irlab.report.Experiment;
import org.irlab.report.Experiments;
import org.irlab.testing.SyntheticData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntries;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * End to end: {@code irlab reproduce --quick} into a temporary directory, then {@code report.html} opened from
 * file:// in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium through chromedriver's own
 * protocol, so no Chrome-version-specific DevTools bindings are needed). Checks that every plot has a caption and
 * rendered as a chart of panels with its texts inside the picture and a legend whose groups all look different;
 * that hovering a line shows its group, seed and the value of the run's trace.csv; that clicking a legend entry
 * hides its group; that at 1400 px no figure or table leaves its section; that the page made no request besides
 * loading itself (Chromium's network log), holds no external resource and only its one inline script, and logged
 * no error (a CSP violation would be one); and that the claims tables are there. A full-page screenshot is kept in
 * {@code target/report-browser/report.png}.
 *
 * <p>Rule: when chromium or chromedriver is missing the test <b>fails</b> in CI (environment CI=true; .ci/run installs
 * both with apt) and is <b>skipped</b> elsewhere, with the install command in the message.
 */
class ReportBrowserTest {
    @TempDir Path tmp;

    /** Held so the level sticks (loggers are weakly referenced): Selenium warns about CDP versions it does not need. */
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    private static final String INSTALL = "headless Chromium is needed for the report's browser test: "
            + "apt-get install -y chromium chromium-driver";

    @Test
    void quickReproductionRendersInHeadlessChromium() throws Exception {
        Path chromium = executable("chromium", "chromium-browser");
        Path chromedriver = executable("chromedriver");
        if (chromium == null || chromedriver == null) {
            String what = INSTALL + " (missing: " + (chromium == null ? "chromium " : "")
                    + (chromedriver == null ? "chromedriver" : "") + ")";
            if ("true".equals(System.getenv("CI"))) fail(what);
            Assumptions.abort(what + "; skipped outside CI");
        }

        // the completion experiment reads its data sets from --data: small synthetic stand-ins, so nothing is fetched
        // (the picture is big enough for the quick mode's 128×128 crop at (192, 192))
        Path data = tmp.resolve("data");
        SyntheticData.ratings(data.resolve("movielens-small.csv"), 60, 40, 0.5, 11);
        SyntheticData.picture(data.resolve("camera.png"), 320, 320, 0.05, 3);
        Path out = tmp.resolve("out");
        ReproduceCommandTest.Ran ran = ReproduceCommandTest.irlab("reproduce", "--quick", "--quiet", "--out", out.toString(),
                "--data", data.toString());
        assertThat(ran.code()).as(ran.err()).isZero();
        Path report = out.resolve("report.html");
        assertThat(report).isRegularFile();

        int plots = 0, claims = 0;
        for (Experiment e : Experiments.builtIn()) {
            plots += e.plots().size();
            claims += e.claims().size();
        }

        SELENIUM.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1280,1000",
                "--force-device-scale-factor=1", "--hide-scrollbars");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            String url = report.toUri().toString();
            driver.get("about:blank");
            driver.manage().logs().get(LogType.PERFORMANCE); // drop what the browser's start-up page loaded
            driver.get(url);
            JavascriptExecutor js = driver;

            assertThat(driver.getTitle()).isEqualTo("IRLab reproduction report");
            assertThat(driver.findElements(By.cssSelector("meta[http-equiv='Content-Security-Policy']"))).hasSize(1);
            assertThat(((Number) js.executeScript("return document.querySelectorAll("
                    + "'link, iframe, object, embed, video, audio, source, frame').length")).intValue())
                    .as("external resources in the page").isZero();
            @SuppressWarnings("unchecked")
            List<String> sources = (List<String>) js.executeScript("return Array.from(document.querySelectorAll("
                    + "'[src], [srcset], [poster]')).map(e => e.getAttribute('src') || e.getAttribute('srcset') || e.getAttribute('poster'))");
            assertThat(sources).as("images (the sweeps' heatmaps) are inline").allSatisfy(src -> assertThat(src)
                    .startsWith("data:image/png;base64,"));
            assertThat(((Number) js.executeScript("return document.querySelectorAll('script').length")).intValue())
                    .as("the one inline script").isEqualTo(1);
            assertThat(((Number) js.executeScript("return document.querySelectorAll('script[src]').length")).intValue())
                    .isZero();

            // claims: the overview plus one table per experiment, one row per claim in each
            assertThat(driver.findElements(By.cssSelector("table.claims.overview tbody tr"))).hasSize(claims);
            List<WebElement> rows = driver.findElements(By.cssSelector("section.experiment table.claims tbody tr"));
            assertThat(rows).hasSize(claims);
            for (WebElement row : rows) {
                String verdict = row.findElement(By.cssSelector("td.verdict")).getText();
                assertThat(verdict).matches("(?s)(reproduced|partially|not reproduced|not measured)\\R.*"
                        + "(runs pass|pooled over \\d+ runs)");
            }

            // figures: one per plot, each with a caption; drawn ones are inline SVG charts of panels and a legend
            List<WebElement> figures = driver.findElements(By.cssSelector("section.experiment figure"));
            assertThat(figures).hasSize(plots);
            for (WebElement f : figures) {
                assertThat(f.findElement(By.tagName("figcaption")).getText()).as(f.getAttribute("id") + " caption")
                        .isNotBlank();
            }
            List<WebElement> charts = driver.findElements(By.cssSelector("figure svg.chart"));
            assertThat(charts.size()).isGreaterThan(plots / 2);
            for (WebElement chart : charts) checkChart(driver, chart);

            checkNoOverflow(driver, 1400);
            checkHover(driver, out);
            checkLegendToggle(driver);

            LogEntries console = driver.manage().logs().get(LogType.BROWSER);
            List<String> errors = new ArrayList<>();
            for (LogEntry e : console.getAll()) if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
            assertThat(errors).as("console errors (e.g. a Content-Security-Policy violation)").isEmpty();

            Set<String> requested = requests(driver.manage().logs().get(LogType.PERFORMANCE).getAll(), url);
            assertThat(requested).as("the network log saw the page load").contains(url);
            List<String> outside = new ArrayList<>();
            for (String r : requested) if (!r.equals(url) && !r.startsWith("data:")) outside.add(r);
            assertThat(outside).as("requests that left the page").isEmpty();

            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 100, 16_000)));
            Path shots = Path.of("target", "report-browser");
            Files.createDirectories(shots);
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(shots.resolve("report.png"), png);
            BufferedImage page = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(page.getHeight()).isGreaterThan(2000);
        } finally {
            driver.quit();
        }
    }

    /**
     * A chart is drawn: panels in a grid (two or more in a row when there are several), every text inside the
     * picture (titles wrapped, not cut), one legend entry per group with a look (colour, dash) no other group has,
     * and non-blank pixels.
     */
    @SuppressWarnings("unchecked")
    private static void checkChart(ChromeDriver driver, WebElement chart) throws Exception {
        String id = chart.getAttribute("id");
        Map<String, Object> facts = (Map<String, Object>) driver.executeScript("""
                const svg = arguments[0]; svg.scrollIntoView();
                const vb = svg.viewBox.baseVal, panels = Array.from(svg.querySelectorAll('.panel'));
                const tops = panels.map(p => Math.round(p.querySelector('rect').getBBox().y));
                const box = svg.getBoundingClientRect();
                const outside = Array.from(svg.querySelectorAll('text')).filter(t => {
                  const b = t.getBoundingClientRect(); // after the text's own transform (the rotated y label)
                  return b.left < box.left - 0.5 || b.top < box.top - 0.5 || b.right > box.right + 0.5
                      || b.bottom > box.bottom + 0.5;
                }).map(t => t.textContent);
                const looks = Array.from(svg.querySelectorAll('.legend .item')).map(i => {
                  const l = i.querySelector('line, path');
                  return (l.getAttribute('stroke') || '') + '/' + (l.getAttribute('stroke-dasharray') || '');
                });
                const r = svg.getBoundingClientRect();
                return {panels: panels.length, rowMates: tops.filter(t => t === tops[0]).length, outside: outside,
                        looks: looks, items: svg.querySelectorAll('.legend .item').length, width: r.width, height: r.height};
                """, chart);
        int panels = ((Number) facts.get("panels")).intValue();
        assertThat(panels).as(id + " panels").isPositive();
        if (panels > 1) assertThat(((Number) facts.get("rowMates")).intValue()).as(id + " panels side by side").isGreaterThan(1);
        assertThat((List<String>) facts.get("outside")).as(id + " texts outside the picture").isEmpty();
        List<String> looks = (List<String>) facts.get("looks");
        assertThat(looks).as(id + " legend").isNotEmpty().doesNotHaveDuplicates();
        assertThat(((Number) facts.get("width")).doubleValue()).as(id + " shown width").isGreaterThan(600);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(chart.getScreenshotAs(OutputType.BYTES)));
        Set<Integer> colours = new HashSet<>();
        int ink = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int p = shot.getRGB(x, y) & 0xffffff;
                colours.add(p);
                if (p != 0xffffff) ink++;
            }
        }
        assertThat(colours.size()).as(id + " distinct colours").isGreaterThan(20);
        assertThat(ink).as(id + " non-white pixels").isGreaterThan(shot.getWidth() * shot.getHeight() / 50);
    }

    /** At the given window width the page does not scroll sideways and no figure or table leaves its section. */
    @SuppressWarnings("unchecked")
    private static void checkNoOverflow(ChromeDriver driver, int width) {
        driver.manage().window().setSize(new Dimension(width, 1000));
        List<String> over = (List<String>) driver.executeScript("""
                const out = [];
                if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
                  out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
                document.querySelectorAll('figure, table').forEach(e => {
                  const box = e.closest('.scroll') || e, section = e.closest('section');
                  if (!section) return;
                  const r = box.getBoundingClientRect(), s = section.getBoundingClientRect();
                  if (r.right > s.right + 0.5 || r.left < s.left - 0.5)
                    out.push((e.id || e.className || e.tagName) + ' in ' + section.id + ': ' + r.left + '..' + r.right
                             + ' outside ' + s.left + '..' + s.right);
                  if (e.tagName === 'FIGURE') {
                    const svg = e.querySelector('svg');
                    if (svg && svg.getBoundingClientRect().right > e.getBoundingClientRect().right + 0.5)
                      out.push(e.id + ': chart wider than its figure');
                  }
                });
                return out;
                """);
        assertThat(over).as("overflow at " + width + " px").isEmpty();
    }

    /**
     * Hovering a seed's line shows the group, the seed and the values, and the values are those of the run's
     * trace.csv (to the rounding of a tenth of a pixel).
     */
    @SuppressWarnings("unchecked")
    private static void checkHover(ChromeDriver driver, Path out) throws Exception {
        WebElement svg = driver.findElement(By.cssSelector("#figure-fig1-error svg.chart"));
        Map<String, Object> target = (Map<String, Object>) driver.executeScript("""
                const svg = arguments[0]; svg.scrollIntoView({block: 'center'});
                const line = svg.querySelector('.panel polyline.run');
                const pts = line.getAttribute('points').split(' ');
                const p = pts[Math.floor(pts.length / 3)].split(',').map(Number);
                const q = new DOMPoint(p[0], p[1]).matrixTransform(svg.getScreenCTM());
                return {x: q.x, y: q.y, group: line.getAttribute('data-g'), seed: line.getAttribute('data-w')};
                """, svg);
        new Actions(driver).moveToLocation((int) Math.round(((Number) target.get("x")).doubleValue()),
                (int) Math.round(((Number) target.get("y")).doubleValue())).perform();
        WebElement tip = driver.findElement(By.cssSelector("div.tip"));
        assertThat(tip.isDisplayed()).as("tooltip shown").isTrue();
        String text = tip.getText();
        String group = (String) target.get("group"), seed = (String) target.get("seed");
        String label = (String) driver.executeScript("return arguments[0].querySelector("
                + "'.legend [data-g=\"' + arguments[1] + '\"]').getAttribute('data-label')", svg, group);
        assertThat(text).startsWith(label + " · ").contains(" · seed ");
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile(" · (seed \\d+) · .* = ([-0-9.e+]+) · .* = ([-0-9.e+]+)$").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        String hoveredSeed = m.group(1);
        double t = Double.parseDouble(m.group(2)), value = Double.parseDouble(m.group(3));
        org.irlab.report.Trace trace = org.irlab.report.Trace.read(
                out.resolve("fig1").resolve(group + "-" + hoveredSeed.replace(" ", "")).resolve("trace.csv"));
        double[] it = trace.iterations(), error = trace.column("error");
        double closest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < it.length; i++) {
            if (Math.abs(it[i] - t) <= 0.01 * it[it.length - 1] + 1) {
                closest = Math.min(closest, Math.abs(Math.log10(error[i] / value)));
            }
        }
        assertThat(closest).as("hovered " + text + " vs trace.csv of " + group + " " + hoveredSeed
                + " (" + seed + " aimed at)").isLessThan(0.02);
        new Actions(driver).moveToLocation(1, 1).perform();
        assertThat(tip.isDisplayed()).as("tooltip hidden off the chart").isFalse();
    }

    /** Clicking a legend entry hides every series of its group; clicking again shows them. */
    private static void checkLegendToggle(ChromeDriver driver) {
        WebElement svg = driver.findElement(By.cssSelector("#figure-fig1-error svg.chart"));
        WebElement item = svg.findElement(By.cssSelector(".legend .item"));
        String group = item.getAttribute("data-g");
        String hidden = "return Array.from(arguments[0].querySelectorAll('.panel [data-g]'))"
                + ".filter(e => e.getAttribute('data-g') === arguments[1])"
                + ".map(e => getComputedStyle(e).display === 'none')";
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", item);
        item.click();
        @SuppressWarnings("unchecked") List<Boolean> afterClick = (List<Boolean>) driver.executeScript(hidden, svg, group);
        assertThat(afterClick).as("series of " + group + " after a click").isNotEmpty().containsOnly(true);
        assertThat(item.getAttribute("class")).contains("off");
        item.click();
        @SuppressWarnings("unchecked") List<Boolean> again = (List<Boolean>) driver.executeScript(hidden, svg, group);
        assertThat(again).as("series of " + group + " after a second click").containsOnly(false);
    }

    /**
     * URLs of every request made for the page (Network.requestWillBeSent events of Chromium's performance log whose
     * document is the page: browser-internal pages such as the start-up tab are not the report's requests).
     */
    private static Set<String> requests(List<LogEntry> entries, String page) {
        Set<String> urls = new HashSet<>();
        for (LogEntry e : entries) {
            JsonNode message;
            try {
                message = Json.MAPPER.readTree(e.getMessage()).path("message");
            } catch (Exception ex) {
                continue;
            }
            if (message.path("method").asText().equals("Network.requestWillBeSent")
                    && message.path("params").path("documentURL").asText().equals(page)) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        return urls;
    }

    private static Path executable(String... names) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }
}
