package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.irlab.experiment.Json;
import org.irlab.experiment.SpecException;

/**
 * The sweeps shipped with IRLab ({@code sweeps/NAME.json}, also inside the jar), which {@code reproduce}'s
 * experiments of kind sweep name.
 */
public final class Catalog {
    private Catalog() {}

    /** The definition of a shipped sweep: the jar's copy, else {@code sweeps/NAME.json} in the working directory. */
    public static JsonNode definition(String name) {
        if (!Sweep.NAME.matcher(name).matches()) throw new SpecException("sweep: '" + name + "' is not a sweep name");
        try (InputStream in = Catalog.class.getResourceAsStream("/sweeps/" + name + ".json")) {
            if (in != null) return Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SpecException("sweeps/" + name + ".json: " + e.getMessage());
        }
        Path file = Path.of("sweeps", name + ".json");
        if (Files.isRegularFile(file)) return Json.read(file);
        throw new SpecException("sweep: no sweep named '" + name + "' (sweeps/" + name + ".json)");
    }

    /** Expands a sweep definition: its quick variant, or the given size patch (grid, zip, seeds, set) of the full one. */
    public static Expansion expand(JsonNode definition, boolean quick, JsonNode size) {
        String origin = definition.path("name").isTextual() ? "sweep " + definition.get("name").asText() : "sweep";
        return Expansion.of(Sweep.parse(definition, origin, null, quick, quick || size == null || size.isNull() ? null : size));
    }
}
