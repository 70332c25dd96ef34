package org.irlab.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.irlab.testing.Cli;
import org.irlab.experiment.Json;

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

    /** The command line in this JVM. */
    static Cli.Result irlab(String... args) { return Cli.irlab(args); }

    /** The fixture with a single init (zero) instead of its zip of two, and without value labels. */
    static ObjectNode oneInit(Path dir) throws IOException {
        ObjectNode tree = tree(dir);
        tree.set("zip", Json.MAPPER.readTree("{\"init\": [{\"type\": \"zero\"}], \"algorithm.refineSteps\": [500]}"));
        tree.remove("valueLabels");
        return tree;
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
