package org.irlab.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.irlab.data.ArrayFiles;
import org.irlab.data.BadInputException;
import org.irlab.data.NdArray;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.GradientRoute;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.LowRankTruth;
import org.irlab.problem.Measurements;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;

/**
 * Problems whose data comes from files ({@code problem.instance}) instead of a generator: the arrays are read and
 * checked (shape, dtype, finiteness, ranges; errors name the file, the array and the index) while the spec is
 * validated, before any output. The generator's keys (sizes, Σ*, N, p, seed, …) are then rejected, naming them: the
 * files define the data and the sizes. The array names and forms are listed in docs/interop.md.
 */
final class InstanceSpecs {
    /** The spec key that names the instance. */
    static final String KEY = "instance";

    /** Largest |entries| of U*ᵀU* − I accepted for a factored truth (the solution factor assumes orthonormality). */
    static final double ORTHONORMALITY_TOLERANCE = 1e-8;

    /** The keys each type accepts besides {@code type} and {@code instance}: the model, not the data. */
    static final Map<String, Set<String>> MODEL_KEYS = Map.of(
            "symmetric-sensing", Set.of("searchRank", "rank", "gradientRoute"),
            "asymmetric-sensing", Set.of("searchRank", "rank", "balance", "gradientRoute"),
            "symmetric-completion", Set.of("searchRank", "rank"),
            "asymmetric-completion", Set.of("searchRank", "rank", "balance"),
            "symmetric-one-bit", Set.of("searchRank", "rank", "link"),
            "asymmetric-one-bit", Set.of("searchRank", "rank", "balance", "link"),
            "sparse-recovery", Set.of("normalization"),
            "least-squares", Set.of("normalization"),
            "deep-factorization", Set.of("depth", "infimalRank"));

    static final Set<String> TRUTH = Set.of("U_star", "sigma_star", "V_star", "M_star");
    static final Set<String> ENTRY_FORMS = Set.of("entries", "rows", "cols", "values", "shape", "mask");

    /** Every array name some type reads. */
    static final Set<String> ARRAYS =
            union(union(Set.of("A", "A_left", "A_right", "y", "alpha", "X", "theta_star", "b"), TRUTH), ENTRY_FORMS);

    /** The link of 1-bit completion: P(sign = 1) = link(Mᵢⱼ). Only the logistic link is implemented. */
    enum Link { LOGISTIC }

    private InstanceSpecs() {}

    /** Reads a problem of the given type from {@code problem.instance}. */
    static Supplier<Problem> read(String type, SpecNode p, Path baseDir) {
        Set<String> model = MODEL_KEYS.get(type);
        List<String> generator = new ArrayList<>();
        for (String k : p.keys()) {
            if (!k.equals("type") && !k.equals(KEY) && !model.contains(k)) generator.add(p.keyPath(k));
        }
        if (!generator.isEmpty()) {
            throw new SpecException(String.join(", ", generator) + ": not used with " + p.keyPath(KEY)
                    + " (the instance files define the data and the sizes; a " + type + " instance takes "
                    + String.join(", ", new java.util.TreeSet<>(model)) + ")");
        }
        InstanceFiles files = InstanceFiles.resolve(p.keyPath(KEY), p.raw(KEY), baseDir);
        p.resolveAs(KEY, files.absolute());
        try {
            return switch (type) {
                case "symmetric-sensing", "asymmetric-sensing" -> sensing(p, files, type.startsWith("symmetric"));
                case "symmetric-completion", "asymmetric-completion" ->
                        completion(p, files, type.startsWith("symmetric"));
                case "symmetric-one-bit", "asymmetric-one-bit" -> oneBit(p, files, type.startsWith("symmetric"));
                case "sparse-recovery" -> sparseRecovery(p, files);
                case "least-squares" -> leastSquares(p, files);
                case "deep-factorization" -> deepFactorization(p, files);
                default -> throw new IllegalStateException(type);
            };
        } catch (BadInputException e) {
            throw new SpecException(p.keyPath(KEY) + ": " + e.getMessage());
        }
    }

    // ---- the nine types -------------------------------------------------------------------------------------------

