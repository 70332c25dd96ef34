package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;

/**
 * The catalogue of experiments: {@code experiments/index.json} lists the definition files' names in report order
 * ({@code {"experiments": ["fig1", "fig5"]}}), each defined in {@code experiments/NAME.json}.
 */
public final class Experiments {
    /** Where the built-in definitions live on the class path (copied from the repository's experiments/). */
    static final String RESOURCE_DIR = "/experiments/";

    private Experiments() {}

    /** The definitions shipped inside IRLab. */
    public static List<Experiment> builtIn() {
        return load(name -> {
            String resource = RESOURCE_DIR + name;
            try (InputStream in = Experiments.class.getResourceAsStream(resource)) {
                if (in == null) throw new SpecException("built-in experiment file missing: " + resource);
                return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "experiments/" + name);
            } catch (IOException e) {
                throw new SpecException("cannot read " + resource + ": " + e.getMessage());
            }
        });
    }

    /** The definitions in a directory holding an index.json. */
    public static List<Experiment> fromDirectory(Path dir) {
        return load(name -> Json.read(dir.resolve(name)));
    }

    private interface Reader { JsonNode read(String fileName); }

    private static List<Experiment> load(Reader reader) {
        JsonNode index = reader.read("index.json");
        JsonNode names = index.path("experiments");
        if (!names.isArray()) throw new SpecException("experiments/index.json: expected {\"experiments\": [names]}");
        Map<String, Experiment> byName = new LinkedHashMap<>();
        for (JsonNode n : names) {
            if (!n.isTextual()) throw new SpecException("experiments/index.json: expected names, got " + n);
            String file = n.asText() + ".json";
            Experiment e = Experiment.parse(reader.read(file), "experiments/" + file);
            if (!e.name().equals(n.asText())) {
                throw new SpecException("experiments/" + file + ": name is '" + e.name() + "', expected '" + n.asText() + "'");
            }
            if (byName.put(e.name(), e) != null) throw new SpecException("experiments/index.json: " + e.name() + " twice");
        }
        checkReferences(byName);
        return List.copyOf(byName.values());
    }

    /** Every experiment/group named by a plot or claim must exist. */
    static void checkReferences(Map<String, Experiment> byName) {
        for (Experiment e : byName.values()) {
            List<RunSelector> selectors = new ArrayList<>();
            for (Plot p : e.plots()) selectors.addAll(p.runs());
            for (Claim c : e.claims()) {
                selectors.addAll(c.runs());
                selectors.addAll(c.metric().selectors());
            }
            for (RunSelector s : selectors) {
                Experiment target = byName.get(s.experimentOr(e.name()));
                if (target == null || target.group(s.group()) == null) {
                    throw new SpecException("experiments/" + e.name() + ".json: '" + s + "' names no run of a known experiment");
                }
            }
        }
    }

    /**
     * The experiments to run: all of them, or those named plus the ones whose runs they use, in catalogue order.
     *
     * @throws SpecException naming an unknown experiment
     */
    public static List<Experiment> select(List<Experiment> all, List<String> only) {
        if (only == null || only.isEmpty()) return all;
        Map<String, Experiment> byName = new LinkedHashMap<>();
        for (Experiment e : all) byName.put(e.name(), e);
        Set<String> wanted = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(only);
        while (!queue.isEmpty()) {
            String name = queue.remove(0).trim();
            if (name.isEmpty() || !wanted.add(name)) continue;
            Experiment e = byName.get(name);
            if (e == null) {
                throw new SpecException("unknown experiment '" + name + "' (known: " + String.join(", ", byName.keySet()) + ")");
            }
            queue.addAll(e.references());
        }
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : all) if (wanted.contains(e.name())) out.add(e);
        return out;
    }
}
