package org.irlab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.ejml.data.DMatrixRMaj;
import org.irlab.problem.Objective;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/library.md cannot rot: its Java example is extracted from the page, compiled against core alone (core's
 * classes and EJML, release 17, as a user's project would) and run; its printed result is checked, its user-written
 * objective is checked against finite differences, and the dependency snippet against core's coordinates.
 */
class LibraryExampleTest {
    @TempDir Path dir;

    static final Path PAGE = Path.of("..", "docs", "library.md");

    static String block(String page, String language) {
        int start = page.indexOf("```" + language + "\n");
        assertThat(start).as("a ```" + language + " block in " + PAGE).isNotNegative();
        start += language.length() + 4;
        return page.substring(start, page.indexOf("```", start));
    }

    @Test
    void theExampleCompilesAgainstCoreAndPrintsWhatThePageSays() throws Exception {
        String page = Files.readString(PAGE);
        String source = block(page, "java");
        Path file = dir.resolve("RankOne.java");
        Files.writeString(file, source);
        String classpath = location(Objective.class) + java.io.File.pathSeparator + location(DMatrixRMaj.class);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null, List.of("--release", "17", "-Xlint:all", "-Werror",
                "-classpath", classpath, "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
        assertThat(compiled).as(diagnostics.toString()).isTrue();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> example = loader.loadClass("RankOne");
            PrintStream stdout = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                example.getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(stdout);
            }
            String printed = captured.toString(StandardCharsets.UTF_8).strip();
            Matcher m = Pattern.compile("It prints `([^`]*)`").matcher(page);
            assertThat(m.find()).as("the page quotes the output").isTrue();
            assertThat(printed).isEqualTo(m.group(1));
            assertThat(printed).startsWith("CONVERGED");

            Objective f = (Objective) example.getConstructor().newInstance();
            checkDerivatives(f);
        }

        // the dependency snippet names core's coordinates
        String pom = Files.readString(Path.of("pom.xml"));
        String xml = block(page, "xml");
        assertThat(pom).contains("<artifactId>" + between(xml, "artifactId") + "</artifactId>");
        assertThat(Files.readString(Path.of("..", "pom.xml")))
                .contains("<groupId>" + between(xml, "groupId") + "</groupId>")
                .contains("<version>" + between(xml, "version") + "</version>");
    }

    private static String between(String xml, String tag) {
        return xml.substring(xml.indexOf("<" + tag + ">") + tag.length() + 2, xml.indexOf("</" + tag + ">"));
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Central differences of f and ∇f at a few points: the user's gradient and Hessian-vector product agree. */
    private static void checkDerivatives(Objective f) {
        double h = 1e-6;
        double[][] points = {{0.3, -0.7}, {1.5, 0.2}, {-1.1, 0.9}};
        for (double[] x : points) {
            double[] g = new double[2], gp = new double[2], gm = new double[2], hv = new double[2];
            f.valueAndGradient(x, g);
            double[] v = {0.6, -0.8};
            f.hessianVector(x, v, hv);
            for (int i = 0; i < 2; i++) {
                double[] xp = x.clone(), xm = x.clone();
                xp[i] += h;
                xm[i] -= h;
                double fd = (f.value(xp) - f.value(xm)) / (2 * h);
                assertThat(Tolerances.close(g[i], fd, Tolerances.FD_RELATIVE, Tolerances.FD_ABSOLUTE)).as("∂f/∂x%d", i)
                        .isTrue();
            }
            double[] xp = {x[0] + h * v[0], x[1] + h * v[1]}, xm = {x[0] - h * v[0], x[1] - h * v[1]};
            f.gradient(xp, gp);
            f.gradient(xm, gm);
            for (int i = 0; i < 2; i++) {
                double fd = (gp[i] - gm[i]) / (2 * h);
                assertThat(Tolerances.close(hv[i], fd, Tolerances.FD_RELATIVE, Tolerances.FD_ABSOLUTE)).as("(Hv)%d", i)
                        .isTrue();
            }
        }
    }
}