    private static Supplier<Problem> sensing(SpecNode p, InstanceFiles f, boolean symmetric) {
        f.requireOnly(union(Set.of("A", "A_left", "A_right", "y"), TRUTH));
        NdArray y = vector(f.array("y")).requireFinite();
        int measurements = y.size();
        boolean dense = f.has("A"), rankOne = f.has("A_left") || f.has("A_right");
        if (dense == rankOne) {
            throw new SpecException(p.keyPath(KEY) + ": " + (dense ? "give either A or A_left and A_right, not both"
                    : "the measurement operator is missing: A (N, n1, n2), or A_left (N, n1) and A_right (N, n2)"));
        }
        int rows, columns;
        Measurements data;
        if (dense) {
            NdArray a = f.array("A").requireShape("(N, n1, n2)", measurements, -1, -1).requireFinite();
            rows = a.shape(1);
            columns = a.shape(2);
            data = new Measurements.Dense(rows, columns, a.values(), y.values());
        } else {
            NdArray left = f.array("A_left").requireShape("(N, n1)", measurements, -1).requireFinite();
            NdArray right = f.array("A_right").requireShape("(N, n2)", measurements, -1).requireFinite();
            rows = left.shape(1);
            columns = right.shape(1);
            data = new Measurements.RankOne(rows, columns, left.values(), right.values(), y.values());
        }
        if (symmetric && rows != columns) {
            throw new SpecException(p.keyPath(KEY) + ": symmetric sensing needs square Aᵢ, the operator's are "
                    + rows + "×" + columns);
        }
        LowRankTruth truth = truth(f, rows, columns, symmetric);
        int rank = rank(p, truth, rows, columns);
        int searchRank = searchRank(p, rows, columns, symmetric);
        double balance = symmetric ? 0 : p.nonNegative("balance", Problems.SENSING_BALANCE);
        GradientRoute route = p.choice("gradientRoute", GradientRoute.class, "auto");
        p.finish();
        if (route == GradientRoute.GRAM && !(data instanceof Measurements.Dense)) {
            throw p.invalid("gradientRoute", "'gram' needs the dense operator A (rank-one has only 'direct')");
        }
        if (!symmetric) return () -> LowRankRecovery.asymmetricSensing(rank, searchRank, truth, data, balance, route);
        if (data instanceof Measurements.Dense d) {
            return () -> SymmetricSensing.of(rows, rank, searchRank, truth, d.operator(), d.observations(), route);
        }
        Measurements.RankOne r = (Measurements.RankOne) data;
        return () -> SymmetricSensing.ofRankOne(rows, rank, searchRank, truth, r.left(), r.right(), r.observations());
    }

    private static Supplier<Problem> completion(SpecNode p, InstanceFiles f, boolean symmetric) {
        f.requireOnly(union(ENTRY_FORMS, TRUTH));
        Observed o = observed(p, f);
        if (symmetric && o.rows != o.columns) {
            throw new SpecException(p.keyPath(KEY) + ": symmetric completion needs a square matrix, the entries are"
                    + " of a " + o.rows + "×" + o.columns + " one");
        }
        Measurements.Entries data = o.sorted();
        LowRankTruth truth = truth(f, o.rows, o.columns, symmetric);
        int rank = rank(p, truth, o.rows, o.columns);
        int searchRank = searchRank(p, o.rows, o.columns, symmetric);
        double balance = symmetric ? 0 : p.nonNegative("balance", Problems.COMPLETION_BALANCE);
        p.finish();
        return () -> LowRankRecovery.completion(symmetric, rank, searchRank, truth, data, balance);
    }

    private static Supplier<Problem> oneBit(SpecNode p, InstanceFiles f, boolean symmetric) {
        f.requireOnly(union(Set.of("alpha"), TRUTH));
        NdArray alpha = f.array("alpha").requireShape("(n1, n2)", -1, -1).requireRange(0, 1);
        int rows = alpha.shape(0), columns = alpha.shape(1);
        if (symmetric) {
            if (rows != columns) throw alpha.invalid("symmetric 1-bit completion needs a square alpha, got "
                    + alpha.shapeText());
            double[] a = alpha.values();
            for (int i = 0; i < rows; i++) {
                for (int j = i + 1; j < rows; j++) {
                    if (Double.doubleToLongBits(a[i * rows + j]) != Double.doubleToLongBits(a[j * rows + i])) {
                        throw alpha.invalid("is not symmetric: entries [" + i + ", " + j + "] = " + a[i * rows + j]
                                + " and [" + j + ", " + i + "] = " + a[j * rows + i]);
                    }
                }
            }
        }
        p.choice("link", Link.class, "logistic");
        LowRankTruth truth = truth(f, rows, columns, symmetric);
        int rank = rank(p, truth, rows, columns);
        int searchRank = searchRank(p, rows, columns, symmetric);
        double balance = symmetric ? 0 : p.nonNegative("balance", Problems.ONE_BIT_BALANCE);
        p.finish();
        Measurements.Signs data = new Measurements.Signs(rows, columns, alpha.values());
        return () -> LowRankRecovery.oneBit(symmetric, rank, searchRank, truth, data, balance);
    }

