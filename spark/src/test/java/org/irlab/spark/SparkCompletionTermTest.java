package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.irlab.linalg.Randoms;
import org.irlab.linalg.SparsePattern;
import org.irlab.problem.CompletionObjective;
import org.irlab.problem.CompletionTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The data term on Spark (user and item blocks in local[2]) against the local objective on the same Ω: the rows of
 * ∇f and ∇²f·v are the same bits for any number of blocks (also more blocks than rows), f agrees to rounding.
 */
class SparkCompletionTermTest {
    static SparkFitEngine engine;

    @BeforeAll static void open() {
        engine = new SparkFitEngine(SparkSessions.open("IRLab test", "local[2]", 2), true);
    }

    @AfterAll static void close() {
        if (engine != null) engine.close();
        System.clearProperty("irlab.spark.blocks");
    }

    @ParameterizedTest(name = "{0} blocks per side")
    @ValueSource(ints = {1, 2, 5, 60})
    void gradientAndHessianVectorRowsAreTheLocalBits(int blocks) {
        SplittableRandom rng = new SplittableRandom(11 + blocks);
        int n1 = 41, n2 = 29, r = 5;
        SparsePattern omega = SparsePattern.bernoulli(rng.split(), n1, n2, 0.3);
        double[] target = new double[omega.size()];
        Randoms.gaussian(rng.split(), 1.0, target);
        double c = 1.0 / omega.size();
        CompletionObjective local = CompletionObjective.asymmetric(omega, target, r, c);
        System.setProperty("irlab.spark.blocks", Integer.toString(blocks));
        try (CompletionTerm spark = engine.terms().create(omega, target, r, c, false)) {
            assertThat(spark.dimension()).isEqualTo(local.dimension());
            double[] x = new double[local.dimension()], v = new double[x.length];
            Randoms.gaussian(rng.split(), 0.5, x);
            Randoms.gaussian(rng.split(), 1.0, v);
            double[] g = new double[x.length], h = new double[x.length];
            double fLocal = local.valueAndGradient(x, g);
            double fSpark = spark.valueAndGradient(x, h);
            assertThat(h).containsExactly(g);
            assertThat(fSpark).isCloseTo(fLocal, within(1e-12 * Math.abs(fLocal)));
            assertThat(spark.value(x)).isEqualTo(fSpark);
            local.hessianVector(x, v, g);
            spark.hessianVector(x, v, h);
            assertThat(h).containsExactly(g);
            assertThat(spark.predict(x, 3, 7)).isEqualTo(local.predict(x, 3, 7));
        } finally {
            System.clearProperty("irlab.spark.blocks");
        }
        assertThat(engine.statistics()).containsKeys("gradient", "hessianVector", "value", "shuffleBytesWritten");
    }
}
