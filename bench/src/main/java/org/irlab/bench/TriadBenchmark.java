package org.irlab.bench;

import java.util.concurrent.TimeUnit;
import org.irlab.linalg.Parallel;
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
 * The STREAM triad a = b + s·c over 2²⁴ doubles per array (3 × 128 MiB, far beyond the caches), on {@code threads}
 * workers through {@link Parallel}'s fixed chunks: 24 bytes per element counted (STREAM's convention; write-allocate
 * traffic makes the true figure 32). GB/s = 0.4027 / (ms per op). The memory-bandwidth bound of the completion kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TriadBenchmark {
    private static final int N = 1 << 24, CHUNK = 1 << 16;

    @Param({"1", "2"})
    public int threads;

    private double[] a, b, c;
    private int before;

    @Setup(Level.Trial) public void setup() {
        before = Parallel.threads();
        Parallel.setThreads(threads);
        a = new double[N];
        b = new double[N];
        c = new double[N];
        java.util.Arrays.fill(b, 1.0);
        java.util.Arrays.fill(c, 2.0);
    }

    @TearDown(Level.Trial) public void tearDown() {
        Parallel.setThreads(before);
    }

    @Benchmark public double[] triad() {
        double s = 3.0;
        Parallel.forEachChunk(N, CHUNK, Long.MAX_VALUE, (chunk, from, to) -> {
            for (int i = from; i < to; i++) a[i] = b[i] + s * c[i];
        });
        return a;
    }
}
