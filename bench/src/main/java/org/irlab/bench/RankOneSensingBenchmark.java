package org.irlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.problem.RankOneSensingObjective;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Symmetric sensing with rank-one measurements Aᵢ = aᵢbᵢᵀ at n = 1000, r' = 20 and the default N = 10·n·r = 30,000
 * (r = 3): one fused value+gradient and one Hessian-vector product, per kernel, on one and two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class RankOneSensingBenchmark {
    @Param({"1000"}) public int n;
    @Param({"20"}) public int searchRank;
    @Param({"30000"}) public int measurements;
    @Param({"1", "2"}) public int threads;
    @Param({"simd", "scalar"}) public String kernel;

    private RankOneSensingObjective objective;
    private double[] x, v, out;
    private int previousThreads;

    @Setup public void setup() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] a = new double[measurements * n], b = new double[measurements * n], y = new double[measurements];
        Randoms.gaussian(rng, 1.0, a);
        Randoms.gaussian(rng, 1.0, b);
        Randoms.gaussian(rng, 1.0, y);
        MeasurementKernel chosen = kernel.equals("simd")
                ? MeasurementKernels.simd().orElseThrow(() -> new IllegalStateException("no jdk.incubator.vector"))
                : MeasurementKernels.scalar();
        objective = new RankOneSensingObjective(n, n, searchRank, a, b, y, 1.0 / (4.0 * measurements), true, chosen);
        x = new double[n * searchRank];
        v = new double[n * searchRank];
        out = new double[n * searchRank];
        Randoms.gaussian(rng, 0.03, x);
        Randoms.gaussian(rng, 1.0, v);
        previousThreads = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown(Level.Trial) public void restore() {
        Parallel.setThreads(previousThreads);
    }

    @Benchmark public double valueAndGradient() {
        return objective.valueAndGradient(x, out);
    }

    @Benchmark public double[] hessianVector() {
        objective.hessianVector(x, v, out);
        return out;
    }
}
