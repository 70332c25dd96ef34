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
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.irlab.experiment.Json;
import org.irlab.report.Charts;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * End to end: {@code irlab reproduce --quick} into a temporary directory, then {@code report.html} opened from
 * file:// in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium through chromedriver's own
 * protocol, so no Chrome-version-specific DevTools bindings are needed). Checks that every plot rendered as a
 * non-blank image of the chart's size, that the page made no request besides loading itself (Chromium's network
 * log), that it holds no script or external resource, and that the claims tables are there. A full-page screenshot
 * is kept in {@code target/report-browser/report.png}.
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
                    + "'script, link, iframe, object, embed, video, audio, source, frame').length")).intValue())
                    .as("scripts or external resources in the page").isZero();
            @SuppressWarnings("unchecked")
            List<String> sources = (List<String>) js.executeScript("return Array.from(document.querySelectorAll("
                    + "'[src], [srcset], [poster]')).map(e => e.getAttribute('src') || e.getAttribute('srcset') || e.getAttribute('poster'))");
            assertThat(sources).allSatisfy(s -> assertThat(s).startsWith("data:image/png;base64,"));

            // claims: the overview plus one table per experiment, one row per claim in each
            assertThat(driver.findElements(By.cssSelector("table.claims.overview tbody tr"))).hasSize(claims);
            List<WebElement> rows = driver.findElements(By.cssSelector("section.experiment table.claims tbody tr"));
            assertThat(rows).hasSize(claims);
            for (WebElement row : rows) {
                String verdict = row.findElement(By.cssSelector("td.verdict")).getText();
                assertThat(verdict).matches("(?s)(reproduced|partially|not reproduced|not measured)\\R.*"
                        + "(runs pass|pooled over \\d+ runs)");
            }

            List<WebElement> images = driver.findElements(By.cssSelector("figure img"));
            assertThat(images).hasSize(plots);
            for (WebElement img : images) checkRendered(driver, img);

            Set<String> requested = requests(driver.manage().logs().get(LogType.PERFORMANCE).getAll(), url);
            assertThat(requested).as("the network log saw the page load").contains(url);
            List<String> outside = new ArrayList<>();
            for (String r : requested) if (!r.equals(url) && !r.startsWith("data:")) outside.add(r);
            assertThat(outside).as("requests that left the page").isEmpty();

            long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new Dimension(1280, (int) Math.min(height + 100, 16_000)));
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

    /** The image loaded at the chart's size, is shown at that size, and its pixels are not blank. */
    private static void checkRendered(ChromeDriver driver, WebElement img) throws Exception {
        String name = img.getAttribute("data-plot");
        @SuppressWarnings("unchecked")
        List<Number> size = (List<Number>) driver.executeScript("const i = arguments[0]; i.scrollIntoView();"
                + " const r = i.getBoundingClientRect();"
                + " return [i.complete ? 1 : 0, i.naturalWidth, i.naturalHeight, r.width, r.height];", img);
        assertThat(size.get(0).intValue()).as(name + " loaded").isEqualTo(1);
        assertThat(size.get(1).intValue()).as(name + " natural width").isEqualTo(Charts.WIDTH);
        assertThat(size.get(2).intValue()).as(name + " natural height").isEqualTo(Charts.HEIGHT);
        assertThat(size.get(3).doubleValue()).as(name + " shown width").isEqualTo(Charts.WIDTH);
        assertThat(size.get(4).doubleValue()).as(name + " shown height").isEqualTo(Charts.HEIGHT);
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(img.getScreenshotAs(OutputType.BYTES)));
        assertThat(shot.getWidth()).as(name + " screenshot width").isEqualTo(Charts.WIDTH);
        assertThat(shot.getHeight()).as(name + " screenshot height").isEqualTo(Charts.HEIGHT);
        Set<Integer> colours = new HashSet<>();
        int ink = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int p = shot.getRGB(x, y) & 0xffffff;
                colours.add(p);
                if (p != 0xffffff) ink++;
            }
        }
        assertThat(colours.size()).as(name + " distinct colours").isGreaterThan(20);
        assertThat(ink).as(name + " non-white pixels").isGreaterThan(shot.getWidth() * shot.getHeight() / 50);
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
