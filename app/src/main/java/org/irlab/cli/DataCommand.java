package org.irlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.irlab.data.BadInputException;
import org.irlab.data.Datasets;
import org.irlab.data.DebianPackages;
import org.irlab.experiment.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code irlab data}: the real data sets (fetched once from Debian packages, never at run time). */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch real data sets.",
        subcommands = {DataCommand.Fetch.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code irlab data fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Fetch a data set into the data directory:",
                    "  movielens-small  MovieLens latest-small (100,004 ratings, 671 users × 9,066 movies) from Debian's "
                            + "r-cran-dslabs, as movielens-small.csv (userId,movieId,rating,timestamp)",
                    "  camera           the 512×512 grayscale camera.png (CC0) from Debian's python3-skimage",
                    "Uses 'apt-get download' and 'dpkg-deb -x' (no installation, no dependencies)."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:fetched (or already present)", "1:the fetch failed (apt, network, package content)",
                            "2:bad input (unknown data set)"})
    static final class Fetch implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "movielens-small | camera")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", description = "where to write (default: ${DEFAULT-VALUE})")
        Path dir = Path.of("data");

        @Option(names = "--force", description = "fetch again even when the file is present")
        boolean force;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public Integer call() {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            Datasets.Dataset dataset;
            try {
                dataset = Datasets.Dataset.of(name);
            } catch (IllegalArgumentException e) {
                err.println("irlab data fetch: " + e.getMessage());
                return Main.BAD_INPUT;
            }
            Path file = dir.resolve(dataset.fileName());
            if (!force && Files.isRegularFile(file)) {
                out.println(file + " is already present (use --force to fetch again)");
                return 0;
            }
            try (RunDirectory target = RunDirectory.open(dir, List.of())) { // writable, and no other fetch into it
                Datasets.Fetched fetched = Datasets.fetch(dataset, target.path());
                out.println("wrote " + fetched.file() + ": " + fetched.description());
                out.println("  from Debian package " + fetched.debianPackage() + " " + fetched.version()
                        + ", sha256 " + fetched.sha256());
                return 0;
            } catch (DebianPackages.FetchException | BadInputException e) {
                err.println("irlab data fetch " + dataset.label() + ": " + e.getMessage());
                return 1;
            } catch (IOException e) {
                err.println("irlab data fetch " + dataset.label() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    static List<String> names() { return List.of("movielens-small", "camera"); }
}
