package org.irlab.experiment;

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

    /** The problem's type name and iterate layout, from the resolved spec. */
    public ProblemFormat format(Problem problem) {
        return ProblemFormat.of(resolved.get("problem").get("type").asText(), problem);
    }

    /** Reads a spec file, applies {@code path=value} overrides, validates everything before any work. */
    public static RunSpec load(Path file, List<String> overrides) {
        JsonNode root = JsonTrees.read(file);
        Path base = file.toAbsolutePath().getParent();
        return parse(root, overrides, base);
    }

    /**
     * Validates a spec tree after applying overrides; every problem of the spec (unknown keys, missing keys, bad
     * values, section by section) is reported in one {@link SpecException}.
     */
    public static RunSpec parse(JsonNode root, List<String> overrides, Path baseDir) {
        if (!root.isObject()) throw new SpecException("spec: expected a JSON object at the top level");
        ObjectNode tree = ((ObjectNode) root).deepCopy();
        for (String o : overrides) applyOverride(tree, o);
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        SpecNode s = SpecNode.collecting(tree, resolved);
        String name = s.string("name", "run");
        s.require("problem");
        s.require("algorithm");
        Supplier<Problem> problem = s.section("problem", p -> Problems.read(p, baseDir));
        InitSpec init = s.section("init", i -> InitSpec.read(i, baseDir));
        DescentSettings algorithm = s.section("algorithm", AlgorithmSpec::read);
        RecordSpec record = s.section("record", RecordSpec::read);
        s.finish();
        try {
            checkName(name);
        } catch (SpecException e) {
            s.problem(e);
        }
        s.check();
        String problemType = resolved.get("problem").get("type").asText();
        if (init.kind() == InitSpec.Kind.BALANCED && !problemType.equals("deep-factorization")) {
            throw new SpecException("init.type: 'balanced' is defined for deep-factorization problems only, not "
                    + problemType);
        }
        return new RunSpec(name, problem, init, algorithm, record, resolved);
    }

    /** Names of runs and experiments: lower-case letters, digits and dashes, starting with a letter or digit. */
    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]*");

    /**
     * A run's name becomes its default directory ({@code out/<name>}): one or more {@link #NAME}s joined by '/'
     * ("fig5/ipgd-seed1" for a run of an experiment), so no name can point outside {@code out/} or at it.
     */
    static void checkName(String name) {
        for (String part : name.split("/", -1)) {
            if (!NAME.matcher(part).matches()) {
                throw new SpecException("name: '" + name + "' must be lower-case letters, digits and dashes (it names"
                        + " the output directory out/<name>; use \"/\" only between such parts)");
            }
        }
    }

    /** Applies one {@code a.b.c=value} override; value is JSON when it parses as JSON, else a string. */
    static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new SpecException("--set " + override + ": expected path=value");
        String path = override.substring(0, eq).trim();
        String text = override.substring(eq + 1).trim();
        String[] parts = path.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new SpecException("--set " + override + ": '" + path + "' is not a dotted key such as"
                        + " algorithm.stepSize");
            }
        }
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null) child = node.putObject(parts[i]);
            if (!child.isObject()) throw new SpecException("--set " + path + ": " + parts[i] + " is not an object");
            node = (ObjectNode) child;
        }
        JsonNode value = JsonTrees.valueOrNull(text);
        if (value == null) value = TextNode.valueOf(text);
        node.set(parts[parts.length - 1], value);
        // a path given on the command line is relative to the working directory, not to the spec file
        if (path.equals("init.path") && value.isTextual()) {
            node.put("path", absolute(value.asText()));
        } else if (path.equals("init") && value.isObject() && value.path("path").isTextual()) {
            ((ObjectNode) value).put("path", absolute(value.get("path").asText()));
        }
    }

    private static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path; // reported as a bad init.path when the spec is read
        }
    }
}
