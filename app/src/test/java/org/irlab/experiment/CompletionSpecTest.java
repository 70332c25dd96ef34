package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.irlab.completion.Centering;
import org.irlab.data.DataUnavailableException;
import org.irlab.data.Datasets;
import org.irlab.data.DebianPackages;
import org.irlab.data.ImageData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionSpecTest {
    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test void defaultsAreThoseOfTheCommandAndAreRecordedInTheResolvedSpec() {
        CompletionSpec ratings = CompletionSpec.parse(json("{'input': {'dataset': 'movielens-small'}}"));
        assertThat(ratings.input()).isEqualTo(new CompletionSpec.Input.OfDataset(Datasets.Dataset.MOVIELENS_SMALL));
        assertThat(ratings.format()).isEqualTo(CompletionSpec.Format.RATINGS);
        assertThat(ratings.seed()).isEqualTo(1);
        assertThat(ratings.testFraction()).isEqualTo(0.2);
        assertThat(ratings.validationFraction()).isEqualTo(0.1);
        assertThat(ratings.methods()).isEqualTo(CompletionMethods.names());
        assertThat(ratings.centering()).isEqualTo(Centering.BIASES);
        assertThat(ratings.options(671, 9066).maxRank()).isEqualTo(CompletionMethods.Options.defaults().maxRank());
        assertThat(ratings.options(671, 9066).alsLambdas()).isEqualTo(CompletionMethods.Options.defaults().alsLambdas());
        assertThat(ratings.searchRank()).isZero();
        assertThat(ratings.members()).isEqualTo(3);
        assertThat(ratings.options(671, 9066).members()).isEqualTo(3);
        JsonNode r = ratings.resolved();
        assertThat(r.at("/input/dataset").asText()).isEqualTo("movielens-small");
        assertThat(r.at("/format").asText()).isEqualTo("ratings");
        assertThat(r.at("/testFraction").asDouble()).isEqualTo(0.2);
        assertThat(r.at("/searchRank").asText()).isEqualTo("auto");
        assertThat(r.at("/maxRank").asInt()).isEqualTo(100);
        assertThat(r.at("/members").asInt()).isEqualTo(3);
        assertThat(r.at("/alsRanks").size()).isEqualTo(CompletionSpec.defaultRanks().length);
        assertThat(r.has("missing")).isFalse();
        // the resolved spec reads back as the same spec
        assertThat(CompletionSpec.parse(r).resolved()).isEqualTo(r);

        CompletionSpec image = CompletionSpec.parse(json("{'input': {'file': 'pictures/cat.PNG'}, 'seed': 4,"
                + " 'crop': {'x': 1, 'y': 2, 'width': 30, 'height': 20}, 'methods': ['biases', 'irlab']}"));
        assertThat(image.format()).isEqualTo(CompletionSpec.Format.IMAGE);
        assertThat(image.missing()).isEqualTo(0.5);
        assertThat(image.crop()).isEqualTo(new CompletionSpec.Crop(1, 2, 30, 20));
        assertThat(image.channels()).isEqualTo(ImageData.Channels.AUTO);
        assertThat(image.alsLambdas()).isEqualTo(CompletionSpec.IMAGE_ALS_LAMBDAS);
        assertThat(image.options(20, 30).maxRank()).isEqualTo(10);
        // irlab's r' on images: half the smaller side too (ratings keep the model's own default, 0 here)
        assertThat(image.options(20, 30).searchRank()).isEqualTo(10);
        assertThat(image.options(512, 512).searchRank()).isEqualTo(256);
        assertThat(image.options(1, 9).searchRank()).isEqualTo(1);
        assertThat(ratings.options(671, 9066).searchRank()).isZero();
        assertThat(image.resolved().at("/maxRank").asText()).isEqualTo("auto");
        assertThat(image.resolved().has("testFraction")).isFalse();
        assertThat(image.methods()).containsExactly("biases", "irlab");
        assertThat(image.members()).isEqualTo(1); // one descent on images, three on ratings
        assertThat(image.resolved().at("/members").asInt()).isEqualTo(1);
    }

    @Test void errorsNameTheKey() {
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'dataset': 'movielens-small'}, 'missing': 0.5}")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("missing: applies to images");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'dataset': 'camera'}, 'testFraction': 0.3}")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("testFraction: applies to ratings");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'dataset': 'netflix'}}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("input.dataset: unknown data set 'netflix'");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'dataset': 'camera', 'file': 'x.png'}}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("give either dataset");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.csv'}, 'methods': ['magic']}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("methods: unknown method 'magic'");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.csv'}, 'testFraction': 1.5}")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("testFraction: must be in (0, 1)");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.txt'}}")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("format: cannot tell");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.png'}, 'crop': {'x': 0, 'y': 0, 'width': 0, 'height': 4}}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("crop.width");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.csv'}, 'searchRank': 'big'}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("searchRank");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.csv'}, 'members': 0}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("members");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'input': {'file': 'x.csv'}, 'rank': 3}")))
                .isInstanceOf(SpecException.class).hasMessageContaining("rank: unknown key");
        assertThatThrownBy(() -> CompletionSpec.parse(json("{'seed': 3}")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("input: required");
    }

    /** A data set that is missing is fetched once; a failed fetch makes it unavailable (not an error) and is remembered. */
    @Test void aDataSetThatCannotBeFetchedIsUnavailableAndTriedOnce(@TempDir Path dir) throws Exception {
        int[] calls = {0};
        DataSource offline = new DataSource(dir.resolve("data"), (dataset, into) -> {
            calls[0]++;
            throw new DebianPackages.FetchException("apt-get not found on PATH");
        });
        CompletionSpec.Input camera = new CompletionSpec.Input.OfDataset(Datasets.Dataset.CAMERA);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> offline.locate(camera)).isInstanceOf(DataUnavailableException.class)
                    .hasMessageContaining("camera.png is missing").hasMessageContaining("python3-skimage")
                    .hasMessageContaining("apt-get not found").hasMessageContaining("./irlab data fetch camera");
        }
        assertThat(calls[0]).isEqualTo(1);

        DataSource fetching = new DataSource(dir.resolve("data"), (dataset, into) -> {
            calls[0]++;
            Files.writeString(into.resolve(dataset.fileName()), "userId,movieId,rating\n1,2,3\n");
        });
        CompletionSpec.Input movies = new CompletionSpec.Input.OfDataset(Datasets.Dataset.MOVIELENS_SMALL);
        assertThat(fetching.locate(movies)).isEqualTo(dir.resolve("data/movielens-small.csv"));
        assertThat(fetching.locate(movies)).isRegularFile();
        assertThat(calls[0]).isEqualTo(2);

        assertThatThrownBy(() -> fetching.locate(new CompletionSpec.Input.OfFile(dir.resolve("nothing.csv"))))
                .isInstanceOf(DataUnavailableException.class).hasMessageEndingWith("nothing.csv: no such file");
        assertThat(List.of(calls[0])).containsExactly(2);
    }
}
