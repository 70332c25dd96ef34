package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective.Transpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused completion passes against the plain masked sums written out entry by entry and against the generic
 * {@link ObservedEntriesModel}: symmetric Ω and data (row pass only), a symmetric model on a one-sided Ω and two
 * factors (also with bias blocks and entry weights, and a weighted symmetric model), each with the transposed side
 * scattered into slots and made by a column pass, with one chunk and with many.
 */
class CompletionObjectiveTest {
    /** A case: Ω, T in CSR order, r', c, symmetric model, bias blocks, weights in CSR order (or null). */
    record Case(String name, SparsePattern omega, double[] target, int rank, double scale, boolean symmetric,
                boolean biases, double[] weights) {
        Case(String name, SparsePattern omega, double[] target, int rank, double scale, boolean symmetric) {
            this(name, omega, target, rank, scale, symmetric, false, null);
        }

        CompletionObjective build(int chunkWork, CompletionObjective.Transpose force) {
            return CompletionObjective.create(omega, target, rank, scale, symmetric, biases, weights, chunkWork, force);
        }

        CompletionObjective build(int chunkWork) {
            return build(chunkWork, null);
        }

        int factors() { return (symmetric ? omega.rows() : omega.rows() + omega.columns()) * rank; }

        int dimension() { return factors() + (biases ? omega.rows() + omega.columns() : 0); }

        boolean plain() { return !biases && weights == null; }

        @Override public String toString() { return name; }
    }

    static Case mirrored() {
        LowRankTruth truth = LowRankTruth.symmetric(new SplittableRandom(1), 40, new double[] {3, 1});
        SparsePattern omega = SparsePattern.symmetricBernoulli(new SplittableRandom(2), 40, 0.5);
        return new Case("symmetric Ω and T", omega, LowRankRecovery.observed(truth, omega), 5, 1.0, true);
    }

