package org.irlab.problem;

/** An objective with more than one way to compute its gradient: reports the route it resolved to. */
public interface RoutedObjective extends Objective {
    /** {@link GradientRoute#DIRECT} or {@link GradientRoute#GRAM} (never AUTO). */
    GradientRoute gradientRoute();

    /** {@code objective}, reporting {@code route} (a composition whose sensing term took that route). */
    static RoutedObjective of(Objective objective, GradientRoute route) {
        return new Composed(objective, route);
    }

    /** A composition (e.g. sensing loss plus balancing term) and the route its sensing term took. */
    record Composed(Objective objective, GradientRoute gradientRoute) implements RoutedObjective {
        @Override public int dimension() { return objective.dimension(); }
        @Override public double value(double[] x) { return objective.value(x); }
        @Override public void gradient(double[] x, double[] gradientOut) { objective.gradient(x, gradientOut); }
        @Override public double valueAndGradient(double[] x, double[] gradientOut) {
            return objective.valueAndGradient(x, gradientOut);
        }
        @Override public void hessianVector(double[] x, double[] v, double[] out) { objective.hessianVector(x, v, out); }
    }
}
