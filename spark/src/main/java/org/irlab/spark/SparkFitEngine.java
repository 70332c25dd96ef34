package org.irlab.spark;

import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.irlab.completion.CompletionModel;
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

    @Override public CompletionModel method(String name, CompletionMethods.Options options) {
        if (!name.equals("irlab")) throw new BadInputException("--engine spark runs the rank-free method irlab, not " + name);
        return CompletionMethods.create(name, options.withTerms(terms()));
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
