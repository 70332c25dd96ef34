package org.irlab.spark;

import org.irlab.sweep.Engine;
import org.irlab.sweep.EngineProvider;

/** Provides {@code --engine spark} to {@code irlab sweep} when irlab-spark.jar and Spark are on the class path. */
public final class SparkEngineProvider implements EngineProvider {
    @Override public String name() { return "spark"; }

    @Override public Engine open(String master, int threads) {
        return new SparkEngine(SparkSessions.open("IRLab sweep", master, threads), 0, true);
    }
}
