package org.irlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.irlab.completion.SparseRatings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The layouts of ratings files: separators, headerless files, positional columns, times and --duplicates latest. */
class RatingsLayoutTest {
    private static RatingsData read(String text, RatingsLayout layout, DuplicatePolicy d) throws IOException {
        return RatingsCsv.read(new StringReader(text), "r", layout, d, InvalidPolicy.ERROR);
    }

    private static double value(RatingsData data, String user, String item) {
        int u = java.util.Arrays.asList(data.rowIds()).indexOf(user);
        int i = java.util.Arrays.asList(data.columnIds()).indexOf(item);
        SparseRatings r = data.ratings();
        return r.values()[r.find(u, i)];
    }

    /** The same three ratings in every layout the readers recognise: each must give the same matrix and times. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ratings.dat|1::31::2.5::1260759144\\n1::1029::3::1260759179\\n7::31::4::1260759200\\n",
        "u.data|1\\t31\\t2.5\\t1260759144\\n1\\t1029\\t3\\t1260759179\\n7\\t31\\t4\\t1260759200\\n",
        "r.tsv|user\\titem\\trating\\ttimestamp\\n1\\t31\\t2.5\\t1260759144\\n1\\t1029\\t3\\t1260759179\\n7\\t31\\t4\\t1260759200\\n",
        "r.csv|userId,movieId,rating,timestamp\\n1,31,2.5,1260759144\\n1,1029,3,1260759179\\n7,31,4,1260759200\\n",
        "headerless.csv|1,31,2.5,1260759144\\n1,1029,3,1260759179\\n7,31,4,1260759200\\n",
        "dates.csv|userId,movieId,rating,date\\n1,31,2.5,2009-12-14T02:52:24Z\\n1,1029,3,2009-12-14T02:52:59Z\\n7,31,4,2009-12-14T03:53:20+01:00\\n"})
    void everyRecognisedLayoutReadsTheSameRatings(String name, String text, @TempDir Path dir) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text.replace("\\n", "\n").replace("\\t", "\t"));
        RatingsData data = RatingsCsv.read(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThat(data.rowIds()).containsExactly("1", "7");
        assertThat(data.columnIds()).containsExactly("31", "1029");
        assertThat(value(data, "1", "31")).isEqualTo(2.5);
        assertThat(value(data, "7", "31")).isEqualTo(4.0);
        assertThat(data.times()).containsExactly(1260759144, 1260759179, 1260759200); // entry order: row 0, then 1
    }

    @Test void separatorColumnsAndNoHeaderFromOptions() throws IOException {
        RatingsLayout layout = RatingsLayout.CSV.withSeparator(RatingsLayout.separator(";"))
                .withHeader(RatingsLayout.Header.ABSENT).withColumns(RatingsLayout.columns("item,-,user,rating"));
        RatingsData data = read("a;x;u1;4\nb;x;u1;2\na;y;u2;3\n", layout, DuplicatePolicy.ERROR);
        assertThat(data.rowIds()).containsExactly("u1", "u2");
        assertThat(data.columnIds()).containsExactly("a", "b");
        assertThat(value(data, "u1", "b")).isEqualTo(2.0);
        assertThat(data.hasTimes()).isFalse();
        // --columns with a header present: the header line is skipped, the roles are positional
        RatingsData named = read("customer;product;stars\nu1;a;5\n", RatingsLayout.CSV.withSeparator(";")
                .withColumns(RatingsLayout.columns("user,item,rating")), DuplicatePolicy.ERROR);
        assertThat(named.rowIds()).containsExactly("u1");
        assertThat(RatingsLayout.separator("tab")).isEqualTo("\t");
        assertThat(RatingsLayout.separator("\\t")).isEqualTo("\t");
    }

    @Test void latestKeepsTheValueWithTheLargestTimeWhateverTheLineOrder() throws IOException {
        String text = "userId,itemId,rating,timestamp\n1,a,1,300\n1,a,5,100\n1,b,2,7\n1,a,3,200\n2,a,4,9\n";
        RatingsData latest = read(text, RatingsLayout.CSV, DuplicatePolicy.LATEST);
        assertThat(value(latest, "1", "a")).isEqualTo(1.0); // time 300, though on the first line
        assertThat(latest.times()[latest.ratings().find(0, 0)]).isEqualTo(300);
        RatingsData last = read(text, RatingsLayout.CSV, DuplicatePolicy.LAST);
        assertThat(value(last, "1", "a")).isEqualTo(3.0); // the last line
        assertThat(latest.report().describe()).contains("2 repeated").contains("kept the latest value");
        // equal times: the later line wins
        RatingsData tie = read("u,i,rating,time\n1,a,1,5\n1,a,2,5\n", RatingsLayout.CSV.withHeader(
                RatingsLayout.Header.PRESENT).withColumns(RatingsLayout.columns("user,item,rating,time")),
                DuplicatePolicy.LATEST);
        assertThat(value(tie, "1", "a")).isEqualTo(2.0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "userId,itemId,rating\\n1,a,1\\n1,a,2\\n|--duplicates latest needs a time column|latest",
        "userId,itemId,rating,timestamp\\n1,a,1,yesterday\\n|line 2: time 'yesterday'|error",
        "1;2;3\\n|found [1;2;3]; is the separator not ','? (--sep)|error",
        "u1,a,3\\n|the header must name a user column|error",
        "userId;itemId;rating\\n1;a;3\\n|is the separator not ','? (--sep)|error"})
    void badLayoutsAreNamed(String text, String message, String policy) {
        DuplicatePolicy d = DuplicatePolicy.valueOf(policy.toUpperCase(java.util.Locale.ROOT));
        assertThatThrownBy(() -> read(text.replace("\\n", "\n"), RatingsLayout.CSV, d))
                .isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }

    @Test void badOptionsAreNamed() {
        assertThatThrownBy(() -> RatingsLayout.columns("user,thing,rating")).hasMessageContaining("'thing'");
        assertThatThrownBy(() -> RatingsLayout.CSV.withColumns(RatingsLayout.columns("user,rating")))
                .hasMessageContaining("a user and an item column");
        assertThatThrownBy(() -> RatingsLayout.CSV.withColumns(RatingsLayout.columns("user,item,user")))
                .hasMessageContaining("user 2 times");
        assertThatThrownBy(() -> RatingsLayout.CSV.withSeparator("")).hasMessageContaining("--sep");
    }

    @Test void aHeaderReadAsDataIsNamedAsAHeader() {
        String text = "userId,movieId,rating,timestamp\n1,10,4,100\n";
        assertThatThrownBy(() -> read(text, RatingsLayout.CSV.withHeader(RatingsLayout.Header.ABSENT), DuplicatePolicy.ERROR))
                .isInstanceOf(BadInputException.class).hasMessageContaining("r: line 1 looks like a header (userId,"
                        + " movieId, rating, timestamp), but the layout reads it as data").hasMessageContaining("--no-header");
        assertThatThrownBy(() -> read("user::item::rating::time\n1::10::4::100\n", RatingsLayout.guess("ratings.dat"),
                DuplicatePolicy.ERROR)).hasMessageContaining("line 1 looks like a header");
        // ids that are words but no column names are data
        assertThat(java.util.Arrays.asList(assertDoesNotThrowRead("alice,film,4,100\n").rowIds())).containsExactly("alice");
    }

    private static RatingsData assertDoesNotThrowRead(String text) {
        try {
            return read(text, RatingsLayout.CSV.withHeader(RatingsLayout.Header.ABSENT), DuplicatePolicy.ERROR);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * --split time's ties, as docs/completion.md states them: by entry number, i.e. users in order of first
     * appearance, each user's entries by item in order of first appearance — not by line.
     */
    @Test void timeTiesGoByEntryNumberNotByLine() throws IOException {
        RatingsData data = read("user,item,rating,time\nb,x,1,100\na,y,2,100\nb,z,3,100\n", RatingsLayout.CSV,
                DuplicatePolicy.ERROR);
        assertThat(data.rowIds()).containsExactly("b", "a");
        int[] latest = org.irlab.completion.Split.latest(data.times(), 1.0 / 3);
        SparseRatings r = data.ratings();
        assertThat(latest).hasSize(1);
        assertThat(r.values()[latest[0]]).as("the latest of three tied ratings").isEqualTo(2.0); // line 3 (a, y), not line 4
        assertThat(org.irlab.completion.Split.latest(data.times(), 2.0 / 3)).containsExactly(1, 2); // (b, z) and (a, y)
    }
}
