package org.irlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.irlab.linalg.MeasurementKernel;
import org.irlab.linalg.MeasurementKernels;
import org.irlab.linalg.Parallel;
import org.irlab.linalg.Randoms;
import org.irlab.problem.FactorizedObjective;
import org.irlab.problem.Objective;
import org.irlab.problem.SensingLoss;
import org.irlab.problem.SymmetricFactorModel;
import org.irlab.problem.SymmetricSensingObjective;
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
 * Symmetric sensing with dense Gaussian Aᵢ: the packed objective's fused value+gradient and Hessian-vector product
 * per kernel (scalar, SIMD) and thread count, and the generic dense composition it replaced, at the paper's size
 * (n = 20, N = 600) and a large one (n = 100, N = 3000: a 121 MB packed operator streamed from memory).
 * Paper size on two threads: add {@code -jvmArgsAppend -Dirlab.sensing.parallelMinEntries=0}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class SensingBenchmark {
    @Param({"20x600", "100x3000"}) public String size;
    @Param({"simd", "scalar"}) public String kernel;
    @Param({"1", "2"}) public int threads;

    private Objective packed, dense;
    private double[] x, v, out;
    private int previousThreads;

    @Setup public void setup() {
        String[] parts = size.split("x");
        int n = Integer.parseInt(parts[0]), measurements = Integer.parseInt(parts[1]), k = n;
        SplittableRandom rng = new SplittableRandom(1);
        double[] operator = new double[measurements * n * n], y = new double[measurements];
        Randoms.gaussian(rng, 1.0, operator);
        Randoms.gaussian(rng, 1.0, y);
        MeasurementKernel chosen = kernel.equals("simd")
                ? MeasurementKernels.simd().orElseThrow(() -> new IllegalStateException("no jdk.incubator.vector"))
                : MeasurementKernels.scalar();
        double scale = 1.0 / (4.0 * measurements);
        packed = new SymmetricSensingObjective(n, k, SymmetricSensingObjective.pack(n, operator, measurements), y,
                scale, chosen);
        dense = new FactorizedObjective(new SymmetricFactorModel(n, k), new SensingLoss(n, n, operator, y, scale));
        x = new double[n * k];
        v = new double[n * k];
        out = new double[n * k];
        Randoms.gaussian(rng, 0.3, x);
        Randoms.gaussian(rng, 1.0, v);
        previousThreads = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown(Level.Trial) public void restore() {
        Parallel.setThreads(previousThreads);
    }

    @Benchmark public double valueAndGradient() {
        return packed.valueAndGradient(x, out);
    }

    @Benchmark public double[] hessianVector() {
        packed.hessianVector(x, v, out);
        return out;
    }

    /** The generic dense path (FactorizedObjective + SensingLoss), independent of the kernel parameter. */
    @Benchmark public double denseValueAndGradient() {
        return dense.valueAndGradient(x, out);
    }
}
