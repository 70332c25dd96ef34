package org.irlab.model;

/**
 * Makes a {@link FitEngine}, found with {@link java.util.ServiceLoader} (the spark module provides "spark"), so the
 * app does not depend on the engine's libraries.
 */
public interface FitEngineProvider {
    /** The name given to {@code --engine}. */
    String name();

    /**
     * Opens the engine.
     *
     * @param master  where to run (e.g. {@code local[2]}, {@code spark://host:7077}), or null for the default
     * @param threads the parallelism when the engine runs in this JVM
     * @param quiet   the engine's own log shows errors only
     * @throws org.irlab.data.BadInputException naming the master when the engine cannot start there
     */
    FitEngine open(String master, int threads, boolean quiet);

    /**
     * INPUT (a URI, or a plain path, which resolves as the engine's readers resolve it) resolved on this engine's file
     * systems without starting the engine (so a missing file is refused before a cluster allocates anything).
     *
     * @throws org.irlab.data.BadInputException naming the URI: an unknown scheme, no such file, a directory, or an
     *                                          engine that reads only local paths
     */
    default InputFile input(String uri) {
        throw new org.irlab.data.BadInputException("INPUT " + uri + ": --engine " + name() + " reads local files only");
    }
}
