package org.irlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.irlab.data.BadInputException;
import org.irlab.experiment.AtomicFiles;
import org.irlab.model.Model;
import org.irlab.model.ModelDirectory;
import org.irlab.model.Recommender;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code irlab complete recommend --model DIR --top K}: the K unseen items of largest predicted rating per user. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend to each user (all, or those listed in --users FILE) the K items of largest predicted"
                + " rating that the user has not rated in the data the model was fitted on: CSV"
                + " user,rank,item,prediction,fallback on stdout or --out FILE (ranking by the unclipped prediction,"
                + " ties by item order; the prediction column is clipped like predict's).",
                "A user the model does not know is refused (exit 2) unless --unknown fallback, which ranks the items by"
                        + " mean + item bias and flags the rows."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "2:bad input (model directory, users file, unknown users, K ≤ 0)"})
final class RecommendCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model directory (irlab complete fit)")
    Path model;

    @Option(names = "--top", paramLabel = "K", description = "items per user (default ${DEFAULT-VALUE})")
    int top = 10;

    @Option(names = "--users", paramLabel = "FILE", description = "the users to recommend to, one id per line (a first"
            + " line user or userId is a header); default: every user of the model")
    Path users;

    @Option(names = "--out", paramLabel = "FILE", description = "write here (atomically) instead of stdout")
    Path out;

    @Option(names = "--unknown", paramLabel = "error|fallback", description = "users the model does not know: refuse"
            + " (default) or rank items by mean + item bias, flagged")
    String unknown = "error";

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override public Integer call() { return Guarded.run(command, this::run); }

    private int run() throws IOException {
        if (top < 1) throw new BadInputException("--top must be ≥ 1, got " + top);
        PredictCommand.Unknown policy = Guarded.policy(unknown, out);
        Model m = ModelDirectory.read(model);
        if (m.kind() != Model.Kind.RATINGS) {
            throw new BadInputException("--model " + model + " is an image model: recommend applies to ratings (use"
                    + " irlab complete predict --model DIR --out filled.png)");
        }
        String[] ids;
        int[] index;
        if (users == null) {
            ids = m.userIds();
            index = new int[ids.length];
            for (int u = 0; u < ids.length; u++) index[u] = u;
        } else {
            List<String> listed = readUsers(users);
            Map<String, Integer> known = m.userIndex();
            ids = listed.toArray(String[]::new);
            index = new int[ids.length];
            List<String> missing = new ArrayList<>();
            int missingCount = 0;
            for (int p = 0; p < ids.length; p++) {
                index[p] = known.getOrDefault(ids[p], -1);
                if (index[p] < 0 && missingCount++ < 5) missing.add("'" + ids[p] + "'");
            }
            if (missingCount > 0 && policy == PredictCommand.Unknown.ERROR) {
                throw new BadInputException(users + ": " + missingCount + " user" + (missingCount == 1 ? " is" : "s are")
                        + " not in the model (" + String.join(", ", missing) + (missingCount > 5 ? ", …" : "")
                        + "): give --unknown fallback to rank items by mean + item bias for them, flagged");
            }
        }
        int[][] lists = Recommender.recommend(m, index, top);
        StringBuilder text = new StringBuilder("user,rank,item,prediction,fallback\n");
        for (int p = 0; p < ids.length; p++) {
            int u = index[p];
            for (int r = 0; r < lists[p].length; r++) {
                int j = lists[p][r];
                text.append(PredictCommand.csv(ids[p])).append(',').append(r + 1).append(',')
                        .append(PredictCommand.csv(m.itemIds()[j])).append(',').append(m.fallback(u, j)).append(',')
                        .append(u < 0 ? "unknown-user" : "").append('\n');
            }
        }
        PrintWriter stdout = command.commandLine().getOut();
        if (out != null) {
            AtomicFiles.write(out, text.toString());
            if (!quiet) stdout.printf(Locale.ROOT, "wrote %,d recommendations for %,d users to %s%n",
                    text.chars().filter(c -> c == '\n').count() - 1, ids.length, out);
        } else {
            stdout.print(text);
            stdout.flush();
        }
        return 0;
    }

    /** One id per non-blank line; a first line "user", "userId" or "user_id" is a header. */
    private static List<String> readUsers(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new BadInputException(file + " is a directory, expected a file of user ids");
        if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int k = 0; k < lines.size(); k++) {
            String id = lines.get(k).strip();
            if (k == 0 && id.startsWith("\uFEFF")) id = id.substring(1);
            if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) id = id.substring(1, id.length() - 1)
                    .replace("\"\"", "\"");
            if (id.isEmpty()) continue;
            if (out.isEmpty() && List.of("user", "userid", "user_id").contains(id.toLowerCase(Locale.ROOT))) continue;
            out.add(id);
        }
        if (out.isEmpty()) throw new BadInputException(file + ": no user ids");
        return out;
    }
}
