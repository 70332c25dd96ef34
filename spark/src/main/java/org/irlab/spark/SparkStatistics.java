package org.irlab.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What the Spark data term did: evaluations of each kind with their wall time, the bytes broadcast (x, v) and handed
 * back (the pieces), and — from Spark's own task metrics — the bytes shuffled and the serialized task results.
 */
final class SparkStatistics extends SparkListener {
    private final Map<String, long[]> kinds = new LinkedHashMap<>(); // kind → {count, nanos, broadcast, returned}
    private final AtomicLong shuffleWrite = new AtomicLong(), shuffleRead = new AtomicLong(),
            resultBytes = new AtomicLong(), tasks = new AtomicLong();
    private int userBlocks, itemBlocks;
    private long driverVectorBytes, rowsGathered;

    synchronized void blocks(int users, int items) {
        userBlocks = users;
        itemBlocks = items;
    }

    /** The most bytes of descent vectors the driver held at once (the distributed descents' Y rows). */
    synchronized void driverVectors(long bytes) {
        driverVectorBytes = Math.max(driverVectorBytes, bytes);
    }

    /** Factor rows of the blocks' side gathered whole to the driver (none on the command's route: it streams them). */
    synchronized void gathered(long rows) { rowsGathered += rows; }

    synchronized void evaluation(String kind, long broadcast, long returned, long nanos) {
        long[] k = kinds.computeIfAbsent(kind, x -> new long[4]);
        k[0]++;
        k[1] += nanos;
        k[2] += broadcast;
        k[3] += returned;
    }

    @Override public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() == null) return;
        tasks.incrementAndGet();
        shuffleWrite.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        shuffleRead.addAndGet(end.taskMetrics().shuffleReadMetrics().totalBytesRead());
        resultBytes.addAndGet(end.taskMetrics().resultSize());
    }

    /** JSON-friendly totals: per kind count, seconds, bytes broadcast and returned; Spark's task metrics. */
    synchronized Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userBlocks", userBlocks);
        m.put("itemBlocks", itemBlocks);
        for (Map.Entry<String, long[]> e : kinds.entrySet()) {
            long[] k = e.getValue();
            Map<String, Object> kind = new LinkedHashMap<>();
            kind.put("count", k[0]);
            kind.put("seconds", k[1] / 1e9);
            kind.put("bytesBroadcast", k[2]);
            kind.put("bytesReturned", k[3]);
            m.put(e.getKey(), kind);
        }
        m.put("driverVectorBytesPeak", driverVectorBytes);
        m.put("factorRowsGathered", rowsGathered);
        m.put("tasks", tasks.get());
        m.put("shuffleBytesWritten", shuffleWrite.get());
        m.put("shuffleBytesRead", shuffleRead.get());
        m.put("taskResultBytes", resultBytes.get());
        return m;
    }
}
