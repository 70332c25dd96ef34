package org.irlab.experiment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.irlab.data.NdArray;
import org.irlab.data.Npy;
import org.irlab.diagnostics.Diagnostic;
import org.irlab.optim.DescentEvent;
import org.irlab.optim.IterationObserver;
import org.irlab.optim.DescentResult;
import org.irlab.optim.DescentSettings;
import org.irlab.optim.FactorPreconditioner;
import org.irlab.optim.MiniBatch;
import org.irlab.optim.Variant;
import org.irlab.problem.SampledObjective;
import org.irlab.optim.PerturbedDescent;
import org.irlab.optim.Status;
import org.irlab.problem.Problem;
import org.irlab.problem.RoutedObjective;

/**
 * Runs one {@link RunSpec} and writes its outputs into a {@link RunDirectory}: {@code spec.json} (resolved), the init
 * file's copy, {@code instance/} when asked for, {@code trace.csv}, {@code events.csv}, {@code iterates.npz} when asked
 * for, {@code iterate.csv}, {@code iterate.npy} and, last, {@code summary.json}. Every file is written atomically; the
 * directory is locked for the run, an earlier run's results are removed before the first write (after the spec,
 * instance and initial iterate have been accepted), and a run that fails leaves none.
 */
public final class Runner {
    private Runner() {}

    /** The files a run leaves in its directory, its completion marker {@code summary.json} first. */
    public static final List<String> RESULTS = List.of("summary.json", "spec.json", InitSpec.COPY, InitSpec.COPY_NPY,
            "trace.csv", "events.csv", "iterate.csv", "iterate.npy", "iterates.npz");

    /** The folder of an exported instance ({@code record.instance}) inside a run's directory. */
    static final String INSTANCE = "instance";

    /** The outcome of a run: the descent result and the summary that was written. */
    public record Outcome(DescentResult result, ObjectNode summary, Path directory) {}

    /**
     * @param progress called with the iteration number as the run goes on (may be null)
     * @throws OutputException when {@code dir} cannot be written or another run holds it (before any work)
     */
    public static Outcome run(RunSpec spec, Path dir, IntConsumer progress) {
        long start = System.nanoTime();
        try (RunDirectory out = RunDirectory.open(dir, RESULTS)) {
            Problem problem = spec.problem().get();
            ProblemFormat format = spec.format(problem);
            double[] x0 = spec.init().create(problem, format); // may reject a file of the wrong shape: before any output
            List<Diagnostic> diagnostics = new ArrayList<>(spec.record().diagnostics(problem, format.type(), checked(spec, problem)));
            if (spec.record().instance()) InstanceExport.checkTarget(spec, out.resolve(INSTANCE));
            out.clear();
            InstanceExport.clear(out.resolve(INSTANCE), spec);
            try {
                if (spec.init().kind() == InitSpec.Kind.FILE) {
                    AtomicFiles.write(out.resolve(spec.init().copyName()), spec.init().content());
                }
                AtomicFiles.write(out.resolve("spec.json"), JsonTrees.write(spec.resolved()));
                if (spec.record().instance()) InstanceExport.write(problem, spec, out.resolve(INSTANCE));
                DescentResult result;
                TraceRecorder recorder = new TraceRecorder(problem, spec.record().every(), diagnostics, dir, progress);
                int snapshotEvery = spec.record().iterates();
                try (recorder; IterateSnapshots snapshots = snapshotEvery > 0 ? new IterateSnapshots(snapshotEvery,
                        format.rows(), format.columns(), dir) : null) {
                    result = PerturbedDescent.run(problem.objective(), x0, spec.algorithm(),
                            snapshots == null ? recorder : both(recorder, snapshots));
                }
                writeIterate(out.resolve("iterate.csv"), result.x(), format.rows(), format.columns());
                AtomicFiles.write(out.resolve("iterate.npy"), o -> Npy.write(o,
                        NdArray.of(result.x(), format.rows(), format.columns())));
                double seconds = (System.nanoTime() - start) / 1e9;
                ObjectNode summary = summary(spec, problem, result, recorder, seconds);
                AtomicFiles.write(out.resolve("summary.json"), JsonTrees.write(summary));
                return new Outcome(result, summary, dir);
            } catch (RuntimeException | Error e) {
                try {
                    out.clear(); // half a run's files must not pass for results
                    InstanceExport.clear(out.resolve(INSTANCE), spec);
                } catch (RuntimeException second) {
                    e.addSuppressed(second);
                }
                throw e;
            }
        }
    }

    /**
     * A run measured in memory, for sweeps: the summary {@code irlab run} would write for the same spec (same
     * numbers, same cadence of recorded rows), and the trace and events CSV text when asked for (else null).
     */
    public record Measured(DescentResult result, ObjectNode summary, String trace, String events) {}

    /** Runs a spec without writing anything; {@code keepTrace} keeps trace.csv and events.csv as text. */
    public static Measured measure(RunSpec spec, boolean keepTrace) {
        long start = System.nanoTime();
        Problem problem = spec.problem().get();
        ProblemFormat format = spec.format(problem);
        double[] x0 = spec.init().create(problem, format);
        List<Diagnostic> diagnostics = new ArrayList<>(spec.record().diagnostics(problem, format.type(), checked(spec, problem)));
        Writer trace = keepTrace ? new StringWriter() : Writer.nullWriter();
        Writer events = keepTrace ? new StringWriter() : Writer.nullWriter();
        DescentResult result;
        TraceRecorder recorder = new TraceRecorder(problem, spec.record().every(), diagnostics, trace, events, null);
        try (recorder) {
            result = PerturbedDescent.run(problem.objective(), x0, spec.algorithm(), recorder);
        }
        ObjectNode summary = summary(spec, problem, result, recorder, (System.nanoTime() - start) / 1e9);
        return new Measured(result, summary, keepTrace ? trace.toString() : null, keepTrace ? events.toString() : null);
    }

