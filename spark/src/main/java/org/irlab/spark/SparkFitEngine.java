package org.irlab.spark;

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
     * The blocks' entries (training and held parts) as the model's seen entries: the per-user counts gathered
     * (O(n₁) here), the items streamed one block at a time in user order ({@link RowOrder}), never all at once.
     */
    static org.irlab.model.SeenEntries seen(DistributedRatings d) {
        org.apache.spark.api.java.JavaRDD<UserRatings> merged = d.blocks().map(UserRatings::merged);
        int rows = d.rows();
        return new org.irlab.model.SeenEntries() {
            @Override public int[] start() {
                int[] start = new int[rows + 1];
                for (int[] b : merged.map(u -> {
                    int[] counts = new int[u.count() + 1];
                    counts[0] = u.first();
                    for (int i = 0; i < u.count(); i++) counts[i + 1] = u.rowStart()[i + 1] - u.rowStart()[i];
                    return counts;
                }).collect()) {
                    for (int i = 1; i < b.length; i++) start[b[0] + i] = b[i];
                }
                for (int u = 0; u < rows; u++) start[u + 1] += start[u];
                return start;
            }

            @Override public void forEach(Items items) throws java.io.IOException {
                RowOrder.forEach(merged, UserRatings::first, UserRatings::count, rows,
                        b -> items.accept(b.column(), 0, b.column().length));
            }
        };
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
