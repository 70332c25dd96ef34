package org.irlab.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.irlab.completion.RankFreeDescent;
import org.irlab.completion.RankFreeDescent.Outcome;
import org.irlab.completion.RankFreeDescent.StepDecision;
import org.irlab.completion.RankFreeDescent.StopReason;
import org.irlab.completion.RankFreeDescent.ValidationCurve;
import org.irlab.completion.SparseRatings;
import org.irlab.linalg.Randoms;
import org.irlab.optim.OscillationDetector;

/**
 * The descents of the rank-free method with X in the executors: every vector of a descent is split into its X rows,
 * kept in the user blocks ({@link UserBlock}, a cached RDD replaced at every pass, lineage cut by a local checkpoint),
 * and its Y rows, kept here. A pass broadcasts the Y rows it needs (n₂ × r'), applies the operations queued since the
 * last pass to the blocks' X rows (the driver applied them to its Y rows at once), and reduces what the descent reads —
 * f, ‖∇f‖², ⟨∇f_t, ∇f_{t−1}⟩, the validation error, and the n₂ × r' partial gradients of Y — with {@code treeAggregate}
 * in a fixed grouping ({@link TreeSum}). One pass per step (two every chunk, for L̂). The driver holds O(n₂·r') per
 * vector and the scalars; never a row of X, until the fit hands its model out ({@link #best}).
 *
 * <p>The steps are the local descent's ({@code RankFreeDescent} on IRLab's engine: GD from the small random start,
 * the safeguarded step η = m·c/max(L̂, L̂₀) re-estimated every chunk by warm-started power iterations, chunks that end
 * in a period-2 oscillation or with a larger f rolled back with m halved, early stopping on validation at accepted
 * chunk boundaries, the best iterate kept), with the starts drawn row by row ({@link RankFreeDescent.Draws#PER_ROW});
 * they differ from the local ones only in the rounding of sums over blocks.
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
    /** Recorded step decisions per descent (the local descent's). */
    private static final int MAX_RECORDED_STEPS = 1000;

    DistributedDescents(JavaSparkContext spark, RankFreeDescent model, SparseRatings target, int rank,
                        RankFreeDescent.Held held, int blockCount, SparkStatistics statistics) {
        this(spark, model, cut(spark, target, held, rank, blockCount), target.rows(), target.columns(), rank,
                held == null ? 0 : held.value().length, statistics);
    }

    /** The centred training ratings of the driver cut into user blocks and distributed. */
    private static JavaRDD<UserBlock> cut(JavaSparkContext spark, SparseRatings target, RankFreeDescent.Held held,
                                          int rank, int blockCount) {
        List<UserBlock> cut = UserBlocks.cut(target, held, rank, 1.0 / target.size(), blockCount);
        return spark.parallelize(cut, cut.size());
    }

    /**
     * The descents on the user blocks {@code first} (block b in partition b; centred training values, the held
     * entries of their users with their offsets), n₁ × n₂ at search rank r', {@code heldCount} entries held.
     */
    DistributedDescents(JavaSparkContext spark, RankFreeDescent model, JavaRDD<UserBlock> first, int rows,
                        int columns, int rank, long heldCount, SparkStatistics statistics) {
        this.spark = spark;
        this.settings = model.settings();
        this.progress = model.progress();
        this.statistics = statistics;
        this.rows = rows;
        this.columns = columns;
        this.rank = rank;
        this.scored = heldCount > 0;
        this.heldCount = heldCount;
        // each pass unpersists the previous state, which Spark warns about for a locally checkpointed RDD: expected here
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.spark.rdd.MapPartitionsRDD",
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
            TreeSum sum = reduce(next, blockCount);
            blocks.unpersist(false);
            blocks = next;
            TreeSum.Partial total = sum.total();
            long broadcast = (bAt == null ? 0 : 8L * columns * rank) + (bVector == null ? 0 : 8L * columns * rank);
            long returned = total == null || total.y() == null ? 8L * UserBlock.SCALARS * blockCount
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

    /** Partials summed by groups of this many consecutive blocks per level of the reduction. */
    static final int FAN_IN = 8;

    /**
     * The blocks' partials summed in the fixed tree: {@code treeAggregate} when there are at most {@link #FAN_IN}
     * blocks; otherwise levels of {@code reduceByKey} on aligned groups of FAN_IN consecutive blocks (each group a
     * whole subtree, so every level sends on one n₂ × r' partial per group — Spark's own treeAggregate groups
     * partitions i, i + k, … that are no subtree, and would send every partial to the driver), the last FAN_IN or
     * fewer merged by treeAggregate's final step.
     */
    static TreeSum reduce(JavaRDD<UserBlock> blocks, int count) {
        return reduce(blocks.mapToPair(b -> new scala.Tuple2<>(b.index, b.takePartial())), count);
    }

    /** {@link #reduce} of partials keyed by their block index (0 … count − 1). */
    static TreeSum reduce(org.apache.spark.api.java.JavaPairRDD<Integer, TreeSum.Partial> partials, int count) {
        if (count <= FAN_IN) {
            return partials.treeAggregate(new TreeSum(), (s, p) -> s.add(p._1(), p._2()), TreeSum::merge, 2);
        }
        int shift = Integer.numberOfTrailingZeros(FAN_IN);
        org.apache.spark.api.java.JavaPairRDD<Integer, TreeSum> level = partials.mapToPair(
                p -> new scala.Tuple2<>(p._1() >> shift, new TreeSum().add(p._1(), p._2())));
        for (int groups = (count + FAN_IN - 1) / FAN_IN; ; groups = (groups + FAN_IN - 1) / FAN_IN) {
            level = level.reduceByKey(TreeSum::merge, groups);
            if (groups <= FAN_IN) break;
            level = level.mapToPair(t -> new scala.Tuple2<>(t._1() >> shift, t._2()));
        }
        return level.values().treeAggregate(new TreeSum(), TreeSum::merge, TreeSum::merge, 2);
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
        Descended d = new Descended(BEST + id, alpha, label, budget,
                rival == null ? null : new RankFreeDescent.Race(rival, settings.patience()));
        descents.add(d);
        d.run(sigmaHat, rng);
        return d.outcome(id);
    }

    @Override public double[] best(Outcome outcome) { return collect(descents.get(outcome.id()).slot); }

    /** x = [X; Y] of a slot: its X rows gathered from the blocks (O(n₁·r') on the driver: the model handed out). */
    double[] collect(int slot) {
        if (!queued.isEmpty()) pass(UserBlock.Pass.NONE, X, X, X, -1);
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

    @Override public double bestLoss(Outcome outcome) { return descents.get(outcome.id()).bestLoss; }

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
            TreeSum.Partial p = reduce(blocks.mapToPair(k -> new scala.Tuple2<>(k.index,
                    new TreeSum.Partial(k.heldErrors(slots, b.value(), share), null))), blockCount).total();
            double n = heldCount;
            return new org.irlab.completion.Errors(Math.sqrt(p.scalars()[0] / n), p.scalars()[1] / n, (int) n);
        } finally {
            b.destroy();
        }
    }

    @Override public void forget(Outcome outcome) { clear(descents.get(outcome.id()).slot); }

    @Override public void close() {
        for (Broadcast<double[]> b : live) b.destroy();
        live.clear();
        blocks.unpersist(false);
    }

    /** The decision state of one descent (the local engine's Run, SafeguardedStep and oscillation watch). */
    private final class Descended {
        final int slot, budget;
        final double alpha;
        final String label;
        final ValidationCurve curve = new ValidationCurve();
        final List<StepDecision> steps = new ArrayList<>();
        final RankFreeDescent.Race race;
        int iteration, bestIteration, pendingIteration = -1;
        double bestRmse = Double.POSITIVE_INFINITY, pendingRmse = Double.POSITIVE_INFINITY;
        double bestLoss = Double.NaN, pendingLoss = Double.NaN, finalLoss = Double.NaN;
        StopReason stopReason = StopReason.ITERATION_LIMIT;
        boolean stop;
        // the step-size controller
        double ceiling, estimate, shrink = 1, chunkStartLoss, eta;
        int chunkStart, rejections, acceptedAt = -1;
        boolean reestimate, open, freshVector = true;
        // the period-2 watch
        boolean hasPrevious, oscillating;
        double previousNorm, windowStartNorm;
        int reversals;
        // the last evaluation
        double loss, gradientNorm, dotObserved, heldError;

        Descended(int slot, double alpha, String label, int budget, RankFreeDescent.Race race) {
            this.race = race;
            this.slot = slot;
            this.alpha = alpha;
            this.label = label;
            this.budget = budget;
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
            hasPrevious = false;
            ceiling = spectralNorm(INITIAL_POWER_STEPS);
            estimate = ceiling;
            evaluateValue();
            validate(0, loss);
            commit();
            if (!(ceiling > 0) || !Double.isFinite(ceiling)) {
                stopReason = StopReason.ZERO_CURVATURE;
                finish();
                return;
            }
            RankFreeDescent.StopReason end = descendPhase();
            stopReason = end;
            if (stop) stopReason = race != null && race.behind() ? StopReason.BEHIND_RIVAL : StopReason.EARLY_STOPPING;
            evaluate(); // Descent.finish: f at the returned iterate
            finalLoss = loss;
            if (!scored) {
                copy(X, slot);
                bestIteration = iteration;
                bestRmse = Double.NaN;
                bestLoss = loss;
                progress.update(label, iteration, Double.NaN);
            } else if (iteration % settings.validationEvery() != 0) {
                evaluateValue();
                validate(iteration, loss);
                commit();
            }
        }

        private void finish() {
            if (!scored) {
                copy(X, slot);
                bestLoss = loss;
            }
        }

        /** The GD phase on the engine's schedule; returns why it ended. */
        private StopReason descendPhase() {
            openChunk();
            while (true) {
                StopReason end = stepOnce();
                if (end == null) continue;
                // SafeguardedStep.finish
                if (open && !(iteration == chunkStart && acceptedAt == iteration)) {
                    boolean wasOscillating = end == StopReason.ITERATION_LIMIT && oscillating;
                    evaluate();
                    if (wasOscillating || !(loss <= chunkStartLoss)) {
                        if (reject()) return StopReason.STEP_SIZE_UNDERFLOW;
                        continue;
                    }
                    accept();
                    open = false;
                }
                return end;
            }
        }

        /** One step of the engine: null to go on, else why the phase ends. */
        private StopReason stepOnce() {
            evaluate();
            if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) {
                return reject() ? StopReason.STEP_SIZE_UNDERFLOW : null;
            }
            if (iteration == chunkStart) {
                chunkStartLoss = loss;
            } else if (iteration - chunkStart >= Math.min(settings.chunk(), budget - chunkStart)) {
                if (oscillating || !(loss <= chunkStartLoss)) return reject() ? StopReason.STEP_SIZE_UNDERFLOW : null;
                accept();
                openChunk();
                chunkStartLoss = loss;
            }
            // stopping: at an accepted boundary with the patience spent, the budget, an exact stationary point
            if (iteration == acceptedAt && iteration == chunkStart && stop) return StopReason.EARLY_STOPPING;
            if (iteration >= budget) return StopReason.ITERATION_LIMIT;
            if (gradientNorm <= 0) return StopReason.STATIONARY;
            observeOscillation();
            if (reestimate) {
                reestimate = false;
                double e = spectralNorm(settings.powerSteps());
                estimate = Double.isFinite(e) ? e : ceiling;
                eta = shrink * settings.stepFraction() / Math.max(estimate, ceiling);
            }
            if (!scored) {
                progress.update(label, iteration, Double.NaN);
            } else if (iteration % settings.validationEvery() == 0) {
                validate(iteration, loss);
            }
            step(X, GRADIENT, PREVIOUS, eta);
            iteration++;
            return null;
        }

        /** f, ∇f (into GRADIENT), ‖∇f‖, ⟨∇f, the last observed gradient⟩ and the validation error at X. */
        private void evaluate() {
            TreeSum.Partial p = pass(UserBlock.Pass.GRADIENT, X, X, GRADIENT, hasPrevious ? OBSERVED : -1);
            double[] gy = y(GRADIENT);
            loss = p.scalars()[0];
            gradientNorm = Math.sqrt(p.scalars()[1] + squares(gy));
            dotObserved = hasPrevious ? p.scalars()[2] + dot(gy, y(OBSERVED)) : 0;
            heldError = p.scalars()[3];
        }

        /** f and the validation error at X. */
        private void evaluateValue() {
            TreeSum.Partial p = pass(UserBlock.Pass.VALUE, X, X, X, -1);
            loss = p.scalars()[0];
            heldError = p.scalars()[3];
        }

        /** {@link OscillationDetector#observe} on the distributed gradient (its previous one is slot OBSERVED). */
        private void observeOscillation() {
            boolean reversed = hasPrevious && gradientNorm > 0 && previousNorm > 0
                    && dotObserved < -0.5 * gradientNorm * previousNorm;
            copy(GRADIENT, OBSERVED);
            if (reversed) {
                if (reversals == 0) windowStartNorm = gradientNorm;
                reversals++;
            } else {
                reversals = 0;
            }
            previousNorm = gradientNorm;
            hasPrevious = true;
            oscillating = reversals >= OscillationDetector.WINDOW && gradientNorm >= 0.5 * windowStartNorm;
        }

        /** Curvature.spectralNorm: power iterations on ∇²f(X) warm-started from slot VECTOR. */
        private double spectralNorm(int powerSteps) {
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

        private void openChunk() {
            copy(X, CHECKPOINT);
            chunkStart = iteration;
            chunkStartLoss = Double.NaN;
            eta = shrink * settings.stepFraction() / Math.max(estimate, ceiling);
            hasPrevious = false;
            reversals = 0;
            oscillating = false;
            open = true;
        }

        private void accept() {
            decision(true);
            commit();
            acceptedAt = iteration;
            reestimate = true;
        }

        /** Rolls back to the chunk's start with m halved; true when the rejections are used up. */
        private boolean reject() {
            decision(false);
            copy(CHECKPOINT, X);
            iteration = chunkStart;
            curveTruncate();
            shrink /= 2;
            if (++rejections > MAX_REJECTIONS) {
                open = false;
                return true;
            }
            openChunk();
            return false;
        }

        private void decision(boolean accepted) {
            if (steps.size() < MAX_RECORDED_STEPS) steps.add(new StepDecision(chunkStart, estimate, eta, accepted));
        }

        private void curveTruncate() {
            curve.truncateAfter(iteration);
            pendingIteration = -1;
            pendingRmse = Double.POSITIVE_INFINITY;
            stop = false;
            if (race != null) race.reset();
        }

        /** Scores X (its error reduced with the last pass); a new best is held as pending until its chunk is kept. */
        private void validate(int global, double f) {
            if (!scored || curve.lastIteration() >= global) return;
            double rmse = Math.sqrt(heldError / heldCount);
            curve.add(global, f, rmse);
            progress.update(label, global, rmse);
            if (rmse < bestRmse && rmse < pendingRmse) {
                pendingRmse = rmse;
                pendingIteration = global;
                pendingLoss = f;
                copy(X, PENDING);
            }
            stop = settings.patienceSpent(global, Math.max(bestIteration, pendingIteration));
            if (race != null) stop |= race.update(global, f, rmse, Math.min(bestRmse, pendingRmse));
        }

        private void commit() {
            if (pendingIteration < 0) return;
            bestRmse = pendingRmse;
            bestIteration = pendingIteration;
            bestLoss = pendingLoss;
            copy(PENDING, slot);
            pendingIteration = -1;
            pendingRmse = Double.POSITIVE_INFINITY;
        }

        Outcome outcome(int id) {
            return new Outcome(id, alpha, bestRmse, bestIteration, iteration, stopReason, rejections, finalLoss, null,
                    -1, List.copyOf(steps), curve);
        }
    }
}
