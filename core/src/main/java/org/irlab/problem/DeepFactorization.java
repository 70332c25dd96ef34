package org.irlab.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.MatrixMeasures;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.LowRankRegion;
import org.irlab.region.ProductRegion;

/**
 * Deep matrix factorization (Section 5 of the notes 004, after Razin &amp; Cohen 2020): complete a d×d matrix from
 * the entries Ω with ℓ(W) = ½ Σ_{(i,j)∈Ω} (W_ij − b_ij)² (eq. (7)) over W = W_L ⋯ W_1 (eq. (8)); a
 * {@link MatrixProductModel} composed with a {@link SensingLoss} whose measurements select the observed entries.
 *
 * <p>Region 𝓜 = {every factor has rank ≤ r}, r the infimal rank (1 for the seed's example (9)): a product region of
 * per-factor {@link LowRankRegion}s. Balanced rank-r chains (row space of W_{j+1} = column space of W_j) are closed
 * under GD, and balanced GD keeps σᵢ(W_j) = σᵢ(W)^{1/L}, so the residual norm tends to 0 exactly when W approaches
 * rank r, i.e. as the distance to the infimal rank goes to 0 (eq. (13)).
 *
 * <p>Error = ‖P_Ω(W) − b‖_F = √(2ℓ): the misfit on the observed entries (the unobserved entries have no ground truth,
 * and for (9) no completion of infimal rank exists). Distance to the solutions: NaN (the infimal-rank completions are
 * not attained for (9), and the zero-loss set of factorisations has no computable projection).
 */
public final class DeepFactorization implements Problem {
    /** How the orthogonal matrices of {@link MatrixProductModel#balancedPoint} are chosen. */
    public enum Orientation { IDENTITY, RANDOM }

    private static final List<String> METRICS = List.of("productNorm", "nuclearNorm", "spectralNorm", "effectiveRank",
            "distanceToInfimalRank", "determinant", "imbalance");

    private final int d, depth, infimalRank;
    private final int[] observedIndex;
    private final double[] targets;
    private final MatrixProductModel model;
    private final FactorizedObjective objective;
    private final ImplicitRegion region;
    private final double[] product, sigma, work;
    private final DMatrixRMaj svdInput;
    private final SingularValueDecomposition_F64<DMatrixRMaj> svd;

    private DeepFactorization(int d, int depth, double[] entries, int infimalRank) {
        this.d = d;
        this.depth = depth;
        this.infimalRank = infimalRank;
        int count = 0;
        for (double e : entries) if (!Double.isNaN(e)) count++;
        observedIndex = new int[count];
        targets = new double[count];
        double[] selector = new double[Math.multiplyExact(count, d * d)];
        int c = 0;
        for (int i = 0; i < d * d; i++) {
            if (Double.isNaN(entries[i])) continue;
            observedIndex[c] = i;
            targets[c] = entries[i];
            selector[c * d * d + i] = 1;
            c++;
        }
        model = new MatrixProductModel(d, depth);
        objective = new FactorizedObjective(model, new SensingLoss(d, d, selector, targets, 0.5));
        int dimension = model.dimension();
        List<ImplicitRegion> parts = new ArrayList<>(depth);
        for (int j = 0; j < depth; j++) parts.add(new LowRankRegion(d, d, infimalRank, j * d * d, dimension));
        region = new ProductRegion(parts);
        product = new double[d * d];
        sigma = new double[d];
        work = new double[d * d];
        svdInput = new DMatrixRMaj(d, d);
        svd = DecompositionFactory_DDRM.svd(d, d, false, false, true);
    }

    /**
     * @param depth       L ≥ 1
     * @param entries     d×d row-major targets b, NaN where unobserved (copied); at least one entry observed
     * @param infimalRank r, the rank of the region and of the rank-distance metric (0 ≤ r ≤ d)
     */
    public static DeepFactorization create(int d, int depth, double[] entries, int infimalRank) {
        if (entries.length != d * d) throw new IllegalArgumentException("entries must be " + d + "x" + d);
        if (infimalRank < 0 || infimalRank > d) throw new IllegalArgumentException("infimalRank must be in [0, d]");
        boolean any = false;
        for (double e : entries) {
            if (Double.isInfinite(e)) throw new IllegalArgumentException("targets must be finite");
            any |= !Double.isNaN(e);
        }
        if (!any) throw new IllegalArgumentException("no entry is observed");
        return new DeepFactorization(d, depth, entries.clone(), infimalRank);
    }

