package org.irlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.irlab.linalg.Randoms;
import org.irlab.problem.Objective;
import org.irlab.problem.SymmetricSensing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** One fused value+gradient and one Hessian-vector product of symmetric sensing at the paper's size. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SensingBenchmark {
    private Objective objective;
    private double[] x, v, out;

    @Setup public void setup() {
        objective = SymmetricSensing.create(20, 3, 20, new double[] {10, 5, 1}, 600, 1).objective();
        x = new double[400];
        v = new double[400];
        out = new double[400];
        SplittableRandom rng = new SplittableRandom(3);
        Randoms.gaussian(rng, 0.3, x);
        Randoms.gaussian(rng, 1.0, v);
    }

    @Benchmark public double valueAndGradient() {
        return objective.valueAndGradient(x, out);
    }

    @Benchmark public double[] hessianVector() {
        objective.hessianVector(x, v, out);
        return out;
    }
}
