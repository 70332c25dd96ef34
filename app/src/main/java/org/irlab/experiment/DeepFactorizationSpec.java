package org.irlab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.function.Supplier;
import org.irlab.problem.DeepFactorization;
import org.irlab.problem.Problem;

/**
 * Reads a {@code deep-factorization} problem: ℓ(W) = ½Σ_Ω (W_ij − b_ij)² over W = W_L ⋯ W_1 with d×d factors.
 * Keys: {@code depth} L (required); {@code entries}, a d×d array of targets with {@code null} for an unobserved entry
 * (default: the seed's example (9), [[null, 1], [1, 0]]); {@code infimalRank} r of the region and of the
 * {@code distanceToInfimalRank} metric (default 1, the infimal rank of (9)).
 */
final class DeepFactorizationSpec {
    /** Largest d: the entry selector is a dense |Ω|×d² operator. */
    static final int MAX_SIZE = 40;

    private DeepFactorizationSpec() {}

    static Supplier<Problem> read(SpecNode p) {
        int depth = p.integer("depth", 1, 1000);
        JsonNode entries = p.raw("entries", seedExample());
        if (!entries.isArray() || entries.size() == 0) {
            throw p.invalid("entries", "expected a square array of rows (numbers, null where unobserved)");
        }
        int d = entries.size();
        if (d > MAX_SIZE) throw p.invalid("entries", "has " + d + " rows, at most " + MAX_SIZE + " are supported");
        double[] values = new double[d * d];
        boolean observed = false;
        for (int i = 0; i < d; i++) {
            JsonNode row = entries.get(i);
            if (!row.isArray() || row.size() != d) {
                throw p.invalid("entries[" + i + "]", "expected a row of " + d + " entries (the matrix is square)");
            }
            for (int j = 0; j < d; j++) {
                JsonNode e = row.get(j);
                if (e.isNull()) {
                    values[i * d + j] = Double.NaN;
                } else if (e.isNumber() && Double.isFinite(e.asDouble())) {
                    values[i * d + j] = e.asDouble();
                    observed = true;
                } else {
                    throw p.invalid("entries[" + i + "][" + j + "]", "expected a finite number or null, got " + e);
                }
            }
        }
        if (!observed) throw p.invalid("entries", "no entry is observed (all null)");
        int infimalRank = p.integer("infimalRank", 1, 0, d);
        p.finish();
        if ((long) depth * d * d > Integer.MAX_VALUE - 8) throw p.invalid("depth", "too many parameters");
        return () -> DeepFactorization.create(d, depth, values, infimalRank);
    }

    /** [[null, 1], [1, 0]]: W₁₂ = W₂₁ = 1, W₂₂ = 0 observed, W₁₁ unknown (eq. (9) of 004). */
    static ArrayNode seedExample() {
        ArrayNode m = JsonNodeFactory.instance.arrayNode();
        m.addArray().addNull().add(1);
        m.addArray().add(1).add(0);
        return m;
    }
}
