package org.irlab.problem;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;

/**
 * Orthogonal Procrustes distance min_O ‖X − ZO‖_F over orthogonal O ∈ ℝ^{k×k}, for X and Z with k columns.
 * The optimal O = PQᵀ from the SVD ZᵀX = PSQᵀ; the distance is then computed as ‖X − ZO‖ directly, not from
 * ‖X‖² + ‖Z‖² − 2‖ZᵀX‖_*, which would lose every digit below √ε·‖X‖.
 */
public final class Procrustes {
    private final int rows, columns;
    private final DMatrixRMaj cross;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;
    private final double[] rotation, rotated;
    private DMatrixRMaj p, q;

    public Procrustes(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.cross = new DMatrixRMaj(columns, columns);
        this.svd = DecompositionFactory_DDRM.svd(columns, columns, true, true, false);
        this.rotation = new double[columns * columns];
        this.rotated = new double[rows * columns];
    }

    /**
     * Distance between stacked blocks: min_O Σ_b ‖X_b − Z_b O‖². {@code x} and {@code z} hold the same number of
     * rows×columns entries (several blocks simply stacked as more rows).
     */
    public double distance(double[] x, double[] z) {
        Kernels.multiplyTransA(z, x, cross.data, columns, rows, columns);
        if (!svd.decompose(cross)) throw new ArithmeticException("SVD did not converge");
        p = svd.getU(p, false);
        q = svd.getV(q, false);
        // O = P Qᵀ
        Kernels.multiplyTransB(p.data, q.data, rotation, columns, columns, columns);
        Kernels.multiply(z, rotation, rotated, rows, columns, columns);
        return Kernels.distance(x, rotated);
    }
}
