package org.irlab.problem;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.irlab.region.LowRankRegion;

/**
 * The two constraints of the implicit region of eq. (78) that Section 7 of the IPGD paper omits, measured at the
 * signal x♯ = P_𝓜(x) of a factor X: its spectral norm ‖X♯‖ (constraint ‖X♯‖ ≤ 2√σ₁*) and
 * ‖P_{V*⊥}P_{X♯}‖, the sine of the largest principal angle between the column space of X♯ and that of the truth
 * (constraint ≤ 4√r κ δ). Owns its work buffers (one thread at a time).
 */
public final class SignalGeometry {
    private final int rows, rank;
    private final double[] truthBasis;   // V* (rows×r, orthonormal columns)
    private final LowRankRegion region;
    private final double[] basis, values, overlap, complement;
    private final DMatrixRMaj gram;
    private final EigenDecomposition_F64<DMatrixRMaj> eigen;

    /**
     * @param truthBasis the truth's column space, rows×r with orthonormal columns (not copied; not modified)
     */
    public SignalGeometry(int rows, int columns, int rank, double[] truthBasis) {
        this.rows = rows;
        this.rank = rank;
        this.truthBasis = truthBasis;
        this.region = new LowRankRegion(rows, columns, rank);
        this.basis = new double[rows * rank];
        this.values = new double[rank];
        this.overlap = new double[rank * rank];
        this.complement = new double[rows * rank];
        this.gram = new DMatrixRMaj(rank, rank);
        this.eigen = DecompositionFactory_DDRM.eig(rank, false, true);
    }

    /**
     * Writes ‖X♯‖ = σ₁(X) into {@code out[0]} and ‖(I − V*V*ᵀ)Q‖₂ into {@code out[1]}, Q the top-r left singular
     * vectors of X (NaN when X♯ has rank &lt; r, where its column space is not r-dimensional).
     *
     * @param x the factor, rows×columns row-major (not modified)
     */
    public void measure(double[] x, double[] out) {
        region.signalBasis(x, basis, values);
        out[0] = values[0];
        if (!(values[rank - 1] > 0)) {
            out[1] = Double.NaN;
            return;
        }
        // W = Q − V*(V*ᵀQ), formed directly (1 − cos² would lose the small angles)
        java.util.Arrays.fill(overlap, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < rank; a++) {
                double v = truthBasis[i * rank + a];
                for (int b = 0; b < rank; b++) overlap[a * rank + b] += v * basis[i * rank + b];
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int b = 0; b < rank; b++) {
                double s = basis[i * rank + b];
                for (int a = 0; a < rank; a++) s -= truthBasis[i * rank + a] * overlap[a * rank + b];
                complement[i * rank + b] = s;
            }
        }
        for (int a = 0; a < rank; a++) {
            for (int b = a; b < rank; b++) {
                double s = 0;
                for (int i = 0; i < rows; i++) s += complement[i * rank + a] * complement[i * rank + b];
                gram.set(a, b, s);
                gram.set(b, a, s);
            }
        }
        if (!eigen.decompose(gram)) throw new ArithmeticException("eigendecomposition did not converge");
        double largest = 0;
        for (int k = 0; k < rank; k++) largest = Math.max(largest, eigen.getEigenvalue(k).getReal());
        out[1] = Math.sqrt(Math.max(0, largest));
    }
}
