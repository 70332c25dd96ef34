package org.irlab.model;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.irlab.completion.Completion;
import org.irlab.completion.CompletionModel;
import org.irlab.completion.Errors;
import org.irlab.completion.SparseRatings;
import org.irlab.completion.Split;

/**
 * Fits one method the way {@code irlab complete fit} deploys it: tuned (hyper-parameters, early stopping) on the
 * validation part of a split, then — unless told not to — refitted on all the entries available for fitting (train +
 * validation) with what was chosen ({@link CompletionModel#refit}). {@code evaluate} runs the same on each fold.
 */
public final class Fitting {
    private Fitting() {}

    /**
     * What a fit gave.
     *
     * @param tuned      the fit on the training part, tuned on validation
     * @param model      the refit on train + validation, or {@code tuned} without refit
     * @param validation the tuned fit's errors on the validation part (clipped like predictions)
     * @param seconds    wall time of fit and refit
     */
    public record Outcome(Completion tuned, Completion model, boolean refitted, Errors validation, double seconds,
                          double tuneSeconds, double cpuSeconds) {}

    /** Hears the phases of a fit (the command shows them on a terminal; library code does not print). */
    public interface Listener {
        /** The tuned fit on the training part starts. */
        default void tuning(String method, int entries) {}

        /** The refit on every available entry starts. */
        default void refitting(String method, int entries) {}

        Listener NONE = new Listener() {};
    }

    /**
     * Fits {@code method} on {@code split}'s train part tuned on its validation part, then refits on {@code available}
     * (train + validation) when {@code refit}.
     *
     * @param rng the method's own stream: the fit uses its first split, the refit its second
     * @param low predictions are clipped to [low, high] when scored
     */
    public static Outcome fit(CompletionModel method, Split split, SparseRatings available, boolean refit,
                              SplittableRandom rng, double low, double high, Listener listener) {
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        SplittableRandom fitRng = rng.split(), refitRng = rng.split();
        listener.tuning(method.name(), split.train().size());
        Completion tuned = method.fit(split.train(), split.validation(), fitRng);
        double tuneSeconds = (System.nanoTime() - t0) / 1e9;
        Errors validation = Errors.of(tuned, split.validation(), low, high);
        Completion model = tuned;
        if (refit) {
            listener.refitting(method.name(), available.size());
            model = method.refit(available, tuned, refitRng);
        }
        return new Outcome(tuned, model, refit, validation, (System.nanoTime() - t0) / 1e9, tuneSeconds,
                cpuSeconds() - cpu0);
    }

    /**
     * The rank-free method on ratings wherever they live ({@link org.irlab.completion.FitRatings}): fitted on the
     * training part of {@code data}, tuned on its held part (the validation errors are the fit's own, clipped to the
     * training range), then refitted on {@code all} (training and held parts) when {@code refit}; the streams as in
     * {@link #fit(CompletionModel, Split, SparseRatings, boolean, SplittableRandom, double, double, Listener)}.
     */
    public static Outcome fit(org.irlab.completion.RankFreeDescent method, org.irlab.completion.FitRatings data,
                              org.irlab.completion.FitRatings all, boolean refit, SplittableRandom rng,
                              Listener listener) {
        double cpu0 = cpuSeconds();
        long t0 = System.nanoTime();
        SplittableRandom fitRng = rng.split(), refitRng = rng.split();
        listener.tuning(method.name(), (int) Math.min(Integer.MAX_VALUE, data.size()));
        org.irlab.completion.RankFreeDescent.Fit tuned = method.fit(data, fitRng);
        double tuneSeconds = (System.nanoTime() - t0) / 1e9;
        Completion model = tuned;
        if (refit) {
            tuned.model().release(); // the refit's model replaces it: free its factors where they live first
            listener.refitting(method.name(), (int) Math.min(Integer.MAX_VALUE, all.size()));
            model = method.refit(all, tuned, refitRng);
        }
        return new Outcome(tuned, model, refit, tuned.validation(), (System.nanoTime() - t0) / 1e9, tuneSeconds,
                cpuSeconds() - cpu0);
    }

    /** CPU seconds of this process so far (NaN where the JVM does not tell). */
    public static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
