package org.irlab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.irlab.diagnostics.Diagnostic;
import org.irlab.optim.DescentEvent;
import org.irlab.optim.IterationObserver;
import org.irlab.problem.GradientRoute;
import org.irlab.problem.Problem;
import org.irlab.problem.RoutedObjective;

/**
 * Writes {@code trace.csv} (one row every k iterations and at the last iterate) and {@code events.csv} while a run
 * goes on; both files appear under their final names only when the run has ended.
 */
final class TraceRecorder implements IterationObserver, AutoCloseable {
    /** The required leading columns of trace.csv, a contract other tools rely on. */
    static final List<String> STANDARD = List.of("iteration", "loss", "gradNorm", "residualNorm", "error");

    private final Problem problem;
    /**
     * The Gram route's per-step loss depends on where its anchor fell (to about 1e-11 relative): the final loss of
     * the summary is summed from the residuals at the final iterate, so that it is a function of that iterate.
     */
    private final boolean recomputeLoss;
    private final int every;
    private final List<Diagnostic> diagnostics;
    private final Writer trace, events;
    private final double[] metrics;
    private final double[][] diagnosticValues;
    private final IntConsumer progress;
    private final StringBuilder row = new StringBuilder(256);
    private double maxResidualNorm;
    private double lastLoss = Double.NaN, lastResidualNorm = Double.NaN, lastError = Double.NaN, lastDistance = Double.NaN;
    private final double[] lastMetrics;

    TraceRecorder(Problem problem, int every, List<Diagnostic> diagnostics, Path dir, IntConsumer progress) {
        this(problem, every, diagnostics, AtomicFiles.open(dir.resolve("trace.csv")),
                AtomicFiles.open(dir.resolve("events.csv")), progress);
    }

    /** Writes the trace and the events to the given writers (e.g. in memory, or {@link Writer#nullWriter()}). */
    TraceRecorder(Problem problem, int every, List<Diagnostic> diagnostics, Writer trace, Writer events,
                  IntConsumer progress) {
        this.problem = problem;
        this.recomputeLoss = problem.objective() instanceof RoutedObjective routed
                && routed.gradientRoute() == GradientRoute.GRAM;
        this.every = every;
        this.diagnostics = List.copyOf(diagnostics);
        this.progress = progress;
        this.metrics = new double[problem.metricNames().size()];
        this.lastMetrics = new double[metrics.length];
        this.diagnosticValues = new double[diagnostics.size()][];
        List<String> header = new ArrayList<>(STANDARD);
        header.add("distanceToSolutions");
        header.addAll(problem.metricNames());
        for (int i = 0; i < diagnostics.size(); i++) {
            header.addAll(diagnostics.get(i).columns());
            diagnosticValues[i] = new double[diagnostics.get(i).columns().size()];
        }
        this.trace = trace;
        this.events = events;
        try {
            trace.write(String.join(",", header) + "\n");
            events.write("iteration,event,lossBefore,lossAfter,perturbationNorm,changedCoordinates,value,steps\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onIterate(int t, double[] x, double loss, double[] gradient, double gradientNorm, boolean last) {
        if (progress != null) progress.accept(t);
        for (int i = 0; i < diagnostics.size(); i++) diagnostics.get(i).observe(t, x, loss, gradient, last); // own cadence
        if (!last && t % every != 0) return;
        double residual = problem.region().residualNorm(x);
        double error = problem.error(x);
        double distance = problem.distanceToSolutions(x);
        maxResidualNorm = Math.max(maxResidualNorm, residual);
        problem.metrics(x, metrics);
        row.setLength(0);
        row.append(t);
        cell(loss);
        cell(gradientNorm);
        cell(residual);
        cell(error);
        cell(distance);
        for (double m : metrics) cell(m);
        for (int i = 0; i < diagnostics.size(); i++) {
            diagnostics.get(i).measure(t, x, loss, gradient, diagnosticValues[i]);
            for (double v : diagnosticValues[i]) cell(v);
        }
        row.append('\n');
        try {
            trace.write(row.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (last) {
            lastLoss = recomputeLoss ? problem.objective().value(x) : loss;
            lastResidualNorm = residual;
            lastError = error;
            lastDistance = distance;
            System.arraycopy(metrics, 0, lastMetrics, 0, metrics.length);
        }
    }

    private void cell(double v) {
        row.append(',');
        if (!Double.isNaN(v)) row.append(v); // NaN = undefined: an empty cell
    }

    @Override public void onEvent(DescentEvent e) {
        try {
            events.write(e.iteration() + "," + SpecNode.specName(e.kind()) + "," + csv(e.lossBefore()) + ","
                    + csv(e.lossAfter()) + "," + e.perturbationNorm() + "," + e.changedCoordinates() + ","
                    + csv(e.value()) + "," + e.steps() + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String csv(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    double finalLoss() { return lastLoss; }
    double maxResidualNorm() { return maxResidualNorm; }
    double finalResidualNorm() { return lastResidualNorm; }
    double finalError() { return lastError; }
    double finalDistance() { return lastDistance; }
    double[] finalMetrics() { return lastMetrics; }
    List<Diagnostic> diagnostics() { return diagnostics; }

    @Override public void close() {
        try {
            trace.close();
            events.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
