package org.irlab.region;

import org.irlab.linalg.Kernels;

/**
 * 𝓜 = range(Q), a linear subspace of ℝ^d given by an orthonormal basis Q ∈ ℝ^{d×k}: x♯ = QQᵀx. For least squares
 * Q spans the row space of A, where GD from zero stays and the minimum-norm solution lies.
 */
public final class SubspaceRegion implements ImplicitRegion {
    private final int dimension, k;
    private final double[] basis;
    private final double[] coefficients, signal;

    /**
     * @param basis d×k row-major with orthonormal columns (not copied; must not be modified); k may be 0 (𝓜 = {0})
     */
    public SubspaceRegion(int dimension, int k, double[] basis) {
        if (basis.length != (long) dimension * k) {
            throw new IllegalArgumentException("basis has " + basis.length + " entries, expected " + dimension + "x" + k);
        }
        this.dimension = dimension;
        this.k = k;
        this.basis = basis;
        this.coefficients = new double[k];
        this.signal = new double[dimension];
    }

    /** k = dim 𝓜. */
    public int subspaceDimension() { return k; }

    @Override public int dimension() { return dimension; }

    /** x♯ = Q(Qᵀx); {@code signalOut} may be {@code x} itself. */
    @Override public void project(double[] x, double[] signalOut) {
        Kernels.multiplyTransposeVector(basis, x, coefficients, dimension, k);
        Kernels.multiplyVector(basis, coefficients, signalOut, dimension, k);
    }

    /** ‖x − QQᵀx‖, by subtraction: its absolute error is O(ε‖x‖), the accuracy to which Q is orthonormal anyway. */
    @Override public double residualNorm(double[] x) {
        project(x, signal);
        return Kernels.distance(x, signal);
    }
}
