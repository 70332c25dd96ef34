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
import org.irlab.data.MatrixMarket;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsLayout;
import scala.Tuple2;

/**
 * Reads a ratings file on the executors ({@code complete fit --engine spark}): Spark's text reader, each line parsed
 * where it lies by the local reader's rules ({@link RatingsCsv.Lines}: same layouts, same messages), ids numbered in
 * order of first appearance (as the local reader numbers them), the entries sent once, in primitive batches, to the
 * user block that owns them, where repeated pairs are resolved by {@link DuplicatePolicy#resolve} (the occurrences in
 * line order, as locally), the validation part drawn per entry ({@link Split#heldOut}) and the block's
 * {@link UserRatings} built. The driver holds the id lists (O(n₁ + n₂)), the per-user line counts that place the block
 * boundaries (about equal line counts), and the report.
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

    /**
     * One Matrix Market entry line's outcome: entry (row, column) (0-based) and its value (NaN: not a number); the
     * mirrored entry of a symmetric file ({@code mirror}, not a line of its own); or a refused line with the message.
     */
    record Cell(int number, int row, int column, double value, boolean mirror, String error) implements Serializable {
        boolean valid() { return error == null && Double.isFinite(value); }
    }

    /**
     * What a pass over the lines found wrong: the first refused line, the non-numeric ratings (count, first lines); and
     * the entry lines read (Matrix Market's count check). A mutable per-partition accumulator (Spark's aggregate lets
     * both functions change and return their first argument): a valid line allocates nothing.
     */
    static final class Problems implements Serializable {
        private Line malformed;
        private long invalid;
        private int[] invalidLines = new int[0];
        private long lines;

        Line malformed() { return malformed; }

        long invalid() { return invalid; }

        int[] invalidLines() { return invalidLines; }

        long lines() { return lines; }

        Problems add(Line l) {
            if (l.error() != null) return refused(l);
            return counted(l.number(), l.rating());
        }

        Problems add(Cell c) {
            if (c.error() != null) return refused(new Line(c.number(), null, null, c.value(), Double.NaN, c.error()));
            return c.mirror() ? this : counted(c.number(), c.value());
        }

        private Problems refused(Line l) {
            if (malformed == null || l.number() < malformed.number()) malformed = l;
            return this;
        }

        private Problems counted(int number, double value) {
            lines++;
            if (!Double.isFinite(value)) {
                invalid++;
                if (invalidLines.length < InputReport.SHOWN || number < invalidLines[invalidLines.length - 1]) {
                    invalidLines = smallest(invalidLines, new int[] {number});
                }
            }
            return this;
        }

        /** {@code a} with {@code b} added (both are this pass's partial results). */
        static Problems merge(Problems a, Problems b) {
            if (b.malformed != null) a.refused(b.malformed);
            a.invalid += b.invalid;
            a.invalidLines = smallest(a.invalidLines, b.invalidLines);
            a.lines += b.lines;
            return a;
        }
    }

    /** An entry bound for its user's block: indices, line, value and time (NaN: none). */
    record Entry(int user, int item, int line, double value, double time) implements Serializable {}

    /** The {@link InputReport#SHOWN} smallest of two sorted lists of line numbers. */
    static int[] smallest(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return Arrays.copyOf(all, Math.min(all.length, InputReport.SHOWN));
    }

    /** Entries bound for one block, as primitive columns: user, item, line, value, time (null without times). */
    record Batch(int[] user, int[] item, int[] line, double[] value, double[] time) implements Serializable {}

    /** A block with what its duplicates were: the repeats (all occurrences of a pair but its first line) and the first. */
    record Built(UserRatings block, long repeats, int[] repeatLines) implements Serializable {}

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
        // parsed again by each pass (three), not cached: a parsed line costs more memory than its text
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
        Problems problems = lines.treeAggregate(new Problems(), (p, l) -> p.add(l), Problems::merge, 2);
        if (problems.malformed() != null) throw new BadInputException(problems.malformed().error());
        if (duplicates == DuplicatePolicy.LATEST && !rules.fields().hasTime()) {
            throw new BadInputException(source + ": --duplicates latest needs a time column, and the columns are "
                    + rules.fields().describe() + " (name one timestamp in the header, or use --columns"
                    + " user,item,rating,time)");
        }
        // ids by first line; users with their line counts (the block boundaries)
        List<Tuple2<String, long[]>> seen = lines.filter(Line::valid).flatMapToPair(l -> List.of(
                new Tuple2<>("u" + l.user(), new long[] {l.number(), 1}),
                new Tuple2<>("i" + l.item(), new long[] {l.number(), 1})).iterator())
                .reduceByKey((a, b) -> new long[] {Math.min(a[0], b[0]), a[1] + b[1]}).collect();
        List<Tuple2<String, long[]>> userFirst = new ArrayList<>(), itemFirst = new ArrayList<>();
        for (Tuple2<String, long[]> t : seen) (t._1().charAt(0) == 'u' ? userFirst : itemFirst).add(t);
        String[] users = ordered(userFirst), items = ordered(itemFirst);
        if (users.length == 0) {
            InputReport report = new InputReport(0, List.of(), duplicates, (int) problems.invalid(),
                    toList(problems.invalidLines()), invalid);
            RatingsCsv.refuseIfNeeded(source, report, "--invalid-ratings skip");
            throw new BadInputException(source + ": no ratings");
        }
        int n1 = users.length;
        Map<String, Integer> userIndex = index(users);
        int[] start = new int[n1 + 1];
        for (Tuple2<String, long[]> t : userFirst) start[userIndex.get(t._1().substring(1)) + 1] = (int) t._2()[1];
        for (int u = 0; u < n1; u++) start[u + 1] += start[u];
        Broadcast<Map<String, Integer>> userIds = spark.broadcast(userIndex);
        Broadcast<Map<String, Integer>> itemIds = spark.broadcast(index(items));
        JavaRDD<Entry> entries = lines.filter(Line::valid).mapPartitions(it -> {
            List<Entry> out = new ArrayList<>();
            Map<String, Integer> u = userIds.value(), i = itemIds.value();
            while (it.hasNext()) {
                Line l = it.next();
                out.add(new Entry(u.get(l.user()), i.get(l.item()), l.number(), l.rating(), l.time()));
            }
            return out.iterator();
        });
        try {
            return build(spark, entries, start, users, items, rules.fields().hasTime(), problems, duplicates, invalid,
                    fraction, seed, blockCount, statistics, source);
        } finally {
            userIds.destroy();
            itemIds.destroy();
        }
    }

    /**
     * Reads the Matrix Market coordinate file at {@code path} (any Hadoop file system) on the executors by
     * {@link MatrixMarket}'s rules — the banner and the size line on the driver, each entry line where it lies with
     * {@link MatrixMarket.Size#entry} (the local reader's checks and messages: the first refused line by number) —
     * with the declared size (ids "1" … "rows", "1" … "columns", empty rows and columns kept), and splits and cuts it
     * as {@link #read}.
     */
    static Read readMatrixMarket(JavaSparkContext spark, String path, String source, DuplicatePolicy duplicates,
                                 InvalidPolicy invalid, double fraction, long seed, int blockCount,
                                 SparkStatistics statistics) {
        MatrixMarket.checkPolicy(duplicates); // before any pass
        JavaPairRDD<String, Long> numbered = spark.textFile(path, Math.max(2, blockCount)).zipWithIndex();
        List<Tuple2<String, Long>> first = numbered.take(1);
        MatrixMarket.Banner banner = MatrixMarket.Banner.parse(first.isEmpty() ? null : utf8(first.get(0), source),
                source);
        banner.requireCoordinate(source);
        List<Tuple2<String, Long>> sizeLine = numbered.filter(t -> t._2() > 0 && MatrixMarket.content(t._1())).take(1);
        if (sizeLine.isEmpty()) {
            throw new BadInputException(source + ": no size line 'rows columns entries' after the banner");
        }
        long sizeIndex = sizeLine.get(0)._2();
        MatrixMarket.Size size = MatrixMarket.Size.parse(utf8(sizeLine.get(0), source), (int) sizeIndex + 1, source,
                banner, duplicates);
        size.checkHeap(source, 0); // the driver holds the ids
        List<Tuple2<String, Long>> firstEntry = numbered.filter(t -> t._2() > sizeIndex
                && MatrixMarket.content(t._1())).take(1);
        long firstEntryIndex = firstEntry.isEmpty() ? -1 : firstEntry.get(0)._2();
        // parsed again by each pass (three), not cached, as the ratings' lines
        JavaRDD<Cell> cells = numbered.filter(t -> t._2() > sizeIndex && MatrixMarket.content(t._1()))
                .mapPartitions(it -> {
                    List<Cell> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<String, Long> t = it.next();
                        int number = (int) (t._2() + 1);
                        try {
                            boolean[] mirror = {false};
                            boolean valid = size.entry(utf8(t, source), number, source, t._2() == firstEntryIndex,
                                    (i, j, v) -> {
                                        out.add(new Cell(number, i, j, v, mirror[0], null));
                                        mirror[0] = true;
                                    });
                            if (!valid) out.add(new Cell(number, -1, -1, Double.NaN, false, null));
                        } catch (BadInputException e) {
                            out.add(new Cell(number, -1, -1, Double.NaN, false, e.getMessage()));
                        }
                    }
                    return out.iterator();
                });
        Problems problems = cells.treeAggregate(new Problems(), (p, c) -> p.add(c), Problems::merge, 2);
        if (problems.malformed() != null) throw new BadInputException(problems.malformed().error());
        size.checkCount(source, problems.lines());
        if (problems.lines() == problems.invalid()) {
            InputReport report = new InputReport(0, List.of(), duplicates, (int) problems.invalid(),
                    toList(problems.invalidLines()), invalid);
            RatingsCsv.refuseIfNeeded(source, report, "--invalid-ratings skip");
            throw new BadInputException(source + ": no entries");
        }
        int[] start = new int[size.rows() + 1];
        for (Tuple2<Integer, Long> t : cells.filter(Cell::valid).mapToPair(c -> new Tuple2<>(c.row(), 1L))
                .reduceByKey(Long::sum).collect()) {
            start[t._1() + 1] = (int) (long) t._2();
        }
        for (int u = 0; u < size.rows(); u++) start[u + 1] += start[u];
        JavaRDD<Entry> entries = cells.filter(Cell::valid)
                .map(c -> new Entry(c.row(), c.column(), c.number(), c.value(), Double.NaN));
        return build(spark, entries, start, MatrixMarket.indices(size.rows()), MatrixMarket.indices(size.columns()),
                false, problems, duplicates, invalid, fraction, seed, blockCount, statistics, source);
    }

    /** A line's text, refused naming its number when it did not decode as UTF-8 (Spark's reader put U+FFFD there). */
    private static String utf8(Tuple2<String, Long> line, String source) {
        if (line._1().indexOf('\uFFFD') >= 0) throw BadInputException.notUtf8(source, (int) (line._2() + 1));
        return line._1();
    }

    /**
     * The entries sent once to the block of their users (about equal line counts by {@code start}, the CSR offsets of
     * the users' lines), each block built there ({@link #block}); the report of repeats and non-numeric ratings.
     */
    private static Read build(JavaSparkContext spark, JavaRDD<Entry> entries, int[] start, String[] users,
                              String[] items, boolean times, Problems problems, DuplicatePolicy duplicates,
                              InvalidPolicy invalid, double fraction, long seed, int blockCount,
                              SparkStatistics statistics, String source) {
        int n1 = users.length, n2 = items.length;
        int[][] ranges = RatingBlocks.ranges(start, blockCount);
        int blocks = ranges.length;
        int[] firsts = new int[blocks + 1];
        for (int b = 0; b < blocks; b++) firsts[b] = ranges[b][0];
        firsts[blocks] = n1;
        JavaRDD<Built> built = entries.mapPartitionsToPair(it -> {
            List<List<Entry>> bound = new ArrayList<>();
            for (int b = 0; b < blocks; b++) bound.add(new ArrayList<>());
            while (it.hasNext()) {
                Entry e = it.next();
                int b = Arrays.binarySearch(firsts, e.user());
                bound.get(b >= 0 ? b : -b - 2).add(e);
            }
            List<Tuple2<Integer, Batch>> out = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                List<Entry> part = bound.get(b);
                int n = part.size();
                int[] user = new int[n], item = new int[n], line = new int[n];
                double[] value = new double[n], time = times ? new double[n] : null;
                for (int k = 0; k < n; k++) {
                    Entry e = part.get(k);
                    user[k] = e.user();
                    item[k] = e.item();
                    line[k] = e.line();
                    value[k] = e.value();
                    if (times) time[k] = e.time();
                }
                out.add(new Tuple2<>(b, new Batch(user, item, line, value, time)));
            }
            return out.iterator();
        }).partitionBy(new ByBlock(blocks)).mapPartitionsWithIndex((b, it) -> {
            List<Batch> parts = new ArrayList<>();
            it.forEachRemaining(t -> parts.add(t._2()));
            return List.of(block(b, firsts[b], firsts[b + 1] - firsts[b], n2, parts, duplicates, times, seed,
                    fraction)).iterator();
        }, true);
        built.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Tuple2<Long, int[]>> repeats = built.map(x -> new Tuple2<>(x.repeats(), x.repeatLines())).collect();
            long repeated = 0;
            int[] repeatLines = new int[0];
            for (Tuple2<Long, int[]> r : repeats) {
                repeated += r._1();
                repeatLines = smallest(repeatLines, r._2());
            }
            InputReport report = new InputReport((int) repeated, toList(repeatLines), duplicates,
                    (int) problems.invalid(), toList(problems.invalidLines()), invalid);
            RatingsCsv.refuseIfNeeded(source, report, "--invalid-ratings skip");
            DistributedRatings data = DistributedRatings.of(spark, built.map(Built::block), n1, n2, statistics);
            return new Read(data, users, items, times, report);
        } finally {
            built.unpersist(false);
        }
    }

    /**
     * Block b (users first … first + count − 1) from its batches: the entries sorted by user, item and line (the local
     * reader's order), each pair's occurrences resolved by the policy, each kept entry held out or not by the keyed
     * split.
     */
    static Built block(int index, int first, int count, int columns, List<Batch> parts, DuplicatePolicy policy,
                       boolean times, long seed, double fraction) {
        int n = 0;
        for (Batch p : parts) n += p.value().length;
        int[] user = new int[n], item = new int[n], line = new int[n];
        double[] value = new double[n], time = times ? new double[n] : null;
        int at = 0;
        for (Batch p : parts) {
            int m = p.value().length;
            System.arraycopy(p.user(), 0, user, at, m);
            System.arraycopy(p.item(), 0, item, at, m);
            System.arraycopy(p.line(), 0, line, at, m);
            System.arraycopy(p.value(), 0, value, at, m);
            if (times) System.arraycopy(p.time(), 0, time, at, m);
            at += m;
        }
        // by line, then by user (a stable counting sort), then by item within a user: (user, item, line) order
        long[] byLine = new long[n];
        for (int k = 0; k < n; k++) byLine[k] = ((long) line[k] << 32) | k;
        Arrays.sort(byLine);
        int[] rowStart = new int[count + 1];
        for (int k = 0; k < n; k++) rowStart[user[k] - first + 1]++;
        for (int i = 0; i < count; i++) rowStart[i + 1] += rowStart[i];
        int[] next = Arrays.copyOf(rowStart, count), order = new int[n];
        for (long key : byLine) {
            int k = (int) key;
            order[next[user[k] - first]++] = k;
        }
        int[] ku = new int[n], ki = new int[n];
        double[] kv = new double[n];
        boolean[] kh = new boolean[n];
        int kept = 0;
        long repeats = 0;
        int[] repeatLines = new int[0];
        long[] keys = new long[0];
        int[] group = new int[16];
        double[] resolved = new double[2];
        for (int i = 0; i < count; i++) {
            int from = rowStart[i], to = rowStart[i + 1], m = to - from;
            if (keys.length < m) keys = new long[Math.max(m, 2 * keys.length)];
            for (int p = 0; p < m; p++) keys[p] = ((long) item[order[from + p]] << 32) | p; // p: in line order
            Arrays.sort(keys, 0, m);
            int p = 0;
            while (p < m) {
                int j = (int) (keys[p] >>> 32), size = 0, q = p;
                while (q < m && (int) (keys[q] >>> 32) == j) {
                    if (group.length == size) group = Arrays.copyOf(group, 2 * size);
                    group[size++] = order[from + (int) keys[q]];
                    q++;
                }
                if (size > 1) {
                    repeats += size - 1;
                    int[] more = new int[size - 1];
                    for (int g = 1; g < size; g++) more[g - 1] = line[group[g]];
                    repeatLines = smallest(repeatLines, more);
                }
                policy.resolve(value, time, group, size, resolved);
                ku[kept] = first + i;
                ki[kept] = j;
                kv[kept] = resolved[0];
                kh[kept] = Split.heldOut(seed, first + i, j, fraction);
                kept++;
                p = q;
            }
        }
        UserRatings block = UserRatings.of(index, first, count, columns, Arrays.copyOf(ku, kept),
                Arrays.copyOf(ki, kept), Arrays.copyOf(kv, kept), Arrays.copyOf(kh, kept));
        return new Built(block, repeats, repeatLines);
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) out.add(x);
        return out;
    }

    /** The ids (keys after their one-letter prefix) in order of their first line. */
    private static String[] ordered(List<Tuple2<String, long[]>> first) {
        first.sort((a, b) -> Long.compare(a._2()[0], b._2()[0]));
        String[] out = new String[first.size()];
        for (int k = 0; k < out.length; k++) out[k] = first.get(k)._1().substring(1);
        return out;
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int k = 0; k < ids.length; k++) m.put(ids[k], k);
        return m;
    }
}