    private static Supplier<Problem> sparseRecovery(SpecNode p, InstanceFiles f) {
        f.requireOnly(Set.of("X", "y", "theta_star"));
        NdArray y = vector(f.array("y")).requireFinite();
        NdArray design = f.array("X").requireShape("(N, d)", y.size(), -1).requireFinite();
        int d = design.shape(1);
        double[] truth = f.has("theta_star")
                ? vector(f.array("theta_star")).requireShape("(d,)", d).requireFinite().values() : null;
        SparseRecovery.Normalization normalization =
                p.choice("normalization", SparseRecovery.Normalization.class, "mean");
        p.finish();
        double scale = SparseRecovery.scale(normalization, y.size());
        return () -> SparseRecovery.of(d, design.values(), y.values(), scale, truth);
    }

    private static Supplier<Problem> leastSquares(SpecNode p, InstanceFiles f) {
        f.requireOnly(Set.of("A", "b"));
        NdArray b = vector(f.array("b")).requireFinite();
        NdArray design = f.array("A").requireShape("(N, d)", b.size(), -1).requireFinite();
        SparseRecovery.Normalization normalization =
                p.choice("normalization", SparseRecovery.Normalization.class, "sum");
        p.finish();
        double scale = SparseRecovery.scale(normalization, b.size());
        return () -> LeastSquares.of(design.shape(1), design.values(), b.values(), scale);
    }

    private static Supplier<Problem> deepFactorization(SpecNode p, InstanceFiles f) {
        f.requireOnly(ENTRY_FORMS);
        int depth = p.integer("depth", 1, 1000);
        Observed o = observed(p, f);
        if (o.rows != o.columns) {
            throw new SpecException(p.keyPath(KEY) + ": deep factorization completes a square matrix, the entries are"
                    + " of a " + o.rows + "×" + o.columns + " one");
        }
        int d = o.rows;
        if (d > DeepFactorizationSpec.MAX_SIZE) {
            throw new SpecException(p.keyPath(KEY) + ": the matrix is " + d + "×" + d + ", at most "
                    + DeepFactorizationSpec.MAX_SIZE + " rows are supported");
        }
        o.sorted(); // rejects repeated entries
        double[] entries = new double[d * d];
        Arrays.fill(entries, Double.NaN);
        for (int k = 0; k < o.value.length; k++) entries[o.row[k] * d + o.column[k]] = o.value[k];
        int infimalRank = p.integer("infimalRank", 1, 0, d);
        p.finish();
        if ((long) depth * d * d > Integer.MAX_VALUE - 8) throw p.invalid("depth", "too many parameters");
        return () -> DeepFactorization.create(d, depth, entries, infimalRank);
    }

    // ---- shared pieces --------------------------------------------------------------------------------------------

    /** A vector given as (N,), or as one row or column of a matrix (a CSV or Matrix Market file). */
    static NdArray vector(NdArray a) {
        if (a.dimensions() == 1) return a;
        if (a.dimensions() == 2 && (a.shape(0) == 1 || a.shape(1) == 1)) {
            return new NdArray(a.source(), new int[] {a.size()}, a.type(), a.values());
        }
        throw a.invalid("has shape " + a.shapeText() + ", expected a vector");
    }

    /** r: the truth's rank by default; required without a truth. */
    private static int rank(SpecNode p, LowRankTruth truth, int rows, int columns) {
        int limit = Math.min(rows, columns);
        if (truth == null) {
            if (!p.has("rank")) {
                throw p.invalid("rank", "required without a ground truth (U_star and sigma_star, or M_star): the"
                        + " region is rank ≤ r");
            }
            return p.integer("rank", 1, limit);
        }
        int rank = p.integer("rank", truth.rank(), 1, limit);
        if (rank != truth.rank()) {
            throw p.invalid("rank", rank + " but the ground truth has rank " + truth.rank());
        }
        return rank;
    }

