package org.irlab.evaluation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.irlab.experiment.CompletionComparison;
import org.irlab.experiment.Json;

/** What {@code irlab complete evaluate} writes: per-round scores (folds.csv), mean ± sd per method (compare.md/.csv). */
public final class EvaluationReport {
    private EvaluationReport() {}

    /** The measures of a score, in table order, with their column names at k. */
    private record Measure(String name, String header, ToDoubleFunction<Evaluation.Score> value) {}

    private static List<Measure> measures(int k) {
        return List.of(new Measure("rmse", "RMSE", s -> s.test().rmse()), new Measure("mae", "MAE", s -> s.test().mae()),
                new Measure("precision", "P@" + k, s -> s.ranking().precision()),
                new Measure("recall", "R@" + k, s -> s.ranking().recall()),
                new Measure("ndcg", "NDCG@" + k, s -> s.ranking().ndcg()),
                new Measure("seconds", "time per fit (s)", s -> s.fit().seconds()));
    }

    /** Mean ± sd of one measure over a method's rounds. */
    public static Evaluation.Stat stat(List<Evaluation.Score> scores, String measure, int k) {
        Measure m = measures(k).stream().filter(x -> x.name().equals(measure)).findFirst().orElseThrow();
        return Evaluation.Stat.of(scores.stream().mapToDouble(m.value()).toArray());
    }

    /** One row per method and round. */
    public static String rounds(List<Evaluation.Score> scores, List<Evaluation.Round> rounds, int k) {
        StringBuilder sb = new StringBuilder("method,round,label,testEntries,rmse,mae,precisionAt" + k + ",recallAt" + k
                + ",ndcgAt" + k + ",rankedUsers,seconds,chosen\n");
        for (Evaluation.Score s : scores) {
            sb.append(s.method()).append(',').append(s.round() + 1).append(",\"").append(rounds.get(s.round()).label())
                    .append("\",").append(s.test().count());
            for (Measure m : measures(k)) {
                if (m.name().equals("seconds")) continue;
                sb.append(',').append(number(m.value().applyAsDouble(s), "%.6f"));
            }
            sb.append(',').append(s.ranking().users()).append(',').append(number(s.fit().seconds(), "%.3f"))
                    .append(",\"").append(chosen(s)).append("\"\n");
        }
        return sb.toString();
    }

    /**
     * Mean ± sd per method over the rounds, as Markdown (csv false) or CSV, with the number of rounds each mean is
     * over: a round in which no user has a relevant held-out rating has no ranking, so a ranking mean may be over
     * fewer rounds than the errors' (Markdown: "(n of N)" beside it, and a note under the table).
     */
    public static String table(List<Evaluation.Score> scores, List<String> methods, int k, boolean csv) {
        List<Measure> measures = measures(k);
        StringBuilder sb = new StringBuilder();
        if (csv) {
            sb.append("method,rounds");
            for (Measure m : measures) {
                sb.append(',').append(m.name()).append("Mean,").append(m.name()).append("Sd,").append(m.name())
                        .append("Rounds");
            }
            sb.append('\n');
        } else {
            sb.append("| method | rounds |");
            for (Measure m : measures) sb.append(' ').append(m.header()).append(" |");
            sb.append("\n|---|---|").append("---|".repeat(measures.size())).append('\n');
        }
        boolean fewer = false;
        for (String method : methods) {
            List<Evaluation.Score> mine = Evaluation.of(scores, method);
            sb.append(csv ? method + "," + mine.size() : "| " + method + " | " + mine.size() + " |");
            for (Measure m : measures) {
                Evaluation.Stat st = Evaluation.Stat.of(mine.stream().mapToDouble(m.value()).toArray());
                if (csv) {
                    sb.append(',').append(number(st.mean(), "%.6f")).append(',').append(number(st.sd(), "%.6f"))
                            .append(',').append(st.n());
                    continue;
                }
                String f = m.name().equals("seconds") ? "%.1f" : "%.4f";
                sb.append(' ').append(Double.isNaN(st.mean()) ? "–" : String.format(Locale.ROOT, f, st.mean())
                        + (Double.isNaN(st.sd()) ? "" : String.format(Locale.ROOT, " ± " + f, st.sd())));
                if (st.n() < mine.size()) {
                    sb.append(" (").append(st.n()).append(" of ").append(mine.size()).append(')');
                    fewer = true;
                }
                sb.append(" |");
            }
            sb.append('\n');
        }
        if (fewer) {
            sb.append("\n(n of N): the mean is over the n rounds in which some user has a held-out rating ≥ the"
                    + " relevance threshold; the other rounds rank no one.\n");
        }
        return sb.toString();
    }

    /** summary.json's per-method part: every round's scores and the mean, sd and count of each measure. */
    public static ArrayNode methods(List<Evaluation.Score> scores, List<String> methods, int k) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (String method : methods) {
            List<Evaluation.Score> mine = Evaluation.of(scores, method);
            ObjectNode node = out.addObject();
            node.put("method", method);
            for (Measure m : measures(k)) {
                Evaluation.Stat st = Evaluation.Stat.of(mine.stream().mapToDouble(m.value()).toArray());
                ObjectNode o = node.putObject(m.name());
                Json.put(o, "mean", st.mean());
                Json.put(o, "sd", st.sd());
                o.put("n", st.n());
            }
            ArrayNode rounds = node.putArray("rounds");
            for (Evaluation.Score s : mine) {
                ObjectNode r = rounds.addObject();
                r.put("round", s.round() + 1);
                r.put("testEntries", s.test().count());
                r.put("fittedOn", s.fit().refitted() ? s.available() : s.available() - s.fit().validation().count());
                for (Measure m : measures(k)) Json.put(r, m.name(), m.value().applyAsDouble(s));
                r.put("rankedUsers", s.ranking().users());
                Json.put(r, "validationRmse", s.fit().validation().rmse());
                r.set("chosen", CompletionComparison.hyperParameters(s.fit().tuned()));
            }
        }
        return out;
    }

    private static String chosen(Evaluation.Score s) {
        return CompletionComparison.chosen(CompletionComparison.hyperParameters(s.fit().tuned()));
    }

    private static String number(double v, String format) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
    }
}
