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

    /** What the engine did so far, for model.json and the bench: evaluations, seconds, bytes broadcast and returned. */
    Map<String, Object> statistics();

    /** Stops the engine (a Spark session it started). */
    @Override void close();
}
