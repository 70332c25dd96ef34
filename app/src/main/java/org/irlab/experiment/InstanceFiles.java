package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.irlab.data.ArrayFiles;
import org.irlab.data.BadInputException;
import org.irlab.data.NdArray;
import org.irlab.data.Npz;

/**
 * The arrays of {@code problem.instance}, by name: a directory holding one {@code NAME.npy}, {@code NAME.mtx} or
 * {@code NAME.csv} per array (what {@code record.instance} writes), an {@code .npz} archive, or a JSON object mapping
 * each name to its file (a {@code .npz} there supplies the array of the same name). Paths are relative to the spec
 * file. Every error is a {@link SpecException} naming {@code problem.instance}, the file and the array.
 */
final class InstanceFiles {
    private final String key;
    private final Map<String, Path> files = new LinkedHashMap<>(); // name → file (directory and object forms)
    private final Path archive;                                    // the .npz form
    private Path folder;                                           // the directory form
    private final List<String> archiveNames;

    private InstanceFiles(String key, Path archive, List<String> archiveNames) {
        this.key = key;
        this.archive = archive;
        this.archiveNames = archiveNames;
    }

    /** Resolves the value of {@code problem.instance} (already read from the spec) against the spec's folder. */
    static InstanceFiles resolve(String key, JsonNode value, Path baseDir) {
        if (value.isTextual()) {
            Path path = resolvePath(value.asText(), baseDir);
            if (Files.isDirectory(path)) return directory(key, path);
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                try (Npz npz = open(key, path)) {
                    return new InstanceFiles(key, path, npz.names());
                }
            }
            if (!Files.exists(path)) throw new SpecException(key + ": no such file or directory " + path);
            throw new SpecException(key + ": " + path + " is neither a directory nor an .npz archive");
        }
        if (value.isObject()) {
            InstanceFiles f = new InstanceFiles(key, null, List.of());
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new SpecException(key + "." + e.getKey() + ": expected a file name, got " + e.getValue());
                }
                Path path = resolvePath(e.getValue().asText(), baseDir);
                if (!Files.isRegularFile(path)) {
                    throw new SpecException(key + "." + e.getKey() + ": no such file " + path);
                }
                f.files.put(e.getKey(), path);
            }
            return f;
        }
        throw new SpecException(key + ": expected a directory, an .npz file or an object of array files, got "
                + value);
    }

    private static Path resolvePath(String text, Path baseDir) {
        Path p = Path.of(text);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static InstanceFiles directory(String key, Path dir) {
        InstanceFiles f = new InstanceFiles(key, null, List.of());
        f.folder = dir;
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(p) || !ArrayFiles.readable(p)) continue;
                String stem = name.substring(0, name.lastIndexOf('.'));
                Path before = f.files.put(stem, p);
                if (before != null) {
                    throw new SpecException(key + ": " + dir + " holds both " + before.getFileName() + " and " + name
                            + " for the array '" + stem + "': keep one");
                }
            }
        } catch (IOException e) {
            throw new SpecException(key + ": cannot list " + dir + " (" + e.getMessage() + ")");
        }
        return f;
    }

    private static Npz open(String key, Path path) {
        try {
            return Npz.open(path);
        } catch (BadInputException e) {
            throw new SpecException(key + ": " + e.getMessage());
        }
    }

    /**
     * The spec value with every path absolute, for the resolved spec: {@code DIR/spec.json} then replays the run from
     * any working directory.
     */
    JsonNode absolute() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (archive != null) return json.textNode(archive.toAbsolutePath().normalize().toString());
        if (folder != null) return json.textNode(folder.toAbsolutePath().normalize().toString());
        ObjectNode o = json.objectNode();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            o.put(e.getKey(), e.getValue().toAbsolutePath().normalize().toString());
        }
        return o;
    }

    /** The array names present. */
    Set<String> names() {
        return archive != null ? new TreeSet<>(archiveNames) : new TreeSet<>(files.keySet());
    }

    boolean has(String name) { return names().contains(name); }

    /** Rejects arrays this problem type does not read (a misspelt name would otherwise be silently ignored). */
    void requireOnly(Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String n : names()) if (!known.contains(n)) unknown.add(n);
        if (!unknown.isEmpty()) {
            throw new SpecException(key + ": unknown array" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " in " + where() + " (this problem type reads: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    private String where() { return archive != null ? archive.toString() : "the instance"; }

    /** Loads an array; a missing one is an error naming it and the instance. */
    NdArray array(String name) {
        if (!has(name)) {
            throw new SpecException(key + ": the array '" + name + "' is missing from " + where() + " (it has: "
                    + String.join(", ", names()) + ")");
        }
        try {
            if (archive != null) {
                try (Npz npz = Npz.open(archive)) {
                    return npz.array(name);
                }
            }
            Path file = files.get(name);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                try (Npz npz = Npz.open(file)) {
                    return npz.array(name);
                }
            }
            return ArrayFiles.read(file);
        } catch (BadInputException e) {
            throw new SpecException(key + ": " + e.getMessage());
        }
    }

    /** The file of an array in the directory and object forms (null in the .npz form). */
    Path file(String name) { return files.get(name); }

    /** True when the array is a Matrix Market file (whose coordinate form is a list of entries). */
    boolean isMatrixMarket(String name) {
        Path file = files.get(name);
        return archive == null && file != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mtx");
    }

    /** Reads a Matrix Market coordinate file as its entries. */
    ArrayFiles.Entries entries(String name) {
        try {
            return ArrayFiles.readEntries(files.get(name));
        } catch (BadInputException e) {
            throw new SpecException(key + ": " + e.getMessage());
        }
    }
}
