package org.irlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.irlab.completion.Split;
import org.irlab.data.BadInputException;
import org.irlab.data.CoordinateBuilder;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InputReport;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsLayout;
import scala.Tuple2;

/**
 * Reads a ratings file on the executors ({@code complete fit --engine spark}): Spark's text reader, each line parsed
 * where it lies by the local reader's rules ({@link RatingsCsv.Lines}: same layouts, same messages), repeated pairs
 * resolved by a keyed reduce with {@link DuplicatePolicy#resolve}, ids numbered in order of first appearance (as the
 * local reader numbers them), the validation part drawn per entry ({@link Split#heldOut}), and the entries cut into
 * user blocks of about equal training counts ({@link UserRatings}). The driver holds the id lists (O(n₁ + n₂)), the
 * per-user training counts that place the block boundaries, and the report.
 */
final class RatingsOnSpark {
    private RatingsOnSpark() {}

    /** What was read: the data in user blocks, the ids of its rows and columns in index order, the report. */
    record Read(DistributedRatings data, String[] rowIds, String[] columnIds, boolean times, InputReport report) {}

    /**
     * One parsed line: its number, ids, rating (NaN: not a number) and time (NaN: none); or a line the reader refuses,
     * with the message (the others then null).
     */
    record Line(int number, String user, String item, double rating, double time, String error)
            implements Serializable {
        boolean valid() { return error == null && Double.isFinite(rating); }
    }

    /** The occurrences of one (user, item) pair: line numbers, values and times (times null without a time column). */
    record Occurrences(int[] lines, double[] values, double[] times) implements Serializable {
        static Occurrences of(Line l) {
            return new Occurrences(new int[] {l.number()}, new double[] {l.rating()},
                    Double.isNaN(l.time()) ? null : new double[] {l.time()});
        }

        static Occurrences merge(Occurrences a, Occurrences b) {
            int n = a.lines.length, m = b.lines.length;
            int[] lines = Arrays.copyOf(a.lines, n + m);
            System.arraycopy(b.lines, 0, lines, n, m);
            double[] values = Arrays.copyOf(a.values, n + m);
            System.arraycopy(b.values, 0, values, n, m);
            double[] times = null;
            if (a.times != null) {
                times = Arrays.copyOf(a.times, n + m);
                System.arraycopy(b.times, 0, times, n, m);
            }
            return new Occurrences(lines, values, times);
        }

        /** The value kept under {@code policy} (occurrences in line order, as the local reader sees them). */
        double resolve(DuplicatePolicy policy) {
            Integer[] order = new Integer[lines.length];
            for (int k = 0; k < order.length; k++) order[k] = k;
            Arrays.sort(order, (x, y) -> Integer.compare(lines[x], lines[y]));
            int[] entry = new int[order.length];
            for (int k = 0; k < entry.length; k++) entry[k] = order[k];
            double[] out = new double[2];
            policy.resolve(values, times, entry, entry.length, out);
            return out[0];
        }

        /** The line numbers of the repeats (all but the first line). */
        List<Integer> repeats() {
            int[] sorted = lines.clone();
            Arrays.sort(sorted);
            List<Integer> out = new ArrayList<>();
            for (int k = 1; k < sorted.length; k++) out.add(sorted[k]);
            return out;
        }
    }

    /** Lines by number. */
    static final class ByLine implements java.util.Comparator<Line>, Serializable {
        @Override public int compare(Line a, Line b) { return Integer.compare(a.number(), b.number()); }
    }

    /** Block b's key → partition b. */
    static final class ByBlock extends Partitioner {
        private final int blocks;

        ByBlock(int blocks) { this.blocks = blocks; }

        @Override public int numPartitions() { return blocks; }

        @Override public int getPartition(Object key) { return (Integer) key; }

        @Override public boolean equals(Object o) { return o instanceof ByBlock b && b.blocks == blocks; }

        @Override public int hashCode() { return blocks; }
    }

