package org.irlab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.irlab.completion.AlternatingLeastSquares;
import org.irlab.completion.Biases;
import org.irlab.completion.Centering;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.FitProgress;
import org.irlab.completion.GlobalMean;
import org.irlab.completion.ItemMean;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.SoftImpute;
import org.irlab.completion.UserMean;
import org.irlab.problem.CompletionTerm;

/**
 * The completion methods {@code irlab complete} knows, by name, in the order they run and are reported. A new
 * method is one {@link #METHODS} entry: a name and a factory from the command's {@link Options}.
 */
public final class CompletionMethods {
    /**
     * Options the command passes to every factory (each uses what applies to it).
     *
     * @param progress hears the fit while it runs (ALS, SoftImpute and irlab report their grid points and steps)
     * @param engine   where irlab runs its descents ({@link RankFreeDescent.Engine#local}: this JVM; the spark
     *                 engine's: a cluster)
     */
    public record Options(Centering centering, int maxRank, int[] alsRanks, double[] alsLambdas, int searchRank,
                          int members, FitProgress progress, RankFreeDescent.Engine engine) {
        public Options(Centering centering, int maxRank, int[] alsRanks, double[] alsLambdas, int searchRank,
                       int members) {
            this(centering, maxRank, alsRanks, alsLambdas, searchRank, members, FitProgress.NONE,
                    RankFreeDescent.Engine.local(CompletionTerm.LOCAL, RankFreeDescent.Draws.SEQUENTIAL));
        }

        public static Options defaults() {
            AlternatingLeastSquares.Settings als = AlternatingLeastSquares.Settings.defaults();
            return new Options(Centering.BIASES, SoftImpute.Settings.defaults().maxRank(), als.ranks(), als.lambdas(),
                    0, RankFreeDescent.DEFAULT_MEMBERS);
        }

        /** The same options reporting to {@code p}. */
        public Options withProgress(FitProgress p) {
            return new Options(centering, maxRank, alsRanks, alsLambdas, searchRank, members, p, engine);
        }

        /** The same options with irlab's descents run by {@code e}. */
        public Options withEngine(RankFreeDescent.Engine e) {
            return new Options(centering, maxRank, alsRanks, alsLambdas, searchRank, members, progress, e);
        }
    }

    private static final Map<String, Function<Options, CompletionModel>> METHODS = new LinkedHashMap<>();

    static {
        METHODS.put("global-mean", o -> new GlobalMean());
        METHODS.put("user-mean", o -> new UserMean());
        METHODS.put("item-mean", o -> new ItemMean());
        METHODS.put("biases", o -> new Biases());
        METHODS.put("als", o -> new AlternatingLeastSquares(AlternatingLeastSquares.Settings.defaults()
                .withCentering(o.centering()).withGrid(o.alsRanks(), o.alsLambdas()), o.progress()));
        METHODS.put("softimpute", o -> new SoftImpute(SoftImpute.Settings.defaults().withCentering(o.centering())
                .withMaxRank(o.maxRank()), o.progress()));
        METHODS.put("irlab", o -> new RankFreeDescent(RankFreeDescent.Settings.defaults().withCentering(o.centering())
                .withSearchRank(o.searchRank()).withMembers(o.members()), o.progress(), o.engine()));
    }

    private CompletionMethods() {}

    /** Every registered name, in run order (the command's default method list). */
    public static List<String> names() { return new ArrayList<>(METHODS.keySet()); }

    /** The method with this name. */
    public static CompletionModel create(String name, Options options) {
        Function<Options, CompletionModel> factory = METHODS.get(name);
        if (factory == null) throw new SpecException("unknown method '" + name + "'; known: " + names());
        return factory.apply(options);
    }
}
