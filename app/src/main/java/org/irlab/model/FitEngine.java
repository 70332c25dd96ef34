package org.irlab.model;

import java.util.Map;
import org.irlab.completion.CompletionModel;
import org.irlab.experiment.CompletionMethods;

/**
 * An engine that runs a completion method's heavy part somewhere else (the spark module's: the rank-free model's
 * objective on a Spark cluster), opened by a {@link FitEngineProvider}; the method's logic — tuning, early stopping,
 * the α grid — stays the same code as on this machine.
 */
public interface FitEngine extends AutoCloseable {
    /** The engine's name ({@code spark}). */
    String name();

    /**
     * The method {@code name} with its work on this engine.
     *
     * @throws org.irlab.data.BadInputException for a method the engine does not run
     */
    CompletionModel method(String name, CompletionMethods.Options options);

    /**
     * The ratings table at {@code location} (a local path or a URI the engine's file systems resolve) read where this
     * engine computes, laid out as {@code layout}, repeated pairs resolved by {@code duplicates}, and split there:
     * entry (u, i) held out for validation iff {@link org.irlab.completion.Split#heldOut}(seed, u, i, fraction). Null
     * when the engine does not read (the command then reads in this JVM).
     *
     * @param name the file's name in messages
     * @throws org.irlab.data.BadInputException as the local reader would
     */
    default Ratings read(String location, String name, org.irlab.data.RatingsLayout layout,
                         org.irlab.data.DuplicatePolicy duplicates, org.irlab.data.InvalidPolicy invalid,
                         double fraction, long seed) {
        return null;
    }

    /**
     * {@link #read} for a Matrix Market coordinate file ({@link org.irlab.data.MatrixMarket}'s rules: the declared
     * size, 1-based indices, ids "1" … "rows" and "1" … "columns"). Null when the engine does not read it.
     */
    default Ratings readMatrixMarket(String location, String name, org.irlab.data.DuplicatePolicy duplicates,
                                     org.irlab.data.InvalidPolicy invalid, double fraction, long seed) {
        return null;
    }

    /**
     * Ratings an engine read: the data where it lives, the ids of its rows and columns in index order (the local
     * reader's order), whether the input had times, what the reader reported, and its entries (training and held
     * parts) as user → ascending items, read where they live: the model's seen entries.
     */
    record Ratings(org.irlab.completion.FitRatings data, String[] rowIds, String[] columnIds, boolean times,
                   org.irlab.data.InputReport report, SeenEntries seen) {}

    /** What the engine did so far, for model.json and the bench: evaluations, seconds, bytes broadcast and returned. */
    Map<String, Object> statistics();

    /** Stops the engine (a Spark session it started). */
    @Override void close();
}
