package org.irlab.optim;

/**
 * Polyak's heavy ball: x_{t+1} = x_t − η·d_t + β(x_t − x_{t−1}), reading x_{t−1} from the state (a perturbation moves
 * x_t and x_{t−1} together, so it does not enter the momentum). With β = 0 it is {@link Update#GRADIENT_STEP}'s arithmetic.
 */
public final class HeavyBall implements Update {
    private final double beta;

    /** @param beta the momentum β ∈ [0, 1) */
    public HeavyBall(double beta) {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
        this.beta = beta;
    }

    public double beta() { return beta; }

    @Override public void apply(DescentState s, double[] d) {
        double[] x = s.x, previous = s.previous;
        double eta = s.stepSize;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double momentum = beta * (xi - previous[i]);
            previous[i] = xi;
            x[i] = xi - eta * d[i] + momentum;
        }
    }
}
