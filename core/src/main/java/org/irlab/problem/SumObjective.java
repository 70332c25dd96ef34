package org.irlab.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * f = f₁ + f₂ + … over one variable, e.g. a factorised loss plus the {@link BalanceRegularizer}. A term may act on
 * the whole variable or on a block of it ({@link #block}: f_k(x[o, o + d_k)), such as the balancing term on the
 * factor part [X; Y] of x = [X; Y; b; c]); its gradient and Hessian-vector product are zero outside the block.
 * Terms are added in order; owns its work buffers.
 */
public final class SumObjective implements Objective {
    /** A term acting on entries [offset, offset + term.dimension()) of the variable. */
    public record Block(Objective term, int offset) {
        public Block {
            if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
        }
    }

    private final Block[] blocks;
    private final int dimension;
    private final double[] work;
    private final double[][] blockX, blockV, blockOut;

    /** Terms over the same variable (all of the same dimension). */
    public SumObjective(List<? extends Objective> terms) {
        this(first(terms).dimension(), wholes(terms));
    }

    public SumObjective(Objective first, Objective second) {
        this(List.of(first, second));
    }

    /**
     * Terms on blocks of a variable of the given dimension.
     *
     * @throws IllegalArgumentException when a block does not fit
     */
    public SumObjective(int dimension, List<Block> terms) {
        if (terms.isEmpty()) throw new IllegalArgumentException("need at least one term");
        this.dimension = dimension;
        this.blocks = terms.toArray(new Block[0]);
        this.blockX = new double[blocks.length][];
        this.blockV = new double[blocks.length][];
        this.blockOut = new double[blocks.length][];
        boolean needWork = false;
        for (int k = 0; k < blocks.length; k++) {
            Block b = blocks[k];
            if (b.offset() + (long) b.term().dimension() > dimension) {
                throw new IllegalArgumentException("term " + k + " on [" + b.offset() + ", "
                        + (b.offset() + b.term().dimension()) + ") does not fit in " + dimension + " parameters");
            }
            if (whole(b)) {
                needWork |= k > 0;
            } else {
                int d = b.term().dimension();
                blockX[k] = new double[d];
                blockV[k] = new double[d];
                blockOut[k] = new double[d];
            }
        }
        this.work = needWork ? new double[dimension] : null;
    }

    /** A term on the block starting at {@code offset}. */
    public static Block block(Objective term, int offset) { return new Block(term, offset); }

    private static Objective first(List<? extends Objective> terms) {
        if (terms.isEmpty()) throw new IllegalArgumentException("need at least one term");
        return terms.get(0);
    }

    private static List<Block> wholes(List<? extends Objective> terms) {
        List<Block> out = new ArrayList<>();
        int d = terms.get(0).dimension();
        for (Objective t : terms) {
            if (t.dimension() != d) throw new IllegalArgumentException("terms differ in dimension");
            out.add(new Block(t, 0));
        }
        return out;
    }

    private boolean whole(Block b) { return b.offset() == 0 && b.term().dimension() == dimension; }

    /** Whether the first term is on the whole variable (then {@link #withFirst} may replace it). */
    public boolean firstIsWhole() { return whole(blocks[0]); }

    /** This sum with its first term replaced (same dimension, same summation order). */
    public SumObjective withFirst(Objective replacement) {
        if (replacement.dimension() != blocks[0].term().dimension()) throw new IllegalArgumentException("dimension");
        List<Block> terms = new ArrayList<>(List.of(blocks));
        terms.set(0, new Block(replacement, blocks[0].offset()));
        return new SumObjective(dimension, terms);
    }

    /** The terms, in summation order. */
    public List<Objective> terms() {
        List<Objective> out = new ArrayList<>();
        for (Block b : blocks) out.add(b.term());
        return out;
    }

    @Override public int dimension() { return dimension; }

    @Override public double value(double[] x) {
        double f = 0;
        for (int k = 0; k < blocks.length; k++) f += blocks[k].term().value(in(k, x, blockX));
        return f;
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        double f = 0;
        for (int k = 0; k < blocks.length; k++) {
            Block b = blocks[k];
            if (k == 0 && whole(b)) {
                f = b.term().valueAndGradient(x, gradientOut);
                continue;
            }
            if (k == 0) java.util.Arrays.fill(gradientOut, 0.0);
            double[] out = whole(b) ? work : blockOut[k];
            f += b.term().valueAndGradient(in(k, x, blockX), out);
            add(out, gradientOut, b.offset());
        }
        return f;
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        Objective.checkNoAlias(out, x, v);
        for (int k = 0; k < blocks.length; k++) {
            Block b = blocks[k];
            if (k == 0 && whole(b)) {
                b.term().hessianVector(x, v, out);
                continue;
            }
            if (k == 0) java.util.Arrays.fill(out, 0.0);
            double[] o = whole(b) ? work : blockOut[k];
            b.term().hessianVector(in(k, x, blockX), in(k, v, blockV), o);
            add(o, out, b.offset());
        }
    }

    /** The block of a for term k (a itself for a whole term, else a copy into the term's buffer). */
    private double[] in(int k, double[] a, double[][] buffers) {
        Block b = blocks[k];
        if (whole(b)) return a;
        double[] buffer = buffers[k];
        System.arraycopy(a, b.offset(), buffer, 0, buffer.length);
        return buffer;
    }

    private static void add(double[] term, double[] out, int offset) {
        for (int i = 0; i < term.length; i++) out[offset + i] += term[i];
    }
}
