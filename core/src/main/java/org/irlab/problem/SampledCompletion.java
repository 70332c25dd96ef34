package org.irlab.problem;

/** Two-factor completion sampled over its observed entries ({@link CompletionObjective#batchValueAndGradient}). */
final class SampledCompletion implements SampledObjective {
    private final CompletionObjective f;

    SampledCompletion(CompletionObjective f) { this.f = f; }

    @Override public int terms() { return f.pattern().size(); }

    @Override public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
        return f.batchValueAndGradient(x, batch, size, gradientOut);
    }

    @Override public int dimension() { return f.dimension(); }
    @Override public double value(double[] x) { return f.value(x); }
    @Override public void gradient(double[] x, double[] gradientOut) { f.gradient(x, gradientOut); }
    @Override public double valueAndGradient(double[] x, double[] gradientOut) { return f.valueAndGradient(x, gradientOut); }
    @Override public void hessianVector(double[] x, double[] v, double[] out) { f.hessianVector(x, v, out); }
}
