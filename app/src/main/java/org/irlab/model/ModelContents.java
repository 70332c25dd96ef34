package org.irlab.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.irlab.completion.AdditiveCompletion;
import org.irlab.completion.Completion;
import org.irlab.completion.FactorRows;
import org.irlab.completion.LowRankCompletion;
import org.irlab.completion.RankFreeDescent;

/**
 * What {@link ModelDirectory#write} writes: a {@link Model}'s parts with the large ones — the factor rows and the seen
 * entries — read from wherever they live (this JVM, or the blocks of a distributed fit, streamed block by block).
 *
 * @param planes one for ratings, one per colour channel for an image (the same shape and rank)
 * @param observed images: channels × height × width pixel values, NaN where hidden (null for ratings)
 */
public record ModelContents(Model.Kind kind, String method, List<Plane> planes, String[] userIds, String[] itemIds,
                            SeenEntries seen, double[] observed, double low, double high, ObjectNode info) {
    public ModelContents {
        planes = List.copyOf(planes);
        Plane first = planes.get(0);
        for (Plane p : planes) {
            if (p.rowBias().length != first.rowBias().length || p.columnBias().length != first.columnBias().length
                    || p.rank() != first.rank()) {
                throw new IllegalArgumentException("planes differ in shape or rank");
            }
        }
        if (userIds.length != first.rowBias().length || itemIds.length != first.columnBias().length) {
            throw new IllegalArgumentException("ids do not match the planes' shape");
        }
    }

    /** μ + b_row[i] + b_column[j] + ⟨L_i, R_j⟩ with L and R where they live (rank 0: no rows to read). */
    public record Plane(double mean, double[] rowBias, double[] columnBias, FactorRows left, FactorRows right) {
        public Plane {
            if (left.rank() != right.rank() || left.rows() != rowBias.length || right.rows() != columnBias.length) {
                throw new IllegalArgumentException("factor shapes do not match " + rowBias.length + "×"
                        + columnBias.length);
            }
        }

        public int rank() { return left.rank(); }

        /**
         * The plane of a mean, bias or low-rank completion (a {@link LowRankCompletion} over an {@link
         * AdditiveCompletion} offset, irlab's inside its {@link RankFreeDescent.Fit}), its factors not copied.
         *
         * @throws IllegalArgumentException for a completion of another form
         */
        public static Plane of(Completion completion) {
            if (completion instanceof RankFreeDescent.Fit fit) return of(fit.model());
            if (completion instanceof AdditiveCompletion a) {
                double[] b = a.rowBias(), c = a.columnBias();
                return new Plane(a.mean(), b, c, FactorRows.of(new double[0], b.length, 0),
                        FactorRows.of(new double[0], c.length, 0));
            }
            if (completion instanceof LowRankCompletion l && l.offset() instanceof AdditiveCompletion a) {
                return new Plane(a.mean(), a.rowBias(), a.columnBias(), l.leftRows(), l.rightRows());
            }
            throw new IllegalArgumentException("a " + completion.getClass().getSimpleName()
                    + " cannot be saved as factors");
        }

        /** The plane with its factors held here (gathered when they live elsewhere). */
        public Factors held() {
            return new Factors(mean, rowBias, columnBias, rank(), left.gather(), right.gather());
        }
    }

    /** The contents of a model held in this JVM (nothing copied). */
    public static ModelContents of(Model m) {
        List<Plane> planes = new ArrayList<>();
        for (Factors f : m.planes()) {
            planes.add(new Plane(f.mean(), f.rowBias(), f.columnBias(), FactorRows.of(f.left(), f.rows(), f.rank()),
                    FactorRows.of(f.right(), f.columns(), f.rank())));
        }
        return new ModelContents(m.kind(), m.method(), planes, m.userIds(), m.itemIds(),
                SeenEntries.of(m.seenStart(), m.seenItems()), m.observed(), m.low(), m.high(), m.info());
    }

    public int users() { return userIds.length; }

    public int items() { return itemIds.length; }

    public int rank() { return planes.get(0).rank(); }
}
