package org.irlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.AsymmetricFactorModel;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.FactorizedObjective;
import org.irlab.problem.LogisticLoss;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Objective;
import org.irlab.problem.ObservedEntriesModel;
import org.irlab.problem.OneBitObjective;
import org.irlab.problem.Problem;
import org.irlab.problem.SquaredLoss;
import org.irlab.problem.SymmetricFactorModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused value+gradient, one Hessian-vector product and one error evaluation of the completion and 1-bit problems,
 * at the paper's size (n = 20, r' = 20) and at n = 20,000 with r' = 20 and |Ω| ≈ 4·10⁶ (p = 0.01); building the
 * instance is set-up, not timed. {@code generic*} time the same instance through the generic composition (the
 * {@link ObservedEntriesModel} or dense factor model with its loss) that the fused objectives replace.
 * The 100,000 × 20,000 case with |Ω| ≈ 2·10⁷ is {@code -p shape=asymmetric-completion-100000x20000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class CompletionBenchmark {
    @Param({"symmetric-completion-20", "asymmetric-completion-20", "symmetric-one-bit-20", "asymmetric-one-bit-20",
            "symmetric-completion-20000"})
    public String shape;

    private Problem problem;
    private Objective objective, generic;
    private double[] x, v, out;

    private static final double[] SIGMA = {10, 5, 1};
    private static final double[] SIGMA5 = {5, 4, 3, 2, 1};

    @Setup(Level.Trial) public void setup() {
        problem = switch (shape) {
            case "symmetric-completion-20" -> LowRankRecovery.symmetricCompletion(20, 3, 20, SIGMA, 0.8, 1);
            case "asymmetric-completion-20" -> LowRankRecovery.asymmetricCompletion(20, 20, 3, 20, SIGMA, 0.8, 0, 1);
            case "symmetric-one-bit-20" -> LowRankRecovery.symmetricOneBit(20, 3, 20, SIGMA, 0, 1);
            case "asymmetric-one-bit-20" -> LowRankRecovery.asymmetricOneBit(20, 20, 3, 20, SIGMA, 0, 0, 1);
            case "symmetric-completion-20000" -> LowRankRecovery.symmetricCompletion(20_000, 5, 20, SIGMA5, 0.01, 1);
            case "asymmetric-completion-100000x20000" ->
                    LowRankRecovery.asymmetricCompletion(100_000, 20_000, 5, 20, SIGMA5, 0.01, 0, 1);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
        objective = problem.objective();
        generic = generic(objective);
        int d = objective.dimension();
        x = new double[d];
        v = new double[d];
        out = new double[d];
        SplittableRandom rng = new SplittableRandom(3);
        Randoms.gaussian(rng, 0.1, x);
        Randoms.gaussian(rng, 1.0, v);
    }

    /** The same instance through the generic factor model + loss composition. */
    private static Objective generic(Objective fused) {
        if (fused instanceof CompletionObjective c) {
            SparsePattern omega = c.pattern();
            return new FactorizedObjective(c.isSymmetric() ? ObservedEntriesModel.symmetric(omega, c.searchRank())
                    : ObservedEntriesModel.asymmetric(omega, c.searchRank()),
                    new SquaredLoss(1, omega.size(), c.target(), c.scale()));
        }
        OneBitObjective o = (OneBitObjective) fused;
        int n1 = 20, n2 = 20, k = 20;
        return new FactorizedObjective(o.isSymmetric() ? new SymmetricFactorModel(n1, k)
                : new AsymmetricFactorModel(n1, n2, k), new LogisticLoss(n1, n2, o.alpha()));
    }

    @Benchmark public double valueAndGradient() {
        return objective.valueAndGradient(x, out);
    }

    @Benchmark public double[] hessianVector() {
        objective.hessianVector(x, v, out);
        return out;
    }

    @Benchmark public double error() {
        return problem.error(x);
    }

    @Benchmark public double genericValueAndGradient() {
        return generic.valueAndGradient(x, out);
    }

    @Benchmark public double[] genericHessianVector() {
        generic.hessianVector(x, v, out);
        return out;
    }
}
