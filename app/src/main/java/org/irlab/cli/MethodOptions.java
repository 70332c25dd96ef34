package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.irlab.completion.Centering;
import org.irlab.completion.RankFreeDescent;
import org.irlab.data.BadInputException;
import org.irlab.experiment.CompletionMethods;
import org.irlab.experiment.CompletionSpec;
import picocli.CommandLine.Option;

/** The methods' own options (centering, ranks, grids, clipping), shared by {@code complete} and its subcommands. */
final class MethodOptions {
    @Option(names = "--centering", paramLabel = "none|global-mean|biases", description = "what ALS, SoftImpute and irlab subtract before fitting (default biases)")
    String centering = "biases";

    @Option(names = "--max-rank", paramLabel = "R", description = "SoftImpute: cap on the rank (default 100; images: half the smaller side)")
    Integer maxRank;

    @Option(names = "--search-rank", paramLabel = "R", description = "irlab: search rank r' (default min(rows, columns, 500), at most 3.3e7/(rows + columns); images: half the smaller side)")
    Integer searchRank;

    @Option(names = "--members", paramLabel = "K", description = "irlab: descents from independent starts averaged at the chosen scale (default 3, images 1; fewer when their factors would pass 3.3e7 doubles)")
    Integer members;

    @Option(names = "--als-ranks", split = ",", paramLabel = "R", description = "ALS: ranks tried (default 5,10,20,40)")
    int[] alsRanks;

    @Option(names = "--als-lambdas", split = ",", paramLabel = "L", description = "ALS: λ values tried (default 0.05,0.1,0.15,0.2,0.3; images: 0.001,0.003,0.01,0.03,0.1)")
    double[] alsLambdas;

    @Option(names = "--no-clip", description = "do not clip predictions to the valid range")
    boolean noClip;

    /** Refuses out-of-range values, naming the option. */
    void check() {
        if (searchRank != null && searchRank < 1) throw new BadInputException("--search-rank must be ≥ 1");
        if (members != null && (members < 1 || members > 100)) throw new BadInputException("--members must be in 1..100");
        if (maxRank != null && maxRank < 1) throw new BadInputException("--max-rank must be ≥ 1");
    }

    /**
     * The options for the method factories on a rows × columns input, with the defaults a comparison uses (the ALS λ
     * grid and SoftImpute's cap depend on whether it is an image; images average one descent).
     */
    CompletionMethods.Options options(boolean image, int rows, int columns) {
        check();
        Centering c = RatingsOptions.choice(Centering.class, centering, "--centering");
        int[] ranks = alsRanks != null ? alsRanks : CompletionSpec.defaultRanks();
        for (int r : ranks) if (r < 1) throw new BadInputException("--als-ranks must be ≥ 1, got " + r);
        if (alsRanks != null) CompletionSpec.checkAlsRanks(alsRanks, rows, columns, image, "--als-ranks");
        double[] lambdas = alsLambdas != null ? alsLambdas
                : CompletionSpec.defaultLambdas(image ? CompletionSpec.Format.IMAGE : CompletionSpec.Format.RATINGS);
        for (double l : lambdas) if (!(l > 0)) throw new BadInputException("--als-lambdas must be > 0, got " + l);
        int cap = maxRank != null ? maxRank : image ? CompletionSpec.imageRank(rows, columns)
                : CompletionMethods.Options.defaults().maxRank();
        int search = searchRank != null ? searchRank : image ? CompletionSpec.imageRank(rows, columns) : 0;
        return new CompletionMethods.Options(c, cap, ranks, lambdas, search,
                members != null ? members : image ? 1 : RankFreeDescent.DEFAULT_MEMBERS);
    }

    /** The options as given, for model.json and summaries. */
    ObjectNode describe(CompletionMethods.Options o) {
        ObjectNode s = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        s.put("centering", o.centering().label());
        s.put("maxRank", o.maxRank());
        s.put("searchRank", o.searchRank() > 0 ? String.valueOf(o.searchRank()) : "default");
        s.put("members", o.members());
        ArrayNode r = s.putArray("alsRanks");
        for (int x : o.alsRanks()) r.add(x);
        ArrayNode l = s.putArray("alsLambdas");
        for (double x : o.alsLambdas()) l.add(x);
        s.put("clip", !noClip);
        return s;
    }

    /** Puts the options into a comparison spec (keys centering, maxRank, searchRank, members, alsRanks, …, clip). */
    void putInto(ObjectNode s) {
        check();
        s.put("centering", centering.toLowerCase(Locale.ROOT));
        if (maxRank != null) s.put("maxRank", maxRank);
        if (searchRank != null) s.put("searchRank", searchRank);
        if (members != null) s.put("members", members);
        if (alsRanks != null) {
            ArrayNode a = s.putArray("alsRanks");
            for (int r : alsRanks) a.add(r);
        }
        if (alsLambdas != null) {
            ArrayNode a = s.putArray("alsLambdas");
            for (double l : alsLambdas) a.add(l);
        }
        s.put("clip", !noClip);
    }
}
