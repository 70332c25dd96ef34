package org.irlab.optim;

import org.irlab.problem.Objective;

/**
 * Where a descent takes its gradients from: the full objective ({@link #of}), or a rule's estimate such as a seeded
 * mini-batch. The engine only calls {@link #valueAndGradient}; curvature rules use {@link #objective()} for
 * Hessian-vector products.
 */
public interface GradientOracle {
    /** Number of parameters d. */
    int dimension();

    /** Writes the gradient (or its estimate) at {@code point} into {@code gradientOut} and returns f there. */
    double valueAndGradient(double[] point, double[] gradientOut);

    /** The objective the gradients are of. */
    Objective objective();

    /** The exact gradient of f. */
    static GradientOracle of(Objective f) {
        return new GradientOracle() {
            @Override public int dimension() { return f.dimension(); }

            @Override public double valueAndGradient(double[] point, double[] gradientOut) {
                return f.valueAndGradient(point, gradientOut);
            }

            @Override public Objective objective() { return f; }
        };
    }
}
