package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {
    private int before;

    @BeforeEach void remember() { before = Parallel.threads(); }

    @AfterEach void restore() { Parallel.setThreads(before); }

    /** Every chunk runs exactly once, with the boundaries fixed by n and the chunk size. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void everyChunkRunsOnce(int threads) {
        Parallel.setThreads(threads);
        int n = 1003, size = 10, chunks = Parallel.chunks(n, size);
        for (int repeat = 0; repeat < 200; repeat++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            int[] from = new int[chunks], to = new int[chunks];
            Parallel.forEachChunk(n, size, Long.MAX_VALUE, (c, f, t) -> {
                runs.incrementAndGet(c);
                from[c] = f;
                to[c] = t;
            });
            for (int c = 0; c < chunks; c++) {
                assertThat(runs.get(c)).isEqualTo(1);
                assertThat(from[c]).isEqualTo(c * size);
                assertThat(to[c]).isEqualTo(Math.min(n, (c + 1) * size));
            }
        }
    }

    /** A chunked sum reduced in chunk order has the same bits for any thread count. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void chunkOrderReductionIsIndependentOfThreads(int threads) {
        double[] values = new double[100_000];
        Randoms.gaussian(new java.util.SplittableRandom(4), 1e3, values);
        Parallel.setThreads(1);
        double one = chunkedSum(values);
        Parallel.setThreads(threads);
        for (int repeat = 0; repeat < 20; repeat++) assertThat(chunkedSum(values)).isEqualTo(one);
    }

    private static double chunkedSum(double[] values) {
        int size = 777, chunks = Parallel.chunks(values.length, size);
        double[] partial = new double[chunks];
        Parallel.forEachChunk(values.length, size, Long.MAX_VALUE, (c, f, t) -> {
            double s = 0;
            for (int i = f; i < t; i++) s += values[i];
            partial[c] = s;
        });
        return Parallel.sumInOrder(partial, chunks);
    }

    /** A failing chunk's exception reaches the caller, and the team still works afterwards. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void failuresPropagate(int threads) {
        Parallel.setThreads(threads);
        assertThatThrownBy(() -> Parallel.forEachChunk(100, 10, Long.MAX_VALUE, (c, f, t) -> {
            if (c == 7) throw new IllegalStateException("chunk 7");
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk 7");
        AtomicIntegerArray runs = new AtomicIntegerArray(10);
        Parallel.forEachChunk(100, 10, Long.MAX_VALUE, (c, f, t) -> runs.incrementAndGet(c));
        for (int c = 0; c < 10; c++) assertThat(runs.get(c)).isEqualTo(1);
    }

    /** A body that itself calls forEachChunk completes (the inner call runs on its own thread). */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void nestedCallsComplete(int threads) {
        Parallel.setThreads(threads);
        AtomicIntegerArray inner = new AtomicIntegerArray(40);
        Parallel.forEachChunk(4, 1, Long.MAX_VALUE, (c, f, t) ->
                Parallel.forEachChunk(10, 1, Long.MAX_VALUE, (ci, fi, ti) -> inner.incrementAndGet(c * 10 + ci)));
        for (int i = 0; i < 40; i++) assertThat(inner.get(i)).isEqualTo(1);
    }
}
