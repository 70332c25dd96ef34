package org.irlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.RankFreeDescent.Outcome;
import org.irlab.completion.RankFreeDescent.StopReason;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.ValidationWatch;
import org.irlab.linalg.Randoms;
import org.irlab.optim.OscillationDetector;
import org.irlab.optim.SafeguardedStep;
import org.irlab.optim.Status;

/**
 * The descents of the rank-free method with X in the executors: every vector of a descent is split into its X rows,
 * kept in the user blocks ({@link UserBlock}, a cached RDD replaced at every pass, lineage cut by a local checkpoint),
 * and its Y rows, kept here. A pass broadcasts the Y rows it needs (n₂ × r'), applies the operations queued since the
 * last pass to the blocks' X rows (the driver applied them to its Y rows at once), and reduces what the descent reads —
 * f, ‖∇f‖², ⟨∇f_t, ∇f_{t−1}⟩, the validation error, and the n₂ × r' partial gradients of Y — with {@code treeAggregate}
 * in a fixed grouping ({@link TreeSum}). One pass per step (two every chunk, for L̂). The driver holds O(n₂·r') per
 * vector and the scalars; never a row of X: the fit's model stays in the blocks ({@link #average}, its spectrum by TSQR
 * there), and only {@link #best} — which the command never calls — gathers a descent's X here.
 *
 * <p>The steps are the local descent's ({@code RankFreeDescent} on IRLab's engine: GD from the small random start,
 * the safeguarded step η = m·c/max(L̂, L̂₀) re-estimated every chunk by warm-started power iterations, chunks that end
 * in a period-2 oscillation or with a larger f rolled back with m halved, early stopping on validation at accepted
 * chunk boundaries, the best iterate kept), with the starts drawn row by row ({@link RankFreeDescent.Draws#PER_ROW});
 * they differ from the local ones only in the rounding of sums over blocks. The decisions are not copied here: the
 * same {@link SafeguardedStep}, {@link OscillationDetector} and {@link ValidationWatch} as the local descent's make
 * them, on this class's slots.
 */
final class DistributedDescents implements RankFreeDescent.Descents {
    // slots: each a vector of the descent (X rows in the blocks, Y rows in y[slot])
    static final int X = 0, PREVIOUS = 1, GRADIENT = 2, OBSERVED = 3, CHECKPOINT = 4, PENDING = 5, VECTOR = 6,
            PRODUCT = 7, BEST = 8;

    private final JavaSparkContext spark;
    private final RankFreeDescent.Settings settings;
    private final org.irlab.completion.FitProgress progress;
    private final SparkStatistics statistics;
    private final int rows, columns, rank, blockCount;
    private final boolean scored;
    /** Whether the blocks' rows are the items (the descents run on the transpose; {@link #best} turns it back). */
    private final boolean transposed;
    private final double heldCount;
    private JavaRDD<UserBlock> blocks;
    private final List<double[]> y = new ArrayList<>();
    private final List<UserBlock.Op> queued = new ArrayList<>();
    private final List<Descended> descents = new ArrayList<>();
    private final List<Broadcast<double[]>> live = new ArrayList<>();

    /** Rejected chunks in a row after which a run gives up (the local descent's). */
    private static final int MAX_REJECTIONS = 30;
    /** Power iterations for the first estimate of L̂ (the local descent's). */
    private static final int INITIAL_POWER_STEPS = 4;

    DistributedDescents(JavaSparkContext spark, RankFreeDescent model, SparseRatings target, int rank,
                        RankFreeDescent.Held held, int blockCount, SparkStatistics statistics) {
        this(spark, model, cut(spark, target, held, rank, blockCount), target.rows(), target.columns(), rank,
                held == null ? 0 : held.value().length, statistics, false);
    }

