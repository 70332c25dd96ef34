package org.irlab.experiment;

import java.util.function.Supplier;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;

/**
 * Reads a {@code least-squares} problem: f(w) = c‖Aw − b‖² with A ∈ ℝ^{N×d} Gaussian from the seed.
 * Keys: {@code measurements} N, {@code dimension} d, {@code normalization} ("sum": c = 1 as in eq. (3) of 004, the
 * default; "mean": c = 1/N), {@code observations} ("gaussian": b ~ N(0, I), the default; "planted": b = Aw*), seed.
 */
final class LeastSquaresSpec {
    private LeastSquaresSpec() {}

    static Supplier<Problem> read(SpecNode p) {
        int measurements = p.integer("measurements", 1, Integer.MAX_VALUE);
        int d = p.integer("dimension", 1, Integer.MAX_VALUE);
        SparseRecovery.Normalization normalization =
                p.choice("normalization", SparseRecovery.Normalization.class, "sum");
        LeastSquares.Observations observations = p.choice("observations", LeastSquares.Observations.class, "gaussian");
        long seed = p.integer("seed", 1);
        p.finish();
        if ((long) measurements * d > Problems.MAX_DENSE_ENTRIES) {
            throw p.invalid("measurements", "the design would hold " + (long) measurements * d
                    + " entries (N·d), more than " + Problems.MAX_DENSE_ENTRIES);
        }
        double scale = normalization == SparseRecovery.Normalization.MEAN ? 1.0 / measurements : 1.0;
        return () -> LeastSquares.create(measurements, d, observations, scale, seed);
    }
}
