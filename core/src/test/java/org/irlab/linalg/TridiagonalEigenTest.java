package org.irlab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.irlab.testing.Tolerances.REORDERED;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TridiagonalEigenTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 10, 57})
    void valuesMatchEjmlAndVectorsAreEigenvectors(int k) {
        SplittableRandom rng = new SplittableRandom(k);
        double[] a = new double[k], b = new double[k];
        for (int i = 0; i < k; i++) { a[i] = Randoms.gaussian(rng); b[i] = Randoms.gaussian(rng); }
        if (k > 4) b[k / 2] = 0; // a split point
        DMatrixRMaj t = new DMatrixRMaj(k, k);
        for (int i = 0; i < k; i++) {
            t.set(i, i, a[i]);
            if (i + 1 < k) { t.set(i, i + 1, b[i]); t.set(i + 1, i, b[i]); }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, false, true);
        assertThat(eig.decompose(t.copy())).isTrue();
        double[] expected = new double[k];
        for (int i = 0; i < k; i++) expected[i] = eig.getEigenvalue(i).getReal();
        Arrays.sort(expected);

        TridiagonalEigen full = new TridiagonalEigen(k + 3), partial = new TridiagonalEigen(k);
        double[] aCopy = a.clone(), bCopy = b.clone();
        full.decompose(a, b, k, true);
        partial.decompose(a, b, k, false);
        assertThat(a).containsExactly(aCopy);
        assertThat(b).containsExactly(bCopy);
        double scale = 1 + Math.max(Math.abs(expected[0]), Math.abs(expected[k - 1]));
        for (int i = 0; i < k; i++) {
            assertThat(full.value(i)).isCloseTo(expected[i], within(REORDERED * scale));
            assertThat(partial.value(i)).isEqualTo(full.value(i));
            assertThat(partial.first(i)).isEqualTo(full.vector(i, 0));
            assertThat(partial.last(i)).isEqualTo(full.vector(i, k - 1));
            // ‖T s − θ s‖ and ‖s‖ = 1
            double res = 0, norm = 0;
            for (int r = 0; r < k; r++) {
                double ts = a[r] * full.vector(i, r);
                if (r > 0) ts += b[r - 1] * full.vector(i, r - 1);
                if (r + 1 < k) ts += b[r] * full.vector(i, r + 1);
                double e = ts - full.value(i) * full.vector(i, r);
                res += e * e;
                norm += full.vector(i, r) * full.vector(i, r);
            }
            assertThat(Math.sqrt(res)).isLessThan(REORDERED * scale);
            assertThat(norm).isCloseTo(1.0, within(REORDERED));
        }
    }
}