    static Case oneSided() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(3), 40, 40, 0.5);
        double[] target = new double[omega.size()];
        Randoms.gaussian(new SplittableRandom(4), 1.0, target);
        return new Case("symmetric model, one-sided Ω", omega, target, 5, 0.7, true);
    }

    static Case twoFactors() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(5), 30, 45, 0.5);
        double[] target = new double[omega.size()];
        Randoms.gaussian(new SplittableRandom(6), 1.0, target);
        return new Case("two factors", omega, target, 5, 0.7, false);
    }

    /** Two factors with bias blocks and entry weights in [0.5, 1.5). */
    static Case biasedWeighted() {
        Case c = twoFactors();
        return new Case("two factors, biases, weights", c.omega(), c.target(), 4, 0.7, false, true,
                ThreadCountIdentityTest.weights(c.omega().size(), 9));
    }

    /** The symmetric case with symmetric weights (the mirrored route still applies). */
    static Case weightedMirrored() {
        Case c = mirrored();
        SparsePattern omega = c.omega();
        double[] w = ThreadCountIdentityTest.weights(omega.size(), 10);
        for (int t = 0; t < w.length; t++) {
            int k = omega.transposedPosition(t);
            if (k > t) w[k] = w[t];
        }
        return new Case("symmetric Ω, T and weights", omega, c.target(), 4, 1.0, true, false, w);
    }

    /** Each case through each way of making its transposed side, with one chunk and with many. */
    static Stream<Arguments> cases() {
        Case mirrored = mirrored(), oneSided = oneSided(), twoFactors = twoFactors();
        Case biased = biasedWeighted(), weighted = weightedMirrored();
        return Stream.of(Arguments.of(mirrored, Transpose.MIRRORED), Arguments.of(mirrored, Transpose.SCATTER),
                        Arguments.of(mirrored, Transpose.COLUMN_PASS),
                        Arguments.of(oneSided, Transpose.SCATTER), Arguments.of(oneSided, Transpose.COLUMN_PASS),
                        Arguments.of(twoFactors, Transpose.SCATTER), Arguments.of(twoFactors, Transpose.COLUMN_PASS),
                        Arguments.of(biased, Transpose.SCATTER), Arguments.of(biased, Transpose.COLUMN_PASS),
                        Arguments.of(weighted, Transpose.MIRRORED), Arguments.of(weighted, Transpose.SCATTER),
                        Arguments.of(weighted, Transpose.COLUMN_PASS))
                .flatMap(a -> Stream.of(Arguments.of(a.get()[0], a.get()[1], CompletionObjective.CHUNK_WORK),
                        Arguments.of(a.get()[0], a.get()[1], 7)));
    }

    /**
     * Value, gradient and Hessian-vector product as plain masked sums over Ω, entry by entry: r = ⟨Xᵢ, Yⱼ⟩ + bᵢ + cⱼ − T,
     * f = c·Σ w²r², with the bias rows Σ 2c·w²r and Σ 2c·w²ṙ.
     */
    static final class Masked {
        double value;
        final double[] gradient, hessian;

        Masked(Case c, double[] x, double[] v) {
            int r = c.rank(), yOffset = c.symmetric() ? 0 : c.omega().rows() * r;
            int rowBias = c.factors(), columnBias = rowBias + c.omega().rows();
            gradient = new double[x.length];
            hessian = new double[x.length];
            SparsePattern omega = c.omega();
            for (int i = 0; i < omega.rows(); i++) {
                for (int k = omega.rowStart(i); k < omega.rowStart(i + 1); k++) {
                    int j = omega.column(k), xi = i * r, yj = yOffset + j * r;
                    double e = -c.target()[k], eDot = 0;
                    for (int a = 0; a < r; a++) {
                        e += x[xi + a] * x[yj + a];
                        eDot += v[xi + a] * x[yj + a] + x[xi + a] * v[yj + a];
                    }
                    if (c.biases()) {
                        e += x[rowBias + i] + x[columnBias + j];
                        eDot += v[rowBias + i] + v[columnBias + j];
                    }
                    double w2 = c.weights() == null ? 1 : c.weights()[k] * c.weights()[k];
                    value += c.scale() * w2 * e * e;
                    double twoC = 2 * c.scale() * w2;
                    for (int a = 0; a < r; a++) {
                        gradient[xi + a] += twoC * e * x[yj + a];
                        gradient[yj + a] += twoC * e * x[xi + a];
                        hessian[xi + a] += twoC * (eDot * x[yj + a] + e * v[yj + a]);
                        hessian[yj + a] += twoC * (eDot * x[xi + a] + e * v[xi + a]);
                    }
                    if (c.biases()) {
                        gradient[rowBias + i] += twoC * e;
                        gradient[columnBias + j] += twoC * e;
                        hessian[rowBias + i] += twoC * eDot;
                        hessian[columnBias + j] += twoC * eDot;
                    }
                }
            }
        }
    }

    /** The masked sums through the objective's own prediction: mᵢⱼ agrees with the documented model. */
    @ParameterizedTest(name = "{0}, {1}, chunk work {2}")
    @MethodSource("cases")
    void predictsTheDocumentedModel(Case c, Transpose transpose, int chunkWork) {
        if (c.symmetric()) return;
        CompletionObjective f = c.build(chunkWork, transpose);
        double[] x = random(19, c.dimension(), 0.5);
        int r = c.rank(), yOffset = c.omega().rows() * r;
        for (int i = 0; i < c.omega().rows(); i += 7) {
            for (int j = 0; j < c.omega().columns(); j += 5) {
                double m = 0;
                for (int a = 0; a < r; a++) m += x[i * r + a] * x[yOffset + j * r + a];
                if (c.biases()) m += x[c.factors() + i] + x[c.factors() + c.omega().rows() + j];
                assertThat(f.predict(x, i, j)).isCloseTo(m, org.assertj.core.data.Offset.offset(ROUNDING));
            }
        }
        // the batch form gives predict's bits at every entry (lengths that leave every tail of its groups of four)
        SplittableRandom rng = new SplittableRandom(23);
        for (int n : new int[] {0, 1, 4, 7, 30}) {
            int[] rows = new int[n], columns = new int[n];
            for (int k = 0; k < n; k++) {
                rows[k] = rng.nextInt(c.omega().rows());
                columns[k] = rng.nextInt(c.omega().columns());
            }
            double[] out = new double[n];
            f.predict(x, rows, columns, out);
            for (int k = 0; k < n; k++) assertThat(out[k]).isEqualTo(f.predict(x, rows[k], columns[k]));
        }
    }

    private static double[] random(long seed, int d, double scale) {
        double[] x = new double[d];
        Randoms.gaussian(new SplittableRandom(seed), scale, x);
        return x;
    }

    private static void assertRelative(double[] got, double[] want, double tolerance) {
        assertThat(Kernels.distance(got, want)).as("‖got − want‖, ‖want‖ = %s", Kernels.norm(want))
                .isLessThanOrEqualTo(tolerance * Kernels.norm(want));
    }

    @ParameterizedTest(name = "{0}, {1}, chunk work {2}")
    @MethodSource("cases")
    void agreesWithTheMaskedSums(Case c, Transpose transpose, int chunkWork) {
        CompletionObjective f = c.build(chunkWork, transpose);
        assertThat(f.transpose()).isEqualTo(transpose);
        if (chunkWork == 7) assertThat(f.chunkCount()).isGreaterThan(10);
        if (chunkWork == 7 && transpose == Transpose.SCATTER) assertThat(f.slotCount()).isGreaterThanOrEqualTo(CompletionObjective.MIN_SLOTS);
        double[] x = random(11, c.dimension(), 0.5), v = random(12, c.dimension(), 1.0);
        Masked want = new Masked(c, x, v);
        double[] g = new double[x.length], h = new double[x.length];
        double value = f.valueAndGradient(x, g);
        f.hessianVector(x, v, h);
        assertThat(Math.abs(value - want.value)).isLessThanOrEqualTo(REORDERED * want.value);
        assertThat(f.value(x)).isEqualTo(value);
        assertRelative(g, want.gradient, 1e-13);
        assertRelative(h, want.hessian, 1e-13);
    }

    @ParameterizedTest(name = "{0}, {1}, chunk work {2}")
    @MethodSource("cases")
    void agreesWithTheGenericObservedEntriesModel(Case c, Transpose transpose, int chunkWork) {
        if (!c.plain()) return; // the generic composition has neither biases nor weights
        CompletionObjective f = c.build(chunkWork, transpose);
        Objective generic = new FactorizedObjective(c.symmetric() ? ObservedEntriesModel.symmetric(c.omega(), c.rank())
                : ObservedEntriesModel.asymmetric(c.omega(), c.rank()),
                new SquaredLoss(1, c.omega().size(), c.target(), c.scale()));
        double[] x = random(13, c.dimension(), 0.5), v = random(14, c.dimension(), 1.0);
        double[] g = new double[x.length], gRef = new double[x.length], h = new double[x.length], hRef = new double[x.length];
        double value = f.valueAndGradient(x, g), valueRef = generic.valueAndGradient(x, gRef);
        f.hessianVector(x, v, h);
        generic.hessianVector(x, v, hRef);
        assertThat(Math.abs(value - valueRef)).isLessThanOrEqualTo(REORDERED * valueRef);
        assertRelative(g, gRef, 1e-13);
        assertRelative(h, hRef, 1e-13);
    }

    /** The cases without slots, once each. */
    static Stream<Arguments> unscattered() {
        return cases().filter(a -> a.get()[1] != Transpose.SCATTER && (int) a.get()[2] == 7);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("unscattered")
    void gradientAndHessianDoNotDependOnTheChunks(Case c, Transpose transpose, int unused) {
        // every output row is computed whole inside one chunk: only the value's partial sums move with the chunks
        // (with slots, the slots' partial sums would move too)
        CompletionObjective one = c.build(Integer.MAX_VALUE, transpose), many = c.build(5, transpose);
        double[] x = random(15, c.dimension(), 0.5), v = random(16, c.dimension(), 1.0);
        double[] g1 = new double[x.length], g2 = new double[x.length], h1 = new double[x.length], h2 = new double[x.length];
        double f1 = one.valueAndGradient(x, g1), f2 = many.valueAndGradient(x, g2);
        one.hessianVector(x, v, h1);
        many.hessianVector(x, v, h2);
        assertThat(g2).containsExactly(g1);
        assertThat(h2).containsExactly(h1);
        assertThat(Math.abs(f1 - f2)).isLessThanOrEqualTo(ROUNDING * f1);
    }

    @Test
    void theTransposedSideIsChosenFromTheSizes() {
        assertThat(mirrored().build(CompletionObjective.CHUNK_WORK).transpose()).isEqualTo(Transpose.MIRRORED);
        // about 22 entries per column: too few for 4 slots, the column pass
        assertThat(twoFactors().build(CompletionObjective.CHUNK_WORK).transpose()).isEqualTo(Transpose.COLUMN_PASS);
        SparsePattern dense = SparsePattern.bernoulli(new SplittableRandom(7), 400, 60, 0.6);
        CompletionObjective scatter = CompletionObjective.asymmetric(dense, new double[dense.size()], 5, 1.0, 500, null);
        assertThat(scatter.transpose()).isEqualTo(Transpose.SCATTER);
        assertThat(scatter.slotCount()).isEqualTo(CompletionObjective.SLOTS);
        assertThat(CompletionObjective.scatterSlots(20_000_000, 20_000, 20)).isEqualTo(CompletionObjective.SLOTS);
        assertThat(CompletionObjective.scatterSlots(100_000, 9_066, 200)).isLessThan(CompletionObjective.MIN_SLOTS);
    }

    @Test
    void theRowPassAloneIsUsedExactlyWhenOmegaAndTheTargetAreSymmetric() {
        Case c = mirrored();
        assertThat(c.build(CompletionObjective.CHUNK_WORK).transpose()).isEqualTo(Transpose.MIRRORED);
        assertThat(oneSided().build(CompletionObjective.CHUNK_WORK).transpose()).isNotEqualTo(Transpose.MIRRORED);
        // one target entry off by one ulp: E is no longer symmetric, the general pass must take over and stay exact
        double[] skewed = c.target().clone();
        int k = c.omega().rowStart(3) + 1;
        assertThat(c.omega().column(k)).isNotEqualTo(3);
        skewed[k] = Math.nextUp(skewed[k]);
        Case d = new Case("skewed", c.omega(), skewed, c.rank(), c.scale(), true);
        CompletionObjective f = d.build(CompletionObjective.CHUNK_WORK);
        assertThat(f.transpose()).isNotEqualTo(Transpose.MIRRORED);
        double[] x = random(17, d.dimension(), 0.5), v = random(18, d.dimension(), 1.0);
        Masked want = new Masked(d, x, v);
        double[] g = new double[x.length], h = new double[x.length];
        f.valueAndGradient(x, g);
        f.hessianVector(x, v, h);
        assertRelative(g, want.gradient, 1e-13);
        assertRelative(h, want.hessian, 1e-13);
    }

    @Test
    void theSymmetricProblemsTargetIsSymmetricToTheLastBit() {
        LowRankRecovery p = LowRankRecovery.symmetricCompletion(30, 3, 4, new double[] {5, 2, 1}, 0.4, 8);
        assertThat(((CompletionObjective) p.objective()).transpose()).isEqualTo(Transpose.MIRRORED);
    }

    @Test
    void rejectsMismatchedInputsAndAliasedOutputs() {
        SparsePattern omega = SparsePattern.bernoulli(new SplittableRandom(1), 4, 5, 0.5);
        assertThatThrownBy(() -> CompletionObjective.symmetric(omega, new double[omega.size()], 2, 1))
                .hasMessageContaining("square");
        assertThatThrownBy(() -> CompletionObjective.asymmetric(omega, new double[omega.size() + 1], 2, 1))
                .hasMessageContaining("target");
        CompletionObjective f = CompletionObjective.asymmetric(omega, new double[omega.size()], 2, 1);
        double[] x = new double[f.dimension()];
        assertThatThrownBy(() -> f.valueAndGradient(x, x)).hasMessageContaining("alias");
        assertThatThrownBy(() -> f.hessianVector(x, new double[x.length], x)).hasMessageContaining("alias");
        assertThatThrownBy(() -> CompletionObjective.symmetric(SparsePattern.full(3, 3), new double[9], 2, 1,
                new double[] {1, 1, 1, 1, -1, 1, 1, 1, 1})).hasMessageContaining("weight 4");
        assertThatThrownBy(() -> CompletionObjective.asymmetric(omega, new double[omega.size()], 2, 1, true,
                new double[1])).hasMessageContaining("weights");
        assertThatThrownBy(() -> CompletionObjective.create(SparsePattern.full(3, 3), new double[9], 2, 1, true, true,
                null, 100, null)).hasMessageContaining("bias");
    }

    /** One-sided weights on a symmetric Ω make the mirrored route unusable; the general passes take over. */
    @Test
    void asymmetricWeightsLeaveTheMirroredRoute() {
        Case c = weightedMirrored();
        assertThat(c.build(CompletionObjective.CHUNK_WORK).transpose()).isEqualTo(Transpose.MIRRORED);
        double[] w = c.weights().clone();
        int k = c.omega().rowStart(2);
        while (c.omega().column(k) == 2) k++;
        w[k] *= 1.5;
        Case d = new Case("skewed weights", c.omega(), c.target(), c.rank(), c.scale(), true, false, w);
        assertThat(d.build(CompletionObjective.CHUNK_WORK).transpose()).isNotEqualTo(Transpose.MIRRORED);
    }
}