    /** r′, default min(n₁, n₂) (Section 7's fully over-parameterised choice). */
    private static int searchRank(SpecNode p, int rows, int columns, boolean symmetric) {
        int searchRank = p.integer("searchRank", Math.min(rows, columns), 1, 100_000);
        long stacked = symmetric ? rows : (long) rows + columns;
        if (stacked * searchRank > Problems.MAX_DENSE_ENTRIES) {
            throw p.invalid("searchRank", "the factors would hold " + stacked * searchRank + " entries");
        }
        return searchRank;
    }

    /**
     * The ground truth, when the instance has one: U_star (n1, r) and sigma_star (r,) [and V_star (n2, r) for two
     * factors], used exactly as given; or M_star (n1, n2), factored to its numerical rank.
     */
    static LowRankTruth truth(InstanceFiles f, int rows, int columns, boolean symmetric) {
        boolean factored = f.has("U_star") || f.has("sigma_star") || f.has("V_star");
        if (f.has("M_star")) {
            if (factored) throw new SpecException("problem.instance: give the ground truth either as M_star or as"
                    + " U_star and sigma_star" + (symmetric ? "" : " and V_star") + ", not both");
            NdArray m = f.array("M_star").requireShape("(n1, n2)", rows, columns).requireFinite();
            try {
                return LowRankTruth.ofMatrix(rows, columns, m.values(), symmetric);
            } catch (IllegalArgumentException e) {
                throw m.invalid(e.getMessage());
            }
        }
        if (!factored) return null;
        if (symmetric && f.has("V_star")) {
            throw new SpecException("problem.instance: a symmetric problem's truth is U_star Σ U_starᵀ: drop V_star");
        }
        NdArray sigma = vector(f.array("sigma_star")).requireFinite();
        int r = sigma.size();
        for (int k = 0; k < r; k++) {
            if (!(sigma.values()[k] > 0)) {
                throw sigma.invalid("entry [" + k + "] is " + sigma.values()[k] + ", must be > 0");
            }
        }
        if (r > Math.min(rows, columns)) throw sigma.invalid("has " + r + " singular values, more than min(n1, n2)");
        NdArray u = f.array("U_star").requireShape("(n1, r)", rows, r).requireFinite();
        NdArray v = symmetric ? null : f.array("V_star").requireShape("(n2, r)", columns, r).requireFinite();
        LowRankTruth truth = LowRankTruth.of(rows, columns, sigma.values(), u.values(), v == null ? null : v.values());
        double defect = truth.orthonormalityDefect();
        if (!(defect <= ORTHONORMALITY_TOLERANCE)) {
            throw u.invalid("the columns of U_star" + (symmetric ? "" : " and V_star") + " are not orthonormal (max"
                    + " |UᵀU − I| = " + defect + "); give M_star instead");
        }
        return truth;
    }

    /**
     * Observed entries (i, j, value), 0-based, in the order given; {@code source} names them in errors, which count
     * from 1 when {@code oneBased} (a Matrix Market file's own convention).
     */
    record Observed(int rows, int columns, int[] row, int[] column, double[] value, String source, boolean oneBased) {
        /**
         * Ω in CSR order with the values reordered alike (rows bucketed, columns sorted within each row); an entry
         * given twice is an error naming it.
         */
        Measurements.Entries sorted() {
            int n = value.length;
            int[] rowStart = new int[rows + 1];
            for (int k = 0; k < n; k++) rowStart[row[k] + 1]++;
            for (int i = 0; i < rows; i++) rowStart[i + 1] += rowStart[i];
            long[] keys = new long[n]; // column << 31 | position, bucketed by row
            int[] fill = Arrays.copyOf(rowStart, rows);
            for (int k = 0; k < n; k++) keys[fill[row[k]]++] = (long) column[k] << 31 | k;
            int[] col = new int[n];
            double[] sortedValue = new double[n];
            for (int i = 0; i < rows; i++) {
                Arrays.sort(keys, rowStart[i], rowStart[i + 1]);
                for (int t = rowStart[i]; t < rowStart[i + 1]; t++) {
                    int from = (int) (keys[t] & 0x7fffffffL);
                    col[t] = column[from];
                    sortedValue[t] = value[from];
                    if (t > rowStart[i] && col[t] == col[t - 1]) {
                        int base = oneBased ? 1 : 0;
                        throw new BadInputException(source + ": entry (" + (i + base) + ", " + (col[t] + base)
                                + ") is given twice (entries " + ((int) (keys[t - 1] & 0x7fffffffL) + base) + " and "
                                + (from + base) + " of the list)");
                    }
                }
            }
            return new Measurements.Entries(new SparsePattern(rows, columns, rowStart, col), sortedValue);
        }
    }

