package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.irlab.data.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The descents refuse, before they start, blocks whose work vectors or averaged rows would not fit one Java array
 * (review L2): the limit to the row, and the block count the message suggests is enough. Arithmetic only: nothing
 * near 2³¹ doubles is allocated.
 */
class BlockSizeLimitTest {
    private static final Pattern SUGGESTED = Pattern.compile("-Dirlab\\.spark\\.blocks=(\\d+) or more \\(now (\\d+)\\)");

    /** Largest capacity that fits, by hand: K·r'·c ≤ 2³¹ − 9 (averaged rows) and (c + n₂)·r' ≤ 2³¹ − 9 (work vectors). */
    @ParameterizedTest(name = "n₂ = {0}, r' = {1}, K = {2}: {3} rows fit")
    @CsvSource({
            "20000, 500, 3, 1431655", // 2147483639 / 1500 = 1431655.76: the averaged rows bind
            "20000, 500, 1, 4274967", // 2147483639 / 500 − 20000 = 4274967.28: the work vectors bind
            "1000, 50, 1, 42948672", // 42949672.78 − 1000
            "0, 1, 7, 306783377"}) // 2147483639 / 7 = 306783377
    void refusesOneRowPastTheLimit(int columns, int rank, int members, int largest) {
        assertThatCode(() -> DistributedDescents.checkArrays(largest, 2 * largest, columns, rank, members, 4))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DistributedDescents.checkArrays(largest + 1, 2 * largest, columns, rank, members, 4))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("a block of " + (largest + 1) + " rows at search rank " + rank)
                .hasMessageContaining("-Dirlab.spark.blocks=")
                .hasMessageContaining("(now 4)");
    }

    @Test void theSuggestedBlockCountIsEnough() {
        int rows = 20_000_000, columns = 20_000, rank = 500, members = 3, blocks = 4;
        int capacity = rows / blocks;
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> DistributedDescents.checkArrays(capacity, rows, columns, rank, members, blocks));
        Matcher m = SUGGESTED.matcher(refused.getMessage());
        assertThat(m.find()).as(refused.getMessage()).isTrue();
        int suggested = Integer.parseInt(m.group(1));
        assertThat(suggested).isEqualTo(14); // ⌈2·10⁷ / 1431655⌉
        int even = (rows + suggested - 1) / suggested; // the largest block when the rows are cut evenly
        assertThatCode(() -> DistributedDescents.checkArrays(even, rows, columns, rank, members, suggested))
                .doesNotThrowAnyException();
        int fewer = (rows + suggested - 2) / (suggested - 1);
        assertThatThrownBy(() -> DistributedDescents.checkArrays(fewer, rows, columns, rank, members, suggested - 1))
                .isInstanceOf(BadInputException.class);
    }

    @Test void aBroadcastSideTooWideAsksForASmallerSearchRank() {
        assertThatThrownBy(() -> DistributedDescents.checkArrays(10, 20, 5_000_000, 500, 1, 2))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("use a smaller --search-rank")
                .hasMessageNotContaining("irlab.spark.blocks");
    }
}
