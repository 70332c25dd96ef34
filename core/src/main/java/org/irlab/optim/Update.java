package org.irlab.optim;

/**
 * How the iterate moves once the direction is known. {@link #GRADIENT_STEP} is x_{t+1} = x_t − η·d; a momentum
 * method is another update that also reads x_{t−1}, and one that evaluates the gradient elsewhere (Nesterov's
 * extrapolated point) also overrides {@link #evaluationPoint}.
 */
public interface Update {
    /** Where the gradient of step t is evaluated: x_t unless the update says otherwise. */
    default double[] evaluationPoint(DescentState state) { return state.x; }

    /** Moves x in place from x_t to x_{t+1} along {@code direction} with η = state.stepSize(), keeping x_t in previous. */
    void apply(DescentState state, double[] direction);

    /** x ← x − η·d, keeping x in previous, in one pass over the arrays. */
    Update GRADIENT_STEP = (s, d) -> {
        double[] x = s.x, previous = s.previous;
        double eta = s.stepSize;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            previous[i] = xi;
            x[i] = xi - eta * d[i];
        }
    };
}
