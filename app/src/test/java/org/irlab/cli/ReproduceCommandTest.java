package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReproduceCommandTest {
    @TempDir Path tmp;

    record Ran(int code, String out, String err) {}

    static Ran irlab(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    static String tiny() {
        try {
            return Path.of(ReproduceCommandTest.class.getResource("/tiny-experiments/index.json").toURI())
                    .getParent().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void runsWritesASelfContainedReportAndSkipsWhatIsUpToDate() throws Exception {
        Path out = tmp.resolve("out");
        Ran first = irlab("reproduce", "--experiments", tiny(), "--out", out.toString(), "--threads", "2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("sensing: 6 runs in").contains("sparse: 2 runs in").contains("wrote ");
        for (String f : new String[] {"sensing/error.png", "sensing/error.svg", "sensing/loss-linear.png",
                                      "sparse/residual.svg", "sensing/experiment.json", "sparse/ipgd-seed2/summary.json"}) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;")
                .doesNotContainIgnoringCase("<link").doesNotContain("http://").doesNotContain("https://")
                .doesNotContain(" src=");
        // one inline script, allowed by its hash and nothing else
        assertThat(count(html, "<script")).isEqualTo(1);
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = "sha256-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                .getInstance("SHA-256").digest(script.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(html).contains("script-src '" + hash + "'\"");
        assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(3);
        assertThat(count(html, "<figcaption>")).isEqualTo(3);
        assertThat(count(html, "<table class=\"claims\">")).isEqualTo(2);
        assertThat(html).contains("sensing/over").contains("class=\"verdict v-");

        Ran second = irlab("reproduce", "--experiments", tiny(), "--out", out.toString(), "--quiet");
        assertThat(second.code()).isZero();
        assertThat(second.out()).isEmpty();
        Ran third = irlab("reproduce", "--experiments", tiny(), "--out", out.toString(), "--only", "sensing");
        assertThat(third.out()).contains("sensing: up to date").doesNotContain("sparse:");
        // the report still shows sparse: its outputs in DIR are up to date
        assertThat(Files.readString(out.resolve("report.html"))).contains("id=\"sparse\"");
        Ran forced = irlab("reproduce", "--experiments", tiny(), "--out", out.toString(), "--only", "sensing", "--force");
        assertThat(forced.out()).contains("sensing: 6 runs in");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    /**
     * Regression: a setting present in every group but the first (stepFraction exists only with stepSize auto) made
     * the settings table look up a missing value and the report crash.
     */
    @Test
    void settingsMissingFromTheFirstGroupAreListedAsDiffering() throws Exception {
        Path defs = tmp.resolve("defs");
        Files.createDirectories(defs);
        Files.writeString(defs.resolve("index.json"), "{\"experiments\": [\"mixed\"]}");
        Files.writeString(defs.resolve("mixed.json"), """
                {"name": "mixed", "title": "mixed", "source": "test",
                 "base": {"problem": {"type": "sparse-recovery", "dimension": 8, "measurements": 20, "truth": [1]},
                          "init": {"type": "gaussian", "scale": 0.1},
                          "algorithm": {"type": "gd", "stepSize": 0.01, "maxIterations": 20}},
                 "runs": [{"name": "a-fixed"},
                          {"name": "b-auto", "set": {"algorithm.stepSize": "auto"}},
                          {"name": "c-auto", "set": {"algorithm.stepSize": "auto", "algorithm.maxIterations": 30}}]}
                """);
        Path out = tmp.resolve("mixed-out");
        Ran r = irlab("reproduce", "--experiments", defs.toString(), "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("algorithm.stepFraction");
    }

    @Test
    void badInputExitsWithTwo() {
        Ran unknown = irlab("reproduce", "--experiments", tiny(), "--out", tmp.toString(), "--only", "fig42");
        assertThat(unknown.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(unknown.err()).contains("unknown experiment 'fig42'").contains("sensing, sparse");
        Ran threads = irlab("reproduce", "--threads", "0", "--out", tmp.toString());
        assertThat(threads.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(threads.err()).contains("--threads");
        Ran noDir = irlab("reproduce", "--experiments", tmp.resolve("nothing").toString(), "--out", tmp.toString());
        assertThat(noDir.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(noDir.err()).contains("index.json");
        Ran option = irlab("reproduce", "--fast");
        assertThat(option.code()).isEqualTo(Main.BAD_INPUT);
    }
}
