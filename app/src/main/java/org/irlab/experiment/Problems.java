package org.irlab.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.irlab.problem.Problem;
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
        BUILDERS.put("least-squares", LeastSquaresSpec::read);
        BUILDERS.put("deep-factorization", DeepFactorizationSpec::read);
    }

    private Problems() {}

    /** The known type names, in catalogue order. */
    public static Set<String> types() { return Collections.unmodifiableSet(BUILDERS.keySet()); }

    /** Validates the spec's "problem" object and returns its deferred construction. */
    public static Supplier<Problem> read(SpecNode spec) {
        String type = spec.string("type");
        Builder b = BUILDERS.get(type);
        if (b == null) {
            throw spec.invalid("type", "unknown problem type '" + type + "' (known: " + String.join(", ", types()) + ")");
        }
        return b.read(spec);
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
        long seed = p.integer("seed", 1);
        p.finish();
        long entries = operator == SymmetricSensing.Operator.GAUSSIAN ? (long) measurements * n * n : 2L * measurements * n;
        if (entries > MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the " + SpecNode.specName(operator) + " operator would hold " + entries
                    + " entries, more than " + MAX_DENSE_ENTRIES
                    + (operator == SymmetricSensing.Operator.GAUSSIAN ? " (use \"operator\": \"rank-one\")" : ""));
        }
        return () -> SymmetricSensing.create(n, rank, searchRank, sigma, measurements, seed, operator);
    }

    /** N = 10·n·r (the paper does not state N). */
    static int defaultMeasurements(int n, int rank) {
        return (int) Math.min(Integer.MAX_VALUE, 10L * n * rank);
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
