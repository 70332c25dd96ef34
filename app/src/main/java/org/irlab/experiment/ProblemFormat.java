package org.irlab.experiment;

import org.irlab.problem.DeepFactorization;
import org.irlab.problem.LowRankRecovery;
import org.irlab.problem.Problem;
import org.irlab.problem.RobustSensing;
import org.irlab.problem.SparseRecovery;
import org.irlab.problem.SymmetricSensing;

/**
 * What a run's files say about its problem, which the library does not keep: the spec's type name and how
 * iterate.csv (and iterate.npy, the snapshots) lay out the flat x — rows × columns, row-major: the rows of X or of
 * [X; Y] (r' columns), the rows u and v of sparse recovery, the factors W_1 … W_L stacked, or one row.
 *
 * @param type    the spec's {@code problem.type}
 * @param rows    rows of iterate.csv
 * @param columns columns of iterate.csv
 */
public record ProblemFormat(String type, int rows, int columns) {
    /**
     * The layout of a built problem.
     *
     * @throws IllegalStateException when the layout does not cover the parameters exactly
     */
    public static ProblemFormat of(String type, Problem problem) {
        int d = problem.objective().dimension();
        int rows;
        if (problem instanceof RobustSensing robust) problem = robust.recovery();
        if (problem instanceof SymmetricSensing s) {
            rows = d / s.searchRank();
        } else if (problem instanceof LowRankRecovery p) {
            rows = p.isSymmetric() ? p.rows() : p.rows() + p.columns();
        } else if (problem instanceof SparseRecovery) {
            rows = 2;
        } else if (problem instanceof DeepFactorization f) {
            rows = f.depth() * f.size();
        } else {
            rows = 1; // least squares, and any flat parameter vector
        }
        if (rows < 1 || d % rows != 0) {
            throw new IllegalStateException("a " + type + " problem with " + d + " parameters has no " + rows
                    + "-row layout");
        }
        return new ProblemFormat(type, rows, d / rows);
    }
}
