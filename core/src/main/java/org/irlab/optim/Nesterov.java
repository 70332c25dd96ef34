package org.irlab.optim;

/**
 * Nesterov's accelerated gradient with constant momentum β: the gradient is evaluated at the extrapolated point
 * y_t = x_t + β(x_t − x_{t−1}) and x_{t+1} = y_t − η·d(y_t). Observers hear x_t (with ∇f at y_t); y_t lives in a
 * buffer the rule allocates once.
 */
public final class Nesterov implements Update {
    private final double beta;
    private final double[] extrapolated;

    /** @param beta the momentum β ∈ [0, 1) */
    public Nesterov(double beta, int dimension) {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
        this.beta = beta;
        this.extrapolated = new double[dimension];
    }

    public double beta() { return beta; }

    @Override public double[] evaluationPoint(DescentState s) {
        double[] x = s.x, previous = s.previous, y = extrapolated;
        for (int i = 0; i < x.length; i++) y[i] = x[i] + beta * (x[i] - previous[i]);
        return y;
    }

    /** x_{t+1} = y_t − η·d, with y_t as written by the last {@link #evaluationPoint} call. */
    @Override public void apply(DescentState s, double[] d) {
        double[] x = s.x, previous = s.previous, y = extrapolated;
        double eta = s.stepSize;
        for (int i = 0; i < x.length; i++) {
            previous[i] = x[i];
            x[i] = y[i] - eta * d[i];
        }
    }
}
