package org.irlab.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.data.Npz;
import org.irlab.optim.DescentEvent;
import org.irlab.optim.IterationObserver;

/**
 * Records iterate snapshots ({@code record.iterates: K}) into {@code DIR/iterates.npz}: x_t at every t divisible by
 * K, at the iterate that follows a perturbation (the perturbed point x_t + ξ, as the loop sees it), at the iterate the
 * escape test returns (the candidate z, observed at the test's iteration) and at the final iterate. The archive holds
 * {@code iterations} (K,) int64, {@code loss} (K,) f at each snapshot and {@code iterates} (K, rows, columns), the
 * same layout as {@code iterate.npy}. Snapshots stream to a temporary file as the run goes (memory O(d)); the archive
 * appears under its name only when the run has ended.
 */
final class IterateSnapshots implements IterationObserver, AutoCloseable {
    /** Snapshots are gathered into blocks of about this many bytes before they are written (one call per block). */
    private static final int BLOCK_BYTES = 1 << 20;

    private final int every, rows, columns;
    private final Path target, spool;
    private final FileChannel channel;
    private final int bytes;                     // one snapshot
    private final ByteBuffer block;              // snapshots [flushed, flushed + buffered), written in one call
    private final java.nio.DoubleBuffer doubles; // a view of block, made once
    private final int capacity;                  // snapshots per block
    private int flushed, buffered;
    private long[] iterations = new long[64];
    private double[] losses = new double[64];
    private int count;
    private boolean pending;

    IterateSnapshots(int every, int rows, int columns, Path dir) {
        this.every = every;
        this.rows = rows;
        this.columns = columns;
        this.target = dir.resolve("iterates.npz");
        this.bytes = Math.multiplyExact(Math.multiplyExact(rows, columns), 8);
        this.capacity = Math.max(1, BLOCK_BYTES / bytes);
        this.block = ByteBuffer.allocate(Math.multiplyExact(capacity, bytes)).order(ByteOrder.LITTLE_ENDIAN);
        this.doubles = block.asDoubleBuffer();
        try {
            Files.createDirectories(dir);
            // named as AtomicFiles names its temporary files, so a killed run's spool is removed as a leftover
            this.spool = Files.createFile(dir.resolve(".iterates.npz.spool."
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp"));
            this.channel = FileChannel.open(spool, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override public void onEvent(DescentEvent e) {
        switch (e.kind()) {
            case PERTURBATION, NO_OP_PERTURBATION, RETURNED_CANDIDATE -> pending = true;
            default -> { }
        }
    }

    @Override
    public void onIterate(int t, double[] x, double loss, double[] gradient, double gradientNorm, boolean last) {
        if (!pending && !last && t % every != 0) return;
        pending = false;
        // a diverged run ends by re-reporting the last finite iterate under its own t: keep one snapshot per t
        int slot = count > 0 && iterations[count - 1] == t ? count - 1 : count;
        try {
            if (slot < flushed) { // re-reporting a snapshot already written
                ByteBuffer one = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
                one.asDoubleBuffer().put(x, 0, rows * columns);
                channel.write(one, (long) slot * bytes);
            } else {
                doubles.position((slot - flushed) * (bytes / 8));
                doubles.put(x, 0, rows * columns);
                buffered = Math.max(buffered, slot - flushed + 1);
                if (buffered == capacity) flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spool + ": " + e.getMessage(), e);
        }
        if (slot == iterations.length) {
            iterations = Arrays.copyOf(iterations, 2 * slot);
            losses = Arrays.copyOf(losses, 2 * slot);
        }
        iterations[slot] = t;
        losses[slot] = loss;
        count = slot + 1;
    }

    private void flush() throws IOException {
        block.clear().limit(buffered * bytes);
        long at = (long) flushed * bytes;
        while (block.hasRemaining()) at += channel.write(block, at);
        flushed += buffered;
        buffered = 0;
    }

    /** Writes the archive and removes the spool file. */
    @Override public void close() {
        try {
            flush();
            Map<String, Npz.Member> members = new LinkedHashMap<>();
            double[] its = new double[count];
            for (int k = 0; k < count; k++) its[k] = iterations[k];
            NdArray indices = new NdArray("", new int[] {count}, NdArray.Type.INT64, its);
            members.put("iterations", out -> Npy.write(out, indices));
            members.put("loss", out -> Npy.write(out, NdArray.of(Arrays.copyOf(losses, count), count)));
            members.put("iterates", out -> {
                out.write(Npy.header(NdArray.Type.FLOAT64, new int[] {count, rows, columns}));
                try (InputStream in = Files.newInputStream(spool)) {
                    if (in.transferTo(out) != (long) count * bytes) {
                        throw new IOException("the spool file " + spool + " is damaged");
                    }
                }
            });
            AtomicFiles.write(target, out -> Npz.writeMembers(out, members));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                channel.close();
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
