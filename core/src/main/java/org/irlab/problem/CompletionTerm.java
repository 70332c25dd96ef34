package org.irlab.problem;

import org.irlab.linalg.SparsePattern;

/**
 * The data term of two-factor matrix completion, f(x) = c·Σ_Ω (⟨Xᵢ, Yⱼ⟩ (+ bᵢ + cⱼ) − Tᵢⱼ)² for x = [X; Y(; b; c)],
 * as the rank-free model sees it: an {@link Objective} plus the layout of x and the model at one entry.
 * {@link CompletionObjective} evaluates it in this JVM; the spark module's on a cluster. {@link #close} frees what an
 * evaluation keeps elsewhere (a distributed one's cached blocks).
 */
public interface CompletionTerm extends Objective, AutoCloseable {
    /** n₁. */
    int rows();

    /** n₂. */
    int columns();

    /** r'. */
    int searchRank();

    /** Position of Y in x (n₁r'). */
    int rightOffset();

    /** Whether x carries the bias blocks b and c. */
    boolean hasBiases();

    /** Position of b in x, or −1. */
    int rowBiasOffset();

    /** Position of c in x, or −1. */
    int columnBiasOffset();

    /** The model at one entry, ⟨Xᵢ, Yⱼ⟩ (+ bᵢ + cⱼ). */
    double predict(double[] x, int i, int j);

    @Override default void close() {}

    /** Makes the data term on Ω with targets T (CSR order), search rank r', scale c and optional bias blocks. */
    @FunctionalInterface
    interface Factory {
        CompletionTerm create(SparsePattern omega, double[] target, int searchRank, double scale, boolean biases);
    }

    /** The data term in this JVM: {@link CompletionObjective#asymmetric}. */
    Factory LOCAL = (omega, target, searchRank, scale, biases) ->
            CompletionObjective.asymmetric(omega, target, searchRank, scale, biases, null);
}