    /**
     * The descents on whichever side is larger as the blocks' rows: the transpose of {@code target} (and of the held
     * entries) when it has more columns than rows, so the broadcast side is the smaller.
     */
    static DistributedDescents larger(JavaSparkContext spark, RankFreeDescent model, SparseRatings target, int rank,
                                      RankFreeDescent.Held held, int blockCount, SparkStatistics statistics) {
        if (target.columns() <= target.rows()) {
            return new DistributedDescents(spark, model, target, rank, held, blockCount, statistics);
        }
        RankFreeDescent.Held h = held == null ? null : new RankFreeDescent.Held(held.column(), held.row(),
                held.value(), held.offset(), held.low(), held.high());
        return new DistributedDescents(spark, model, cut(spark, target.transpose(), h, rank, blockCount),
                target.columns(), target.rows(), rank, held == null ? 0 : held.value().length, statistics, true);
    }

    /** The centred training ratings of the driver cut into user blocks and distributed. */
    private static JavaRDD<UserBlock> cut(JavaSparkContext spark, SparseRatings target, RankFreeDescent.Held held,
                                          int rank, int blockCount) {
        List<UserBlock> cut = UserBlocks.cut(target, held, rank, 1.0 / target.size(), blockCount);
        return spark.parallelize(cut, cut.size());
    }

