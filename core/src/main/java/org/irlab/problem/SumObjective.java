package org.irlab.problem;

import java.util.List;

/** f = f₁ + f₂ + … over the same parameters, e.g. a factorised loss plus the {@link BalanceRegularizer}. */
public final class SumObjective implements Objective {
    private final Objective[] terms;
    private final int dimension;
    private final double[] work;

    public SumObjective(List<? extends Objective> terms) {
        if (terms.isEmpty()) throw new IllegalArgumentException("need at least one term");
        this.terms = terms.toArray(new Objective[0]);
        this.dimension = this.terms[0].dimension();
        for (Objective t : this.terms) {
            if (t.dimension() != dimension) throw new IllegalArgumentException("terms differ in dimension");
        }
        this.work = new double[dimension];
    }

    public SumObjective(Objective first, Objective second) {
        this(List.of(first, second));
    }

    /** The terms, in summation order. */
    public List<Objective> terms() { return List.of(terms); }

    @Override public int dimension() { return dimension; }

    @Override public double value(double[] x) {
        double f = 0;
        for (Objective t : terms) f += t.value(x);
        return f;
    }

    @Override public void gradient(double[] x, double[] gradientOut) {
        valueAndGradient(x, gradientOut);
    }

    @Override public double valueAndGradient(double[] x, double[] gradientOut) {
        double f = terms[0].valueAndGradient(x, gradientOut);
        for (int k = 1; k < terms.length; k++) {
            f += terms[k].valueAndGradient(x, work);
            for (int i = 0; i < dimension; i++) gradientOut[i] += work[i];
        }
        return f;
    }

    @Override public void hessianVector(double[] x, double[] v, double[] out) {
        terms[0].hessianVector(x, v, out);
        for (int k = 1; k < terms.length; k++) {
            terms[k].hessianVector(x, v, work);
            for (int i = 0; i < dimension; i++) out[i] += work[i];
        }
    }
}