    /**
     * The run's algorithm, once its rules beyond the paper are known to fit the problem (a factor preconditioner
     * needs factors, mini-batches a sum over measurements): a misfit is a spec error naming the key.
     */
    static DescentSettings checked(RunSpec spec, Problem problem) {
        DescentSettings s = spec.algorithm();
        Variant v = s.variant();
        if (v.preconditioned()) {
            try {
                FactorPreconditioner.of(problem.objective(), FactorPreconditioner.Damping.FIXED, 0);
            } catch (IllegalArgumentException e) {
                throw new SpecException("algorithm.preconditioner: " + e.getMessage());
            }
        }
        if (v.batchSize() > 0) {
            SampledObjective sampled = SampledObjective.of(problem.objective()).orElseThrow(() -> new SpecException(
                    "algorithm.batchSize: mini-batches need a sum over measurements or observed entries (sensing,"
                    + " sparse recovery, two-factor completion without biases); this " + spec.format(problem).type() + " problem is not one"));
            if (v.sampling() == MiniBatch.Sampling.WITHOUT_REPLACEMENT && v.batchSize() > sampled.terms()) {
                throw new SpecException("algorithm.batchSize: " + v.batchSize() + " exceeds the " + sampled.terms()
                        + " measurements (sampling without replacement)");
            }
        }
        return s;
    }

    /** Both observers, in order. */
    private static IterationObserver both(IterationObserver first, IterationObserver second) {
        return new IterationObserver() {
            @Override public void onIterate(int t, double[] x, double loss, double[] g, double gn, boolean last) {
                first.onIterate(t, x, loss, g, gn, last);
                second.onIterate(t, x, loss, g, gn, last);
            }

            @Override public void onEvent(DescentEvent e) {
                first.onEvent(e);
                second.onEvent(e);
            }

            @Override public void onRollBack(int t) {
                first.onRollBack(t);
                second.onRollBack(t);
            }
        };
    }

    static ObjectNode summary(RunSpec spec, Problem problem, DescentResult r, TraceRecorder rec, double seconds) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("name", spec.name());
        s.put("problem", spec.format(problem).type());
        s.put("algorithm", spec.algorithm().algorithm().specName());
        // the subgradient method's sign flips are intrinsic to a nonsmooth loss, not a step at the edge of stability
        boolean kinks = !problem.smooth() && r.status() == Status.OSCILLATING;
        s.put("status", kinks ? Status.ITERATION_LIMIT.specName() : r.status().specName());
        s.put("message", kinks ? "The budget of " + r.iterations() + " iterations ran out (the subgradient oscillates"
                + " across the loss's kinks, as it does on a nonsmooth loss)." : r.message());
        s.put("iterations", r.iterations());
        s.put("gradientEvaluations", r.gradientEvaluations());
        s.put("perturbations", r.perturbations());
        s.put("noOpPerturbations", r.noOpPerturbations());
        if (r.returnedAt() >= 0) s.put("returnedAt", r.returnedAt()); else s.putNull("returnedAt");
        JsonTrees.put(s, "finalLoss", rec.finalLoss());
        JsonTrees.put(s, "finalGradientNorm", r.finalGradientNorm());
        JsonTrees.put(s, "finalError", rec.finalError());
        JsonTrees.put(s, "finalResidualNorm", rec.finalResidualNorm());
        JsonTrees.put(s, "maxResidualNorm", rec.maxResidualNorm());
        JsonTrees.put(s, "distanceToSolutions", rec.finalDistance());
        s.put("diverged", r.status() == Status.DIVERGED);
        JsonTrees.put(s, "minimumEigenvalue", r.minimumEigenvalue());
        if (r.suggestedEscapeSteps() > 0) s.put("suggestedEscapeSteps", r.suggestedEscapeSteps());
        s.put("finalStepSize", r.finalStepSize());
        s.put("stepSizeHalvings", r.stepSizeHalvings());
        s.put("curvatureHessianProducts", r.hessianProducts());
        if (problem.objective() instanceof RoutedObjective routed) {
            s.put("gradientRoute", SpecNode.specName(routed.gradientRoute()));
        }
        List<String> names = problem.metricNames();
        ObjectNode metrics = s.putObject("metrics");
        for (int i = 0; i < names.size(); i++) JsonTrees.put(metrics, names.get(i), rec.finalMetrics()[i]);
        for (Diagnostic d : rec.diagnostics()) {
            for (Map.Entry<String, Double> e : d.summary().entrySet()) JsonTrees.put(s, e.getKey(), e.getValue());
        }
        s.put("wallSeconds", seconds);
        s.set("spec", spec.resolved().deepCopy());
        s.set("provenance", Provenance.describe());
        return s;
    }

    /** Writes the iterate as rows×columns CSV, full precision, loadable by {@code init: {"type": "file"}}. */
    static void writeIterate(Path file, double[] x, int rows, int cols) {
        StringBuilder b = new StringBuilder(x.length * 24);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (j > 0) b.append(',');
                b.append(x[i * cols + j]);
            }
            b.append('\n');
        }
        AtomicFiles.write(file, b.toString());
    }
}
