package org.irlab.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;
import static org.irlab.testing.Tolerances.ROUNDING;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.irlab.linalg.Kernels;
import org.irlab.linalg.Randoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Problems built from instance data: a generated problem rebuilt from its own arrays is the same function to the
 * last bit, and without a ground truth its error and distance are NaN (undefined), never zero.
 */
class InstanceDataTest {
    private static final double[] SIGMA = {6, 2};

    /** A generated problem and the same problem rebuilt from the data it exposes (what an export writes). */
    static Stream<Arguments> pairs() {
        SymmetricSensing gaussian = SymmetricSensing.create(5, 2, 4, SIGMA, 60, 3);
        SymmetricSensing rankOne = SymmetricSensing.create(5, 2, 4, SIGMA, 60, 3, SymmetricSensing.Operator.RANK_ONE);
        LowRankRecovery asymmetricSensing = LowRankRecovery.asymmetricSensing(6, 4, 2, 5, SIGMA, 80, 1.0 / 16, 3);
        LowRankRecovery symmetricCompletion = LowRankRecovery.symmetricCompletion(6, 2, 5, SIGMA, 0.7, 3);
        LowRankRecovery asymmetricCompletion = LowRankRecovery.asymmetricCompletion(6, 4, 2, 5, SIGMA, 0.7, 0.25, 3);
        LowRankRecovery symmetricOneBit = LowRankRecovery.symmetricOneBit(6, 2, 5, SIGMA, 3, 3);
        LowRankRecovery asymmetricOneBit = LowRankRecovery.asymmetricOneBit(6, 4, 2, 5, SIGMA, 0, 1.0 / 16, 3);
        SparseRecovery sparse = SparseRecovery.create(new double[] {1, 0, -2, 0, 0, 0.5}, 5,
                SparseRecovery.Normalization.MEAN, 3);
        return Stream.of(
                Arguments.of("symmetric-sensing gaussian", gaussian, rebuild(gaussian, true)),
                Arguments.of("symmetric-sensing rank-one", rankOne, rebuild(rankOne, true)),
                Arguments.of("asymmetric-sensing", asymmetricSensing, rebuild(asymmetricSensing, 1.0 / 16, true)),
                Arguments.of("symmetric-completion", symmetricCompletion, rebuild(symmetricCompletion, 0, true)),
                Arguments.of("asymmetric-completion", asymmetricCompletion, rebuild(asymmetricCompletion, 0.25, true)),
                Arguments.of("symmetric-one-bit", symmetricOneBit, rebuild(symmetricOneBit, 0, true)),
                Arguments.of("asymmetric-one-bit", asymmetricOneBit, rebuild(asymmetricOneBit, 1.0 / 16, true)),
                Arguments.of("sparse-recovery", sparse, SparseRecovery.of(sparse.dimension(), sparse.design().clone(),
                        sparse.observations().clone(), sparse.scale(), sparse.truth().clone())));
    }

    static SymmetricSensing rebuild(SymmetricSensing p, boolean withTruth) {
        LowRankTruth truth = withTruth ? copy(p.truthFactors()) : null;
        Measurements m = p.measurements();
        if (m instanceof Measurements.RankOne one) {
            return SymmetricSensing.ofRankOne(5, p.rank(), p.searchRank(), truth, one.left().clone(),
                    one.right().clone(), one.observations().clone());
        }
        Measurements.Dense dense = (Measurements.Dense) m;
        return SymmetricSensing.of(5, p.rank(), p.searchRank(), truth, dense.operator(), dense.observations().clone());
    }

    static LowRankRecovery rebuild(LowRankRecovery p, double balance, boolean withTruth) {
        LowRankTruth truth = withTruth ? copy(p.truth()) : null;
        Measurements m = p.measurements();
        if (m instanceof Measurements.Dense d) {
            return LowRankRecovery.asymmetricSensing(p.rank(), p.searchRank(), truth,
                    new Measurements.Dense(d.rows(), d.columns(), d.operator().clone(), d.observations().clone()),
                    balance);
        }
        if (m instanceof Measurements.Entries e) {
            return LowRankRecovery.completion(p.isSymmetric(), p.rank(), p.searchRank(), truth,
                    new Measurements.Entries(e.omega(), e.values().clone()), balance);
        }
        Measurements.Signs s = (Measurements.Signs) m;
        return LowRankRecovery.oneBit(p.isSymmetric(), p.rank(), p.searchRank(), truth,
                new Measurements.Signs(s.rows(), s.columns(), s.alpha().clone()), balance);
    }

    static LowRankTruth copy(LowRankTruth t) {
        return LowRankTruth.of(t.rows(), t.columns(), t.singularValues(), t.left(),
                t.isSymmetric() ? null : t.right());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void aProblemRebuiltFromItsDataIsTheSameFunctionBitForBit(String label, Problem generated, Problem rebuilt) {
        assertThat(rebuilt.getClass()).isEqualTo(generated.getClass());
        int d = generated.objective().dimension();
        assertThat(rebuilt.objective().dimension()).isEqualTo(d);
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 3; trial++) {
            double[] x = new double[d], v = new double[d];
            Randoms.gaussian(rng, 0.7, x);
            Randoms.gaussian(rng, 1.0, v);
            double[] g1 = new double[d], g2 = new double[d], h1 = new double[d], h2 = new double[d];
            assertThat(rebuilt.objective().valueAndGradient(x, g2))
                    .isEqualTo(generated.objective().valueAndGradient(x, g1));
            assertThat(g2).isEqualTo(g1);
            generated.objective().hessianVector(x, v, h1);
            rebuilt.objective().hessianVector(x, v, h2);
            assertThat(h2).isEqualTo(h1);
            assertThat(rebuilt.error(x)).isEqualTo(generated.error(x));
            assertThat(rebuilt.distanceToSolutions(x)).isEqualTo(generated.distanceToSolutions(x));
            assertThat(rebuilt.region().residualNorm(x)).isEqualTo(generated.region().residualNorm(x));
        }
    }

