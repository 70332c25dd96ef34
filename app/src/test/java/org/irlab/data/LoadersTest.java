package org.irlab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.irlab.completion.SparseRatings;
import org.irlab.testing.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadersTest {
    private static RatingsData csv(String text) throws IOException {
        return csv(text, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
    }

    private static RatingsData csv(String text, DuplicatePolicy d, InvalidPolicy i) throws IOException {
        return RatingsCsv.read(new StringReader(text), "r.csv", d, i);
    }

    @Test void readsRatingsWithStringIdsInFirstAppearanceOrder() throws IOException {
        RatingsData data = csv("\uFEFFmovieId,rating,userId,timestamp\n"
                + "tt01,4.5,alice,1\n\"tt,02\",3,bob,2\n\ntt01,1,bob,3\n");
        assertThat(data.rowIds()).containsExactly("alice", "bob");
        assertThat(data.columnIds()).containsExactly("tt01", "tt,02");
        SparseRatings r = data.ratings();
        assertThat(r.size()).isEqualTo(3);
        assertThat(r.values()[r.find(0, 0)]).isEqualTo(4.5);
        assertThat(r.values()[r.find(1, 1)]).isEqualTo(3.0);
        assertThat(r.values()[r.find(1, 0)]).isEqualTo(1.0);
        assertThat(data.report().isClean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "userId,itemId,rating\\n1,2,3\\n1,2\\n| line 3: expected 3 fields (userId,itemId,rating), found 2",
        "userId,itemId,rating\\n1,2,3,4\\n| line 2: expected 3 fields",
        "userId,itemId,rating\\n,2,3\\n| line 2: empty userId",
        "userId,itemId,rating\\n1,\"2,3\\n| line 2: unterminated quoted field",
        "user,score\\n1,2\\n| line 1: the header must name a user column",
        "| empty file",
        "userId,itemId,rating\\n| no ratings"})
    void malformedInputNamesItsLine(String text, String message) {
        String input = text == null ? "" : text.replace("\\n", "\n");
        assertThatThrownBy(() -> csv(input)).isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }

    @Test void duplicatesAreRefusedByDefaultWithCountAndLines() {
        String text = "userId,itemId,rating\n1,a,1\n2,a,2\n1,a,3\n1,b,4\n1,a,5\n2,a,1\n";
        assertThatThrownBy(() -> csv(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("3 repeated (row, column) pairs at lines 4, 6, 7")
                .hasMessageContaining("--duplicates last");
    }

    @Test void duplicatesCanKeepTheLastOrTheMean() throws IOException {
        String text = "userId,itemId,rating\n1,a,1\n2,a,2\n1,a,3\n1,b,4\n1,a,5\n";
        RatingsData last = csv(text, DuplicatePolicy.LAST, InvalidPolicy.ERROR);
        assertThat(last.ratings().values()[last.ratings().find(0, 0)]).isEqualTo(5.0);
        assertThat(last.report().duplicates()).isEqualTo(2);
        assertThat(last.report().duplicateLines()).containsExactly(4, 6);
        assertThat(last.report().describe()).contains("2 repeated").contains("kept the last value");
        RatingsData mean = csv(text, DuplicatePolicy.MEAN, InvalidPolicy.ERROR);
        assertThat(mean.ratings().values()[mean.ratings().find(0, 0)]).isEqualTo(3.0);
        assertThat(mean.ratings().size()).isEqualTo(3);
    }

    @Test void nonNumericRatingsAreRefusedOrSkippedAndReported() throws IOException {
        String text = "userId,itemId,rating\n1,a,4\n1,b,NA\n2,a,\n2,b,five\n3,a,NaN\n3,b,Inf\n4,a,2\n4,b,x\n";
        assertThatThrownBy(() -> csv(text)).hasMessageContaining("6 non-numeric ratings at lines 3, 4, 5, 6, 7, …")
                .hasMessageContaining("--invalid-ratings skip");
        RatingsData skipped = csv(text, DuplicatePolicy.ERROR, InvalidPolicy.SKIP);
        assertThat(skipped.ratings().size()).isEqualTo(2);
        assertThat(skipped.report().invalid()).isEqualTo(6);
        assertThat(skipped.report().invalidLines()).containsExactly(3, 4, 5, 6, 7);
        assertThatThrownBy(() -> csv("userId,itemId,rating\n1,a,1\n1,a,2\n1,b,?\n"))
                .hasMessageContaining("1 repeated (row, column) pair at line 3")
                .hasMessageContaining("1 non-numeric rating at line 4");
    }

    @Test void matrixMarketGeneralAndSymmetric() throws IOException {
        RatingsData general = MatrixMarket.read(new StringReader("%%MatrixMarket matrix coordinate real general\n"
                + "% comment\n3 4 3\n1 1 1.5\n3 4 -2\n2 2 7\n"), "m.mtx", DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        SparseRatings g = general.ratings();
        assertThat(g.rows()).isEqualTo(3);
        assertThat(g.columns()).isEqualTo(4);
        assertThat(g.values()[g.find(2, 3)]).isEqualTo(-2.0);
        assertThat(general.rowIds()).containsExactly("1", "2", "3");
        RatingsData symmetric = MatrixMarket.read(new StringReader("%%MatrixMarket matrix coordinate integer symmetric\n"
                + "3 3 2\n2 1 5\n3 3 1\n"), "s.mtx", DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        SparseRatings s = symmetric.ratings();
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.values()[s.find(0, 1)]).isEqualTo(5.0);
        assertThat(s.values()[s.find(1, 0)]).isEqualTo(5.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "%%MatrixMarket matrix array real general\\n2 2\\n1\\n2\\n3\\n4\\n| only the coordinate format",
        "%%MatrixMarket matrix coordinate pattern general\\n2 2 1\\n1 1\\n| has no values",
        "%%MatrixMarket matrix coordinate real general\\n2 2 1\\n3 1 1\\n| line 3: entry (3, 1) is outside the 2×2 matrix",
        "%%MatrixMarket matrix coordinate real general\\n2 2 2\\n1 1 1\\n| declares 2 entries but the file has 1",
        "%%MatrixMarket matrix coordinate real general\\n2 2 2\\n1 1 1\\n2 2\\n| line 4: expected 'row column value'",
        "%%MatrixMarket matrix coordinate real general\\n2 x 2\\n| line 2: expected the size line",
        "%%MatrixMarket matrix coordinate real general\\n2 2 2\\n1 1 1\\n1 1 2\\n| repeated (row, column) pair at line 4",
        "%%MatrixMarket matrix coordinate real general\\n2 2 1\\n1 1 abc\\n| non-numeric rating at line 3",
        "hello\\n| line 1: expected '%%MatrixMarket"})
    void matrixMarketErrorsNameTheirLine(String text, String message) {
        assertThatThrownBy(() -> MatrixMarket.read(new StringReader(text.replace("\\n", "\n")), "m.mtx",
                DuplicatePolicy.ERROR, InvalidPolicy.ERROR)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(message);
    }

    @Test void imagesReadAsPlanesAndMasksHideExactlyTheAskedPixels(@TempDir Path dir) throws IOException {
        BufferedImage gray = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++) gray.getRaster().setSample(x, y, 0, 10 * (x + 6 * y));
        ImageIO.write(gray, "png", dir.resolve("g.png").toFile());
        ImageData g = ImageData.read(dir.resolve("g.png"), ImageData.Channels.AUTO);
        assertThat(g.channels()).isEqualTo(1);
        assertThat(g.planes()[0][7]).isEqualTo(70 / 255.0);
        boolean[] observed = g.randomMask(0.25, new SplittableRandom(3));
        int hidden = 0;
        for (boolean o : observed) if (!o) hidden++;
        assertThat(hidden).isEqualTo(6);
        SparseRatings seen = g.entries(0, observed, true), unseen = g.entries(0, observed, false);
        assertThat(seen.size() + unseen.size()).isEqualTo(24);
        assertThat(unseen.rows()).isEqualTo(4);
        assertThat(unseen.columns()).isEqualTo(6);

        BufferedImage rgb = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 2, 0xFF8000);
        ImageIO.write(rgb, "png", dir.resolve("c.png").toFile());
        ImageData c = ImageData.read(dir.resolve("c.png"), ImageData.Channels.AUTO);
        assertThat(c.channels()).isEqualTo(3);
        assertThat(c.planes()[1][2 * 6 + 1]).isEqualTo(128 / 255.0);
        ImageData luma = ImageData.read(dir.resolve("c.png"), ImageData.Channels.GRAY);
        assertThat(luma.planes()[0][2 * 6 + 1]).isCloseTo(0.299 + 0.587 * 128 / 255.0,
                org.assertj.core.data.Offset.offset(Tolerances.ROUNDING));

        BufferedImage mask = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++) mask.getRaster().setSample(x, y, 0, x < 2 ? 0 : 255);
        ImageIO.write(mask, "png", dir.resolve("m.png").toFile());
        boolean[] fromMask = g.maskFrom(dir.resolve("m.png"));
        assertThat(fromMask[0]).isFalse();
        assertThat(fromMask[2]).isTrue();
        ImageIO.write(new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY), "png", dir.resolve("w.png").toFile());
        assertThatThrownBy(() -> g.maskFrom(dir.resolve("w.png"))).hasMessageContaining("mask is 5×4");
        java.nio.file.Files.writeString(dir.resolve("bad.png"), "not an image");
        assertThatThrownBy(() -> ImageData.read(dir.resolve("bad.png"), ImageData.Channels.AUTO))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not an image");
    }
}
