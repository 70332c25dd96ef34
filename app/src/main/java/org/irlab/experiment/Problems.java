package org.irlab.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.irlab.problem.GradientRoute;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Problem;
import org.irlab.problem.RobustSensing;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;

/** The catalogue of problem types a spec can name, each with its keys, defaults and size checks. */
public final class Problems {
    /** Reads one problem type's keys (rejecting unknown ones) and builds the instance. */
    @FunctionalInterface
    public interface Builder {
        /** Reads and validates every key, then returns the (deferred, possibly costly) construction. */
        Supplier<Problem> read(SpecNode spec);
    }

    /** Largest dense operator (doubles) a spec may ask for: 2³¹ − 1 array entries and 16 GiB. */
    static final long MAX_DENSE_ENTRIES = Integer.MAX_VALUE - 8;

    private static final Map<String, Builder> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put("symmetric-sensing", Problems::symmetricSensing);
        BUILDERS.put("sparse-recovery", Problems::sparseRecovery);
        BUILDERS.put("asymmetric-sensing", Problems::asymmetricSensing);
        BUILDERS.put("symmetric-completion", Problems::symmetricCompletion);
        BUILDERS.put("asymmetric-completion", Problems::asymmetricCompletion);
        BUILDERS.put("symmetric-one-bit", Problems::symmetricOneBit);
        BUILDERS.put("asymmetric-one-bit", Problems::asymmetricOneBit);
        BUILDERS.put("symmetric-robust-sensing", p -> robustSensing(p, true));
        BUILDERS.put("asymmetric-robust-sensing", p -> robustSensing(p, false));
        BUILDERS.put("least-squares", LeastSquaresSpec::read);
        BUILDERS.put("deep-factorization", DeepFactorizationSpec::read);
    }

    private Problems() {}

    /** The known type names, in catalogue order. */
    public static Set<String> types() { return Collections.unmodifiableSet(BUILDERS.keySet()); }

    /** Validates the spec's "problem" object and returns its deferred construction. */
    public static Supplier<Problem> read(SpecNode spec) {
        return read(spec, null);
    }

    /**
     * As {@link #read(SpecNode)}; with {@code instance} the data comes from files (see {@link InstanceSpecs}),
     * resolved against {@code baseDir} (the spec file's folder; null for the working directory).
     */
    public static Supplier<Problem> read(SpecNode spec, java.nio.file.Path baseDir) {
        String type = spec.string("type");
        Builder b = BUILDERS.get(type);
        if (b == null) {
            throw spec.invalid("type", "unknown problem type '" + type + "' (known: " + String.join(", ", types()) + ")");
        }
        return spec.has(InstanceSpecs.KEY) ? InstanceSpecs.read(type, spec, baseDir) : b.read(spec);
    }

    static Supplier<Problem> symmetricSensing(SpecNode p) {
        int n = p.integer("n", 1, 100_000);
        int rank = p.integer("rank", 1, Integer.MAX_VALUE);
        if (rank > n) throw p.invalid("rank", "rank " + rank + " exceeds n = " + n);
        int searchRank = p.integer("searchRank", n, 1, 100_000);
        double[] sigma = p.numbers("singularValues");
        if (sigma.length != rank) {
            throw p.invalid("singularValues", "has " + sigma.length + " entries but rank is " + rank);
        }
        for (double s : sigma) if (!(s > 0)) throw p.invalid("singularValues", "entries must be > 0");
        int measurements = p.integer("measurements", defaultMeasurements(n, rank), 1, Integer.MAX_VALUE);
        SymmetricSensing.Operator operator = p.choice("operator", SymmetricSensing.Operator.class, "gaussian");
        GradientRoute route = p.choice("gradientRoute", GradientRoute.class, "auto");
        long seed = p.integer("seed", 1);
        p.finish();
        if (route == GradientRoute.GRAM && operator != SymmetricSensing.Operator.GAUSSIAN) {
            throw p.invalid("gradientRoute", "'gram' needs the gaussian operator (rank-one has only 'direct')");
        }
        long packed = (long) n * (n + 1) / 2;
        if (route == GradientRoute.GRAM && packed * packed > MAX_DENSE_ENTRIES) {
            throw p.invalid("gradientRoute", "'gram' would hold a Gram matrix of " + packed * packed
                    + " entries, more than " + MAX_DENSE_ENTRIES + " (use \"direct\" or \"auto\")");
        }
        long entries = operator == SymmetricSensing.Operator.GAUSSIAN ? (long) measurements * n * n : 2L * measurements * n;
        if (entries > MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the " + SpecNode.specName(operator) + " operator would hold " + entries
                    + " entries, more than " + MAX_DENSE_ENTRIES
                    + (operator == SymmetricSensing.Operator.GAUSSIAN ? " (use \"operator\": \"rank-one\")" : ""));
        }
        if (operator == SymmetricSensing.Operator.GAUSSIAN) {
            String key = n + "/" + rank + "/" + java.util.Arrays.toString(sigma) + "/" + measurements + "/" + seed;
            return () -> SymmetricSensing.of(InstanceCache.sensing(key,
                    () -> SymmetricSensing.generate(n, rank, sigma, measurements, seed)), searchRank, route);
        }
        return () -> SymmetricSensing.create(n, rank, searchRank, sigma, measurements, seed, operator, route);
    }

    /** N = 10·n·r (the paper does not state N). */
    static int defaultMeasurements(int n, int rank) {
        return (int) Math.min(Integer.MAX_VALUE, 10L * n * rank);
    }

    /** Largest side of a matrix whose factors alone are stored (completion: memory O(|Ω| + (n₁+n₂)r')). */
    static final int MAX_SIDE = 10_000_000;

    /** Balancing weight λ of the reference runs: the paper gives none. */
    static final double SENSING_BALANCE = 1.0 / 16, COMPLETION_BALANCE = 1.0 / 4, ONE_BIT_BALANCE = 1.0 / 16;

    /** The keys shared by the low-rank types: sizes, rank r, search rank r', Σ*. */
    record LowRankShape(String sizeKey, int rows, int columns, int rank, int searchRank, double[] singularValues) {}

    /**
     * Reads {@code n} (square) or {@code n1} and {@code n2} (asymmetric types only), {@code rank}, {@code searchRank}
     * (default min(n₁, n₂), the fully over-parameterised r' of Section 7) and {@code singularValues} (r entries &gt; 0).
     */
    static LowRankShape lowRankShape(SpecNode p, boolean symmetric, int maxSide) {
        int rows, columns;
        String sizeKey;
        boolean split = p.has("n1") || p.has("n2");
        if (symmetric || p.has("n")) {
            if (!symmetric && split) throw p.invalid("n", "give either n (square) or n1 and n2, not both");
            rows = columns = p.integer("n", 1, maxSide);
            sizeKey = "n";
        } else if (split) {
            rows = p.integer("n1", 1, maxSide);
            columns = p.integer("n2", 1, maxSide);
            sizeKey = "n1";
        } else {
            throw p.invalid("n1", "required: give n1 and n2 (or n for a square matrix)");
        }
        int rank = p.integer("rank", 1, Integer.MAX_VALUE);
        if (rank > Math.min(rows, columns)) {
            throw p.invalid("rank", "rank " + rank + " exceeds min(n1, n2) = " + Math.min(rows, columns));
        }
        int searchRank = p.integer("searchRank", Math.min(rows, columns), 1, 100_000);
        double[] sigma = p.numbers("singularValues");
        if (sigma.length != rank) {
            throw p.invalid("singularValues", "has " + sigma.length + " entries but rank is " + rank);
        }
        for (double s : sigma) if (!(s > 0)) throw p.invalid("singularValues", "entries must be > 0");
        long stacked = symmetric ? rows : (long) rows + columns;
        if (stacked * searchRank > MAX_DENSE_ENTRIES) {
            throw p.invalid("searchRank", "the factors would hold " + stacked * searchRank + " entries");
        }
        return new LowRankShape(sizeKey, rows, columns, rank, searchRank, sigma);
    }

    /** N = 5·(n₁ + n₂)·r, which is the symmetric default 10·n·r when n₁ = n₂ (the paper does not state N). */
    static int defaultAsymmetricMeasurements(int rows, int columns, int rank) {
        return (int) Math.min(Integer.MAX_VALUE, 5L * (rows + columns) * rank);
    }

    static Supplier<Problem> asymmetricSensing(SpecNode p) {
        LowRankShape s = lowRankShape(p, false, 100_000);
        int measurements = p.integer("measurements", defaultAsymmetricMeasurements(s.rows(), s.columns(), s.rank()),
                1, Integer.MAX_VALUE);
        double balance = p.nonNegative("balance", SENSING_BALANCE);
        double noise = p.has("noise") ? p.nonNegative("noise", 0) : 0; // in the resolved spec only when given
        GradientRoute route = p.choice("gradientRoute", GradientRoute.class, "auto");
        long seed = p.integer("seed", 1);
        p.finish();
        long size = (long) s.rows() * s.columns();
        if (route == GradientRoute.GRAM && size * size > MAX_DENSE_ENTRIES) {
            throw p.invalid("gradientRoute", "'gram' would hold a Gram matrix of " + size * size
                    + " entries, more than " + MAX_DENSE_ENTRIES + " (use \"direct\" or \"auto\")");
        }
        long entries = (long) measurements * s.rows() * s.columns();
        if (entries > MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the dense Gaussian operator would hold " + entries
                    + " entries (N·n1·n2), more than " + MAX_DENSE_ENTRIES);
        }
        return () -> LowRankRecovery.asymmetricSensing(s.rows(), s.columns(), s.rank(), s.searchRank(),
                s.singularValues(), measurements, balance, noise, seed, route);
    }

    /** The loss of robust sensing: the ℓ1 loss, or the squared loss on the same data (the non-robust baseline). */
    enum RobustLoss { L1, SQUARED }

    /**
     * Robust sensing (issue 17): sensing with a fraction {@code outlierFraction} of gross outliers of magnitude
     * {@code outlierMagnitude} in y, and the ℓ1 loss (or {@code "loss": "squared"} on the same data).
     */
    static Supplier<Problem> robustSensing(SpecNode p, boolean symmetric) {
        LowRankShape s = lowRankShape(p, symmetric, 10_000);
        int measurements = p.integer("measurements", symmetric ? defaultMeasurements(s.rows(), s.rank())
                : defaultAsymmetricMeasurements(s.rows(), s.columns(), s.rank()), 1, Integer.MAX_VALUE);
        double fraction = p.nonNegative("outlierFraction", 0.1);
        if (!(fraction < 1)) throw p.invalid("outlierFraction", "must be in [0, 1), got " + fraction);
        double magnitude = p.nonNegative("outlierMagnitude", 10);
        if (!Double.isFinite(magnitude)) throw p.invalid("outlierMagnitude", "must be finite");
        RobustLoss loss = p.choice("loss", RobustLoss.class, "l1");
        long seed = p.integer("seed", 1);
        p.finish();
        long entries = (long) measurements * s.rows() * s.columns();
        if (entries > MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the dense Gaussian operator would hold " + entries + " entries");
        }
        return () -> {
            RobustSensing robust = RobustSensing.create(symmetric, s.rows(), s.columns(), s.rank(), s.searchRank(),
                    s.singularValues(), measurements, fraction, magnitude, seed);
            return loss == RobustLoss.L1 ? robust : robust.squaredLoss();
        };
    }

    static Supplier<Problem> symmetricCompletion(SpecNode p) {
        LowRankShape s = lowRankShape(p, true, MAX_SIDE);
        double probability = probability(p, s);
        LowRankRecovery.Sampling sampling = p.has("sampling") // in the resolved spec only when given
                ? p.choice("sampling", LowRankRecovery.Sampling.class, "bernoulli") : LowRankRecovery.Sampling.BERNOULLI;
        long seed = p.integer("seed", 1);
        p.finish();
        checkHeap(p, "probability", LowRankRecovery.completionBytes(s.rows(), s.columns(), s.rank(), s.searchRank(),
                probability * s.rows() * s.columns(), true));
        return () -> LowRankRecovery.symmetricCompletion(s.rows(), s.rank(), s.searchRank(), s.singularValues(),
                probability, sampling, seed);
    }

    static Supplier<Problem> asymmetricCompletion(SpecNode p) {
        LowRankShape s = lowRankShape(p, false, MAX_SIDE);
        double probability = probability(p, s);
        double balance = p.nonNegative("balance", COMPLETION_BALANCE);
        LowRankRecovery.Sampling sampling = p.has("sampling") // in the resolved spec only when given
                ? p.choice("sampling", LowRankRecovery.Sampling.class, "bernoulli") : LowRankRecovery.Sampling.BERNOULLI;
        long seed = p.integer("seed", 1);
        p.finish();
        checkHeap(p, "probability", LowRankRecovery.completionBytes(s.rows(), s.columns(), s.rank(), s.searchRank(),
                probability * s.rows() * s.columns(), false));
        return () -> LowRankRecovery.asymmetricCompletion(s.rows(), s.columns(), s.rank(), s.searchRank(),
                s.singularValues(), probability, balance, sampling, seed);
    }

    /** p ∈ (0, 1], default 0.8 (Section 7); the expected |Ω| must fit the index arrays. */
    private static double probability(SpecNode p, LowRankShape s) {
        double probability = p.number("probability", 0.8);
        if (!(probability > 0 && probability <= 1)) throw p.invalid("probability", "must be in (0, 1], got " + probability);
        double expected = probability * s.rows() * s.columns();
        if (expected + 6 * Math.sqrt(expected) > MAX_DENSE_ENTRIES) {
            throw p.invalid("probability", "the expected number of observed entries p·n1·n2 = " + (long) expected
                    + " exceeds " + MAX_DENSE_ENTRIES);
        }
        return probability;
    }

    static Supplier<Problem> symmetricOneBit(SpecNode p) {
        LowRankShape s = lowRankShape(p, true, 100_000);
        int samples = samplesPerEntry(p, s);
        long seed = p.integer("seed", 1);
        p.finish();
        checkHeap(p, s.sizeKey(), LowRankRecovery.oneBitBytes(s.rows(), s.columns(), s.rank(), s.searchRank(), true));
        return () -> LowRankRecovery.symmetricOneBit(s.rows(), s.rank(), s.searchRank(), s.singularValues(), samples,
                seed);
    }

    static Supplier<Problem> asymmetricOneBit(SpecNode p) {
        LowRankShape s = lowRankShape(p, false, 100_000);
        int samples = samplesPerEntry(p, s);
        double balance = p.nonNegative("balance", ONE_BIT_BALANCE);
        long seed = p.integer("seed", 1);
        p.finish();
        checkHeap(p, s.sizeKey(), LowRankRecovery.oneBitBytes(s.rows(), s.columns(), s.rank(), s.searchRank(), false));
        return () -> LowRankRecovery.asymmetricOneBit(s.rows(), s.columns(), s.rank(), s.searchRank(),
                s.singularValues(), samples, balance, seed);
    }

    /**
     * Rejects, naming {@code key}, an instance whose estimated heap exceeds the JVM's maximum heap: better than an
     * OutOfMemoryError after minutes of construction.
     */
    static void checkHeap(SpecNode p, String key, long bytes) {
        long available = Runtime.getRuntime().maxMemory();
        if (available != Long.MAX_VALUE && bytes > available) {
            throw p.invalid(key, String.format(java.util.Locale.ROOT,
                    "this instance needs about %.1f GiB of heap but the JVM has %.1f GiB"
                            + " (raise -Xmx, e.g. IRLAB_JAVA_OPTS=-Xmx%dg, or make the problem smaller)",
                    bytes / GIB, available / GIB, (long) Math.ceil(bytes * 1.25 / GIB)));
        }
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** 0 (default): α = σ(M*), as in the paper; s ≥ 1: α from s Bernoulli draws per entry. The loss is dense. */
    private static int samplesPerEntry(SpecNode p, LowRankShape s) {
        int samples = p.integer("samplesPerEntry", 0, 0, 1_000_000);
        if ((long) s.rows() * s.columns() > MAX_DENSE_ENTRIES) {
            throw p.invalid(s.sizeKey(), "the 1-bit loss is dense: n1·n2 = " + (long) s.rows() * s.columns()
                    + " entries exceeds " + MAX_DENSE_ENTRIES);
        }
        return samples;
    }

    static Supplier<Problem> sparseRecovery(SpecNode p) {
        int d = p.integer("dimension", 1, 50_000_000);
        int measurements = p.integer("measurements", 1, Integer.MAX_VALUE);
        double[] given = p.numbers("truth");
        if (given.length > d) throw p.invalid("truth", "has " + given.length + " entries but dimension is " + d);
        SparseRecovery.Normalization normalization = p.choice("normalization", SparseRecovery.Normalization.class, "mean");
        long seed = p.integer("seed", 1);
        p.finish();
        if ((long) measurements * d > MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the design would hold " + (long) measurements * d + " entries");
        }
        double[] truth = new double[d];
        System.arraycopy(given, 0, truth, 0, given.length);
        return () -> SparseRecovery.create(truth, measurements, normalization, seed);
    }
}
