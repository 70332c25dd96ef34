package org.irlab.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.irlab.completion.Errors;
import org.irlab.linalg.Randoms;
import org.irlab.problem.CompletionObjective;

/**
 * One Spark partition of the distributed rank-free descent: a block of consecutive users with their training ratings
 * (CSR over all items, centred), their validation entries, and their rows of every vector of the descent — the
 * iterate X, the previous iterate, the gradient, the checkpoint, the best iterates, the power iteration's vectors —
 * each a slot of count × r' doubles. A block is never modified: each pass makes the next block from it (slots that
 * did not change are shared), so a cached RDD of blocks is one state of the descent. The Y rows of the same vectors
 * live on the driver, which broadcasts the ones a pass needs.
 */
final class UserBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a pass does to the slots before it computes (the driver did the same to its Y rows). */
    enum Kind {
        /** target ← source (shared: slots are never written in place). */
        COPY,
        /** target ← nothing (a best iterate that lost). */
        CLEAR,
        /** other ← target; target ← target − number·source (a gradient step keeping x_t as the previous iterate). */
        STEP,
        /** target ← number·source. */
        SCALE,
        /** target ← source / number. */
        DIVIDE,
        /** target ← number·N(0, 1) draws, row i from the keyed stream (seed, first + i). */
        DRAW,
        /** target ← 0. */
        ZERO
    }

    /** One operation on the slots. */
    record Op(Kind kind, int source, int target, int other, double number, long seed) implements Serializable {}

    /** What a pass computes after the operations. */
    enum Pass {
        /** Nothing (the operations only). */
        NONE,
        /** f's share and the validation squared error at slot {@code at}: scalars {f, 0, 0, sse}. */
        VALUE,
        /**
         * ∇f at {@code at} into slot {@code into}: scalars {f, ‖∇_X‖², ⟨∇_X, slot observed⟩, sse at at}, and the
         * block's n₂ × r' part of ∇_Y.
         */
        GRADIENT,
        /** ∇²f(at)·(slot vector) into slot {@code into}: scalars {0, ‖(∇²f v)_X‖², 0, 0} and its part of the Y rows. */
        HESSIAN,
        /** ‖slot at‖²: scalars {0, ‖X rows‖², 0, 0}. */
        NORM
    }

    /** Scalars per partial. */
    static final int SCALARS = 4;

    final int index, first, count, capacity, columns, rank;
    final double scale;
    final int[] rowStart, column;
    final double[] value;
    /** Validation entries of the block's users: local row, item, value, the centring's offset; the clip range. */
    final int[] heldRow, heldColumn;
    final double[] heldValue, heldOffset;
    final double low, high;
    final double[][] slots;
    private transient CompletionObjective term;
    /**
     * What the pass that made this block computed: set once as the block is made, read (never consumed) by the
     * reduction, so a re-executed task or a resubmitted stage reads the same value again; the next state does not
     * carry it. Not transient: a block that Spark wrote to disk and read back must still carry it.
     */
    private TreeSum.Partial partial;

    /**
     * Each task thread's work arrays (point, output, direction, validation predictions), (capacity + n₂)·r' long,
     * shared by the blocks it evaluates one after another: an executor holds them once per core.
     */
    private static final ThreadLocal<double[][]> WORK = ThreadLocal.withInitial(() -> new double[4][0]);

    UserBlock(int index, int first, int count, int capacity, int columns, int rank, double scale, int[] rowStart,
              int[] column, double[] value, int[] heldRow, int[] heldColumn, double[] heldValue, double[] heldOffset,
              double low, double high, double[][] slots) {
        if (capacity < count) throw new IllegalArgumentException("capacity " + capacity + " < rows " + count);
        this.index = index;
        this.first = first;
        this.count = count;
        this.capacity = capacity;
        this.columns = columns;
        this.rank = rank;
        this.scale = scale;
        this.rowStart = rowStart;
        this.column = column;
        this.value = value;
        this.heldRow = heldRow;
        this.heldColumn = heldColumn;
        this.heldValue = heldValue;
        this.heldOffset = heldOffset;
        this.low = low;
        this.high = high;
        this.slots = slots;
    }

    /** This block with other slots (the ratings and the block's term shared; no partial). */
    private UserBlock with(double[][] newSlots) {
        UserBlock b = new UserBlock(index, first, count, capacity, columns, rank, scale, rowStart, column, value,
                heldRow, heldColumn, heldValue, heldOffset, low, high, newSlots);
        b.term = term;
        return b;
    }

    /**
     * The next state: the operations applied in order, then the pass computed with the broadcast Y rows
     * {@code yAt} (of slot at) and {@code yVector} (of slot vector, for ∇²f·v); its partial is kept for the
     * aggregation.
     */
    UserBlock next(List<Op> ops, Pass pass, int at, int vector, int into, int observed, double[] yAt,
                   double[] yVector) {
        int width = Math.max(slots.length, maxSlot(ops, at, vector, into, observed) + 1);
        double[][] s = Arrays.copyOf(slots, width);
        for (Op op : ops) apply(op, s);
        UserBlock next = with(s);
        next.partial = next.compute(pass, at, vector, into, observed, yAt, yVector);
        return next;
    }

    private static int maxSlot(List<Op> ops, int... more) {
        int m = 0;
        for (Op op : ops) m = Math.max(m, Math.max(op.target(), Math.max(op.source(), op.other())));
        for (int k : more) m = Math.max(m, k);
        return m;
    }

    private void apply(Op op, double[][] s) {
        int n = count * rank;
        switch (op.kind()) {
            case COPY -> s[op.target()] = s[op.source()];
            case CLEAR -> s[op.target()] = null;
            case ZERO -> s[op.target()] = new double[n];
            case STEP -> {
                double[] x = s[op.target()], d = s[op.source()], moved = new double[n];
                double eta = op.number();
                for (int k = 0; k < n; k++) moved[k] = x[k] - eta * d[k];
                s[op.other()] = x;
                s[op.target()] = moved;
            }
            case SCALE -> {
                double[] from = s[op.source()], to = new double[n];
                for (int k = 0; k < n; k++) to[k] = op.number() * from[k];
                s[op.target()] = to;
            }
            case DIVIDE -> {
                double[] from = s[op.source()], to = new double[n];
                for (int k = 0; k < n; k++) to[k] = from[k] / op.number();
                s[op.target()] = to;
            }
            case DRAW -> {
                double[] to = new double[n];
                for (int i = 0; i < count; i++) Randoms.gaussianRow(op.seed(), first + i, op.number(), to, i * rank, rank);
                s[op.target()] = to;
            }
        }
    }

    private TreeSum.Partial compute(Pass pass, int at, int vector, int into, int observed, double[] yAt,
                                    double[] yVector) {
        double[] scalars = new double[SCALARS];
        switch (pass) {
            case NONE -> { return new TreeSum.Partial(scalars, null); }
            case NORM -> {
                scalars[1] = squares(slots[at]);
                return new TreeSum.Partial(scalars, null);
            }
            default -> { }
        }
        CompletionObjective f = term();
        double[][] w = work();
        gather(slots[at], yAt, w[0]);
        int own = count * rank, yFrom = capacity * rank, yTo = (capacity + columns) * rank;
        if (pass == Pass.HESSIAN) {
            gather(slots[vector], yVector, w[2]);
            f.hessianVector(w[0], w[2], w[1]);
            double[] rows = Arrays.copyOf(w[1], own);
            slots[into] = rows;
            scalars[1] = squares(rows);
            return new TreeSum.Partial(scalars, Arrays.copyOfRange(w[1], yFrom, yTo));
        }
        double[] y = null;
        if (pass == Pass.GRADIENT) {
            scalars[0] = f.valueAndGradient(w[0], w[1]);
            double[] rows = Arrays.copyOf(w[1], own);
            slots[into] = rows;
            scalars[1] = squares(rows);
            double[] seen = observed >= 0 ? slots[observed] : null;
            if (seen != null) for (int k = 0; k < own; k++) scalars[2] += rows[k] * seen[k];
            y = Arrays.copyOfRange(w[1], yFrom, yTo);
        } else {
            scalars[0] = f.value(w[0]);
        }
        scalars[3] = heldError(f, w[0], w[3]);
        return new TreeSum.Partial(scalars, y);
    }

    /** Σ over the block's validation entries of (clip(offset + prediction) − value)² at the point. */
    private double heldError(CompletionObjective f, double[] point, double[] predictions) {
        if (heldValue.length == 0) return 0;
        f.predict(point, heldRow, heldColumn, predictions);
        double s = 0;
        for (int k = 0; k < heldValue.length; k++) {
            double d = Errors.clip(heldOffset[k] + predictions[k], low, high) - heldValue[k];
            s += d * d;
        }
        return s;
    }

    /**
     * {Σd², Σ|d|} over the block's held entries of d = clip(offset + Σ_k ⟨share·X^k_i, share·Y^k_j⟩) − value, X^k
     * the rows of slot {@code members[k]} and Y^k = {@code ys[k]} (the average of the members' products, summed in the
     * order of {@code LowRankCompletion.predict}).
     */
    double[] heldErrors(int[] members, double[][] ys, double share) {
        double squares = 0, absolutes = 0;
        for (int k = 0; k < heldValue.length; k++) {
            int a = heldRow[k] * rank, b = heldColumn[k] * rank;
            double s = 0;
            for (int m = 0; m < members.length; m++) {
                double[] x = slots[members[m]], y = ys[m];
                for (int p = 0; p < rank; p++) s += share * x[a + p] * (share * y[b + p]);
            }
            double d = Errors.clip(heldOffset[k] + s, low, high) - heldValue[k];
            squares += d * d;
            absolutes += Math.abs(d);
        }
        return new double[] {squares, absolutes};
    }

    /**
     * The block's rows of the averaged model: the members' slots side by side, each scaled by {@code share} = 1/√K
     * (count × K·r', in the order and with the products of {@code RankFreeDescent.Descents#average}).
     */
    BlockFactorRows.Block averaged(int[] members, double share) {
        int k = members.length * rank;
        double[] out = new double[count * k];
        for (int m = 0; m < members.length; m++) {
            double[] x = slots[members[m]];
            for (int i = 0; i < count; i++) {
                for (int a = 0; a < rank; a++) out[i * k + m * rank + a] = share * x[i * rank + a];
            }
        }
        return new BlockFactorRows.Block(index, first, count, out);
    }

    /** XᵀX over the block's rows of a slot (r' × r'). */
    double[] gram(int slot) {
        double[] g = new double[rank * rank];
        org.irlab.linalg.Kernels.multiplyTransA(slots[slot], slots[slot], g, rank, count, rank);
        return g;
    }

    /** The partial of the pass that made this block (the same value every time it is read; not to be written). */
    TreeSum.Partial partial() { return partial; }

    /** The block's rows of a slot (count × r'; not copied). */
    double[] rows(int slot) { return slots[slot]; }

    private static double squares(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return s;
    }

    /** [own rows (padded to capacity); Y] of one vector. */
    private void gather(double[] own, double[] y, double[] into) {
        System.arraycopy(own, 0, into, 0, count * rank);
        Arrays.fill(into, count * rank, capacity * rank, 0.0);
        System.arraycopy(y, 0, into, capacity * rank, columns * rank);
    }

    /** The block's data term on capacity × n₂ (rows past count have no entries), built once per executor. */
    private CompletionObjective term() {
        if (term == null) term = RatingBlock.paddedTerm(capacity, count, columns, rowStart, column, value, rank, scale);
        return term;
    }

    private double[][] work() {
        double[][] all = WORK.get();
        int size = (capacity + columns) * rank;
        for (int k = 0; k < 3; k++) if (all[k].length != size) all[k] = new double[size];
        if (all[3].length != heldValue.length) all[3] = new double[heldValue.length];
        return all;
    }
}
