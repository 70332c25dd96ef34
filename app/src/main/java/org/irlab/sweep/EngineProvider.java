package org.irlab.sweep;

/**
 * Makes an {@link Engine} other than the local one, found with {@link java.util.ServiceLoader} (the spark module
 * provides "spark"), so the app does not depend on the engine's libraries.
 */
public interface EngineProvider {
    /** The name given to {@code --engine}. */
    String name();

    /**
     * Opens the engine.
     *
     * @param master  where to run (e.g. {@code local[2]}, {@code spark://host:7077}), or null for the default
     * @param threads a hint for the parallelism when the engine runs in this JVM
     */
    Engine open(String master, int threads);
}
