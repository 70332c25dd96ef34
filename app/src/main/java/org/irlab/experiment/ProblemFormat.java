package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a run's files say about its problem, which the library does not keep: the spec's type name and how
 * iterate.csv lays out the flat x (rows × columns, row-major: the rows of X, of [X; Y], of [u; v], …).
 *
 * @param type    the spec's {@code problem.type}
 * @param rows    rows of iterate.csv
 * @param columns columns of iterate.csv
 */
public record ProblemFormat(String type, int rows, int columns) {
    /**
     * From the resolved {@code problem} object of a spec and the problem's number of parameters.
     *
     * @throws IllegalStateException when the layout does not cover the parameters exactly
     */
    public static ProblemFormat of(JsonNode problem, int dimension) {
        String type = problem.path("type").asText();
        int rows = switch (type) {
            case "sparse-recovery" -> 2;                                            // u, then v
            case "least-squares" -> 1;                                              // w
            case "deep-factorization" -> problem.path("depth").asInt() * problem.path("entries").size(); // W_1 … W_L
            case "symmetric-sensing", "symmetric-completion", "symmetric-one-bit" -> problem.path("n").asInt();
            default -> problem.has("n1") ? problem.path("n1").asInt() + problem.path("n2").asInt() // X, then Y
                    : 2 * problem.path("n").asInt();
        };
        if (rows < 1 || dimension % rows != 0) {
            throw new IllegalStateException("a " + type + " problem with " + dimension + " parameters has no "
                    + rows + "-row layout");
        }
        return new ProblemFormat(type, rows, dimension / rows);
    }
}