    /** The seed's example (9): observed W₁₂ = 1, W₂₁ = 1, W₂₂ = 0, W₁₁ unknown; infimal rank 1. */
    public static DeepFactorization seedExample(int depth) {
        return create(2, depth, new double[] {Double.NaN, 1, 1, 0}, 1);
    }

    @Override public FactorizedObjective objective() { return objective; }
    @Override public ImplicitRegion region() { return region; }
    /** The factors stacked: rows (j−1)d … jd − 1 hold W_j. */

    public int size() { return d; }

    public int depth() { return depth; }

    public int infimalRank() { return infimalRank; }

    /** The targets b as a d×d row-major array with NaN where unobserved (a new array, as given to {@link #create}). */
    public double[] entries() {
        double[] e = new double[d * d];
        java.util.Arrays.fill(e, Double.NaN);
        for (int c = 0; c < targets.length; c++) e[observedIndex[c]] = targets[c];
        return e;
    }

    public MatrixProductModel model() { return model; }

    /** Writes W = W_L ⋯ W_1 into {@code out} (d×d). */
    public void product(double[] x, double[] out) { model.product(x, out); }

    /** Writes a balanced initial point (see {@link MatrixProductModel#balancedPoint}). */
    public void balancedPoint(double scale, Orientation orientation, boolean positiveDeterminant, SplittableRandom rng,
                              double[] out) {
        model.balancedPoint(scale, orientation == Orientation.RANDOM, positiveDeterminant, rng, out);
    }

    /** ‖P_Ω(W) − b‖_F = √(2ℓ(W)). */
    @Override public double error(double[] x) {
        model.product(x, product);
        double s = 0;
        for (int c = 0; c < targets.length; c++) {
            double r = product[observedIndex[c]] - targets[c];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /** NaN: see the class comment. */
    @Override public double distanceToSolutions(double[] x) { return Double.NaN; }

    /**
     * productNorm ‖W‖_F, nuclearNorm ‖W‖_*, spectralNorm ‖W‖₂, effectiveRank erank(W), distanceToInfimalRank
     * D(W, 𝓜_r) = (Σ_{i&gt;r} σᵢ²)^{1/2}, determinant det W, imbalance (Σ_j ‖W_{j+1}ᵀW_{j+1} − W_jW_jᵀ‖²_F)^{1/2}
     * (zero for a balanced chain, conserved by gradient flow).
     */
    @Override public List<String> metricNames() { return METRICS; }

    @Override public void metrics(double[] x, double[] out) {
        model.product(x, product);
        singularValues(product, sigma);
        out[0] = Kernels.norm(product);
        out[1] = MatrixMeasures.nuclearNorm(sigma);
        out[2] = sigma[0];
        out[3] = MatrixMeasures.effectiveRank(sigma);
        out[4] = MatrixMeasures.distanceToRank(sigma, infimalRank);
        out[5] = MatrixMeasures.determinant(product, d, work);
        out[6] = imbalance(x);
    }

    /** Singular values of the d×d matrix {@code m}, decreasing, into {@code out}. */
    private void singularValues(double[] m, double[] out) {
        System.arraycopy(m, 0, svdInput.data, 0, d * d);
        if (!svd.decompose(svdInput)) throw new ArithmeticException("SVD did not converge");
        double[] w = svd.getSingularValues();
        System.arraycopy(w, 0, out, 0, d);
        // insertion sort, decreasing (d is small)
        for (int i = 1; i < d; i++) {
            double v = out[i];
            int j = i - 1;
            while (j >= 0 && out[j] < v) { out[j + 1] = out[j]; j--; }
            out[j + 1] = v;
        }
    }

    private double imbalance(double[] x) {
        int block = d * d;
        double s = 0;
        for (int j = 0; j + 1 < depth; j++) {
            // W_{j+1}ᵀW_{j+1} (0-based: factor j+1) and W_jW_jᵀ, read from x in place
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double up = 0, down = 0;
                    for (int k = 0; k < d; k++) {
                        up += x[(j + 1) * block + k * d + a] * x[(j + 1) * block + k * d + b];
                        down += x[j * block + a * d + k] * x[j * block + b * d + k];
                    }
                    double diff = up - down;
                    s += diff * diff;
                }
            }
        }
        return Math.sqrt(s);
    }
}
