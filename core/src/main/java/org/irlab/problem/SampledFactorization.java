package org.irlab.problem;

/** f(x) = L(M(x)) with a sensing loss L, sampled over its measurements (chain rule as {@link FactorizedObjective}). */
final class SampledFactorization implements SampledObjective {
    private final FactorizedObjective f;
    private final SensingLoss loss;
    private final double[] m, g;

    SampledFactorization(FactorizedObjective f) {
        this.f = f;
        this.loss = (SensingLoss) f.loss();
        int size = f.model().rows() * f.model().columns();
        this.m = new double[size];
        this.g = new double[size];
    }

    @Override public int terms() { return loss.measurements(); }

    @Override public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
        Objective.checkNoAlias(gradientOut, x);
        f.model().product(x, m);
        double value = loss.batchValueAndGradient(m, batch, size, g);
        f.model().pullback(x, g, gradientOut);
        return value;
    }

    @Override public int dimension() { return f.dimension(); }
    @Override public double value(double[] x) { return f.value(x); }
    @Override public void gradient(double[] x, double[] gradientOut) { f.gradient(x, gradientOut); }
    @Override public double valueAndGradient(double[] x, double[] gradientOut) { return f.valueAndGradient(x, gradientOut); }
    @Override public void hessianVector(double[] x, double[] v, double[] out) { f.hessianVector(x, v, out); }
}
