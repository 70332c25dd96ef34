package org.irlab.cli;

import java.util.function.IntConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar that exists only on an interactive terminal and without --quiet. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long total, boolean quiet) {
        boolean show = !quiet && interactive();
        this.bar = show ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build() : null;
    }

    /** True on an interactive terminal (and not in CI), where progress bars are shown. */
    static boolean interactive() {
        return System.console() != null && !"true".equals(System.getenv("CI"));
    }

    /** A consumer of "iteration reached" updates (null when there is no bar). */
    IntConsumer consumer() {
        if (bar == null) return null;
        return t -> bar.stepTo(t);
    }

    void step() { if (bar != null) bar.step(); }

    /** A one-line status message on stderr, only on an interactive terminal and without --quiet. */
    static void note(picocli.CommandLine.Model.CommandSpec command, boolean quiet, String message) {
        if (!quiet && System.console() != null && !"true".equals(System.getenv("CI"))) {
            command.commandLine().getErr().println(message);
        }
    }

    @Override public void close() { if (bar != null) bar.close(); }
}
