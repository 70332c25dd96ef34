package org.irlab.problem;

import org.irlab.linalg.SparsePattern;

/**
 * The data of a matrix-recovery instance besides its ground truth, exactly the doubles the problem's objective
 * uses: what a generator drew or a file supplied. Arrays are shared with the problem: do not modify them.
 */
public sealed interface Measurements {
    /** Sensing with dense Aᵢ ∈ ℝ^{rows×columns}: {@code operator} is N×(rows·columns), row i = vec(Aᵢ) row-major. */
    record Dense(int rows, int columns, double[] operator, double[] observations) implements Measurements {}

    /** Sensing with rank-one Aᵢ = aᵢbᵢᵀ: {@code left} is N×rows (row i = aᵢ), {@code right} N×columns (bᵢ). */
    record RankOne(int rows, int columns, double[] left, double[] right, double[] observations)
            implements Measurements {}

    /** Completion (eq. (123)): Ω and the observed value of each of its entries, in Ω's row-major (CSR) order. */
    record Entries(SparsePattern omega, double[] values) implements Measurements {}

    /** 1-bit completion (eq. (124)): α ∈ [0, 1]^{rows×columns}, row-major. */
    record Signs(int rows, int columns, double[] alpha) implements Measurements {}
}
