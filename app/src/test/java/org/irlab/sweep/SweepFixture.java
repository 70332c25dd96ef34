package org.irlab.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.irlab.cli.Main;
import org.irlab.experiment.Json;
import picocli.CommandLine;

/** The small sweep of the tests (sweeps/tiny.json: 3 × 3 × 2 cells, one constraint, an init file that fails). */
final class SweepFixture {
    private SweepFixture() {}

    /** Copies tiny.json and bad.csv into dir and returns the sweep file. */
    static Path copy(Path dir) throws IOException {
        for (String f : new String[] {"tiny.json", "bad.csv"}) {
            try (InputStream in = SweepFixture.class.getResourceAsStream("/sweeps/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        return dir.resolve("tiny.json");
    }

    /** The fixture as a JSON tree (to derive malformed variants). */
    static ObjectNode tree(Path dir) throws IOException {
        return (ObjectNode) Json.read(copy(dir));
    }

    record Invocation(int exit, String out, String err) {}

    static Invocation irlab(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Invocation(code, out.toString(), err.toString());
    }

    /** results.csv without its wallSeconds column: what must not depend on the engine or thread count. */
    static String timeless(Path csv) throws IOException {
        var lines = Files.readAllLines(csv);
        int wall = java.util.Arrays.asList(lines.get(0).split(",")).indexOf("wallSeconds");
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            // messages come after wallSeconds and may contain commas: cut at the wall column only
            String[] cells = line.split(",", wall + 2);
            for (int i = 0; i < cells.length; i++) if (i != wall) b.append(cells[i]).append(i + 1 < cells.length ? "," : "");
            b.append('\n');
        }
        return b.toString();
    }
}
