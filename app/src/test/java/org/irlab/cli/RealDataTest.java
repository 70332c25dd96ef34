package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.irlab.completion.AlternatingLeastSquares;
import org.irlab.completion.Biases;
import org.irlab.completion.Centering;
import org.irlab.completion.Completion;
import org.irlab.completion.Errors;
import org.irlab.completion.GlobalMean;
import org.irlab.completion.SoftImpute;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;
import org.irlab.data.Datasets;
import org.irlab.data.DebianPackages;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.ImageData;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsCsv;
import org.irlab.data.RatingsData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Small real slices: MovieLens-small (first 100 users) and a 128×128 crop of camera.png, fetched from Debian
 * packages by the same code as {@code irlab data fetch} into target/test-data (once). Needs apt-get with package
 * lists (CI runs apt-get update first); skip with -Dirlab.skipRealData=true.
 */
class RealDataTest {
    private static final Path DIR = Path.of("target", "test-data");

    @BeforeAll static void notSkipped() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("irlab.skipRealData"),
                "irlab.skipRealData is set");
    }

    private static Path fetch(Datasets.Dataset dataset) throws IOException {
        try {
            return Datasets.ensure(dataset, DIR);
        } catch (DebianPackages.FetchException e) {
            return fail("cannot fetch " + dataset.label() + " from Debian package " + dataset.debianPackage()
                    + " (run 'apt-get update'; needs the Debian archive): " + e.getMessage());
        }
    }

    @Test void movieLensSliceBaselinesBeatTheMean() throws IOException {
        Path file = fetch(Datasets.Dataset.MOVIELENS_SMALL);
        RatingsData all = RatingsCsv.read(file, DuplicatePolicy.ERROR, InvalidPolicy.ERROR);
        assertThat(all.ratings().size()).isEqualTo(Datasets.MOVIELENS_RATINGS);
        assertThat(all.ratings().rows()).isEqualTo(Datasets.MOVIELENS_USERS);
        assertThat(all.ratings().columns()).isEqualTo(Datasets.MOVIELENS_MOVIES);
        assertThat(all.ratings().min()).isEqualTo(0.5);
        assertThat(all.ratings().max()).isEqualTo(5.0);
        // the first 100 users (rows are users in order of first appearance)
        SparseRatings r = all.ratings();
        int end = r.rowStart()[100];
        int[] entries = new int[end];
        Arrays.setAll(entries, k -> k);
        SparseRatings slice = r.subset(entries);
        Split split = Split.random(slice, 0.2, 0.1, new SplittableRandom(1));
        double mean = Errors.of(new GlobalMean().fit(split.train(), split.validation(), null), split.test()).rmse();
        Completion biases = new Biases().fit(split.train(), split.validation(), null);
        Completion als = new AlternatingLeastSquares(AlternatingLeastSquares.Settings.defaults()
                .withGrid(new int[] {5, 10}, new double[] {0.1, 0.2})).fit(split.train(), split.validation(),
                new SplittableRandom(2));
        Completion soft = new SoftImpute(SoftImpute.Settings.defaults().withMaxRank(40)).fit(split.train(),
                split.validation(), new SplittableRandom(3));
        double b = Errors.of(biases, split.test(), 0.5, 5).rmse(), a = Errors.of(als, split.test(), 0.5, 5).rmse(),
                s = Errors.of(soft, split.test(), 0.5, 5).rmse();
        assertThat(b).isLessThan(mean);
        assertThat(a).isLessThan(mean);
        assertThat(s).isLessThan(mean);
        assertThat(Math.min(a, s)).isLessThan(1.0);
    }

    @Test void cameraCropSoftImputeBeatsTheBiases() throws IOException {
        Path file = fetch(Datasets.Dataset.CAMERA);
        ImageData image = ImageData.read(file, ImageData.Channels.AUTO);
        assertThat(image.width()).isEqualTo(512);
        assertThat(image.channels()).isEqualTo(1);
        double[] crop = new double[128 * 128];
        for (int y = 0; y < 128; y++) System.arraycopy(image.planes()[0], (192 + y) * 512 + 192, crop, y * 128, 128);
        ImageData small = new ImageData(128, 128, new double[][] {crop});
        boolean[] observed = small.randomMask(0.5, new SplittableRandom(4));
        Split split = Split.withTest(small.entries(0, observed, true), small.entries(0, observed, false), 0.1,
                new SplittableRandom(5));
        double biases = Errors.of(new Biases().fit(split.train(), split.validation(), null), split.test(), 0, 1).psnr(1);
        double soft = Errors.of(new SoftImpute(SoftImpute.Settings.defaults().withMaxRank(64)
                .withCentering(Centering.BIASES)).fit(split.train(), split.validation(), new SplittableRandom(6)),
                split.test(), 0, 1).psnr(1);
        assertThat(soft).isGreaterThan(biases + 2);
        assertThat(Files.size(file)).isEqualTo(139_512L);
    }
}
