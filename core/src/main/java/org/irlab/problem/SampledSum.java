package org.irlab.problem;

/**
 * A sum whose first term is sampled (the data term) and whose other terms (a balancing regulariser) are evaluated
 * whole: the batch estimate goes through a twin {@link SumObjective} with the same summation order, so the full batch
 * gives the sum's bits.
 */
final class SampledSum implements SampledObjective {
    private final SumObjective sum, batched;
    private final SampledObjective first;
    private int[] batch;
    private int size;

    SampledSum(SumObjective sum, SampledObjective first) {
        this.sum = sum;
        this.first = first;
        this.batched = sum.withFirst(new Objective() {
            @Override public int dimension() { return first.dimension(); }
            @Override public double value(double[] x) {
                throw new UnsupportedOperationException("the batch twin is only evaluated with its gradient");
            }
            @Override public void gradient(double[] x, double[] g) { valueAndGradient(x, g); }
            @Override public double valueAndGradient(double[] x, double[] g) {
                return first.batchValueAndGradient(x, batch, size, g);
            }
            @Override public void hessianVector(double[] x, double[] v, double[] out) {
                throw new UnsupportedOperationException("the batch twin has no Hessian-vector product");
            }
        });
    }

    @Override public int terms() { return first.terms(); }

    @Override public double batchValueAndGradient(double[] x, int[] batch, int size, double[] gradientOut) {
        this.batch = batch;
        this.size = size;
        return batched.valueAndGradient(x, gradientOut);
    }

    @Override public int dimension() { return sum.dimension(); }
    @Override public double value(double[] x) { return sum.value(x); }
    @Override public void gradient(double[] x, double[] gradientOut) { sum.gradient(x, gradientOut); }
    @Override public double valueAndGradient(double[] x, double[] gradientOut) { return sum.valueAndGradient(x, gradientOut); }
    @Override public void hessianVector(double[] x, double[] v, double[] out) { sum.hessianVector(x, v, out); }
}
