package org.irlab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.irlab.data.BadInputException;
import org.irlab.data.DataUnavailableException;
import org.irlab.data.Datasets;
import org.irlab.data.DebianPackages;

/**
 * Finds the file of a completion input: a file as given, or a data set as {@code <directory>/<file name>}, fetched
 * into the directory when absent by {@code irlab data fetch}'s mechanism (Debian's apt-get download, never anything
 * else). A failed fetch is remembered, so the runs of one pass that need the same data set try only once.
 */
public final class DataSource {
    /** Gets a data set into a directory (e.g. {@link Datasets#fetch}). */
    public interface Fetcher {
        void fetch(Datasets.Dataset dataset, Path directory) throws IOException;
    }

    private final Path directory;
    private final Fetcher fetcher;
    private final Map<Datasets.Dataset, String> failures = new HashMap<>();

    /** Data sets in {@code directory}, fetched with {@code fetcher} when absent (null: never fetched). */
    public DataSource(Path directory, Fetcher fetcher) {
        this.directory = directory;
        this.fetcher = fetcher;
    }

    /** Data sets in {@code directory}, fetched from Debian packages when absent. */
    public static DataSource debian(Path directory) {
        return new DataSource(directory, (dataset, dir) -> Datasets.fetch(dataset, dir));
    }

    /** The directory that holds the data sets. */
    public Path directory() { return directory; }

    /**
     * The file to read for {@code input}.
     *
     * @throws DataUnavailableException when the file is missing and (for a data set) could not be fetched; the
     *                                  message says what is missing, why, and what to do
     */
    public synchronized Path locate(CompletionSpec.Input input) throws DataUnavailableException {
        if (input instanceof CompletionSpec.Input.OfFile f) {
            if (Files.isRegularFile(f.path())) return f.path();
            throw new DataUnavailableException(f.path() + ": no such file");
        }
        Datasets.Dataset dataset = ((CompletionSpec.Input.OfDataset) input).dataset();
        Path file = directory.resolve(dataset.fileName());
        if (Files.isRegularFile(file)) return file;
        String failure = failures.get(dataset);
        if (failure == null) {
            failure = fetch(dataset);
            if (failure == null && Files.isRegularFile(file)) return file;
            if (failure == null) failure = "the fetch wrote no " + file;
            failures.put(dataset, failure);
        }
        throw new DataUnavailableException(file + " is missing and could not be fetched from Debian package "
                + dataset.debianPackage() + ": " + failure + ". Run './irlab data fetch " + dataset.label()
                + " --dir " + directory + "' (or put the file there) and run again.");
    }

    /** Null when the fetch worked, else why it did not. */
    private String fetch(Datasets.Dataset dataset) {
        if (fetcher == null) return "fetching is off";
        try {
            Files.createDirectories(directory);
            fetcher.fetch(dataset, directory);
            return null;
        } catch (DebianPackages.FetchException | BadInputException | IOException | UncheckedIOException e) {
            return e.getMessage();
        }
    }
}
