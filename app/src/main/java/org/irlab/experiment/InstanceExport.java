package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.irlab.data.ArrayFiles;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.LowRankTruth;
import org.irlab.problem.Measurements;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;

/**
 * Writes a problem's data as {@code DIR/instance/}: one {@code .npy} per array, named as {@code problem.instance}
 * reads them ({@link InstanceSpecs}), holding exactly the doubles the objective uses, and {@code spec.json}, the run's
 * spec with the problem read from this folder: {@code irlab run DIR/instance/spec.json} repeats the run bit for bit.
 */
final class InstanceExport {
    private InstanceExport() {}

    /**
     * Refuses (before any output) to export into the folder the run reads its own instance from: that would replace
     * the user's files.
     */
    static void checkTarget(RunSpec spec, Path folder) {
        if (readsFrom(spec, folder)) {
            throw new SpecException("record.instance: " + folder + " is where this run reads its instance from;"
                    + " export into another run directory (--out)");
        }
    }

    /**
     * Removes an earlier export from a run directory's instance folder (its array files and spec.json, then the folder
     * if empty), unless the run reads its instance from there.
     */
    static void clear(Path folder, RunSpec spec) {
        if (!Files.isDirectory(folder) || readsFrom(spec, folder)) return;
        try {
            removeArrays(folder, Set.of());
            Files.deleteIfExists(folder.resolve("spec.json"));
            AtomicFiles.removeLeftovers(folder);
            try (Stream<Path> rest = Files.list(folder)) {
                if (rest.findAny().isEmpty()) Files.delete(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the earlier export in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** True when some file of the run's problem.instance lies in {@code folder}. */
    private static boolean readsFrom(RunSpec spec, Path folder) {
        JsonNode instance = spec.resolved().path("problem").get(InstanceSpecs.KEY);
        if (instance == null) return false;
        Path target = folder.toAbsolutePath().normalize();
        java.util.List<JsonNode> paths = new java.util.ArrayList<>();
        if (instance.isTextual()) paths.add(instance);
        instance.elements().forEachRemaining(paths::add);
        for (JsonNode p : paths) {
            if (p.isTextual() && Path.of(p.asText()).toAbsolutePath().normalize().startsWith(target)) return true;
        }
        return false;
    }

    /** Deletes the array files (known names only) other than {@code keep}. */
    private static void removeArrays(Path folder, Set<String> keep) throws IOException {
        try (Stream<Path> old = Files.list(folder)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                String name = p.getFileName().toString();
                if (!ArrayFiles.readable(p)) continue;
                String stem = name.substring(0, name.lastIndexOf('.'));
                if (InstanceSpecs.ARRAYS.contains(stem) && !keep.contains(stem)) Files.delete(p);
            }
        }
    }

    /** Writes the instance folder; array files of an earlier export that are not rewritten are removed. */
    static void write(Problem problem, RunSpec spec, Path folder) {
        checkTarget(spec, folder);
        Map<String, NdArray> arrays = arrays(problem);
        try {
            Files.createDirectories(folder);
            removeArrays(folder, arrays.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            AtomicFiles.write(folder.resolve(e.getKey() + ".npy"), out -> Npy.write(out, e.getValue()));
        }
        AtomicFiles.write(folder.resolve("spec.json"), Json.write(instanceSpec(spec)));
    }

    /** The run's resolved spec with the problem's data replaced by {@code "instance": "."}. */
    static ObjectNode instanceSpec(RunSpec spec) {
        ObjectNode s = spec.resolved().deepCopy();
        ObjectNode generated = (ObjectNode) s.get("problem");
        String type = generated.get("type").asText();
        ObjectNode problem = s.putObject("problem"); // replaces, keeping the key's position
        problem.put("type", type);
        problem.put(InstanceSpecs.KEY, ".");
        Set<String> model = InstanceSpecs.MODEL_KEYS.get(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = generated.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (model.contains(e.getKey())) problem.set(e.getKey(), e.getValue().deepCopy());
        }
        if (s.get("record") instanceof ObjectNode record) record.remove("instance");
        if (spec.init().kind() == InitSpec.Kind.FILE && s.get("init") instanceof ObjectNode init) {
            init.put("path", spec.init().file().toAbsolutePath().toString());
        }
        return s;
    }

    /** The arrays of a problem's instance, by name. */
    static Map<String, NdArray> arrays(Problem problem) {
        Map<String, NdArray> a = new LinkedHashMap<>();
        if (problem instanceof SymmetricSensing s) {
            measurements(s.measurements(), a);
            truth(s.truthFactors(), a);
        } else if (problem instanceof LowRankRecovery l) {
            measurements(l.measurements(), a);
            truth(l.truth(), a);
        } else if (problem instanceof SparseRecovery s) {
            int d = s.dimension(), n = s.observations().length;
            a.put("X", NdArray.of(s.design(), n, d));
            a.put("y", NdArray.of(s.observations(), n));
            if (s.truth() != null) a.put("theta_star", NdArray.of(s.truth(), d));
        } else if (problem instanceof LeastSquares l) {
            a.put("A", NdArray.of(l.design(), l.measurements(), l.dimension()));
            a.put("b", NdArray.of(l.observations(), l.measurements()));
        } else if (problem instanceof DeepFactorization f) {
            int d = f.size();
            double[] entries = f.entries();
            int count = 0;
            for (double e : entries) if (!Double.isNaN(e)) count++;
            int[] rows = new int[count], cols = new int[count];
            double[] values = new double[count];
            int c = 0;
            for (int k = 0; k < entries.length; k++) {
                if (Double.isNaN(entries[k])) continue;
                rows[c] = k / d;
                cols[c] = k % d;
                values[c++] = entries[k];
            }
            entries(rows, cols, values, d, d, a);
        } else {
            throw new SpecException("record.instance: cannot export a " + problem.getClass().getSimpleName()
                    + " instance");
        }
        return a;
    }

    private static void measurements(Measurements m, Map<String, NdArray> a) {
        if (m instanceof Measurements.Dense d) {
            int n = d.observations().length;
            a.put("A", NdArray.of(d.operator(), n, d.rows(), d.columns()));
            a.put("y", NdArray.of(d.observations(), n));
        } else if (m instanceof Measurements.RankOne r) {
            int n = r.observations().length;
            a.put("A_left", NdArray.of(r.left(), n, r.rows()));
            a.put("A_right", NdArray.of(r.right(), n, r.columns()));
            a.put("y", NdArray.of(r.observations(), n));
        } else if (m instanceof Measurements.Entries e) {
            SparsePattern omega = e.omega();
            int[] rows = new int[omega.size()];
            for (int i = 0; i < omega.rows(); i++) {
                for (int k = omega.rowStart(i); k < omega.rowStart(i + 1); k++) rows[k] = i;
            }
            entries(rows, omega.columnIndices(), e.values(), omega.rows(), omega.columns(), a);
        } else if (m instanceof Measurements.Signs s) {
            a.put("alpha", NdArray.of(s.alpha(), s.rows(), s.columns()));
        }
    }

    private static void entries(int[] rows, int[] cols, double[] values, int n1, int n2, Map<String, NdArray> a) {
        a.put("rows", NdArray.ofIndices(rows, rows.length));
        a.put("cols", NdArray.ofIndices(cols, cols.length));
        a.put("values", NdArray.of(values, values.length));
        a.put("shape", NdArray.ofIndices(new int[] {n1, n2}, 2));
    }

    private static void truth(LowRankTruth t, Map<String, NdArray> a) {
        if (t == null) return;
        int r = t.rank();
        a.put("U_star", NdArray.of(t.left(), t.rows(), r));
        a.put("sigma_star", NdArray.of(t.singularValues(), r));
        if (!t.isSymmetric()) a.put("V_star", NdArray.of(t.right(), t.columns(), r));
    }
}
