package org.irlab.completion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.irlab.problem.CompletionTerm;
import org.junit.jupiter.api.Test;

/** The rank-free model's seams: refit on train + validation, the data term made by a factory, the progress. */
class RankFreeRefitTest {
    private static final SplittableRandom DATA = new SplittableRandom(21);
    private static final Synthetic TRUTH = new Synthetic(60, 45, 3, DATA);
    private static final SparseRatings ALL = TRUTH.observe(0.5, 0.2, DATA);
    private static final Split SPLIT = Split.random(ALL, 0.0, 0.15, new SplittableRandom(3));
    private static final RankFreeDescent.Settings SETTINGS = RankFreeDescent.Settings.defaults().withMembers(2);

    @Test void refitRunsEachMemberForItsTunedStepsOnAllEntries() {
        RankFreeDescent model = new RankFreeDescent(SETTINGS);
        RankFreeDescent.Fit tuned = model.fit(SPLIT.train(), SPLIT.validation(), new SplittableRandom(4));
        RankFreeDescent.Fit refit = model.refit(ALL, tuned, new SplittableRandom(5));
        RankFreeDescent.Report t = tuned.report(), r = refit.report();
        assertThat(r.initScale()).isEqualTo(t.initScale());
        assertThat(r.members()).isEqualTo(t.members());
        assertThat(r.memberBestIterations()).containsExactly(t.memberBestIterations()); // the budget, used in full
        assertThat(r.iterations()).isEqualTo(t.memberBestIterations()[0]);
        assertThat(r.validationRmse()).isNaN(); // nothing held out
        assertThat(refit.model().rank()).isEqualTo(tuned.model().rank());
        // the validation entries are now fitted: their error drops well below the tuned fit's
        double before = Errors.of(tuned, SPLIT.validation()).rmse(), after = Errors.of(refit, SPLIT.validation()).rmse();
        assertThat(after).isLessThan(0.9 * before);
        // and the matrix itself is recovered at least as well as before
        assertThat(TRUTH.rmseEverywhere(refit)).isLessThan(1.05 * TRUTH.rmseEverywhere(tuned));
    }

    /**
     * A factory that hands out the local term through a forwarding wrapper gives the same bits as the default: the
     * rank-free model goes through the factory for every evaluation of its data term (the seam of the spark engine).
     */
    @Test void theDataTermComesFromTheFactoryAndTheFitIsTheSameBits() {
        AtomicInteger evaluations = new AtomicInteger(), closed = new AtomicInteger();
        CompletionTerm.Factory counting = (omega, target, rank, scale, biases) -> new Forwarding(
                CompletionTerm.LOCAL.create(omega, target, rank, scale, biases), evaluations, closed);
        List<String> seen = new ArrayList<>();
        FitProgress progress = (setting, iteration, rmse) -> { if (seen.size() < 1000) seen.add(setting); };
        RankFreeDescent.Fit plain = new RankFreeDescent(SETTINGS).fit(SPLIT.train(), SPLIT.validation(),
                new SplittableRandom(4));
        RankFreeDescent.Fit viaFactory = new RankFreeDescent(SETTINGS, progress, counting).fit(SPLIT.train(),
                SPLIT.validation(), new SplittableRandom(4));
        assertThat(viaFactory.model().left()).containsExactly(plain.model().left());
        assertThat(viaFactory.model().right()).containsExactly(plain.model().right());
        assertThat(evaluations.get()).isGreaterThan(plain.report().iterations());
        assertThat(closed.get()).isEqualTo(1);
        assertThat(seen).contains("α = " + plain.report().initScale() + ", descent 2 of 2");
    }

    /** Forwards every call to a term and counts the evaluations. */
    private record Forwarding(CompletionTerm term, AtomicInteger count, AtomicInteger closed) implements CompletionTerm {
        @Override public int rows() { return term.rows(); }

        @Override public int columns() { return term.columns(); }

        @Override public int searchRank() { return term.searchRank(); }

        @Override public int rightOffset() { return term.rightOffset(); }

        @Override public boolean hasBiases() { return term.hasBiases(); }

        @Override public int rowBiasOffset() { return term.rowBiasOffset(); }

        @Override public int columnBiasOffset() { return term.columnBiasOffset(); }

        @Override public double predict(double[] x, int i, int j) { return term.predict(x, i, j); }

        @Override public int dimension() { return term.dimension(); }

        @Override public double value(double[] x) {
            count.incrementAndGet();
            return term.value(x);
        }

        @Override public void gradient(double[] x, double[] out) {
            count.incrementAndGet();
            term.gradient(x, out);
        }

        @Override public double valueAndGradient(double[] x, double[] out) {
            count.incrementAndGet();
            return term.valueAndGradient(x, out);
        }

        @Override public void hessianVector(double[] x, double[] v, double[] out) {
            count.incrementAndGet();
            term.hessianVector(x, v, out);
        }

        @Override public void close() { closed.incrementAndGet(); }
    }

}
