package org.irlab.testing;

import java.util.List;
import java.util.function.Supplier;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;

/**
 * The problems that table-driven cross-checks (dense vs matrix-free deviation rate, Lanczos vs dense eigenvalues,
 * …) run on, at paper size or close to it. One line per problem type: add yours here.
 */
public final class ProblemCatalogue {
    private ProblemCatalogue() {}

    /** A named problem factory (a fresh instance per call: problems own work buffers). */
    public record Entry(String name, Supplier<Problem> factory) {
        public Problem create() { return factory.get(); }

        @Override public String toString() { return name; }
    }

    /** Small instances (d ≤ ~400) where a dense Hessian is cheap. */
    public static List<Entry> small() {
        return List.of(
                new Entry("symmetric-sensing n=20 r'=20 r=3",
                        () -> SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1)),
                new Entry("sparse-recovery d=150 N=300",
                        () -> SparseRecovery.create(paperSparseTruth(150), 300, SparseRecovery.Normalization.MEAN, 1))
        );
    }

    /** θ* of Section 7: zero except its first five entries 10, −5, 3, −2, 1. */
    public static double[] paperSparseTruth(int d) {
        double[] t = new double[d];
        double[] head = {10, -5, 3, -2, 1};
        System.arraycopy(head, 0, t, 0, Math.min(d, head.length));
        return t;
    }
}