    /**
     * The descents on the user blocks {@code first} (block b in partition b; centred training values, the held
     * entries of their users with their offsets), n₁ × n₂ at search rank r', {@code heldCount} entries held; when
     * {@code transposed}, the blocks are those of the transpose (rows the items, n₁ the item count) and the model
     * handed out is turned back to users × items.
     */
    DistributedDescents(JavaSparkContext spark, RankFreeDescent model, JavaRDD<UserBlock> first, int rows,
                        int columns, int rank, long heldCount, SparkStatistics statistics, boolean transposed) {
        this.spark = spark;
        this.settings = model.settings();
        this.progress = model.progress();
        this.statistics = statistics;
        this.rows = rows;
        this.columns = columns;
        this.rank = rank;
        this.scored = heldCount > 0;
        this.heldCount = heldCount;
        this.transposed = transposed;
        // each pass unpersists the previous state, which Spark warns about for a locally checkpointed RDD (the first
        // a ParallelCollectionRDD, the others MapPartitionsRDDs): expected here
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.rdd",
                org.apache.logging.log4j.Level.ERROR);
        first.rdd().localCheckpoint();
        this.blockCount = (int) first.count();
        this.blocks = first;
        statistics.blocks(blockCount, 0);
    }

    // ---------------------------------------------------------------------------------------------- vector algebra

    private double[] y(int slot) {
        while (y.size() <= slot) y.add(null);
        return y.get(slot);
    }

    private void setY(int slot, double[] v) {
        y(slot);
        y.set(slot, v);
    }

    private void copy(int from, int to) {
        queued.add(new UserBlock.Op(UserBlock.Kind.COPY, from, to, 0, 0, 0));
        setY(to, y(from));
    }

    private void clear(int slot) {
        queued.add(new UserBlock.Op(UserBlock.Kind.CLEAR, 0, slot, 0, 0, 0));
        setY(slot, null);
    }

    /** previous ← x; x ← x − η·d. */
    private void step(int x, int d, int previous, double eta) {
        queued.add(new UserBlock.Op(UserBlock.Kind.STEP, d, x, previous, eta, 0));
        double[] from = y(x), dir = y(d), moved = new double[from.length];
        for (int k = 0; k < moved.length; k++) moved[k] = from[k] - eta * dir[k];
        setY(previous, from);
        setY(x, moved);
    }

    private void multiply(int from, int to, double factor) {
        queued.add(new UserBlock.Op(UserBlock.Kind.SCALE, from, to, 0, factor, 0));
        double[] a = y(from), b = new double[a.length];
        for (int k = 0; k < a.length; k++) b[k] = factor * a[k];
        setY(to, b);
    }

    private void divide(int from, int to, double divisor) {
        queued.add(new UserBlock.Op(UserBlock.Kind.DIVIDE, from, to, 0, divisor, 0));
        double[] a = y(from), b = new double[a.length];
        for (int k = 0; k < a.length; k++) b[k] = a[k] / divisor;
        setY(to, b);
    }

    /** X rows scaled by left, Y rows by right, row k of x from the keyed stream (seed, k) (Y rows: k = n₁ + j). */
    private void draw(int slot, long seed, double left, double right) {
        queued.add(new UserBlock.Op(UserBlock.Kind.DRAW, 0, slot, 0, left, seed));
        double[] b = new double[columns * rank];
        for (int j = 0; j < columns; j++) Randoms.gaussianRow(seed, rows + j, right, b, j * rank, rank);
        setY(slot, b);
    }

    private void zero(int slot) {
        queued.add(new UserBlock.Op(UserBlock.Kind.ZERO, 0, slot, 0, 0, 0));
        setY(slot, new double[columns * rank]);
    }

    /**
     * One pass: the queued operations, then {@code pass} at slot {@code at}; returns the reduced partial (scalars
     * and, for gradients and ∇²f·v, the Y part).
     */
    private TreeSum.Partial pass(UserBlock.Pass pass, int at, int vector, int into, int observed) {
        long t0 = System.nanoTime();
        List<UserBlock.Op> ops = List.copyOf(queued);
        queued.clear();
        boolean needsY = pass == UserBlock.Pass.GRADIENT || pass == UserBlock.Pass.HESSIAN
                || pass == UserBlock.Pass.VALUE;
        Broadcast<double[]> bAt = needsY ? spark.broadcast(y(at)) : null;
        Broadcast<double[]> bVector = pass == UserBlock.Pass.HESSIAN ? spark.broadcast(y(vector)) : null;
        try {
            JavaRDD<UserBlock> next = blocks.map(b -> b.next(ops, pass, at, vector, into, observed,
                    bAt == null ? null : bAt.value(), bVector == null ? null : bVector.value()));
            next.rdd().localCheckpoint(); // keeps the blocks (memory and disk) and forgets how they were made
            TreeSum.Partial total = reduce(next, blockCount);
            blocks.unpersist(false);
            blocks = next;
            long broadcast = (bAt == null ? 0 : 8L * columns * rank) + (bVector == null ? 0 : 8L * columns * rank);
            long returned = total.y() == null ? 8L * UserBlock.SCALARS * blockCount
                    : 8L * (columns * rank + UserBlock.SCALARS) * blockCount;
            statistics.evaluation(pass.name().toLowerCase(java.util.Locale.ROOT), broadcast, returned,
                    System.nanoTime() - t0);
            if (pass == UserBlock.Pass.GRADIENT || pass == UserBlock.Pass.HESSIAN) setY(into, total.y());
            long held = 0;
            for (double[] v : driverVectors()) held += 8L * v.length;
            statistics.driverVectors(held);
            return total;
        } finally {
            // the blocks' RDD keeps its map function, which names this pass's broadcasts, and the next pass ships it as
            // the parent of its own: free them one pass later, when the next RDD's local checkpoint has cut that link
            for (Broadcast<double[]> b : live) b.destroy();
            live.clear();
            if (bAt != null) live.add(bAt);
            if (bVector != null) live.add(bVector);
        }
    }

    /** The blocks' partials (of the pass that made them) summed in the fixed tree of {@link TreeSum}. */
    static TreeSum.Partial reduce(JavaRDD<UserBlock> blocks, int count) {
        return TreeSum.of(partials(blocks), count);
    }

    /** Each block's partial keyed by its index (read from the block, which keeps it: the RDD can be evaluated again). */
    static org.apache.spark.api.java.JavaPairRDD<Integer, TreeSum.Partial> partials(JavaRDD<UserBlock> blocks) {
        return blocks.mapToPair(b -> new scala.Tuple2<>(b.index, b.partial()));
    }

    private static double squares(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    // ------------------------------------------------------------------------------------------------ the descents

    @Override public Outcome descend(double alpha, double sigmaHat, SplittableRandom rng, int budget, String label,
                                     Outcome rival) {
        int id = descents.size();
        Descended d = new Descended(BEST + id, alpha, label, budget, rival);
        descents.add(d);
        d.run(sigmaHat, rng);
        return d.outcome(id);
    }

    /** The best iterate's x = [X; Y] with X the users' rows (the transpose's factors swapped back when transposed). */
    @Override public double[] best(Outcome outcome) {
        double[] x = collect(descents.get(outcome.id()).slot);
        // here rows are the blocks' (the items when transposed): the matrix is columns × rows
        return transposed ? org.irlab.completion.TransposedDescents.untransposed(x, columns, rows, rank) : x;
    }

    /** x = [X; Y] of a slot: its X rows gathered from the blocks (O(n₁·r') on the driver: the model handed out). */
    double[] collect(int slot) {
        if (!queued.isEmpty()) pass(UserBlock.Pass.NONE, X, X, X, -1);
        statistics.gathered(rows);
        double[] x = new double[(rows + columns) * rank];
        List<double[]> parts = blocks.map(b -> {
            double[] r = b.rows(slot);
            double[] tagged = new double[r.length + 1];
            tagged[0] = b.first;
            System.arraycopy(r, 0, tagged, 1, r.length);
            return tagged;
        }).collect();
        for (double[] p : parts) System.arraycopy(p, 1, x, (int) p[0] * rank, p.length - 1);
        System.arraycopy(y(slot), 0, x, rows * rank, columns * rank);
        return x;
    }

    /** The vectors the driver holds, each once: the Y rows of the live slots (each n₂ × r'). */
    List<double[]> driverVectors() {
        java.util.Set<double[]> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (double[] v : y) if (v != null) distinct.add(v);
        return new ArrayList<>(distinct);
    }

    /**
     * Test access to one evaluation: x drawn row by row (seed, scales), then f and ∇f at x (into GRADIENT) and
     * ∇²f(x)·v (into PRODUCT) for v drawn with seed + 1; returns f.
     */
    double evaluateDrawn(long seed, double left, double right) {
        draw(X, seed, left, right);
        draw(VECTOR, seed + 1, 1, 1);
        double f = pass(UserBlock.Pass.GRADIENT, X, X, GRADIENT, -1).scalars()[0];
        pass(UserBlock.Pass.HESSIAN, X, VECTOR, PRODUCT, -1);
        return f;
    }

    @Override public double bestLoss(Outcome outcome) { return descents.get(outcome.id()).watch.bestLoss(); }

    /** In the blocks: each held entry predicted from the members' best slots (X rows there, Y rows broadcast). */
    @Override public org.irlab.completion.Errors heldErrors(List<Outcome> members,
                                                            org.irlab.completion.LowRankCompletion average) {
        if (!queued.isEmpty()) pass(UserBlock.Pass.NONE, X, X, X, -1);
        int count = members.size();
        int[] slots = new int[count];
        double[][] ys = new double[count][];
        for (int k = 0; k < count; k++) {
            slots[k] = descents.get(members.get(k).id()).slot;
            ys[k] = y(slots[k]);
        }
        Broadcast<double[][]> b = spark.broadcast(ys);
        double share = 1 / Math.sqrt(count);
        try {
            TreeSum.Partial p = TreeSum.of(blocks.mapToPair(k -> new scala.Tuple2<>(k.index,
                    new TreeSum.Partial(k.heldErrors(slots, b.value(), share), null))), blockCount);
            double n = heldCount;
            return new org.irlab.completion.Errors(Math.sqrt(p.scalars()[0] / n), p.scalars()[1] / n, (int) n);
        } finally {
            b.destroy();
        }
    }

    @Override public void forget(Outcome outcome) { clear(descents.get(outcome.id()).slot); }

    /**
     * The averaged model's factors where they are: the blocks' side as a new cached RDD of the members' rows side by
     * side, scaled by 1/√K in the blocks ({@link BlockFactorRows}, which outlives these descents), the broadcast side
     * (n₂ × K·r') here; the users' side first whatever the blocks hold.
     */
    @Override public RankFreeDescent.FactorPair average(List<Outcome> members, int n1, int n2, int memberRank) {
        if (!queued.isEmpty()) pass(UserBlock.Pass.NONE, X, X, X, -1);
        int count = members.size(), width = count * rank;
        int[] slots = new int[count];
        for (int k = 0; k < count; k++) slots[k] = descents.get(members.get(k).id()).slot;
        double share = 1 / Math.sqrt(count);
        double[] side = new double[columns * width];
        for (int k = 0; k < count; k++) {
            double[] y = y(slots[k]);
            for (int j = 0; j < columns; j++) {
                for (int a = 0; a < rank; a++) side[j * width + k * rank + a] = share * y[j * rank + a];
            }
        }
        JavaRDD<BlockFactorRows.Block> model = blocks.map(b -> b.averaged(slots, share));
        model.rdd().localCheckpoint(); // cached, and independent of the descents' blocks, which close() frees
        model.count();
        org.irlab.completion.FactorRows there = new BlockFactorRows(model, rows, width, blockCount, statistics);
        org.irlab.completion.FactorRows here = org.irlab.completion.FactorRows.of(side, columns, width);
        return transposed ? new RankFreeDescent.FactorPair(here, there) : new RankFreeDescent.FactorPair(there, here);
    }

    /** ‖XᵀX − YᵀY‖_F: XᵀX summed over the blocks in the fixed tree, YᵀY here (r' × r' each). */
    @Override public double imbalanceNorm(Outcome outcome, int n1, int n2, int memberRank) {
        if (!queued.isEmpty()) pass(UserBlock.Pass.NONE, X, X, X, -1);
        int slot = descents.get(outcome.id()).slot;
        double[] d = TreeSum.of(blocks.mapToPair(b -> new scala.Tuple2<>(b.index,
                new TreeSum.Partial(new double[0], b.gram(slot)))), blockCount).y();
        double[] y = y(slot), g = new double[rank * rank];
        org.irlab.linalg.Kernels.multiplyTransA(y, y, g, rank, columns, rank);
        double s = 0;
        for (int k = 0; k < d.length; k++) s += (d[k] - g[k]) * (d[k] - g[k]);
        return Math.sqrt(s);
    }

    @Override public void close() {
        for (Broadcast<double[]> b : live) b.destroy();
        live.clear();
        blocks.unpersist(false);
    }

    /**
     * One descent: the start drawn row by row, then the GD phase on IRLab's engine order (evaluate; the step
     * controller's chunk decision; the stopping rule at accepted boundaries; the period-2 watch; the validation
     * score; the update), with the decisions made by the same objects as the local descent's — {@link
     * SafeguardedStep} (η, roll-backs), {@link OscillationDetector} (fed the reduced ⟨∇f_t, ∇f_{t−1}⟩) and {@link
     * ValidationWatch} (scores, best iterate, patience, race) — on this class's slots.
     */
    private final class Descended implements SafeguardedStep.Iterate, ValidationWatch.Iterates {
        final int slot, budget;
        final double alpha;
        final ValidationWatch watch;
        final SafeguardedStep controller;
        final OscillationDetector oscillation = new OscillationDetector(0, OscillationDetector.WINDOW, 0);
        int iteration;
        double finalLoss = Double.NaN, eta;
        StopReason stopReason = StopReason.ITERATION_LIMIT;
        boolean freshVector = true, rolledBack;
        // the last evaluation
        double loss, gradientNorm, dotObserved, heldError;

        Descended(int slot, double alpha, String label, int budget, Outcome rival) {
            this.slot = slot;
            this.alpha = alpha;
            this.budget = budget;
            this.watch = new ValidationWatch(settings, progress, label, scored, rival, this);
            this.controller = new SafeguardedStep(settings.stepFraction(), settings.chunk(), settings.powerSteps(),
                    MAX_REJECTIONS, budget, watch);
        }

        void run(double sigmaHat, SplittableRandom rng) {
            SplittableRandom initRng = rng.split(), curvatureRng = rng.split();
            rng.nextLong(); // the local descent's perturbation seed (IPGD's start only)
            if (sigmaHat > 0) {
                draw(X, initRng.nextLong(), alpha * Math.sqrt(sigmaHat / rows), alpha * Math.sqrt(sigmaHat / columns));
            } else {
                zero(X);
            }
            copy(X, PREVIOUS);
            draw(VECTOR, curvatureRng.nextLong(), 1, 1);
            freshVector = true;
            oscillation.reset();
            double ceiling = controller.begin(this, INITIAL_POWER_STEPS);
            double f0 = value();
            watch.score(0, f0);
            watch.commit();
            if (!(ceiling > 0) || !Double.isFinite(ceiling)) {
                stopReason = StopReason.ZERO_CURVATURE;
                watch.end(0, f0);
                return;
            }
            Status status = descendPhase();
            stopReason = watch.stopReason(status);
            evaluate(); // Descent.finish: f at the returned iterate
            finalLoss = loss;
            watch.end(iteration, finalLoss);
        }

        /** The GD phase ({@link org.irlab.optim.Descent#run}); returns why it ended. */
        private Status descendPhase() {
            controller.start(this);
            while (true) {
                Status end = stepOnce();
                if (end == null) continue;
                end = controller.finish(this, end);
                if (end != null) return end;
            }
        }

        /** One step ({@link org.irlab.optim.Descent#step}): null to go on, else why the phase ends. */
        private Status stepOnce() {
            evaluate();
            if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) return controller.onNonFinite(this);
            rolledBack = false;
            Status end = controller.afterEvaluation(this);
            if (end != null || rolledBack) return end;
            // stopping: at an accepted boundary with the patience spent, the budget, an exact stationary point
            if (controller.atAcceptedBoundary(iteration) && watch.stop()) return Status.EARLY_STOPPED;
            if (iteration >= budget) return Status.ITERATION_LIMIT;
            if (gradientNorm <= 0) return Status.CONVERGED;
            oscillation.observe(iteration, gradientNorm, dotObserved);
            copy(GRADIENT, OBSERVED);
            controller.beforeUpdate(this);
            watch.onIterate(iteration, loss);
            step(X, GRADIENT, PREVIOUS, eta);
            iteration++;
            return null;
        }

        /** f, ∇f (into GRADIENT), ‖∇f‖, ⟨∇f, the last observed gradient⟩ and the validation error at X. */
        @Override public void evaluate() {
            TreeSum.Partial p = pass(UserBlock.Pass.GRADIENT, X, X, GRADIENT, oscillation.hasPrevious() ? OBSERVED : -1);
            double[] gy = y(GRADIENT);
            loss = p.scalars()[0];
            gradientNorm = Math.sqrt(p.scalars()[1] + squares(gy));
            dotObserved = oscillation.hasPrevious() ? p.scalars()[2] + dot(gy, y(OBSERVED)) : 0;
            heldError = p.scalars()[3];
        }

        /** f and the validation error at X. */
        @Override public double value() {
            TreeSum.Partial p = pass(UserBlock.Pass.VALUE, X, X, X, -1);
            loss = p.scalars()[0];
            heldError = p.scalars()[3];
            return loss;
        }

        @Override public double rmse() { return Math.sqrt(heldError / heldCount); }

        /** Curvature.spectralNorm: power iterations on ∇²f(X) warm-started from slot VECTOR. */
        @Override public double curvature(int powerSteps) {
            if (freshVector) {
                double norm = Math.sqrt(pass(UserBlock.Pass.NORM, VECTOR, VECTOR, VECTOR, -1).scalars()[1]
                        + squares(y(VECTOR)));
                multiply(VECTOR, VECTOR, 1 / norm);
                freshVector = false;
            }
            double norm = Double.NaN;
            for (int s = 0; s < powerSteps; s++) {
                TreeSum.Partial p = pass(UserBlock.Pass.HESSIAN, X, VECTOR, PRODUCT, -1);
                norm = Math.sqrt(p.scalars()[1] + squares(y(PRODUCT)));
                if (!(norm > 0) || !Double.isFinite(norm)) break;
                divide(PRODUCT, VECTOR, norm);
            }
            return norm;
        }

        @Override public int iteration() { return iteration; }

        @Override public double loss() { return loss; }

        @Override public boolean oscillating() { return oscillation.oscillating(); }

        @Override public void resetOscillation() { oscillation.reset(); }

        @Override public void setStepSize(double stepSize) { eta = stepSize; }

        @Override public void checkpoint() { copy(X, CHECKPOINT); }

        @Override public void rollBack(int toIteration) {
            copy(CHECKPOINT, X);
            iteration = toIteration;
            rolledBack = true;
            watch.rolledBack(toIteration);
        }

        @Override public void keepPending() { copy(X, PENDING); }

        @Override public void keepBest() { copy(PENDING, slot); }

        @Override public void keepLast() { copy(X, slot); }

        Outcome outcome(int id) {
            return watch.outcome(id, alpha, iteration, stopReason, controller.rejections(), finalLoss, null, -1);
        }
    }
}
