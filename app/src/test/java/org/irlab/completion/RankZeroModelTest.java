package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.irlab.experiment.RunDirectory;
import org.irlab.model.Factors;
import org.irlab.model.Model;
import org.irlab.model.ModelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rank-0 low-rank completion (SoftImpute's path point with no singular value left) keeps its shape and saves. */
class RankZeroModelTest {
    private static LowRankCompletion rankZero() {
        AdditiveCompletion offset = new AdditiveCompletion(3.5, new double[] {0.25, -0.5, 1}, new double[] {-1, 0.125},
                Map.of(), Map.of());
        return new LowRankCompletion(offset, new double[0], new double[0], 0, Map.of(), Map.of());
    }

    @Test void takesItsShapeFromTheOffset() {
        LowRankCompletion l = rankZero();
        assertThat(l.leftRows().rows()).isEqualTo(3);
        assertThat(l.rightRows().rows()).isEqualTo(2);
        Factors f = Factors.of(l);
        assertThat(f.rows()).isEqualTo(3);
        assertThat(f.columns()).isEqualTo(2);
        assertThat(f.rank()).isZero();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) assertThat(f.predict(i, j)).isEqualTo(l.predict(i, j));
        }
    }

    @Test void savesAndReadsBack(@TempDir Path dir) {
        LowRankCompletion l = rankZero();
        SparseRatings seen = SparseRatings.of(3, 2, new int[] {0, 1, 2}, new int[] {1, 0, 1}, new double[] {4, 3, 5});
        ObjectNode info = JsonNodeFactory.instance.objectNode();
        info.putObject("input").put("sha256", "abc");
        Model m = new Model(Model.Kind.RATINGS, "softimpute", List.of(Factors.of(l)), new String[] {"u0", "u1", "u2"},
                new String[] {"i0", "i1"}, seen.rowStart(), seen.entryColumn(), null, seen.min(), seen.max(), info);
        try (RunDirectory d = RunDirectory.open(dir, ModelDirectory.FILES)) {
            ModelDirectory.write(m, d);
        }
        Factors back = ModelDirectory.read(dir).planes().get(0);
        assertThat(back.rank()).isZero();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) assertThat(back.predict(i, j)).isEqualTo(l.predict(i, j));
        }
    }
}