    /**
     * Reads {@code path} (any Hadoop file system) laid out as {@code layout}, holds out entry (u, i) for validation
     * iff {@link Split#heldOut}(seed, u, i, fraction), and cuts the users into at most {@code blockCount} blocks.
     *
     * @param source the input's name in messages
     * @throws BadInputException as the local reader would (the first malformed line, by number, is named)
     */
    static Read read(JavaSparkContext spark, String path, String source, RatingsLayout layout,
                     DuplicatePolicy duplicates, InvalidPolicy invalid, double fraction, long seed, int blockCount,
                     SparkStatistics statistics) {
        JavaPairRDD<String, Long> numbered = spark.textFile(path, Math.max(2, blockCount)).zipWithIndex();
        List<Tuple2<String, Long>> head = numbered.filter(t -> !t._1().isBlank()).take(1);
        RatingsCsv.Lines rules = head.isEmpty() ? RatingsCsv.Lines.of(null, 0, source, layout, true)
                : RatingsCsv.Lines.of(head.get(0)._1(), (int) (head.get(0)._2() + 1), source, layout, true);
        JavaRDD<Line> lines = numbered.mapPartitions(it -> {
            List<Line> out = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<String, Long> t = it.next();
                int number = (int) (t._2() + 1);
                try {
                    if (t._1().indexOf('\uFFFD') >= 0) throw BadInputException.notUtf8(source, number);
                    rules.parse(t._1(), number, (n, user, item, rating, time) -> {
                        double value = RatingsCsv.parseRating(rating);
                        if (Double.isFinite(value)) CoordinateBuilder.checkMagnitude(source, n, value);
                        out.add(new Line(n, user, item, value, time, null));
                    });
                } catch (BadInputException e) { // the driver names the first malformed line, as the local reader does
                    out.add(new Line(number, null, null, Double.NaN, Double.NaN, e.getMessage()));
                }
            }
            return out.iterator();
        });
        lines.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Line> malformed = lines.filter(l -> l.error() != null).takeOrdered(1, new ByLine());
            if (!malformed.isEmpty()) throw new BadInputException(malformed.get(0).error());
            if (duplicates == DuplicatePolicy.LATEST && !rules.fields().hasTime()) {
                throw new BadInputException(source + ": --duplicates latest needs a time column, and the columns are "
                        + rules.fields().describe() + " (name one timestamp in the header, or use --columns"
                        + " user,item,rating,time)");
            }
            JavaRDD<Line> bad = lines.filter(l -> !Double.isFinite(l.rating()));
            long invalidCount = bad.count();
            List<Integer> invalidLines = invalidCount == 0 ? List.of()
                    : bad.map(Line::number).takeOrdered(InputReport.SHOWN);
            JavaRDD<Line> good = lines.filter(Line::valid);
            String[] users = firstAppearance(good.mapToPair(l -> new Tuple2<>(l.user(), l.number())));
            String[] items = firstAppearance(good.mapToPair(l -> new Tuple2<>(l.item(), l.number())));
            Broadcast<Map<String, Integer>> userIndex = spark.broadcast(index(users));
            Broadcast<Map<String, Integer>> itemIndex = spark.broadcast(index(items));
            JavaPairRDD<Long, Occurrences> pairs = good.mapToPair(l -> new Tuple2<>(
                    ((long) userIndex.value().get(l.user()) << 32) | itemIndex.value().get(l.item()),
                    Occurrences.of(l))).reduceByKey(Occurrences::merge);
            pairs.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                JavaRDD<Occurrences> repeated = pairs.values().filter(o -> o.lines().length > 1);
                long repeats = repeated.map(o -> (long) o.lines().length - 1).fold(0L, Long::sum);
                List<Integer> repeatLines = repeats == 0 ? List.of()
                        : repeated.flatMap(o -> o.repeats().iterator()).takeOrdered(InputReport.SHOWN);
                InputReport report = new InputReport((int) repeats, repeatLines, duplicates, (int) invalidCount,
                        invalidLines, invalid);
                RatingsCsv.refuseIfNeeded(source, report, "--invalid-ratings skip");
                if (users.length == 0) throw new BadInputException(source + ": no ratings");
                int n1 = users.length, n2 = items.length;
                // (key, value, held out)
                JavaRDD<Tuple2<Long, double[]>> entries = pairs.map(t -> {
                    int u = (int) (t._1() >>> 32), i = (int) (long) t._1();
                    return new Tuple2<>(t._1(), new double[] {t._2().resolve(duplicates),
                            Split.heldOut(seed, u, i, fraction) ? 1 : 0});
                });
                int[] trainCounts = entries.filter(e -> e._2()[1] == 0).treeAggregate(new int[n1], (c, e) -> {
                    c[(int) (e._1() >>> 32)]++;
                    return c;
                }, (a, b) -> {
                    for (int k = 0; k < a.length; k++) a[k] += b[k];
                    return a;
                }, 2);
                int[] start = new int[n1 + 1];
                for (int u = 0; u < n1; u++) start[u + 1] = start[u] + trainCounts[u];
                int[][] ranges = RatingBlocks.ranges(start, blockCount);
                int[] firsts = new int[ranges.length + 1];
                for (int b = 0; b < ranges.length; b++) firsts[b] = ranges[b][0];
                firsts[ranges.length] = n1;
                int blocks = ranges.length;
                JavaRDD<UserRatings> cut = entries.mapToPair(e -> {
                    int b = Arrays.binarySearch(firsts, (int) (e._1() >>> 32));
                    return new Tuple2<>(b >= 0 ? b : -b - 2, e);
                }).partitionBy(new ByBlock(blocks)).mapPartitionsWithIndex((b, it) -> {
                    List<Tuple2<Long, double[]>> all = new ArrayList<>();
                    it.forEachRemaining(t -> all.add(t._2()));
                    int n = all.size();
                    int[] u = new int[n], i = new int[n];
                    double[] v = new double[n];
                    boolean[] h = new boolean[n];
                    for (int k = 0; k < n; k++) {
                        Tuple2<Long, double[]> e = all.get(k);
                        u[k] = (int) (e._1() >>> 32);
                        i[k] = (int) (long) e._1();
                        v[k] = e._2()[0];
                        h[k] = e._2()[1] != 0;
                    }
                    return List.of(UserRatings.of(b, firsts[b], firsts[b + 1] - firsts[b], n2, u, i, v, h)).iterator();
                }, true);
                DistributedRatings data = DistributedRatings.of(spark, cut, n1, n2, statistics);
                return new Read(data, users, items, rules.fields().hasTime(), report);
            } finally {
                pairs.unpersist(false);
            }
        } finally {
            lines.unpersist(false);
        }
    }

    /** The keys in order of their first line (the local reader's numbering). */
    private static String[] firstAppearance(JavaPairRDD<String, Integer> seen) {
        List<Tuple2<String, Integer>> first = new ArrayList<>(seen.reduceByKey(Math::min).collect());
        first.sort((a, b) -> Integer.compare(a._2(), b._2()));
        String[] out = new String[first.size()];
        for (int k = 0; k < out.length; k++) out[k] = first.get(k)._1();
        return out;
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int k = 0; k < ids.length; k++) m.put(ids[k], k);
        return m;
    }
}
