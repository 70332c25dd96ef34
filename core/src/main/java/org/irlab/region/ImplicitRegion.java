package org.irlab.region;

/**
 * The implicit low-dimensional region 𝓜 of Definition 5: the projection x♯ = P_𝓜(x) and the residual
 * x⊥ = x − x♯. Implementations own work buffers (one thread at a time) and never modify their input.
 */
public interface ImplicitRegion {
    /** Number of parameters d. */
    int dimension();

    /** Writes the signal x♯ = P_𝓜(x) into {@code signalOut}. */
    void project(double[] x, double[] signalOut);

    /**
     * Writes x♯ into {@code signalOut} and x⊥ = x − x♯ into {@code residualOut}. An implementation may form x⊥
     * directly rather than by subtraction (so that a tiny residual keeps its own relative accuracy); x♯ + x⊥ then
     * equals x up to rounding.
     */
    default void split(double[] x, double[] signalOut, double[] residualOut) {
        project(x, signalOut);
        for (int i = 0; i < x.length; i++) residualOut[i] = x[i] - signalOut[i];
    }

    /** ‖x⊥‖, the distance from x to 𝓜. */
    double residualNorm(double[] x);
}
