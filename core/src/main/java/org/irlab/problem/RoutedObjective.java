package org.irlab.problem;

/** An objective with more than one way to compute its gradient: reports the route it resolved to. */
public interface RoutedObjective extends Objective {
    /** {@link GradientRoute#DIRECT} or {@link GradientRoute#GRAM} (never AUTO). */
    GradientRoute gradientRoute();
}
