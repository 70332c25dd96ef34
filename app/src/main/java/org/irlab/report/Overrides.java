package org.irlab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.irlab.experiment.SpecException;

/** Dotted-key overrides of a run spec tree ({@code "algorithm.escapeSteps": 200}); a null value removes the key. */
public final class Overrides {
    private Overrides() {}

    /** Applies every override in order; {@code where} names the overrides' origin in error messages. */
    public static void apply(ObjectNode tree, Map<String, JsonNode> overrides, String where) {
        for (Map.Entry<String, JsonNode> e : overrides.entrySet()) apply(tree, e.getKey(), e.getValue(), where);
    }

    public static void apply(ObjectNode tree, String dottedKey, JsonNode value, String where) {
        String[] parts = dottedKey.split("\\.", -1);
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) child = node.putObject(parts[i]);
            if (!child.isObject()) {
                throw new SpecException(where + "." + dottedKey + ": " + parts[i] + " is not an object in the spec");
            }
            node = (ObjectNode) child;
        }
        String last = parts[parts.length - 1];
        if (value == null || value.isNull()) node.remove(last);
        else node.set(last, value.deepCopy());
    }
}