    /**
     * The observed entries, in one of three forms: {@code entries} (a Matrix Market coordinate file, or an (K, 3)
     * array of row, column, value with {@code shape}); {@code rows}, {@code cols}, {@code values} (K each, integer
     * indices) with {@code shape} = [n1, n2]; or {@code mask} and {@code values} (both n1×n2; observed where mask ≠ 0).
     * Indices are 0-based except in Matrix Market files (1-based, as that format defines).
     */
    static Observed observed(SpecNode p, InstanceFiles f) {
        String key = p.keyPath(KEY);
        boolean entries = f.has("entries"), triplets = f.has("rows") || f.has("cols"), mask = f.has("mask");
        if ((entries ? 1 : 0) + (triplets ? 1 : 0) + (mask ? 1 : 0) != 1) {
            throw new SpecException(key + ": give the observed entries in one form: entries (Matrix Market, or (K, 3)"
                    + " with shape), rows + cols + values with shape, or mask + values");
        }
        Set<String> form = entries ? (f.isMatrixMarket("entries") ? Set.of("entries") : Set.of("entries", "shape"))
                : triplets ? Set.of("rows", "cols", "values", "shape") : Set.of("mask", "values");
        for (String name : ENTRY_FORMS) {
            if (f.has(name) && !form.contains(name)) {
                throw new SpecException(key + ": '" + name + "' is not part of the observed-entries form given ("
                        + String.join(" + ", new java.util.TreeSet<>(form)) + ")");
            }
        }
        if (entries && f.isMatrixMarket("entries")) {
            ArrayFiles.Entries e = f.entries("entries");
            return new Observed(e.rows(), e.columns(), e.row(), e.column(), e.value(), f.file("entries").toString(),
                    true);
        }
        if (mask) {
            NdArray m = f.array("mask").requireShape("(n1, n2)", -1, -1).requireFinite();
            NdArray values = f.array("values").requireShape("(n1, n2) like mask", m.shape(0), m.shape(1));
            int columns = m.shape(1);
            int count = 0;
            for (double x : m.values()) if (x != 0) count++;
            int[] row = new int[count], column = new int[count];
            double[] value = new double[count];
            int c = 0;
            for (int k = 0; k < m.size(); k++) {
                if (m.values()[k] == 0) continue;
                double v = values.values()[k];
                if (!Double.isFinite(v)) throw values.invalid("observed entry " + values.indexText(k) + " is " + v);
                row[c] = k / columns;
                column[c] = k % columns;
                value[c++] = v;
            }
            return new Observed(m.shape(0), columns, row, column, value, values.source(), false);
        }
        int[] shape = shape(f);
        if (entries) {
            NdArray e = f.array("entries").requireShape("(K, 3)", -1, 3).requireFinite();
            int k = e.shape(0);
            int[] row = new int[k], column = new int[k];
            double[] value = new double[k];
            for (int t = 0; t < k; t++) {
                row[t] = index(e, t * 3, shape[0], "row");
                column[t] = index(e, t * 3 + 1, shape[1], "column");
                value[t] = e.values()[t * 3 + 2];
            }
            return new Observed(shape[0], shape[1], row, column, value, e.source(), false);
        }
        NdArray values = vector(f.array("values")).requireFinite();
        NdArray rows = vector(f.array("rows")).requireShape("(K,) like values", values.size());
        NdArray cols = vector(f.array("cols")).requireShape("(K,) like values", values.size());
        return new Observed(shape[0], shape[1], rows.indices(shape[0], "rows of the " + shape[0] + "×" + shape[1]
                + " matrix"), cols.indices(shape[1], "columns of the " + shape[0] + "×" + shape[1] + " matrix"),
                values.values().clone(), values.source(), false);
    }

    private static int[] shape(InstanceFiles f) {
        NdArray s = vector(f.array("shape")).requireShape("(2,) = [n1, n2]", 2);
        int[] shape = s.indices(Problems.MAX_SIDE + 1, "the matrix size");
        if (shape[0] < 1 || shape[1] < 1) throw s.invalid("the matrix size must be at least 1×1");
        return shape;
    }

    private static int index(NdArray e, int k, int bound, String what) {
        double v = e.values()[k];
        if (v != Math.rint(v) || v < 0 || v >= bound) {
            throw e.invalid("entry " + e.indexText(k) + " is " + v + ", not a " + what + " index in [0, " + bound
                    + ")");
        }
        return (int) v;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
