package org.irlab.spark;

import org.irlab.model.FitEngine;
import org.irlab.model.FitEngineProvider;

/** Provides {@code --engine spark} to {@code irlab complete fit} when irlab-spark.jar and Spark are on the class path. */
public final class SparkFitEngineProvider implements FitEngineProvider {
    @Override public String name() { return "spark"; }

    @Override public FitEngine open(String master, int threads, boolean quiet) {
        return new SparkFitEngine(SparkSessions.open("IRLab complete fit", master, threads, quiet),
                !SparkSessions.submitted());
    }

    /** Through Hadoop's FileSystem, with the configuration Spark's executors read it with ({@link HadoopInput}). */
    @Override public org.irlab.model.InputFile input(String uri) {
        return HadoopInput.resolve(uri, HadoopInput.configuration());
    }
}
