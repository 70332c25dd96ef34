package org.irlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.RankFreeDescent;
import org.irlab.data.BadInputException;
import org.irlab.experiment.CompletionMethods;
import org.irlab.model.FitEngine;
import org.irlab.problem.CompletionTerm;

/**
 * {@code irlab complete fit … --engine spark}: the rank-free method exactly as on one machine — centring, σ̂, the α
 * grid, early stopping and the averaged members are the same code — with its data term ({@link SparkCompletionTerm})
 * evaluated on Spark.
 */
final class SparkFitEngine implements FitEngine {
    /** Blocks per side: this many times the default parallelism (at least 2). */
    static final int BLOCKS_PER_CORE = 1;

    private final SparkSession session;
    private final JavaSparkContext spark;
    private final SparkStatistics statistics = new SparkStatistics();
    private final boolean owned;

    SparkFitEngine(SparkSession session, boolean owned) {
        this.session = session;
        this.spark = JavaSparkContext.fromSparkContext(session.sparkContext());
        this.owned = owned;
        session.sparkContext().addSparkListener(statistics);
    }

    @Override public String name() { return "spark"; }

    JavaSparkContext spark() { return spark; }

    /** The data terms this engine makes: user and item blocks, {@link #blocksPerSide()} of each. */
    CompletionTerm.Factory terms() {
        return (omega, target, rank, scale, biases) -> {
            if (biases) throw new BadInputException("--engine spark does not fit joint biases");
            return new SparkCompletionTerm(spark, omega, target, rank, scale, blocksPerSide(), statistics);
        };
    }

    int blocksPerSide() {
        String set = System.getProperty("irlab.spark.blocks");
        return set != null ? Integer.parseInt(set) : Math.max(2, BLOCKS_PER_CORE * spark.defaultParallelism());
    }

    /**
     * The descents with X in the executors ({@link DistributedDescents}), for the method as the command runs it: the
     * small random start, no balancing term, no count preconditioner, no joint biases.
     */
    RankFreeDescent.Engine descents() {
        return (model, target, rank) -> {
            RankFreeDescent.Settings s = model.settings();
            if (s.start() != RankFreeDescent.Start.SMALL_RANDOM || s.balance() != 0 || s.countExponent() != 0
                    || s.jointBiases()) {
                throw new BadInputException("--engine spark runs the rank-free method from its small random start "
                        + "without balance, count exponent or joint biases");
            }
            // the larger side in the blocks, the smaller broadcast: the transpose when there are more items than users
            if (target instanceof DistributedRatings d) {
                return d.columns() > d.rows()
                        ? new DistributedDescents(spark, model, d.descendingTransposed(rank), d.columns(), d.rows(),
                                rank, d.heldSize(), statistics, true)
                        : new DistributedDescents(spark, model, d.descending(rank), d.rows(), d.columns(), rank,
                                d.heldSize(), statistics, false);
            }
            org.irlab.completion.LocalRatings local = (org.irlab.completion.LocalRatings) target;
            return DistributedDescents.larger(spark, model, local.train(), rank, local.held(), blocksPerSide(),
                    statistics);
        };
    }

    @Override public CompletionModel method(String name, CompletionMethods.Options options) {
        if (!name.equals("irlab")) throw new BadInputException("--engine spark runs the rank-free method irlab, not " + name);
        return CompletionMethods.create(name, options.withEngine(descents()));
    }

    /** Spark's reader on the executors ({@link RatingsOnSpark}), one user block per core. */
    @Override public Ratings read(String location, String name, org.irlab.data.RatingsLayout layout,
                                  org.irlab.data.DuplicatePolicy duplicates, org.irlab.data.InvalidPolicy invalid,
                                  double fraction, long seed) {
        return ratings(RatingsOnSpark.read(spark, location, name, layout, duplicates, invalid, fraction, seed,
                blocksPerSide(), statistics));
    }

    /** Matrix Market on the executors ({@link RatingsOnSpark#readMatrixMarket}), one user block per core. */
    @Override public Ratings readMatrixMarket(String location, String name, org.irlab.data.DuplicatePolicy duplicates,
                                              org.irlab.data.InvalidPolicy invalid, double fraction, long seed) {
        return ratings(RatingsOnSpark.readMatrixMarket(spark, location, name, duplicates, invalid, fraction, seed,
                blocksPerSide(), statistics));
    }

    private static Ratings ratings(RatingsOnSpark.Read read) {
        return new Ratings(read.data(), read.rowIds(), read.columnIds(), read.times(), read.report(),
                seen(read.data()));
    }

    /**
     * The blocks' entries (training and held parts) as the model's seen entries: one pass gathers each block's place
     * and per-user counts (O(n₁) here, no merge), then the items are streamed one block at a time in user order
     * ({@link RowOrder}, each block merged as it is fetched), never all at once.
     */
    static org.irlab.model.SeenEntries seen(DistributedRatings d) {
        org.apache.spark.api.java.JavaRDD<UserRatings> blocks = d.blocks();
        int rows = d.rows();
        return new org.irlab.model.SeenEntries() {
            private int[] start;
            private List<int[]> located; // {first row, partition} per block

            private void locate() {
                if (start != null) return;
                List<int[]> counts = blocks.mapPartitionsWithIndex((Integer p, java.util.Iterator<UserRatings> it) -> {
                    List<int[]> out = new ArrayList<>();
                    while (it.hasNext()) out.add(seenCounts(it.next(), p));
                    return out.iterator();
                }, true).collect();
                int[] s = new int[rows + 1];
                List<int[]> where = new ArrayList<>();
                for (int[] b : counts) {
                    where.add(new int[] {b[1], b[0]});
                    for (int i = 2; i < b.length; i++) s[b[1] + i - 1] = b[i];
                }
                for (int u = 0; u < rows; u++) s[u + 1] += s[u];
                start = s;
                located = where;
            }

            @Override public int[] start() {
                locate();
                return start.clone();
            }

            @Override public void forEach(Items items) throws java.io.IOException {
                locate();
                RowOrder.forEach(blocks.map(UserRatings::merged), located, UserRatings::first, UserRatings::count,
                        rows, b -> {
                            for (int i = 0; i < b.count(); i++) {
                                int u = b.first() + i;
                                if (b.rowStart()[i + 1] - b.rowStart()[i] != start[u + 1] - start[u]) {
                                    throw new IllegalStateException("user " + u + "'s seen entries changed between "
                                            + "the passes");
                                }
                            }
                            items.accept(b.column(), 0, b.column().length);
                        });
            }
        };
    }

    /** {partition, first row, then each user's training + held count} of one block. */
    static int[] seenCounts(UserRatings u, int partition) {
        int[] out = new int[u.count() + 2];
        out[0] = partition;
        out[1] = u.first();
        for (int i = 0; i < u.count(); i++) out[i + 2] = u.rowStart()[i + 1] - u.rowStart()[i];
        for (int row : u.heldRow()) out[row + 2]++;
        return out;
    }

    @Override public Map<String, Object> statistics() {
        Map<String, Object> m = statistics.toMap();
        m.put("master", session.sparkContext().master());
        m.put("defaultParallelism", spark.defaultParallelism());
        return m;
    }

    @Override public void close() {
        session.sparkContext().removeSparkListener(statistics);
        if (owned) session.stop();
    }
}
