package org.irlab.testing;

import java.util.List;
import java.util.function.Supplier;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.LeastSquares;
import org.irlab.problem.LowRankRecovery;
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
                        () -> SparseRecovery.create(paperSparseTruth(150), 300, SparseRecovery.Normalization.MEAN, 1)),
                new Entry("asymmetric-sensing 10x8 r'=6 r=2",
                        () -> LowRankRecovery.asymmetricSensing(10, 8, 2, 6, new double[] {4, 1}, 200, 1.0 / 16, 1)),
                new Entry("symmetric-completion n=12 r'=6 r=2",
                        () -> LowRankRecovery.symmetricCompletion(12, 2, 6, new double[] {4, 1}, 0.8, 1)),
                new Entry("asymmetric-completion 10x8 r'=6 r=2",
                        () -> LowRankRecovery.asymmetricCompletion(10, 8, 2, 6, new double[] {4, 1}, 0.8, 0.25, 1)),
                new Entry("symmetric-one-bit n=10 r'=6 r=2",
                        () -> LowRankRecovery.symmetricOneBit(10, 2, 6, new double[] {4, 1}, 0, 1)),
                new Entry("asymmetric-one-bit 10x8 r'=6 r=2",
                        () -> LowRankRecovery.asymmetricOneBit(10, 8, 2, 6, new double[] {4, 1}, 0, 1.0 / 16, 1)),
                new Entry("least-squares N=20 d=50",
                        () -> LeastSquares.create(20, 50, LeastSquares.Observations.GAUSSIAN, 1.0, 1)),
                new Entry("deep-factorization 2x2 L=3", () -> DeepFactorization.seedExample(3))
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
