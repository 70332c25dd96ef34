package org.irlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.irlab.optim.DescentSettings;
import org.irlab.problem.Problem;

/**
 * A validated run spec: problem, init, algorithm and record sections, plus the resolved JSON (every default made
 * explicit) that is saved beside the results so the run can be replayed.
 */
public record RunSpec(String name, Supplier<Problem> problem, InitSpec init, DescentSettings algorithm,
                      RecordSpec record, ObjectNode resolved) {

    /** Reads a spec file, applies {@code path=value} overrides, validates everything before any work. */
    public static RunSpec load(Path file, List<String> overrides) {
        JsonNode root = Json.read(file);
        Path base = file.toAbsolutePath().getParent();
        return parse(root, overrides, base);
    }

    public static RunSpec parse(JsonNode root, List<String> overrides, Path baseDir) {
        if (!root.isObject()) throw new SpecException("spec: expected a JSON object at the top level");
        ObjectNode tree = ((ObjectNode) root).deepCopy();
        for (String o : overrides) applyOverride(tree, o);
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        SpecNode s = new SpecNode("", tree, resolved);
        String name = s.string("name", "run");
        if (!tree.has("problem")) throw new SpecException("problem: required");
        if (!tree.has("algorithm")) throw new SpecException("algorithm: required");
        Supplier<Problem> problem = Problems.read(s.child("problem"), baseDir);
        InitSpec init = InitSpec.read(s.child("init"), baseDir);
        DescentSettings algorithm = AlgorithmSpec.read(s.child("algorithm"));
        RecordSpec record = RecordSpec.read(s.child("record"));
        s.finish();
        String problemType = resolved.get("problem").get("type").asText();
        if (init.kind() == InitSpec.Kind.BALANCED && !problemType.equals("deep-factorization")) {
            throw new SpecException("init.type: 'balanced' is defined for deep-factorization problems only, not "
                    + problemType);
        }
        if (init.kind() == InitSpec.Kind.FILE && !java.nio.file.Files.isReadable(init.file())) {
            throw new SpecException("init.path: cannot read " + init.file());
        }
        return new RunSpec(name, problem, init, algorithm, record, resolved);
    }

    /** Applies one {@code a.b.c=value} override; value is JSON when it parses as JSON, else a string. */
    static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new SpecException("--set " + override + ": expected path=value");
        String path = override.substring(0, eq).trim();
        String text = override.substring(eq + 1).trim();
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null) child = node.putObject(parts[i]);
            if (!child.isObject()) throw new SpecException("--set " + path + ": " + parts[i] + " is not an object");
            node = (ObjectNode) child;
        }
        JsonNode value;
        try {
            value = Json.MAPPER.readTree(text);
            if (value == null || value.isMissingNode()) value = TextNode.valueOf(text);
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(text);
        }
        node.set(parts[parts.length - 1], value);
    }
}
