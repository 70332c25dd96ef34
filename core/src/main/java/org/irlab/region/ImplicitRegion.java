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

    /** Writes x♯ into {@code signalOut} and x⊥ = x − x♯ into {@code residualOut}. */
    default void split(double[] x, double[] signalOut, double[] residualOut) {
        project(x, signalOut);
        for (int i = 0; i < x.length; i++) residualOut[i] = x[i] - signalOut[i];
    }

    /** ‖x⊥‖, the distance from x to 𝓜. */
    double residualNorm(double[] x);
}