    @Test
    void withoutAGroundTruthErrorAndDistanceAreUndefinedNotZero() {
        LowRankRecovery completion = LowRankRecovery.asymmetricCompletion(6, 4, 2, 5, SIGMA, 0.7, 0.25, 3);
        LowRankRecovery blind = rebuild(completion, 0.25, false);
        double[] x = completion.truth().balancedFactor(5);
        assertThat(completion.error(x)).isLessThan(REORDERED);
        assertThat(blind.error(x)).isNaN();
        assertThat(blind.distanceToSolutions(x)).isNaN();
        assertThat(blind.region().residualNorm(x)).isEqualTo(completion.region().residualNorm(x)); // r = 2 still given

        SymmetricSensing sensing = SymmetricSensing.create(5, 2, 4, SIGMA, 60, 3);
        SymmetricSensing blindSensing = rebuild(sensing, false);
        assertThat(blindSensing.error(new double[20])).isNaN();
        assertThat(blindSensing.distanceToSolutions(new double[20])).isNaN();

        SparseRecovery sparse = SparseRecovery.create(new double[] {1, 0, -2}, 5, SparseRecovery.Normalization.SUM, 3);
        SparseRecovery blindSparse = SparseRecovery.of(3, sparse.design(), sparse.observations(), 1.0, null);
        double[] z = {1, 0.1, 0, 0, 0, 1.4};
        assertThat(blindSparse.objective().value(z)).isEqualTo(sparse.objective().value(z));
        assertThat(blindSparse.error(z)).isNaN();
        assertThat(blindSparse.distanceToSolutions(z)).isNaN();
        assertThat(blindSparse.region().residualNorm(z)).isNaN(); // the region is the support of θ*
        assertThatThrownBy(() -> blindSparse.region().project(z, new double[6]))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSymmetrisedOperatorGivesTheSameMeasurementsAsTheDrawnOne() {
        // ⟨(Aᵢ + Aᵢᵀ)/2, M⟩ = ⟨Aᵢ, M⟩ for a symmetric M: recompute y from M* with the exported operator
        SymmetricSensing p = SymmetricSensing.create(5, 2, 4, SIGMA, 60, 3);
        Measurements.Dense d = (Measurements.Dense) p.measurements();
        double[] y = new double[60];
        Kernels.multiplyVector(d.operator(), p.truth(), y, 60, 25);
        for (int i = 0; i < 60; i++) assertThat(y[i]).isCloseTo(d.observations()[i], within(REORDERED));
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 5; j++) {
                for (int l = 0; l < 5; l++) {
                    assertThat(d.operator()[i * 25 + j * 5 + l]).isEqualTo(d.operator()[i * 25 + l * 5 + j]);
                }
            }
        }
    }

    private static double[] identity3() { return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}; }

    @Test
    void aDenseTruthIsFactoredToItsNumericalRank() {
        SplittableRandom rng = new SplittableRandom(5);
        LowRankTruth general = LowRankTruth.asymmetric(rng, 7, 4, SIGMA);
        LowRankTruth fromMatrix = LowRankTruth.ofMatrix(7, 4, general.dense(), false);
        assertThat(fromMatrix.rank()).isEqualTo(2);
        assertThat(fromMatrix.singularValues()[0]).isCloseTo(6, within(REORDERED));
        assertThat(fromMatrix.singularValues()[1]).isCloseTo(2, within(REORDERED));
        assertThat(Kernels.distance(fromMatrix.dense(), general.dense())).isLessThan(REORDERED);
        assertThat(fromMatrix.orthonormalityDefect()).isLessThan(ROUNDING);

        LowRankTruth symmetric = LowRankTruth.symmetric(rng, 6, SIGMA);
        LowRankTruth fromSymmetric = LowRankTruth.ofMatrix(6, 6, symmetric.dense(), true);
        assertThat(fromSymmetric.isSymmetric()).isTrue();
        assertThat(fromSymmetric.rank()).isEqualTo(2);
        assertThat(Kernels.distance(fromSymmetric.dense(), symmetric.dense())).isLessThan(REORDERED);

        double[] indefinite = identity3();
        indefinite[8] = -1;
        assertThatThrownBy(() -> LowRankTruth.ofMatrix(3, 3, indefinite, true))
                .hasMessageContaining("not positive semidefinite");
        double[] asymmetric = identity3();
        asymmetric[1] = 0.5;
        assertThatThrownBy(() -> LowRankTruth.ofMatrix(3, 3, asymmetric, true))
                .hasMessageContaining("not symmetric: entries (0, 1)");
        double[] notOrthonormal = {1, 0, 1, 1, 0, 0};
        assertThat(LowRankTruth.of(3, 3, new double[] {1, 1}, notOrthonormal, null).orthonormalityDefect())
                .isEqualTo(1.0);
    }
}
