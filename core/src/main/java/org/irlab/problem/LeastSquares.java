package org.irlab.problem;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.region.ImplicitRegion;
import org.irlab.region.SubspaceRegion;

/**
 * Least squares f(w) = c·‖Aw − b‖² (eq. (3) of the implicit-regularization notes, 004; c = 1 there, "sum"; or
 * c = 1/N, "mean") for A ∈ ℝ^{N×d}, typically N &lt; d. GD from w₀ converges to A⁺b + (I − P)w₀ (Section 3), with
 * P the orthogonal projector onto the row space of A: from zero, to the minimum-norm solution A⁺b. Built as an
 * {@link IdentityModel} composed with a {@link SensingLoss} on the 1×d row w.
 *
 * <p>Region 𝓜 = row space of A (closed under GD: ∇f = 2cAᵀ(Aw − b) ∈ range(Aᵀ); the residual (I − P)w never moves
 * under GD). A⁺b and the basis of 𝓜 come from one SVD of A, computed once. Error = ‖w − A⁺b‖; distance to the
 * solutions = distance to the set of minimisers A⁺b + null(A) = ‖Pw − A⁺b‖ (= ‖A⁺(Aw − b)‖; when Aw = b is
 * consistent, this set is {w : Aw = b}).
 */
public final class LeastSquares implements Problem {
    /** Where b comes from. */
    public enum Observations {
        /** b ~ N(0, I_N), independent of A (the seed's y is arbitrary data). */
        GAUSSIAN,
        /** b = Aw* with w* ~ N(0, I_d). */
        PLANTED
    }

    private final int measurements, d, rank;
    private final double scale;
    private final double[] design, observations;
    private final double[] minimumNormSolution;
    private final double[] singularValues;
    private final FactorizedObjective objective;
    private final SubspaceRegion region;
    private final double[] signal;

    private LeastSquares(int measurements, int d, double[] design, double[] observations, double scale) {
        this.measurements = measurements;
        this.d = d;
        this.design = design;
        this.observations = observations;
        this.scale = scale;
        this.objective = new FactorizedObjective(new IdentityModel(1, d),
                new SensingLoss(1, d, design, observations, scale));

        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(measurements, d, true, true, true);
        if (!svd.decompose(new DMatrixRMaj(measurements, d, true, design))) {
            throw new ArithmeticException("SVD of the design did not converge");
        }
        int k = svd.numberOfSingularValues();
        double[] w = svd.getSingularValues();
        DMatrixRMaj u = svd.getU(null, false); // N×k
        DMatrixRMaj v = svd.getV(null, false); // d×k
        double largest = 0;
        for (int i = 0; i < k; i++) largest = Math.max(largest, w[i]);
        // numerical rank as in LAPACK/NumPy: σᵢ > max(N, d)·ε·σ₁
        double cutoff = Math.max(measurements, d) * Math.ulp(1.0) * largest;
        int r = 0;
        for (int i = 0; i < k; i++) if (w[i] > cutoff) r++;
        this.rank = r;
        double[] basis = new double[d * r];
        double[] solution = new double[d];
        double[] kept = new double[r];
        int c = 0;
        for (int i = 0; i < k; i++) {
            if (!(w[i] > cutoff)) continue;
            // A⁺b = Σ vᵢ (uᵢᵀb)/σᵢ over the kept singular triplets
            double ub = 0;
            for (int row = 0; row < measurements; row++) ub += u.get(row, i) * observations[row];
            double coefficient = ub / w[i];
            for (int j = 0; j < d; j++) {
                double vj = v.get(j, i);
                basis[j * r + c] = vj;
                solution[j] += coefficient * vj;
            }
            kept[c++] = w[i];
        }
        java.util.Arrays.sort(kept);
        for (int i = 0; i < r / 2; i++) { double t = kept[i]; kept[i] = kept[r - 1 - i]; kept[r - 1 - i] = t; }
        this.singularValues = kept;
        this.minimumNormSolution = solution;
        this.region = new SubspaceRegion(d, r, basis);
        this.signal = new double[d];
    }

    /**
     * A random instance: A with iid N(0, 1) entries from the first split of the seed's generator, then b from the
     * second split (Gaussian, or Aw* for a Gaussian w*).
     */
    public static LeastSquares create(int measurements, int d, Observations kind, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        SplittableRandom designRng = rng.split();
        SplittableRandom observationRng = rng.split();
        double[] design = new double[Math.multiplyExact(measurements, d)];
        Randoms.gaussian(designRng, 1.0, design);
        double[] b = new double[measurements];
        if (kind == Observations.GAUSSIAN) {
            Randoms.gaussian(observationRng, 1.0, b);
        } else {
            double[] planted = new double[d];
            Randoms.gaussian(observationRng, 1.0, planted);
            Kernels.multiplyVector(design, planted, b, measurements, d);
        }
        return new LeastSquares(measurements, d, design, b, scale);
    }

    /**
     * An instance for given data.
     *
     * @param design       A, N×d row-major (copied)
     * @param observations b, length N (copied)
     */
    public static LeastSquares of(int d, double[] design, double[] observations, double scale) {
        int n = observations.length;
        if (design.length != (long) n * d) {
            throw new IllegalArgumentException("design has " + design.length + " entries, expected " + n + "x" + d);
        }
        return new LeastSquares(n, d, design.clone(), observations.clone(), scale);
    }

    @Override public FactorizedObjective objective() { return objective; }
    @Override public SubspaceRegion region() { return region; }

    public int measurements() { return measurements; }

    public int dimension() { return d; }

    /** Numerical rank of A = dim 𝓜. */
    public int rank() { return rank; }

    /** A, N×d row-major (shared, do not modify). */
    public double[] design() { return design; }

    /** b (shared, do not modify). */
    public double[] observations() { return observations; }

    /** A⁺b (shared, do not modify). */
    public double[] minimumNormSolution() { return minimumNormSolution; }

    /** The nonzero singular values of A, decreasing (shared, do not modify). */
    public double[] singularValues() { return singularValues; }

    /** Gradient Lipschitz constant 2c·σ₁(A)²; GD is stable for η &lt; 2/L. */
    public double smoothness() {
        double s = singularValues.length == 0 ? 0 : singularValues[0];
        return 2 * scale * s * s;
    }

    /** ‖w − A⁺b‖. */
    @Override public double error(double[] x) {
        return Kernels.distance(x, minimumNormSolution);
    }

    /** ‖Pw − A⁺b‖: distance to the minimisers A⁺b + null(A). */
    @Override public double distanceToSolutions(double[] x) {
        region.project(x, signal);
        return Kernels.distance(signal, minimumNormSolution);
    }

    @Override public List<String> metricNames() { return List.of("parameterNorm"); }

    /** ‖w‖, the norm GD implicitly minimises (it equals ‖A⁺b‖ at the limit from zero). */
    @Override public void metrics(double[] x, double[] out) {
        out[0] = Kernels.norm(x);
    }
}
