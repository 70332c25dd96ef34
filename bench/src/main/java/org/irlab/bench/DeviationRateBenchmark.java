package org.irlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.irlab.diagnostics.DeviationRate;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Problem;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;
import org.irlab.region.ImplicitRegion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one deviation-rate evaluation (Definition 5), dense and Lanczos, at a point x = x♯ + 1e-6·x⊥ near the
 * implicit region: symmetric sensing n = 20, r' = 20 (d = 400, N = 600) and sparse recovery d = 150 (300
 * parameters, N = 300) at paper size, and sparse recovery with 20,000 parameters (dimension 10,000, N = 500) by
 * Lanczos only (capped at {@link DeviationRate#DEFAULT_MAX_STEPS} steps; its residual sees ~20,000 distinct
 * eigenvalues, so the cap is what bounds the cost there).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DeviationRate -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class DeviationRateBenchmark {
    @Param({"sensing-400-dense", "sensing-400-lanczos", "sensing-400-restricted", "sparse-300-dense", "sparse-300-lanczos",
            "sparse-20000-lanczos"})
    public String instance;

    private DeviationRate rate;
    private double[] x;
    private final DeviationRate.Measurement out = new DeviationRate.Measurement();

    @Setup
    public void setUp() {
        String[] parts = instance.split("-");
        Problem problem = switch (parts[0] + "-" + parts[1]) {
            case "sensing-400" -> SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1);
            case "sparse-300" -> SparseRecovery.create(truth(150), 300, SparseRecovery.Normalization.MEAN, 1);
            case "sparse-20000" -> SparseRecovery.create(truth(10_000), 500, SparseRecovery.Normalization.MEAN, 1);
            default -> throw new IllegalArgumentException(instance);
        };
        DeviationRate.Method method = parts[2].equals("dense") ? DeviationRate.Method.DENSE : DeviationRate.Method.LANCZOS;
        // "restricted": Lanczos in the problem's invariant residual space (what a recorded run uses), else plain
        rate = new DeviationRate(problem.objective(), problem.region(), method, DeviationRate.DEFAULT_MAX_STEPS, 1e-10,
                parts[2].equals("restricted") ? problem.residualSpace().orElseThrow() : null);
        x = pointNearRegion(problem.region(), problem.objective().dimension(), 1e-6, 17);
    }

    @Benchmark
    public double evaluate() {
        return rate.evaluate(x, out).rate();
    }

    static double[] truth(int d) {
        double[] t = new double[d];
        double[] head = {10, -5, 3, -2, 1};
        System.arraycopy(head, 0, t, 0, head.length);
        return t;
    }

    /** x = P_𝓜(g) + scale·(g' − P_𝓜(g')) for seeded Gaussians g, g'. */
    static double[] pointNearRegion(ImplicitRegion region, int d, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] g = new double[d], signal = new double[d], residual = new double[d], x = new double[d];
        Randoms.gaussian(rng, 0.7, g);
        region.project(g, signal);
        Randoms.gaussian(rng, 1.0, g);
        region.split(g, x, residual);
        for (int i = 0; i < d; i++) x[i] = signal[i] + scale * residual[i];
        return x;
    }
}
